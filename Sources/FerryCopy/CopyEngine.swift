/// The parallel copy engine lives in this module; see `CopyJob`.
public enum FerryCopyModule {}

/// A snapshot of a running copy, handed to the progress callback.
public struct CopyProgress: Sendable {
    /// Files finished (copied, failed, or found identical by a checksum comparison). The
    /// workers copy while the walk goes on, so this grows during the walk too.
    public var filesDone: Int
    /// Files to copy in total (during the walk: found so far, still growing).
    public var filesTotal: Int
    /// Bytes copied so far.
    public var bytesDone: Int64
    /// Bytes to copy in total (during the walk: found so far).
    public var bytesTotal: Int64
    /// Seconds since the workers started (they start with the walk).
    public var elapsedSeconds: Double
    /// Seconds since the run started (walk included).
    public var runSeconds: Double
    /// Whether the walk (planning) is still going: totals are still growing.
    public var walking: Bool
    /// Seconds left by the per-file + per-byte model fitted to this run so far (`EtaModel`),
    /// `nil` while it cannot tell (during the walk, before anything finished).
    public var etaSeconds: Double?

    /// Average rate so far, bytes per second.
    public var bytesPerSecond: Double { elapsedSeconds > 0 ? Double(bytesDone) / elapsedSeconds : 0 }

    /// Creates a snapshot.
    public init(filesDone: Int, filesTotal: Int, bytesDone: Int64, bytesTotal: Int64, elapsedSeconds: Double,
                runSeconds: Double? = nil, walking: Bool = false, etaSeconds: Double? = nil) {
        self.filesDone = filesDone
        self.filesTotal = filesTotal
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.elapsedSeconds = elapsedSeconds
        self.runSeconds = runSeconds ?? elapsedSeconds
        self.walking = walking
        self.etaSeconds = etaSeconds
    }
}

import Foundation

/// A stored benchmark run: its settings, machine and (when loaded) samples.
public struct BenchRun: Sendable, Equatable {
    /// Store id.
    public var id: Int64
    /// When the run started.
    public var createdAt: Date
    /// How it was run.
    public var settings: BenchSettings
    /// Where it ran.
    public var fingerprint: EnvironmentFingerprint
    /// What happened to the page cache, in words, for the report.
    public var cacheNote: String
    /// `running`, `complete` or `failed: …`.
    public var status: String
    /// Number of samples stored.
    public var sampleCount: Int

    /// Creates a run record.
    public init(id: Int64, createdAt: Date, settings: BenchSettings, fingerprint: EnvironmentFingerprint,
                cacheNote: String, status: String, sampleCount: Int) {
        self.id = id
        self.createdAt = createdAt
        self.settings = settings
        self.fingerprint = fingerprint
        self.cacheNote = cacheNote
        self.status = status
        self.sampleCount = sampleCount
    }
}

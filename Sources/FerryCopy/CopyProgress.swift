/// A snapshot of a running copy, handed to the progress callback.
public struct CopyProgress: Sendable {
    /// Files finished (copied, failed or found unchanged during the copy phase).
    public var filesDone: Int
    /// Files to copy in total.
    public var filesTotal: Int
    /// Bytes copied so far.
    public var bytesDone: Int64
    /// Bytes to copy in total.
    public var bytesTotal: Int64
    /// Seconds since the copy phase started.
    public var elapsedSeconds: Double

    /// Average rate so far, bytes per second.
    public var bytesPerSecond: Double { elapsedSeconds > 0 ? Double(bytesDone) / elapsedSeconds : 0 }

    /// Estimated seconds left at the average rate so far; `nil` before any bytes moved.
    public var etaSeconds: Double? {
        let rate = bytesPerSecond
        guard rate > 0 else { return nil }
        return Double(max(0, bytesTotal - bytesDone)) / rate
    }

    /// Creates a snapshot.
    public init(filesDone: Int, filesTotal: Int, bytesDone: Int64, bytesTotal: Int64, elapsedSeconds: Double) {
        self.filesDone = filesDone
        self.filesTotal = filesTotal
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.elapsedSeconds = elapsedSeconds
    }
}

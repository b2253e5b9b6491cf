import FerryCopy
import Foundation

/// What one timed copy did: the bench's whole view of a copy tool.
public struct CopyMeasurement: Sendable, Equatable {
    /// Regular files copied.
    public var files: Int
    /// Bytes of content copied.
    public var bytes: Int64
    /// Wall-clock seconds, measured around the whole copy.
    public var seconds: Double
    /// Files that failed.
    public var errors: Int

    /// Creates a measurement.
    public init(files: Int, bytes: Int64, seconds: Double, errors: Int) {
        self.files = files
        self.bytes = bytes
        self.seconds = seconds
        self.errors = errors
    }
}

/// A copy tool the bench can time: "copy the contents of SRC into DST with N streams".
///
/// This file is the only place the bench touches FerryCopy's API, so a change there is a
/// one-file change here.
public protocol CopyRunner: Sendable {
    /// `ferry`, `cp`, `rsync`, `rclone`.
    var name: String { get }
    /// Whether the tool has a parallelism setting (single-stream tools run at N = 1 only).
    var isParallel: Bool { get }
    /// Copies the contents of `source` into `destination` (created by the runner when needed).
    /// - Parameters:
    ///   - source: a directory.
    ///   - destination: an absent or empty directory.
    ///   - streams: parallel streams, ≥ 1.
    ///   - expected: files and bytes in `source`, for tools that do not report them.
    /// - Throws: `BenchError` when the copy could not run at all.
    func copy(from source: String, to destination: String, streams: Int,
              expected: (files: Int, bytes: Int64)) throws -> CopyMeasurement
}

/// Ferry's own engine, in process: `CopyEngine(options: CopyOptions(streams: N)).run(from:to:)`
/// with every other option at its default (no verify, no fsync, manifest in the target).
public struct FerryEngineRunner: CopyRunner {
    public let name = "ferry"
    public let isParallel = true

    /// Creates the runner.
    public init() {}

    public func copy(from source: String, to destination: String, streams: Int,
                     expected: (files: Int, bytes: Int64)) throws -> CopyMeasurement {
        let engine = CopyEngine(options: CopyOptions(streams: streams))
        let clock = ContinuousClock()
        let start = clock.now
        let summary: CopySummary
        do {
            summary = try engine.run(from: source, to: destination)
        } catch {
            throw BenchError.copyFailed(tool: name, reason: error.localizedDescription)
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return CopyMeasurement(files: summary.files, bytes: summary.bytes, seconds: seconds, errors: summary.errors.count)
    }
}

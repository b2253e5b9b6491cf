import Foundation

/// The cost of a no-change re-run: Ferry walks source and target, compares every file and
/// copies nothing. This is the floor of every delta round — a round can never be shorter than
/// checking the whole tree once — measured by the bench right after each timed copy.
///
/// Per stream count N, a line through the no-change re-runs of all profiles:
/// ```
/// T_rescan(F, N) = c₀(N) + r(N)·F          (F = regular files; c₀, r ≥ 0)
/// ```
/// fitted by least squares on the per-(profile, N) medians (r by the slope through the points
/// when two or more file counts differ, else T/F through the origin).
public struct RescanModel: Sendable, Codable, Equatable {
    /// One stream count's line.
    public struct Line: Sendable, Codable, Equatable {
        /// Streams N.
        public var streams: Int
        /// c₀: seconds independent of the file count.
        public var fixedSeconds: Double
        /// r: seconds per file checked.
        public var perFileSeconds: Double
    }

    /// Lines by increasing stream count.
    public var lines: [Line]

    /// Fits the lines.
    /// - Parameter points: (files, streams, seconds) medians of no-change re-runs.
    /// - Returns: `nil` without points.
    public static func fit(_ points: [(files: Double, streams: Int, seconds: Double)]) -> RescanModel? {
        let byStreams = Dictionary(grouping: points.filter { $0.files > 0 && $0.seconds > 0 }, by: \.streams)
        guard !byStreams.isEmpty else { return nil }
        let lines = byStreams.keys.sorted().map { n -> Line in
            let p = byStreams[n]!
            let mx = p.reduce(0) { $0 + $1.files } / Double(p.count)
            let my = p.reduce(0) { $0 + $1.seconds } / Double(p.count)
            let sxx = p.reduce(0) { $0 + ($1.files - mx) * ($1.files - mx) }
            let sxy = p.reduce(0) { $0 + ($1.files - mx) * ($1.seconds - my) }
            if p.count >= 2, sxx > 0, sxy > 0 {
                let slope = sxy / sxx
                let intercept = my - slope * mx
                if intercept >= 0 { return Line(streams: n, fixedSeconds: intercept, perFileSeconds: slope) }
                // A negative intercept is not physical: refit through the origin.
            }
            let sx2 = p.reduce(0) { $0 + $1.files * $1.files }
            let through = p.reduce(0) { $0 + $1.files * $1.seconds } / sx2
            return Line(streams: n, fixedSeconds: 0, perFileSeconds: through)
        }
        return RescanModel(lines: lines)
    }

    /// Predicted seconds of a no-change re-run over `files` files with `streams` streams: the
    /// line of the nearest measured stream count (in log N; the smaller on a tie).
    public func seconds(files: Double, streams: Int) -> Double {
        guard let line = lines.min(by: {
            let a = abs(log(Double($0.streams)) - log(Double(max(1, streams))))
            let b = abs(log(Double($1.streams)) - log(Double(max(1, streams))))
            return a < b || (a == b && $0.streams < $1.streams)
        }) else { return 0 }
        return line.fixedSeconds + line.perFileSeconds * files
    }
}

import Foundation

/// One measurement: throughput X at concurrency N (nodes, threads, streams).
public struct ThroughputSample: Sendable, Equatable, Hashable, Codable {
    /// Concurrency N, ≥ 1.
    public var concurrency: Double
    /// Throughput X(N), in the caller's unit (e.g. requests/s, MB/s).
    public var throughput: Double

    /// Creates a sample.
    /// - Parameters:
    ///   - concurrency: N ≥ 1.
    ///   - throughput: X > 0.
    public init(concurrency: Double, throughput: Double) {
        self.concurrency = concurrency
        self.throughput = throughput
    }

    /// Reads two-column CSV text (`N,X`), with an optional header line. Blank lines and lines
    /// starting with `#` are skipped; commas, semicolons, tabs or spaces separate the columns.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - source: the file name, for messages (`file.csv:3: …`).
    /// - Throws: `ScalabilityError.badRow` / `.badValue` with the line number.
    public static func parseCSV(_ text: String, source: String) throws -> [ThroughputSample] {
        var samples: [ThroughputSample] = []
        var sawData = false
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\t" || $0 == " " })
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
                .filter { !$0.isEmpty }
            let numbers = fields.compactMap { Double($0) }
            guard fields.count == 2, numbers.count == 2 else {
                // A first non-numeric line is a header.
                if !sawData, numbers.isEmpty { sawData = true; continue }
                throw ScalabilityError.badRow(source: source, line: index + 1, text: line)
            }
            sawData = true
            let (n, x) = (numbers[0], numbers[1])
            guard n.isFinite, x.isFinite, n >= 1, x > 0 else {
                throw ScalabilityError.badValue(source: source, line: index + 1, concurrency: n, throughput: x)
            }
            samples.append(ThroughputSample(concurrency: n, throughput: x))
        }
        return samples
    }
}

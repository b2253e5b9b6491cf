import Foundation
import FerryModels

/// Reads a price catalogue CSV (schema in `datasets/catalogs/README.md`) into a
/// ``PriceCatalog``; every error is an `InputError` with the file's line number.
public enum CatalogReader {
    /// The columns, in order: the first seven are the stable contract; the rest follow.
    public static let columns = ["kind", "name", "vcpu", "memory_gib", "hourly", "hourly_1y", "hourly_3y", "price", "from_gb", "to_gb",
                                 "provider", "region", "as_of", "source"]
    /// The columns of catalogues written before the contract (provider and region second).
    static let legacyColumns = ["kind", "provider", "region", "name", "vcpu", "memory_gib", "hourly", "hourly_1y", "hourly_3y", "price", "from_gb", "to_gb"]

    /// Reads a catalogue file.
    /// - Parameter path: the CSV file.
    /// - Throws: `InputError` (file:line: column: message).
    public static func load(path: String) throws -> PriceCatalog {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InputError(file: path, line: nil, field: "", message: "cannot read the catalogue: \((error as NSError).localizedDescription)")
        }
        return try parse(text, file: path)
    }

    /// Parses catalogue text.
    /// - Parameters:
    ///   - text: the CSV.
    ///   - file: name for error messages.
    public static func parse(_ text: String, file: String) throws -> PriceCatalog {
        var meta: [String: [String]] = [:]
        var header: [String]?
        var instances: [InstanceType] = []
        var storage: [String: Double] = [:]
        var egressRows: [String: [(TieredPrice.Tier, Int)]] = [:]
        var instanceLines: [String: Int] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let line = rawLine.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            func fail(_ field: String, _ message: String) -> InputError {
                InputError(file: file, line: lineNumber, field: field, message: message)
            }
            if line.hasPrefix("#") {
                let body = line.dropFirst().trimmingCharacters(in: .whitespaces)
                if let colon = body.firstIndex(of: ":") {
                    let key = body[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                    let value = body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    if !key.contains(" ") { meta[key, default: []].append(value) }
                }
                continue
            }
            let fields = try splitCSV(line).get { fail("", $0) }
            guard let cols = header else {
                let names = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard names == columns || names == legacyColumns else {
                    throw fail("", "expected the column header '\(columns.joined(separator: ","))', found '\(line)'")
                }
                header = names
                continue
            }
            guard fields.count == cols.count else {
                throw fail("", "expected \(cols.count) columns, found \(fields.count)")
            }
            var row: [String: String] = [:]
            for (k, v) in zip(cols, fields) { row[k] = v.trimmingCharacters(in: .whitespaces) }
            func number(_ key: String, positive: Bool = false, required: Bool = true) throws -> Double? {
                let value = row[key] ?? ""
                if value.isEmpty {
                    if required { throw fail(key, "is required for a \(row["kind"] ?? "") row") }
                    return nil
                }
                guard let x = Double(value), x.isFinite else { throw fail(key, "expected a number, found '\(value)'") }
                guard positive ? x > 0 : x >= 0 else { throw fail(key, "expected a value \(positive ? "> 0" : "≥ 0"), found '\(value)'") }
                return x
            }
            func mustBeEmpty(_ keys: [String]) throws {
                for key in keys where !(row[key] ?? "").isEmpty {
                    throw fail(key, "must be empty for a \(row["kind"] ?? "") row, found '\(row[key]!)'")
                }
            }
            let name = row["name"] ?? ""
            guard !name.isEmpty else { throw fail("name", "is required") }
            switch row["kind"] ?? "" {
            case "instance":
                try mustBeEmpty(["price", "from_gb", "to_gb"])
                if let first = instanceLines[name] { throw fail("name", "instance type '\(name)' is listed twice (first on line \(first))") }
                instanceLines[name] = lineNumber
                instances.append(InstanceType(name: name, vcpu: try number("vcpu", positive: true)!,
                                              memoryGiB: try number("memory_gib", positive: true)!,
                                              onDemandHourly: try number("hourly")!,
                                              oneYearHourly: try number("hourly_1y", required: false),
                                              threeYearHourly: try number("hourly_3y", required: false)))
            case "storage":
                try mustBeEmpty(["vcpu", "memory_gib", "hourly", "hourly_1y", "hourly_3y", "from_gb", "to_gb"])
                storage[name] = try number("price")!
            case "egress":
                try mustBeEmpty(["vcpu", "memory_gib", "hourly", "hourly_1y", "hourly_3y"])
                let from = try number("from_gb")!
                let to = try number("to_gb", required: false) ?? .infinity
                guard to > from else { throw fail("to_gb", "must be above from_gb (\(from))") }
                egressRows[name, default: []].append((TieredPrice.Tier(fromGB: from, toGB: to, perGB: try number("price")!), lineNumber))
            case let kind:
                throw fail("kind", "unknown kind '\(kind)'; expected instance, storage or egress")
            }
        }
        guard header != nil else { throw InputError(file: file, line: nil, field: "", message: "no column header found") }
        var egress: [String: TieredPrice] = [:]
        for (name, rows) in egressRows {
            let sorted = rows.sorted { $0.0.fromGB < $1.0.fromGB }
            var expectedStart = 0.0
            for (tier, line) in sorted {
                guard abs(tier.fromGB - expectedStart) < 1e-9 else {
                    throw InputError(file: file, line: line, field: "from_gb",
                                     message: "egress '\(name)' tiers must be contiguous from 0: expected \(expectedStart), found \(tier.fromGB)")
                }
                expectedStart = tier.toGB
            }
            egress[name] = TieredPrice(tiers: sorted.map(\.0))
        }
        guard let asOf = meta["as_of"]?.first, !asOf.isEmpty else {
            throw InputError(file: file, line: 1, field: "as_of", message: "the catalogue must state its prices' date in a '# as_of: YYYY-MM-DD' line")
        }
        guard let source = meta["source"], !source.isEmpty else {
            throw InputError(file: file, line: 1, field: "source", message: "the catalogue must state its source in a '# source: …' line")
        }
        // GB as the provider bills it: AWS bills transfer and EBS/S3 storage per 2^30 bytes.
        // Prices are stored per 10^9 bytes (Ferry's GB), so they are converted once here.
        var gbBytes = 1e9
        if let g = meta["gb_bytes"]?.first {
            guard let v = Double(g), v == 1e9 || v == 1_073_741_824 else {
                throw InputError(file: file, line: nil, field: "gb_bytes", message: "expected 1000000000 or 1073741824, found '\(g)'")
            }
            gbBytes = v
        }
        let perSI = 1e9 / gbBytes
        if gbBytes != 1e9 {
            storage = storage.mapValues { $0 * perSI }
            egress = egress.mapValues { t in
                TieredPrice(tiers: t.tiers.map { .init(fromGB: $0.fromGB / perSI, toGB: $0.toGB / perSI, perGB: $0.perGB * perSI) })
            }
        }
        var hours = 730.0
        if let h = meta["hours_per_month"]?.first {
            guard let v = Double(h), v > 0, v <= 744 else {
                throw InputError(file: file, line: nil, field: "hours_per_month", message: "expected hours in (0, 744], found '\(h)'")
            }
            hours = v
        }
        return PriceCatalog(provider: meta["provider"]?.first ?? "", region: meta["region"]?.first ?? "",
                            currency: meta["currency"]?.first ?? "USD", asOf: asOf, source: source.joined(separator: " "),
                            hoursPerMonth: hours, instances: instances, storage: storage, egress: egress, gigabyteBytes: gbBytes)
    }

    /// Splits one CSV line (RFC 4180 quoting, no embedded newlines).
    static func splitCSV(_ line: String) -> Result<[String], CSVFailure> {
        var fields: [String] = [], current = ""
        var quoted = false, atStart = true
        var chars = line.makeIterator()
        while let c = chars.next() {
            if quoted {
                if c == "\"" {
                    quoted = false
                } else {
                    current.append(c)
                }
            } else if c == "\"" && atStart {
                quoted = true
            } else if c == "\"" && current.last == "\"" {
                current.append(c)
            } else if c == "," {
                fields.append(current)
                current = ""
                atStart = true
                continue
            } else {
                current.append(c)
            }
            atStart = false
        }
        if quoted { return .failure(CSVFailure(message: "unterminated quoted field")) }
        fields.append(current)
        return .success(fields)
    }

    /// A CSV syntax problem.
    struct CSVFailure: Error {
        let message: String
    }
}

extension Result where Failure == CatalogReader.CSVFailure {
    /// The value, or the failure turned into a located error.
    func get(_ locate: (String) -> InputError) throws -> Success {
        switch self {
        case .success(let v): return v
        case .failure(let f): throw locate(f.message)
        }
    }
}

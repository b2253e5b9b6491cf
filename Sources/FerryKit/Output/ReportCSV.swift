import Foundation

/// The whole of a report as CSV: one `key,value` row per leaf of its JSON document, keys
/// written as dotted paths (`rounds.2.seconds`, `services.0.months.12.servers`).
///
/// Every command whose result is not naturally one table gets a complete, stable CSV this
/// way — the same keys as its JSON, so the two can never disagree.
public enum ReportCSV {
    /// The document's leaves as `key,value` rows (header `key,value`), in key order, arrays in
    /// index order. Numbers are plain decimals with nine significant digits (integers exact); `null` (including NaN/∞) is an empty cell;
    /// booleans are `true`/`false`.
    public static func keyValues<Document: ReportDocument>(_ document: Document) -> String {
        let text = ReportJSON.render(document)
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else {
            return "key,value\n"
        }
        var rows: [[String]] = []
        walk(value, path: "", into: &rows)
        return CSVText.table(header: ["key", "value"], rows: rows)
    }

    static func walk(_ value: JSONValue, path: String, into rows: inout [[String]]) {
        func join(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
        switch value {
        case .null: rows.append([path, ""])
        case let .bool(b): rows.append([path, b ? "true" : "false"])
        case let .number(d): rows.append([path, ReportNumber.machine(d)])
        case let .string(s): rows.append([path, s])
        case let .array(a):
            if a.isEmpty { rows.append([path, ""]) }
            for (i, v) in a.enumerated() { walk(v, path: join(String(i)), into: &rows) }
        case let .object(o):
            for key in o.keys.sorted() { walk(o[key]!, path: join(key), into: &rows) }
        }
    }
}

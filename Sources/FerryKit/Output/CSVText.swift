/// CSV rows as every report writes them (RFC 4180 quoting, `\n` line ends, numbers via
/// ``ReportNumber/plain(_:decimals:)`` so a non-finite value is an empty cell).
public enum CSVText {
    /// One field: quoted when it contains a comma, a quote or a line break.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One row of already-formatted cells, quoted as needed.
    public static func row(_ cells: [String]) -> String { cells.map(field).joined(separator: ",") }

    /// A whole table: header, rows, a trailing newline.
    public static func table(header: [String], rows: [[String]]) -> String {
        ([row(header)] + rows.map(row)).joined(separator: "\n") + "\n"
    }
}

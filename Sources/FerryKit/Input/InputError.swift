import Foundation

/// A problem in an input file (scenario, problem, profile, catalogue), located by file and line.
///
/// Rendered as `file:line: field: message`, the form editors and CI logs link to.
public struct InputError: LocalizedError, Equatable, Sendable {
    /// The file as the user named it (or `<stdin>`/`<string>`).
    public var file: String
    /// 1-based line number, when known.
    public var line: Int?
    /// The dotted path of the field, e.g. `network.bandwidth` or `services[1].objective`.
    public var field: String
    /// What was wrong and what was expected, lowercase.
    public var message: String

    /// Creates a located input error.
    public init(file: String, line: Int?, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var errorDescription: String? {
        let location = line.map { "\(file):\($0)" } ?? file
        return field.isEmpty ? "\(location): \(message)" : "\(location): \(field): \(message)"
    }
}

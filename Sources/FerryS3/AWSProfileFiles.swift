import Foundation

/// The INI files of the AWS CLI: `~/.aws/credentials` (sections `[name]`) and `~/.aws/config`
/// (sections `[profile name]`, and `[default]`). Keys are `name = value`; `#`/`;` start comments.
public struct AWSProfileFiles: Sendable {
    /// Settings of each profile, credentials file entries overriding config file entries.
    public var profiles: [String: [String: String]] = [:]

    /// Reads both files; a missing file is not an error, a malformed line is.
    /// - Throws: `S3Error.badConfig` naming the file and line.
    public init(credentialsPath: String?, configPath: String?) throws {
        if let configPath, let text = try? String(contentsOfFile: configPath, encoding: .utf8) {
            for (section, values) in try Self.parse(text, path: configPath) {
                let name = section == "default" ? "default"
                    : section.hasPrefix("profile ") ? String(section.dropFirst(8)).trimmingCharacters(in: .whitespaces) : section
                profiles[name, default: [:]].merge(values) { _, new in new }
            }
        }
        if let credentialsPath, let text = try? String(contentsOfFile: credentialsPath, encoding: .utf8) {
            for (section, values) in try Self.parse(text, path: credentialsPath) {
                profiles[section, default: [:]].merge(values) { _, new in new }
            }
        }
    }

    /// Parses INI text into sections of lower-cased keys.
    static func parse(_ text: String, path: String) throws -> [(String, [String: String])] {
        var sections: [(String, [String: String])] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else {
                    throw S3Error.badConfig(path: path, line: index + 1, reason: "expected '[section]', got '\(line)'")
                }
                sections.append((String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces), [:]))
                continue
            }
            // Nested settings (indented lines under `s3 =`) are not used by ferry; skip them.
            if raw.first == " " || raw.first == "\t" { continue }
            guard let eq = line.firstIndex(of: "=") else {
                throw S3Error.badConfig(path: path, line: index + 1, reason: "expected 'key = value', got '\(line)'")
            }
            guard !sections.isEmpty else {
                throw S3Error.badConfig(path: path, line: index + 1, reason: "setting before any [section]")
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            sections[sections.count - 1].1[key] = value
        }
        return sections
    }
}

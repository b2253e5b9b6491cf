import Foundation
import FerryUnits
import Yams

/// A node of a YAML input file together with where it came from, with typed accessors
/// whose errors name the file, line and field.
///
/// Every reader of Ferry's YAML files (scenarios, optimisation problems, data profiles)
/// goes through this type, so every bad value is reported the same way:
/// `models/x.yaml:7: network.bandwidth: unknown unit 'Gbs' in '1Gbs'; expected …`.
public struct YAMLNode {
    /// The underlying Yams node.
    let node: Node
    /// The file name used in error messages.
    public let file: String
    /// Dotted path from the document root, e.g. `data.size`; empty for the root.
    public let path: String
    /// Line of the key this node is the value of (`nil` for the root and list items): where a
    /// "missing key" inside this mapping is reported.
    var keyLine: Int? = nil

    /// 1-based line of this node in its file.
    public var line: Int? { node.mark?.line }

    /// Parses a whole YAML document.
    /// - Parameters:
    ///   - text: the document.
    ///   - file: name for error messages.
    /// - Throws: `InputError` for YAML syntax errors (with the line) and empty documents.
    public static func document(_ text: String, file: String) throws -> YAMLNode {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw InputError(file: file, line: YAMLNode.line(of: error), field: "", message: "not valid YAML: \(YAMLNode.summary(of: error))")
        }
        guard let root = composed else {
            throw InputError(file: file, line: nil, field: "", message: "the file is empty")
        }
        return YAMLNode(node: root, file: file, path: "")
    }

    /// Reads and parses a YAML file.
    /// - Throws: `InputError` when the file cannot be read or parsed.
    public static func load(path: String) throws -> YAMLNode {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InputError(file: path, line: nil, field: "", message: "cannot read the file: \((error as NSError).localizedDescription)")
        }
        return try document(text, file: path)
    }

    /// An error located at this node.
    public func error(_ message: String) -> InputError {
        InputError(file: file, line: line, field: path, message: message)
    }

    /// The child path for `key`.
    private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    // MARK: Mappings

    /// The mapping's entries in file order; throws unless this node is a mapping.
    public func entries() throws -> [(key: String, value: YAMLNode)] {
        guard case let .mapping(mapping) = node else { throw error("expected a mapping (key: value lines), found \(kind)") }
        return mapping.map { pair in
            let key = pair.key.string ?? "\(pair.key)"
            return (key, YAMLNode(node: pair.value, file: file, path: childPath(key), keyLine: pair.key.mark?.line))
        }
    }

    /// Throws if the mapping has a key not in `allowed`, suggesting the closest allowed key.
    public func checkKeys(_ allowed: [String]) throws {
        guard case let .mapping(mapping) = node else { throw error("expected a mapping (key: value lines), found \(kind)") }
        for pair in mapping {
            let key = pair.key.string ?? "\(pair.key)"
            if !allowed.contains(key) {
                let suggestion = allowed.min { editDistance($0, key) < editDistance($1, key) }
                var message = "unknown key '\(key)'"
                if let s = suggestion, editDistance(s, key) <= max(2, key.count / 3) { message += " (did you mean '\(s)'?)" }
                message += "; allowed keys: \(allowed.joined(separator: ", "))"
                throw InputError(file: file, line: pair.key.mark?.line, field: childPath(key), message: message)
            }
        }
    }

    /// The child node for `key`, or `nil` when absent or explicitly `null`.
    public func child(_ key: String) throws -> YAMLNode? {
        guard case let .mapping(mapping) = node else { throw error("expected a mapping (key: value lines), found \(kind)") }
        guard let pair = mapping.first(where: { $0.key.string == key }) else { return nil }
        if case let .scalar(s) = pair.value, s.style == .plain, ["null", "~", ""].contains(s.string) { return nil }
        return YAMLNode(node: pair.value, file: file, path: childPath(key), keyLine: pair.key.mark?.line)
    }

    /// The child node for `key`; throws when it is missing.
    public func required(_ key: String) throws -> YAMLNode {
        guard let value = try child(key) else {
            throw InputError(file: file, line: keyLine ?? line, field: childPath(key), message: "is required")
        }
        return value
    }

    // MARK: Sequences

    /// The sequence's items; throws unless this node is a sequence.
    public func items() throws -> [YAMLNode] {
        guard case let .sequence(sequence) = node else { throw error("expected a list, found \(kind)") }
        return sequence.enumerated().map { index, item in
            YAMLNode(node: item, file: file, path: "\(path)[\(index)]")
        }
    }

    // MARK: Scalars

    /// The scalar's text; throws for mappings and lists.
    public func scalarText() throws -> String {
        guard case let .scalar(s) = node else { throw error("expected a single value, found \(kind)") }
        return s.string
    }

    /// A string value.
    public func string() throws -> String { try scalarText() }

    /// A finite number; rejects text, NaN and infinities.
    public func double() throws -> Double {
        let text = try scalarText()
        guard let value = Double(text.replacingOccurrences(of: "_", with: "")) else {
            throw error("expected a number, found '\(text)'")
        }
        guard value.isFinite else { throw error("expected a finite number, found '\(text)'") }
        return value
    }

    /// A whole number; rejects fractions and text.
    public func int() throws -> Int {
        let text = try scalarText()
        let cleaned = text.replacingOccurrences(of: "_", with: "").replacingOccurrences(of: ",", with: "")
        if let value = Int(cleaned) { return value }
        if let d = Double(cleaned), d.isFinite, d == d.rounded(), abs(d) < 9e15 { return Int(d) }
        throw error("expected a whole number, found '\(text)'")
    }

    /// A boolean (`true`/`false`, `yes`/`no`).
    public func bool() throws -> Bool {
        let text = try scalarText().lowercased()
        switch text {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, found '\(text)'")
        }
    }

    /// A value read by one of FerryUnits' parsers, its `UnitError` relocated to this node.
    /// - Parameter parser: e.g. `{ try ByteCount.parse($0, allowZero: false) }`.
    public func quantity<T>(_ parser: (String) throws -> T) throws -> T {
        let text = try scalarText()
        do {
            return try parser(text)
        } catch let unitError as UnitError {
            throw error(unitError.errorDescription ?? "\(unitError)")
        }
    }

    /// A positive number of `min...max`, with the range in the error.
    public func double(in range: ClosedRange<Double>, openLowerBound: Bool = false) throws -> Double {
        let value = try quantity { try Fraction.parse($0, range: range, openLowerBound: openLowerBound).value }
        return value
    }

    /// What kind of node this is, for messages.
    var kind: String {
        switch node {
        case .scalar(let s): return "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// The line of a Yams error, when it carries one.
    static func line(of error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
            return mark.line
        default:
            return nil
        }
    }

    /// A one-line summary of a Yams error.
    static func summary(of error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, _, _), let .parser(context, problem, _, _), let .composer(context, problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        }
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.lowercased()), b = Array(b.lowercased())
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

import Foundation

/// Any JSON value, as a Swift value: lets a report embed a part that is still built as a
/// dictionary (`[String: Any]`) while its owner converts it to `Encodable`, and lets
/// ``ReportCSV`` walk a rendered document.
public enum JSONValue: Codable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Converts a JSON-compatible value: dictionaries, arrays, strings, numbers, booleans,
    /// `NSNull` and `nil` optionals (→ `null`); anything else becomes its description.
    /// Non-finite numbers stay numbers here and become `null` when rendered.
    public init(any value: Any?) {
        guard let value else { self = .null; return }
        if case Optional<Any>.none = value as Any? { self = .null; return }
        switch value {
        case is NSNull: self = .null
        case let b as Bool: self = .bool(b)
        case let i as Int: self = .number(Double(i))
        case let i as Int64: self = .number(Double(i))
        case let i as Int32: self = .number(Double(i))
        case let u as UInt64: self = .number(Double(u))
        case let d as Double: self = .number(d)
        case let f as Float: self = .number(Double(f))
        case let s as String: self = .string(s)
        case let dict as [String: Any]: self = .object(dict.mapValues { JSONValue(any: $0) })
        case let array as [Any]: self = .array(array.map { JSONValue(any: $0) })
        case let optionalArray as [Any?]: self = .array(optionalArray.map { JSONValue(any: $0) })
        default: self = .string(String(describing: value))
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let b = try? container.decode(Bool.self) { self = .bool(b) }
        else if let d = try? container.decode(Double.self) { self = .number(d) }
        else if let s = try? container.decode(String.self) { self = .string(s) }
        else if let a = try? container.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case let .bool(b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case let .number(d):
            var c = encoder.singleValueContainer()
            if d == d.rounded(), abs(d) < 9e15 { try c.encode(Int64(d)) } else { try c.encode(d) }
        case let .string(s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case let .array(a):
            var c = encoder.unkeyedContainer()
            for v in a { try c.encode(v) }
        case let .object(o):
            // The keys are already JSON keys (snake_case, or the user's own names): keep them.
            try VerbatimKeys(o).encode(to: encoder)
        }
    }
}

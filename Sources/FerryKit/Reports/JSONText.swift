import Foundation

/// Renders a JSON-compatible value (dictionaries, arrays, strings, numbers, booleans, `NSNull`)
/// as pretty, key-sorted JSON text. Kept for commands not yet converted to the output model:
/// new code makes its result a ``ReportDocument`` and renders it with ``ReportJSON`` (which adds
/// `schema_version` and `kind`); a dictionary can be embedded meanwhile as ``JSONValue``. Non-finite numbers become `null`: JSON has no ∞ or NaN,
/// and a missing answer must never look like a number.
public enum JSONText {
    /// The JSON text of `value`, with a trailing newline.
    public static func render(_ value: Any) -> String {
        let cleaned = sanitize(value)
        let data = (try? JSONSerialization.data(withJSONObject: cleaned, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return (String(data: data, encoding: .utf8) ?? "{}") + "\n"
    }

    /// Replaces non-finite doubles with `NSNull` and drops `nil` optionals, recursively.
    static func sanitize(_ value: Any) -> Any {
        switch value {
        case let d as Double: return d.isFinite ? d : NSNull()
        case let dict as [String: Any]:
            var out: [String: Any] = [:]
            for (k, v) in dict {
                if case Optional<Any>.none = v as Any? { continue }
                out[k] = sanitize(v)
            }
            return out
        case let array as [Any]: return array.map(sanitize)
        default: return value
        }
    }
}

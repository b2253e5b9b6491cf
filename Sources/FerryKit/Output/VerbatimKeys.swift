/// A string-keyed map whose keys are the user's own names (optimisation variables, services):
/// ``ReportJSON`` writes them exactly as given instead of converting them to snake_case.
///
/// Keys are written in sorted order, like every other key.
public struct VerbatimKeys<Value: Encodable>: Encodable {
    /// The entries, name → value.
    public var entries: [String: Value]

    /// Wraps a dictionary.
    public init(_ entries: [String: Value]) { self.entries = entries }

    /// The prefix that tells the key strategy to leave a key alone.
    static var marker: String { "\u{2}verbatim\u{2}" }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        for (key, value) in entries {
            try container.encode(value, forKey: AnyKey(stringValue: Self.marker + key))
        }
    }
}

extension VerbatimKeys: Sendable where Value: Sendable {}

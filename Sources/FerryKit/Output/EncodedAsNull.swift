/// An optional report field that is written as `null` when absent, instead of being left out.
///
/// Use it where "no value" is an answer a script must see (a cutover that is never reached:
/// `"cutover_p99_seconds": null`); plain optionals are omitted when `nil`.
@propertyWrapper
public struct EncodedAsNull<Value: Encodable>: Encodable {
    /// The value, or `nil` for `null`.
    public var wrappedValue: Value?

    /// Wraps a value.
    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension EncodedAsNull: Sendable where Value: Sendable {}

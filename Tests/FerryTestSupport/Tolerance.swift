import Foundation
import Testing

/// Expects `actual` within a relative (or absolute) tolerance of `expected`, printing both
/// values and the relative error when it is not. The one tolerance helper of every test target.
///
/// Pass the tolerance's source in `why` (e.g. "published to 4 significant digits").
/// ```
/// passes ⇔ actual is finite ∧ (|actual − expected| ≤ absolute  ∨  |actual − expected| / |expected| ≤ relative)
/// ```
/// (when `expected` is 0 the relative error is the plain difference).
/// - Parameters:
///   - actual: the computed value.
///   - expected: the independent reference value.
///   - relative: allowed |actual − expected| / |expected| (dimensionless).
///   - absolute: allowed |actual − expected| in the values' unit (used when given, e.g. for expected ≈ 0).
///   - why: where the tolerance comes from, printed on failure.
public func expectClose(_ actual: Double, _ expected: Double, relative: Double = 1e-9, absolute: Double? = nil,
                        _ why: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    let outcome = Closeness(actual: actual, expected: expected, relative: relative, absolute: absolute)
    #expect(outcome.passes, "\(outcome.message) \(why)", sourceLocation: sourceLocation)
}

/// The comparison behind ``expectClose(_:_:relative:absolute:_:sourceLocation:)``, as a value
/// so the helper itself can be tested.
public struct Closeness: Sendable {
    /// |actual − expected|, in the values' unit.
    public let difference: Double
    /// difference / |expected| (or the difference when expected is 0).
    public let relativeError: Double
    /// Whether the values are close enough.
    public let passes: Bool
    /// "expected …, got … (relative error …, allowed …)".
    public let message: String

    /// Compares `actual` with `expected`.
    public init(actual: Double, expected: Double, relative: Double, absolute: Double? = nil) {
        let difference = abs(actual - expected)
        let relativeError = expected == 0 ? difference : difference / abs(expected)
        let withinAbsolute = absolute.map { difference <= $0 } ?? false
        self.difference = difference
        self.relativeError = relativeError
        passes = actual.isFinite && expected.isFinite && (withinAbsolute || relativeError <= relative)
        let allowed = absolute.map { "abs \($0)" } ?? "rel \(relative)"
        message = "expected \(expected), got \(actual) (relative error \(relativeError), allowed \(allowed))"
    }
}

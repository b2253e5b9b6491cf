import Testing
import Foundation

/// Expects `actual` within a relative (or absolute) tolerance of `expected`, printing both
/// values and the relative error when it is not. Shared by every suite in this target.
///
/// Pass the tolerance's source in `why` (e.g. "published to 4 significant digits").
/// - Parameters:
///   - actual: the computed value.
///   - expected: the independent reference value.
///   - relative: allowed |actual − expected| / |expected|.
///   - absolute: allowed |actual − expected| (used when given, e.g. for expected ≈ 0).
func expectClose(_ actual: Double, _ expected: Double, relative: Double = 1e-9, absolute: Double? = nil,
                 _ why: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    let difference = abs(actual - expected)
    let relError = expected == 0 ? difference : difference / abs(expected)
    let ok = actual.isFinite && (absolute.map { difference <= $0 } ?? false || relError <= relative)
    #expect(ok, "expected \(expected), got \(actual) (relative error \(relError), allowed \(absolute.map { "abs \($0)" } ?? "rel \(relative)")) \(why)",
            sourceLocation: sourceLocation)
}

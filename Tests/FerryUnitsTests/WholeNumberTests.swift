import Foundation
import Testing
@testable import FerryUnits

@Suite("Whole-number conversion")
struct WholeNumberTests {
    /// Values `Int(_:)` traps on come back as nil (or an error), never a crash.
    @Test(arguments: [Double.nan, .infinity, -.infinity, 9.3e18, -9.3e18, 1e300, 9_223_372_036_854_775_808.0])
    func untrappable(value: Double) {
        #expect(WholeNumber.int(value) == nil)
        #expect(throws: UnitError.self) { try WholeNumber.int(value, field: "servers") }
    }

    /// Exact rounding at ordinary values and at the edges of Int (2⁶³ − 1024 is the largest
    /// Double below 2⁶³).
    @Test func rounding() {
        #expect(WholeNumber.int(2.5) == 3)
        #expect(WholeNumber.int(2.5, rounding: .down) == 2)
        #expect(WholeNumber.int(-2.5, rounding: .up) == -2)
        #expect(WholeNumber.int(9_223_372_036_854_774_784.0) == 9_223_372_036_854_774_784)
        #expect(WholeNumber.int(-9_223_372_036_854_775_808.0) == Int.min)
        #expect(WholeNumber.int(5, in: 1...4) == nil)
        #expect(WholeNumber.clamped(1e300, to: 1...10) == 10)
        #expect(WholeNumber.clamped(.nan, to: 1...10) == 1)
        #expect(WholeNumber.clamped(-1e300, to: 1...10) == 1)
        #expect(WholeNumber.clamped(.infinity) == Int.max)
        #expect(WholeNumber.text(1200) == "1200")
        #expect(WholeNumber.text(1e301) == "1e+301")
        #expect(WholeNumber.text(.infinity) == "inf")
    }

    /// The error names the field and the accepted range.
    @Test func errorText() {
        do {
            _ = try WholeNumber.int(1e20, field: "--customers", in: 2_000...50_000_000)
            Issue.record("expected an error")
        } catch {
            #expect(error.localizedDescription.contains("--customers"))
            #expect(error.localizedDescription.contains("50000000"))
        }
    }
}

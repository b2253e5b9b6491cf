import Foundation
import Testing
@testable import FerryKit

/// Expected strings are written by hand from the rounding rules in each doc comment.
@Suite struct ReportNumberTests {
    @Test(arguments: [
        (27.777777777, "27.777778"), (100_000, "100000"), (0.1, "0.1"), (-2.5, "-2.5"),
        (Double.nan, ""), (Double.infinity, ""),
    ])
    func plain(_ x: Double, _ text: String) { #expect(ReportNumber.plain(x) == text) }

    @Test(arguments: [
        (21893.6123, "21890"), (0.0123456, "0.01235"), (1.0, "1"), (999.96, "1000"),
        (3.14159, "3.142"), (-0.5, "-0.5"), (0, "0"), (Double.nan, "–"),
    ])
    func significant(_ x: Double, _ text: String) { #expect(ReportNumber.significant(x) == text) }

    @Test func significantDigitsArgument() {
        #expect(ReportNumber.significant(0.02444, digits: 3) == "0.0244")
        #expect(ReportNumber.significant(20.856, digits: 3) == "20.9")
        #expect(ReportNumber.significant(1.5e-7, digits: 2) == "1.5e-07")
    }

    /// Nine significant digits, integers exact, no exponent, at most 12 decimals.
    @Test(arguments: [
        (89057.432432432, "89057.4324"), (0.033815854, "0.033815854"), (2314814.814814815, "2314814.81"),
        (1e13, "10000000000000"), (2666666666666.6665, "2666666666667"), (-1955.097388747, "-1955.09739"),
        (0.0000042, "0.0000042"), (1.23456789e-9, "0.000000001235"), (Double.nan, ""), (-Double.infinity, ""),
    ])
    func machine(_ x: Double, _ text: String) { #expect(ReportNumber.machine(x) == text) }

    @Test func machineDigitsWholeBytesAndSeconds() {
        #expect(ReportNumber.machine(0.789850746, digits: 6) == "0.789851")
        #expect(ReportNumber.machine(0.040211307, digits: 6) == "0.0402113")
        #expect(ReportNumber.wholeBytes(2666666666666.6665) == "2666666666667")
        #expect(ReportNumber.wholeBytes(317485631560.692993) == "317485631561")
        #expect(ReportNumber.seconds(17777.777777778) == "17777.778")
        #expect(ReportNumber.seconds(104857.6) == "104857.6")
    }

    @Test(arguments: [
        (0.0000042, "4.2 µs"), (0.0402, "40.2 ms"), (21.8936, "21.9 s"), (754, "12.6 min"),
        (3600, "1 h"), (5400, "1.5 h"), (100_000, "27.8 h"), (600_000, "6.94 d"), (0, "0 s"), (Double.infinity, "never"), (Double.nan, "–"),
    ])
    /// Formatting only: a number of seconds in, its text out; nothing is timed.
    func durationText(_ value: Double, _ text: String) { #expect(ReportNumber.duration(value) == text) }

    @Test func percentGroupedHoursCounted() {
        #expect(ReportNumber.percent(0.9423) == "94.2 %")
        #expect(ReportNumber.percent(.nan) == "–")
        #expect(ReportNumber.grouped(2_000_000) == "2,000,000")
        #expect(ReportNumber.hours(100_000) == "27.78 h")
        #expect(ReportNumber.hours(.infinity) == "never")
        #expect(ReportNumber.counted(1, "delta round") == "1 delta round")
        #expect(ReportNumber.counted(0, "delta round") == "0 delta rounds")
        #expect(ReportNumber.counted(2, "copy", plural: "copies") == "2 copies")
    }
}

@Suite struct StatisticsTests {
    @Test func medianOfOddAndEvenCounts() {
        #expect(Statistics.median([3, 1, 2]) == 2)
        #expect(Statistics.median([4, 1, 3, 2]) == 2.5)
        #expect(Statistics.median([7]) == 7)
    }

    @Test func medianIgnoresNonFiniteAndIsNilWhenEmpty() {
        #expect(Statistics.median([Double]()) == nil)
        #expect(Statistics.median([.nan, .infinity]) == nil)
        #expect(Statistics.median([1, .nan, 5, 3]) == 3)
    }
}

@Suite struct CSVTextTests {
    @Test func quotesOnlyWhatNeedsIt() {
        #expect(CSVText.field("api") == "api")
        #expect(CSVText.field("a,b") == "\"a,b\"")
        #expect(CSVText.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVText.table(header: ["name", "n"], rows: [["x,y", "1"]]) == "name,n\n\"x,y\",1\n")
    }
}

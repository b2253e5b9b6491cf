import Testing
@testable import FerryUnits

@Suite("Sizes")
struct ByteCountTests {
    // Exact powers: these are integer-valued doubles, so the tolerance is rounding only.
    @Test(arguments: [
        ("10TB", 1e13), ("10 TB", 1e13), ("2.5GiB", 2.5 * 1_073_741_824), ("1KiB", 1024),
        ("1kB", 1000), ("1Kb", 125), ("500Mb", 500e6 / 8), ("1,000,000 B", 1e6), ("1,000GB", 1e12),
        ("1,234.5 kB", 1_234_500), ("-0B", 0),
        ("3 bytes", 3), ("1PiB", 1_125_899_906_842_624), ("8bit", 1), ("1e3MB", 1e9), ("0B", 0),
    ] as [(String, Double)])
    func parsesSizes(text: String, bytes: Double) throws {
        expectClose(try ByteCount.parse(text).bytes, bytes, relative: 1e-15, "exact unit powers")
    }

    /// `10KB` is 1000 bytes to some tools and 1024 to others: refused like `10T`, with both readings.
    @Test(arguments: ["10T", "5M", "5G", "3Ki", "5mb", "7gb", "10KB"])
    func ambiguousUnitsSuggestReadings(text: String) {
        #expect(throws: UnitError.self) { try ByteCount.parse(text) }
        do {
            _ = try ByteCount.parse(text)
        } catch let UnitError.ambiguousUnit(input, readings) {
            #expect(input == text)
            #expect(readings.count >= 2, "readings offered: \(readings)")
        } catch {
            Issue.record("wrong error \(error)")
        }
    }

    @Test func ambiguousMessageNamesInputAndReadings() throws {
        let error = #expect(throws: UnitError.self) { try ByteCount.parse("10T") }
        let message = error?.errorDescription ?? ""
        #expect(message.contains("'10T'"))
        #expect(message.contains("10TB") && message.contains("10TiB") && message.contains("10Tb"))
    }

    /// A decimal comma and badly grouped thousands are errors, not another number.
    @Test(arguments: ["1,5GB", "1,0000GB", "10,00 GB", ",100GB", "1,00,000B", "1,000,0GB"])
    func rejectsBadGrouping(text: String) {
        #expect(throws: UnitError.self) { try ByteCount.parse(text) }
    }

    @Test func kilobyteSuggestsBothReadings() {
        let error = #expect(throws: UnitError.self) { try ByteCount.parse("10KB") }
        #expect(error?.errorDescription?.contains("10kB") == true && error?.errorDescription?.contains("10KiB") == true)
    }

    @Test(arguments: ["-5GB", "TB", "", "NaN GB", "inf TB", "10 furlongs", "10"])
    func rejectsBadSizes(text: String) {
        #expect(throws: UnitError.self) { try ByteCount.parse(text) }
    }

    @Test func zeroCanBeRefused() {
        #expect(throws: UnitError.self) { try ByteCount.parse("0TB", allowZero: false) }
    }

    @Test(arguments: [
        (1e13, UnitConvention.si, "10 TB"), (1_073_741_824 * 1.5, .iec, "1.5 GiB"),
        (999, .si, "999 B"), (1234.5678e6, .si, "1.235 GB"),
    ] as [(Double, UnitConvention, String)])
    func formats(bytes: Double, convention: UnitConvention, text: String) {
        #expect(ByteCount(bytes: bytes).formatted(convention) == text)
    }

    @Test(arguments: [1.0, 999, 1e3, 12_345_678, 1e13, 5e17])
    func roundTripsSI(bytes: Double) throws {
        let text = ByteCount(bytes: bytes).formatted(.si)
        // Formatting keeps 3 decimals of the chosen unit: relative error ≤ 0.0005 / 1.
        expectClose(try ByteCount.parse(text).bytes, bytes, relative: 5e-4, "3-decimal rendering")
    }

    @Test(arguments: [1024.0, 3_145_728.0, 7_971_459_301_376.0])
    func roundTripsIEC(bytes: Double) throws {
        let text = ByteCount(bytes: bytes).formatted(.iec)
        expectClose(try ByteCount.parse(text).bytes, bytes, relative: 5e-4, "3-decimal rendering")
    }
}

import Testing
@testable import FerryUnits

@Suite("Data and event rates")
struct RateTests {
    @Test(arguments: [
        ("100MB/s", 1e8), ("100MiB/s", 100 * 1_048_576), ("1Gbps", 1.25e8), ("1Gbit/s", 1.25e8),
        ("500Mb/s", 62.5e6), ("10 Gbps", 1.25e9), ("100 MBps", 1e8), ("1bps", 0.125),
        ("200GB/day", 200e9 / 86_400), ("36GB/h", 1e7), ("6GB/min", 1e8),
    ] as [(String, Double)])
    func parsesDataRates(text: String, bytesPerSecond: Double) throws {
        // Products/quotients of exact powers: a few ulps at most.
        expectClose(try DataRate.parse(text).bytesPerSecond, bytesPerSecond, relative: 1e-14, "exact conversion")
    }

    @Test(arguments: ["100M/s", "1Gps", "10", "0MB/s", "-1Gbps", "5 MB/fortnight", "NaN MB/s"])
    func rejectsBadDataRates(text: String) {
        #expect(throws: UnitError.self) { try DataRate.parse(text) }
    }

    @Test func ambiguousRateSuggestsRateReadings() {
        let error = #expect(throws: UnitError.self) { try DataRate.parse("100M/s") }
        #expect(error?.errorDescription?.contains("100MB/s") == true)
        #expect(error?.errorDescription?.contains("100Mb/s") == true)
    }

    @Test func formatsBytesAndBits() {
        #expect(DataRate(bytesPerSecond: 1e8).formatted() == "100 MB/s")
        #expect(DataRate(bytesPerSecond: 1.25e8).formattedBits() == "1 Gbps")
    }

    @Test(arguments: [
        ("1200/s", 1200.0), ("30/min", 0.5), ("1200 req/s", 1200), ("360/30min", 0.2),
        ("500rps", 500), ("7200/h", 2), ("0.35/min", 0.35 / 60),
    ] as [(String, Double)])
    func parsesEventRates(text: String, perSecond: Double) throws {
        expectClose(try EventRate.parse(text).perSecond, perSecond, relative: 1e-14, "exact conversion")
    }

    @Test(arguments: ["1200", "12/fortnight", "-3/s", "0/s", "/s"])
    func rejectsBadEventRates(text: String) {
        #expect(throws: UnitError.self) { try EventRate.parse(text) }
    }

    @Test(arguments: [1200.0, 0.5, 0.001])
    func eventRatesRoundTrip(perSecond: Double) throws {
        let text = EventRate(perSecond: perSecond).formatted()
        expectClose(try EventRate.parse(text).perSecond, perSecond, relative: 5e-4, "3-decimal rendering")
    }
}

import Testing
@testable import FerryUnits

@Suite("Durations, money, proportions, growth")
struct TimeMoneyFractionTests {
    @Test(arguments: [
        ("40ms", 0.04), ("2h", 7200.0), ("30min", 1800), ("1.5 d", 129_600), ("36 months", 36 * 730 * 3600),
        ("1 year", 8760 * 3600), ("250 us", 250e-6), ("90 s", 90),
    ] as [(String, Double)])
    func parsesDurations(text: String, seconds: Double) throws {
        expectClose(try TimeSpan.parse(text).seconds, seconds, relative: 1e-14, "exact conversion")
    }

    @Test(arguments: ["5m", "5", "-2h", "3 fortnights", "h"])
    func rejectsBadDurations(text: String) {
        #expect(throws: UnitError.self) { try TimeSpan.parse(text) }
    }

    @Test func minutesOrMonthsIsAmbiguous() {
        let error = #expect(throws: UnitError.self) { try TimeSpan.parse("5m") }
        #expect(error?.errorDescription?.contains("5min") == true)
    }

    @Test(arguments: [0.85, 42, 750, 7200, 100_000, 400_000])
    func durationsRoundTrip(seconds: Double) throws {
        let text = TimeSpan(seconds: seconds).formatted()
        // Two decimals in the display unit (at most days): ≤ 0.005 d = 432 s on 400,000 s.
        expectClose(try TimeSpan.parse(text).seconds, seconds, relative: 2e-3, "2-decimal rendering")
    }

    @Test func hoursText() {
        #expect(TimeSpan(seconds: 100_000).hoursText == "27.78 h")
    }

    @Test(arguments: [
        ("$1,200", 1200.0, "USD"), ("1200 USD", 1200, "USD"), ("USD 1200", 1200, "USD"),
        ("€5.50", 5.5, "EUR"), ("2,110", 2110, "USD"), ("-3 EUR", -3, "EUR"),
    ] as [(String, Double, String)])
    func parsesMoney(text: String, amount: Double, currency: String) throws {
        let money = try Money.parse(text)
        expectClose(money.amount, amount, relative: 1e-15, "exact decimal")
        #expect(money.currency == currency)
    }

    @Test func formatsMoney() {
        #expect(Money(2110).formatted() == "$2,110.00")
        #expect(Money(1_234_567.891, currency: "EUR").formatted() == "1,234,567.89 EUR")
        #expect(Money(-5).formatted() == "-$5.00")
    }

    @Test(arguments: ["12 dollars", "$", "1200 usd"])
    func rejectsBadMoney(text: String) {
        #expect(throws: UnitError.self) { try Money.parse(text) }
    }

    @Test func parsesProportions() throws {
        expectClose(try Fraction.parse("80%").value, 0.8, relative: 1e-15, "exact decimal")
        expectClose(try Fraction.parse("0.74").value, 0.74, relative: 1e-15, "exact decimal")
        #expect(throws: UnitError.self) { try Fraction.parse("120%") }
        #expect(throws: UnitError.self) { try Fraction.parse("0", range: 0...1, openLowerBound: true) }
        #expect(throws: UnitError.self) { try Fraction.parse("80 percent") }
    }

    @Test func growthCompounds() throws {
        let monthly = try GrowthRate.parse("5%/month")
        expectClose(monthly.perMonth, 0.05, relative: 1e-14, "exact")
        // 60 %/year ↔ (1.6)^(1/12) − 1 per month; checked: 1.6^(1/12) = 1.039944…
        let yearly = try GrowthRate.parse("60%/year")
        expectClose(yearly.perMonth, 0.0399441, relative: 1e-5, "reference to 6 significant digits")
        expectClose(yearly.factor(afterMonths: 12), 1.6, relative: 1e-12, "compounding back to a year")
        #expect(throws: UnitError.self) { try GrowthRate.parse("5%") }
    }
}

import Foundation
import PropertyBased
import Testing
@testable import FerryUnits

/// Property: no input string makes a unit parser trap, hang or return a non-finite value.
/// Each parser either throws a `UnitError` or returns a finite quantity.
///
/// Case count: 4,000 strings per parser per generator × 2 generators × 8 parsers = 64,000
/// parses per run (fresh random seeds each run; a failure prints the seed to replay it).
@Suite("Unit parsers never trap", .timeLimit(.minutes(2)))
struct ParserPropertyTests {
    static let count = 4_000

    /// Characters the grammar cares about (digits, signs, separators, exponent, every unit
    /// letter, slashes, currency and percent signs, spaces) plus a few troublemakers.
    static let alphabet: [Character] = Array("0123456789.,+-eE kKMGTPEiBbitsyteminhdwoaryps/%$€£USDEURGBP:=_()*^\t\u{00A0}∞NnaIf")

    /// Strings of 0–24 grammar characters: these reach deep into the parsers.
    static let grammar = Gen<Character?>.element(of: alphabet).map { $0 ?? "0" }.string(of: 0...24)
    /// Strings of 0–16 arbitrary Latin-1 characters (control characters, accents, NUL).
    static let noise = Gen<Character>.latin1.string(of: 0...16)

    /// Runs `parse` and checks the property for one input.
    static func check(_ text: String, _ parse: (String) throws -> Double) {
        do {
            let value = try parse(text)
            #expect(value.isFinite, "'\(text.debugDescription)' parsed to \(value)")
        } catch is UnitError {
            // A clear refusal is the other allowed outcome.
        } catch {
            Issue.record("'\(text.debugDescription)' threw a non-UnitError: \(error)")
        }
    }

    static let parsers: [(String, @Sendable (String) throws -> Double)] = [
        ("ByteCount", { try ByteCount.parse($0).bytes }),
        ("DataRate", { try DataRate.parse($0, allowZero: true).bytesPerSecond }),
        ("TimeSpan", { try TimeSpan.parse($0).seconds }),
        ("EventRate", { try EventRate.parse($0, allowZero: true).perSecond }),
        ("Fraction", { try Fraction.parse($0, range: 0...10).value }),
        ("GrowthRate", { try GrowthRate.parse($0).perMonth }),
        ("Money", { try Money.parse($0).amount }),
        ("UnitPrice", { try UnitPrice.parse($0).perBaseUnit }),
    ]

    @Test(arguments: 0..<parsers.count)
    func grammarStrings(parser index: Int) async {
        let (_, parse) = Self.parsers[index]
        await propertyCheck(count: Self.count, input: Self.grammar) { text in Self.check(text, parse) }
    }

    @Test(arguments: 0..<parsers.count)
    func noiseStrings(parser index: Int) async {
        let (_, parse) = Self.parsers[index]
        await propertyCheck(count: Self.count, input: Self.noise) { text in Self.check(text, parse) }
    }

    /// Extreme numbers with every unit: overflow to ∞ must be refused, never returned.
    @Test func extremeMagnitudes() {
        for number in ["1e308", "1e309", "9.9e307", "1e-320", "99999999999999999999", "-0", "0.0000"] {
            for unit in ["EB", "EiB", "Pb", "TB/s", "Ebps", "GB/day", "/s", "/ms", "%", "%/month", " USD", "h", "ms", "d"] {
                for (_, parse) in Self.parsers { Self.check(number + unit, parse) }
            }
        }
    }
}

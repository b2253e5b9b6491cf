import Foundation
import Testing
@testable import FerryKit
import FerryModels

/// No value in a costs: section makes the reader or the projection trap, hang or print a
/// non-finite number: every case either fails with an error or projects finite figures.
/// Cases: 28 hostile values × 14 keys = 392, plus 600 seeded random strings (992 in all).
@Suite("costs: fuzzing keys with hostile values")
struct CostFuzzTests {
    static let hostile = ["0", "-1", "1e308", "-1e308", "1e-308", "nan", "NaN", "inf", "-inf", "9223372036854775808",
                          "99999999999999999999", "1e19 months", "9223372036854775808%/month", "1e300/GB", "-0.09/GB", "0/h",
                          "10T", "5M", "1,000GB", "", "''", "[]", "{}", "∞", "1e19s", "0.0000001GiB", "2147483648", "12 parsecs"]
    static let keys: [(String, @Sendable (String) -> String)] = [
        ("horizon", { "  horizon: \($0)" }), ("growth", { "  growth: \($0)" }), ("egress", { "  egress: \($0)" }),
        ("labour", { "  labour: \($0)" }), ("tooling", { "  tooling: \($0)" }), ("storage size", { "  storage: { size: \($0), price: 0.05/GB-month }" }),
        ("storage price", { "  storage: { size: 1TB, price: \($0) }" }), ("link port", { "  link: { port: \($0) }" }),
        ("demand vcpu", { "  demand: { vcpu: \($0), memory: 8GiB }" }), ("demand memory", { "  demand: { vcpu: 2, memory: \($0) }" }),
        ("replicas", { "  containers:\n    - { name: a, vcpu: 1, memory: 1GiB, replicas: \($0) }" }),
        ("current", { "  current_monthly: \($0)" }), ("discount", { "  commitment: [none, 1y]\n  commitment_discount: { 1y: \($0) }" }),
        ("other", { "  other_monthly: \($0)" }),
    ]

    static func attempt(_ line: String) {
        let yaml = "costs:\n  catalog: ../datasets/catalogs/synthetic-test.csv\n  demand: { vcpu: 2, memory: 8GiB }\n  horizon: 6 months\n\(line)\n"
        // Later keys replace the defaults above; duplicate YAML keys are themselves an error case.
        do {
            let root = try YAMLNode.document(yaml, file: "fuzz.yaml")
            var s = try CostSection.read(try root.required("costs"), baseDirectory: CatalogReaderTests.packageRoot + "/models")
            s.source = TransferEndpoint(provider: .aws)
            s.egressGiven = s.egressGiven ?? .flat(perGB: 0.09)
            let p = try CostPlanner.project(s, migration: MigrationInputs(bytes: 1e12, windowSeconds: 3600))
            for o in p.finance.options {
                for m in o.months { #expect(m.total.isFinite && m.cumulative.isFinite, "\(line): month \(m.month) \(m.total)") }
            }
            #expect(p.finance.tornado.allSatisfy { $0.low.isFinite && $0.high.isFinite }, "\(line)")
            let md = CostReport.markdown(p)
            let tokens = md.lowercased().split { !$0.isLetter }
            #expect(!tokens.contains("nan") && !tokens.contains("inf") && !md.contains("∞"), "\(line)")
        } catch {
            // An error is a fine answer; it must say something.
            #expect(!(error.localizedDescription).isEmpty)
        }
    }

    @Test("hostile values in every key")
    func hostileValues() {
        for (_, make) in Self.keys {
            for value in Self.hostile { Self.attempt(make(value)) }
        }
    }

    @Test("seeded random strings")
    func random() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let alphabet = Array("0123456789.e-+%/ GBKMiTsmonthdyh$,")
        for _ in 0..<600 {
            let length = Int(next() % 14) + 1
            let text = String((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
            let key = Self.keys[Int(next() % UInt64(Self.keys.count))].1
            Self.attempt(key(text))
        }
    }
}

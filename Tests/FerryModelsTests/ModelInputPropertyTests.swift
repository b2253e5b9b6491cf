import Foundation
import PropertyBased
import Testing
@testable import FerryModels

/// Properties: no input string makes a model-side parser trap or hang, and no numeric input
/// makes a model return NaN/∞ — it either answers with finite numbers or throws.
///
/// Case counts per run (fresh seeds; a failure prints the seed to replay it):
/// objectives 3,000; expressions 3,000 + constraints 3,000; CSV fits 1,000;
/// capacity 1,500; migration time 1,500; linear programs 500 — 13,500 cases.
@Suite("Model inputs never trap", .timeLimit(.minutes(3)))
struct ModelInputPropertyTests {
    static func strings(_ alphabet: String, length: ClosedRange<Int>) -> Generator<String, some SendableSequenceType> {
        Gen<Character?>.element(of: Array(alphabet)).map { $0 ?? " " }.string(of: length)
    }

    @Test func responseObjectives() async {
        await propertyCheck(count: 3_000, input: Self.strings("pP0123456789.=:meanvgms hd%-e+", length: 0...14)) { text in
            do {
                let o = try ResponseObjective.parse(text)
                #expect(o.seconds.isFinite && o.seconds > 0)
            } catch {}
        }
    }

    @Test func expressions() async {
        let alphabet = "xyz0123456789.+-*/^() eE_sqrtlogexpabs,<>=≤≥×−"
        await propertyCheck(count: 3_000, input: Self.strings(alphabet, length: 0...40)) { text in
            if let e = try? ExpressionParser.expression(text, variables: ["x", "y", "z"]) {
                _ = e.evaluate([1, 2, 3])
                _ = e.evaluateWithGradient([1, 2, 3])
                _ = e.linearForm
            }
        }
        await propertyCheck(count: 3_000, input: Self.strings(alphabet, length: 0...40)) { text in
            _ = try? ExpressionParser.constraint(text, variables: ["x", "y", "z"])
        }
        // Deep nesting is refused, not a stack overflow.
        for deep in [String(repeating: "(", count: 100_000) + "x", String(repeating: "-", count: 100_000) + "x",
                     String(repeating: "x^", count: 50_000) + "x", "sqrt(" + String(repeating: "exp(", count: 50_000)] {
            #expect(throws: ExpressionError.self) { try ExpressionParser.expression(deep, variables: ["x"]) }
        }
        #expect(throws: ExpressionError.self) { try ExpressionParser.expression("1e999 * x", variables: ["x"]) }
    }

    @Test func throughputCSV() async {
        let rows = Self.strings("0123456789.,; \n#e-+", length: 0...60)
        await propertyCheck(count: 1_000, input: rows) { text in
            if let fit = try? USLFit.fit(csv: text, source: "fuzz.csv") {
                #expect(fit.model.sigma >= 0 && fit.model.sigma <= 1 && fit.model.kappa >= 0)
                #expect(fit.model.lambda.isFinite && fit.rSquared.isFinite)
                _ = try? fit.costOptimum(nodePrice: 1)
            }
        }
    }


    @Test func capacity() async {
        let input = Gen<Double>.double(in: -9...9)
        await propertyCheck(count: 1_500, input: input.array(of: 5)) { x in
            let v = x.map { Foundation.pow(10, $0 * 35) }          // 10^±315: overflow, underflow, normal
            let servers = WholeNumberProbe.servers(x[4])
            do {
                let spec = ServiceSpec(name: "f", arrivalRate: v[0], serviceTime: v[1], arrivalCV: min(v[2], 2e3),
                                       serviceCV: min(v[3], 2e3), objectives: [.percentile(level: 0.95, seconds: v[1] * 3)],
                                       maxUtilization: nil, growthPerMonth: 0.05, fixedDelay: 0)
                let report = try CapacityAnalysis.run(CapacityRequest(service: spec, servers: servers, months: 3))
                for m in [report.now.meanResponse, report.now.response.p95, report.now.utilization, report.now.probabilityOfWaiting] {
                    #expect(m.isFinite, "\(v) servers \(servers as Any)")
                }
            } catch {}
        }
    }

    @Test func migrationTime() async {
        let input = Gen<Double>.double(in: -9...9).array(of: 5)
        await propertyCheck(count: 1_500, input: input) { x in
            let v = x.map { Foundation.pow(10, $0 * 35) }
            do {
                let e = try MigrationTimeModel.estimate(MigrationWorkload(bytes: v[0], changeRate: v[1] < 1e-100 ? 0 : v[1], maxDowntime: v[2]),
                                                        over: TransferPath(rate: v[3], streams: 4, perStreamRate: v[4]))
                #expect(e.seconds.isFinite && e.seconds >= 0)
                for r in e.delta?.rounds ?? [] { #expect(r.seconds.isFinite) }
                if let c = e.cutoverSeconds { #expect(c.isFinite) }
            } catch {}
        }
    }

    /// Random 3-variable, 3-row LPs with coefficients 10^[−9, 9]: every answer GLPK gives
    /// satisfies the original bounds and rows (else it must throw).
    @Test func linearPrograms() async {
        let coefficient = Gen<Double>.double(in: -9...9).map { Foundation.pow(10, $0) }
        let sign = Gen<Bool>.bool
        await propertyCheck(count: 500, input: coefficient.array(of: 15), sign.array(of: 15)) { c, s in
            let a = zip(c, s).map { $1 ? -$0 : $0 }
            var lp = LinearProgram(sense: s[0] ? .maximize : .minimize,
                                   variables: (0..<3).map { .init(name: "x\($0)", lower: 0, upper: abs(a[12 + $0]), cost: a[9 + $0]) })
            for i in 0..<3 {
                lp.add(.init(name: "r\(i)", coefficients: [0: a[3 * i], 1: a[3 * i + 1], 2: a[3 * i + 2]],
                             relation: s[i + 1] ? .lessOrEqual : .greaterOrEqual, rhs: a[i + 9] * 0.5))
            }
            if let solution = try? lp.solve() {
                #expect(lp.violation(at: solution.values) == nil, "\(a)")
                #expect(solution.objective.isFinite)
            }
        }
    }
}

/// Servers from a uniform draw: nil (size) or 1 … 10⁹ on a log scale.
enum WholeNumberProbe {
    static func servers(_ x: Double) -> Int? {
        x < -3 ? nil : max(1, Int(Foundation.pow(10, (x + 3) * 0.75)))
    }
}

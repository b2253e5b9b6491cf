import Foundation
import Testing
@testable import FerryKit
import FerryModels

@Suite("Scenario files")
struct ScenarioReaderTests {
    func read(_ yaml: String) throws -> Scenario {
        try ScenarioReader.read(try YAMLNode.document(yaml, file: "test.yaml"), baseDirectory: ".")
    }

    @Test func readsEverySection() throws {
        let s = try read("""
        name: estate
        title: An estate
        data: { size: 10TB, files: 2000000, compression: 0.8, change_rate: 200GB/day }
        network: { bandwidth: 1Gbps, efficiency: 74%, rtt: 40ms, tcp_window: 16MiB, target_limit: 2GB/s }
        copy: { streams: 16, per_file: 5ms }
        cutover: { max_downtime: 2h }
        uncertainty: { rate_cv: 0.15, per_file_cv: 0.3, samples: 1000, seed: 7 }
        claim: { time: 1000h, source: doc }
        """)
        #expect(s.name == "estate")
        expectClose(s.workload.bytes, 1e13, relative: 0, "exact")
        #expect(s.workload.files == 2_000_000)
        expectClose(s.workload.changeRate, 2e11 / 86_400, relative: 1e-15, "exact quotient")
        expectClose(try #require(s.path.linkBandwidth), 1.25e8, relative: 0, "exact")
        expectClose(s.path.efficiency, 0.74, relative: 1e-15, "exact decimal")
        expectClose(try #require(s.path.streamLimit), 16 * 1_048_576 / 0.04, relative: 1e-15, "W/RTT")
        expectClose(s.workload.perFileSeconds, 0.005, relative: 1e-15, "exact decimal")
        expectClose(try #require(s.workload.maxDowntime), 7200, relative: 0, "exact")
        #expect(s.uncertainty?.samples == 1000)
        #expect(s.uncertainty?.seed == 7)
        expectClose(try #require(s.claim?.seconds), 3_600_000, relative: 0, "exact")
    }

    @Test func nameDefaultsToFileStem() throws {
        let root = try YAMLNode.document("data: { size: 1TB }\nnetwork: { rate: 1GB/s }\n", file: "models/my-case.yaml")
        #expect(try ScenarioReader.read(root, baseDirectory: "models").name == "my-case")
    }

    /// Each bad input names the line and field and says what was expected.
    @Test(arguments: [
        ("data: { size: 1TB }\nnetwork: { rate: 1GB/s }\ncopy: { streems: 4 }\n", 3, "copy.streems", "did you mean 'streams'"),
        ("data: { size: 1TB }\nnetwork: { rate: 1GB/s }\ncopy: { streams: 0 }\n", 3, "copy.streams", "≥ 1"),
        ("data: { size: 1TB }\nnetwork: { rate: 1GB/s }\ncopy: { streams: 2.5 }\n", 3, "copy.streams", "whole number"),
        ("data:\n  size: 1TB\n  compression: 1.3\nnetwork: { rate: 1GB/s }\n", 3, "data.compression", "≤ 1"),
        ("data:\n  size: 1TB\nnetwork:\n  rate: 1GB/s\n  efficiency: 0.5\n", 5, "network.efficiency", "applies to 'bandwidth'"),
        ("data:\n  size: 1TB\nnetwork:\n  bandwidth: 1Gbps\n  tcp_window: 4MiB\n", 5, "network.tcp_window", "needs 'rtt'"),
        ("data:\n  size: 1TB\nnetwork:\n  bandwidth: 1Gbps\nuncertainty:\n  samples: 10\n", 5, "uncertainty.rate_cv", "is required"),
        ("data:\n  size: 1TB\nnetwork:\n  bandwidth: 1Gbps\ncutover:\n  max_downtime: 5m\n", 6, "cutover.max_downtime", "5min"),
        ("name: ../escape\ndata: { size: 1TB }\nnetwork: { rate: 1GB/s }\n", 1, "name", "report name"),
        ("network: { rate: 1GB/s }\n", 1, "data", "is required"),
        ("data:\n  size: .nan\nnetwork: { rate: 1GB/s }\n", 2, "data.size", "finite"),
        ("data:\n  size: 1TB\nnetwork: { rate: 1GB/s, bandwidth: 1Gbps }\n", 3, "network.bandwidth", "not both"),
    ])
    func errorsAreLocated(yaml: String, line: Int, field: String, message: String) {
        do {
            _ = try read(yaml)
            Issue.record("expected an error for:\n\(yaml)")
        } catch let error as InputError {
            #expect(error.file == "test.yaml")
            #expect(error.line == line, "\(error.errorDescription ?? "")")
            #expect(error.field == field, "\(error.errorDescription ?? "")")
            #expect(error.message.contains(message), "\(error.errorDescription ?? "")")
        } catch {
            Issue.record("wrong error type \(type(of: error)): \(error)")
        }
    }

    @Test func syntaxErrorsCarryTheLine() {
        let error = #expect(throws: InputError.self) { try YAMLNode.document("a: 1\n b: 2\n", file: "x.yaml") }
        #expect(error?.line == 2)
        #expect(error?.message.contains("not valid YAML") == true)
    }

    @Test func emptyFileIsAnError() {
        #expect(throws: InputError.self) { try YAMLNode.document("", file: "x.yaml") }
    }
}

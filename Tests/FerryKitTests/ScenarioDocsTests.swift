import Foundation
import Testing
@testable import FerryKit

/// docs/scenario.md against the scenario reader: every key the reader accepts is documented,
/// and every documented key is one the reader accepts. The reader is asked for its keys the
/// way a user would find them: an unknown key at each place in a scenario is refused with the
/// list of allowed keys, and that list is compared with the page.
@Suite("docs/scenario.md matches the reader")
struct ScenarioDocsTests {
    static let docPath = FerryBinary.packageRoot + "/docs/scenario.md"
    static let catalog = FerryBinary.packageRoot + "/datasets/catalogs/aws-ec2-us-east-1.csv"

    /// Documented keys, grouped by section (`data`, `services[]`, `costs.demand`, top level "").
    static func documented() throws -> [String: Set<String>] {
        let text = try String(contentsOfFile: docPath, encoding: .utf8)
        var out: [String: Set<String>] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let key = line.dropFirst(3).prefix { $0 != "`" }
            let parts = key.split(separator: ".", omittingEmptySubsequences: false)
            // "costs.commitment_discount.1y": section "costs.commitment_discount", key "1y".
            let section = parts.dropLast().joined(separator: ".")
            out[section, default: []].insert(String(parts.last ?? ""))
        }
        return out
    }

    /// A valid scenario with `insert` placed at `section`, YAML text.
    static func scenario(bogusAt section: String) -> String {
        let bogus = "zz_not_a_key: 1"
        func at(_ s: String) -> String { section == s ? ", \(bogus)" : "" }
        var yaml = section.isEmpty ? "\(bogus)\n" : ""
        yaml += "source: { provider: on-prem\(at("source")) }\n"
        yaml += "target: { provider: aws, region: us-east-1\(at("target")) }\n"
        yaml += "data: { size: 1TB\(at("data")) }\n"
        yaml += "network: { bandwidth: 1Gbps\(at("network")) }\n"
        yaml += "copy: { streams: 2\(at("copy")) }\n"
        yaml += "cutover: { max_downtime: 1h\(at("cutover")) }\n"
        yaml += "uncertainty: { rate_cv: 0.1, samples: 10\(at("uncertainty")) }\n"
        yaml += "claim: { time: 1h\(at("claim")) }\n"
        let node = section == "services[].node" ? ", node: { vcpu: 2, memory: 8GiB, \(bogus) }" : ""
        yaml += "services:\n  - { name: a, arrival_rate: 10/s, service_time: 10ms, max_utilization: 50%\(at("services[]"))\(node) }\n"
        yaml += "costs:\n  catalog: \(catalog)\n"
        if section == "costs" { yaml += "  \(bogus)\n" }
        switch section {
        case "costs.demand": yaml += "  demand: { vcpu: 4, \(bogus) }\n"
        case "costs.containers[]": yaml += "  containers:\n    - { name: a, vcpu: 1, memory: 1GiB, \(bogus) }\n"
        case "costs.unit_prices": yaml += "  unit_prices:\n    - { name: cpu, quantity: 4, price: 10/core-month, \(bogus) }\n"
        case "costs.storage": yaml += "  storage: { size: 1TB, price: 0.08/GB-month, \(bogus) }\n"
        case "costs.deployment": yaml += "  deployment: { fixed: 10 USD, \(bogus) }\n"
        case "costs.commitment_discount": yaml += "  commitment_discount: { 1y: 30%, \(bogus) }\n"
        case "costs.link": yaml += "  link: { port: 0.30/h, \(bogus) }\n"
        default: yaml += "  demand: { vcpu: 4 }\n"
        }
        return yaml
    }

    /// The reader's allowed keys at `section`, from its refusal of an unknown key.
    static func readerKeys(at section: String) throws -> Set<String> {
        let yaml = scenario(bogusAt: section)
        do {
            _ = try ScenarioReader.read(try YAMLNode.document(yaml, file: "probe.yaml"), baseDirectory: ".")
        } catch let error as InputError {
            let message = error.message
            guard message.contains("unknown key 'zz_not_a_key'"), let range = message.range(of: "allowed keys: ") else {
                Issue.record("section \(section): unexpected error \(message)")
                return []
            }
            return Set(message[range.upperBound...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        Issue.record("section \(section): the reader accepted an unknown key")
        return []
    }

    static let sections = ["", "source", "target", "data", "network", "copy", "cutover", "uncertainty", "claim",
                           "services[]", "services[].node", "costs", "costs.demand", "costs.containers[]",
                           "costs.unit_prices", "costs.storage", "costs.deployment", "costs.commitment_discount",
                           "costs.link"]

    @Test(arguments: sections)
    func sectionMatches(_ section: String) throws {
        let docs = try Self.documented()
        // The doc writes list sections as `costs.unit_prices[]`; the probe names the section without [].
        let documentedKeys = docs[section] ?? docs[section + "[]"] ?? []
        let reader = try Self.readerKeys(at: section)
        #expect(!reader.isEmpty)
        #expect(reader.subtracting(documentedKeys).isEmpty, "\(section): undocumented keys \(reader.subtracting(documentedKeys).sorted())")
        #expect(documentedKeys.subtracting(reader).isEmpty, "\(section): documented but refused \(documentedKeys.subtracting(reader).sorted())")
    }

    /// Every documented section is probed above (a new section in the docs needs a probe).
    @Test func everyDocumentedSectionIsProbed() throws {
        let probed = Set(Self.sections.flatMap { [$0, $0 + "[]"] })
        let documentedSections = Set(try Self.documented().keys)
        #expect(documentedSections.subtracting(probed).isEmpty, "\(documentedSections.subtracting(probed).sorted())")
    }

    /// The documented defaults that matter most, against the reader's.
    @Test func documentedDefaultsAreTheReaders() throws {
        let s = try ScenarioReader.read(try YAMLNode.document("data: { size: 1TB, change_rate: 1MB/s }\nnetwork: { bandwidth: 1Gbps }\nuncertainty: { rate_cv: 0.2 }\n",
                                                             file: "d.yaml"), baseDirectory: ".")
        #expect(s.path.efficiency == 1)
        #expect(s.path.streams == 1)
        #expect(s.workload.compressionRatio == 1)
        #expect(s.workload.perFileSeconds == 0)
        #expect(s.uncertainty?.samples == 100_000)
        #expect(s.uncertainty?.seed == 1)
        #expect(s.uncertainty?.perFileCV == 0.2)
        let plan = try Planner.plan(s)
        #expect(plan.estimate.delta?.maxDowntime == 300, "docs: 5min when the data changes")
    }
}

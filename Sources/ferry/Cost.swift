import ArgumentParser
import FerryKit
import FerryModels
import FerryUnits
import Foundation

/// `ferry cost`: cheapest instances for a demand (or containers) from a catalogue, and the
/// cost projection: monthly table, commitments, one-off migration cost, break-even, tornado.
struct Cost: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cheapest resources from a price catalogue, and the cost projection.",
        discussion: """
            ferry cost --vcpu 32 --memory 128GiB --headroom 20% --commitment none,1y,3y
            ferry cost --container api:2:4GiB:6 --container db:8:64GiB:2
            ferry cost --vcpu 16 --memory 64GiB --data 10TB --compression 0.7 --window 30d \\
                       --egress 0.09/GB --labour 120/h --current-monthly '$20,000' --out reports/cost
            ferry cost COSTS.yaml --data 10TB --window 30d      # a file with a costs: section

            Catalogue paths in a file are resolved against the file's directory, then the \
            working directory. Without --catalog, demand flags use \
            datasets/catalogs/aws-ec2-us-east-1.csv (transcribed list prices; see its header).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A YAML file with a costs: section (or the section's keys at the top level).")
    var file: String?

    @Option(help: "Price catalogue CSV.")
    var catalog: String?

    @Option(help: "CPU demand, vCPU.")
    var vcpu: Double?

    @Option(help: "Memory demand, e.g. 128GiB.")
    var memory: String?

    @Option(help: "Spare capacity over the demand, e.g. 20%.")
    var headroom: String?

    @Option(help: "A container NAME:VCPU:MEMORY[:REPLICAS], e.g. api:2:4GiB:6 (repeatable).")
    var container: [String] = []

    @Option(help: "Projection horizon, e.g. '36 months'.")
    var horizon: String?

    @Option(help: "Demand growth, e.g. 5%/month.")
    var growth: String?

    @Option(help: "Commitments to compare, e.g. none,1y,3y.")
    var commitment: String?

    @Option(help: "Current (on-premises) monthly cost for break-even and the parallel run, e.g. '$20,000'.")
    var currentMonthly: String?

    @Option(help: "Data to migrate (before compression), e.g. 10TB.")
    var data: String?

    @Option(help: "Compressed/original size, e.g. 0.7.")
    var compression: String?

    @Option(help: "Migration window, e.g. 30d (needed with --data).")
    var window: String?

    @Option(help: "Egress price of the source, e.g. 0.09/GB (default: by direction — the source's provider's tiers from the catalogue, nothing from on-prem).")
    var egress: String?

    @Option(help: "Where the data comes from: PROVIDER[:REGION], PROVIDER one of on-prem, aws, gcp, azure (e.g. on-prem, aws:us-east-1).")
    var source: String?

    @Option(help: "Where the data goes: PROVIDER[:REGION] (e.g. aws:us-east-1).")
    var target: String?

    @Option(help: "Labour rate, e.g. 120/h.")
    var labour: String?

    @Option(help: "Tooling rate, e.g. 15/h.")
    var tooling: String?

    @Option(help: "Write cost.md, cost.csv, cost-monthly.svg and cost-tornado.svg to this directory.")
    var out: String?

    func run() throws {
        var section = try loadSection()
        try applyFlags(&section)
        let bytes = try flagValue("--data", data) { try ByteCount.parse($0).bytes } ?? 0
        let ratio = try flagValue("--compression", compression) { try Fraction.parse($0, range: 0...1, openLowerBound: true).value } ?? 1
        let windowSeconds = try flagValue("--window", window) { try TimeSpan.parse($0).seconds } ?? 0
        if bytes > 0 && windowSeconds <= 0 {
            throw ValidationError("--data needs --window (the migration window, e.g. from ferry time)")
        }
        let projection = try CostPlanner.project(section, migration: MigrationInputs(bytes: bytes, compressionRatio: ratio, windowSeconds: windowSeconds))
        if let dir = out {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let files = ["cost.md": CostReport.markdown(projection), "cost.csv": CostReport.csv(projection),
                         "cost-monthly.svg": CostReport.svgStacked(projection), "cost-tornado.svg": CostReport.svgTornado(projection)]
            for (name, content) in files {
                try content.write(toFile: (dir as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            if !global.quiet { warn("wrote \(files.keys.sorted().map { (dir as NSString).appendingPathComponent($0) }.joined(separator: ", "))") }
        }
        switch global.format {
        case .json: emit(try CostJSON.render(projection))
        case .csv: emit(CostReport.csv(projection))
        case .text, .md: emit(CostReport.markdown(projection))
        }
    }

    func loadSection() throws -> CostSection {
        if let file {
            let root = try YAMLNode.load(path: file)
            let costs = try root.child("costs")
            var node = root
            if let costs {
                node = costs
            }
            var section = try CostSection.read(node, baseDirectory: (file as NSString).deletingLastPathComponent)
            if costs != nil {
                section.source = try root.child("source").map(CostSection.readEndpoint)
                section.target = try root.child("target").map(CostSection.readEndpoint)
            }
            return section
        }
        let needsCatalog = vcpu != nil || memory != nil || !container.isEmpty || catalog != nil
        guard needsCatalog || data != nil else {
            throw ValidationError("give a demand (--vcpu/--memory), --container, --data or a costs file")
        }
        let path = catalog ?? "datasets/catalogs/aws-ec2-us-east-1.csv"
        var section = CostSection(catalog: needsCatalog ? try CatalogReader.load(path: path) : nil)
        if needsCatalog { section.catalogPath = path }
        return section
    }

    func endpoint(_ flag: String, _ text: String) throws -> TransferEndpoint {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard let first = parts.first, let provider = CloudProvider.named(first) else {
            throw ValidationError("\(flag): unknown provider in '\(text)'; expected on-prem, aws, gcp or azure, optionally :REGION")
        }
        return TransferEndpoint(provider: provider, region: parts.count > 1 ? parts[1] : nil)
    }

    func applyFlags(_ s: inout CostSection) throws {
        if let catalog, file != nil {
            s = CostSection(catalog: try CatalogReader.load(path: catalog))
            s.catalogPath = catalog
        }
        if let vcpu {
            guard vcpu > 0 else { throw ValidationError("--vcpu: expected a positive number, found \(vcpu)") }
            s.vcpu = vcpu
        }
        if let m = try flagValue("--memory", memory, { try ByteCount.parse($0).bytes }) { s.memoryGiB = m / 1_073_741_824 }
        if let h = try flagValue("--headroom", headroom, { try Fraction.parse($0, range: 0...10).value }) { s.headroom = h }
        if !container.isEmpty {
            s.containers = try container.map { spec in
                let parts = spec.split(separator: ":").map(String.init)
                guard parts.count == 3 || parts.count == 4, let cpu = Double(parts[1]), cpu > 0 else {
                    throw ValidationError("--container: expected NAME:VCPU:MEMORY[:REPLICAS] such as api:2:4GiB:3, found '\(spec)'")
                }
                let mem = try flagValue("--container", parts[2]) { try ByteCount.parse($0, allowZero: false).bytes }!
                let replicas = parts.count == 4 ? Int(parts[3]) : 1
                guard let replicas, replicas >= 1 else { throw ValidationError("--container: replicas must be a whole number ≥ 1 in '\(spec)'") }
                guard replicas <= ContainerPacking.maxReplicas else {
                    throw CostError.invalid(name: "--container \(parts[0]) replicas", value: Double(replicas),
                                            requirement: "expected at most \(ContainerPacking.maxReplicas) (each replica is placed individually)")
                }
                return .init(name: parts[0], vcpu: cpu, memoryGiB: mem / 1_073_741_824, replicas: replicas)
            }
        }
        if let h = try flagValue("--horizon", horizon, { try TimeSpan.parse($0, allowZero: false).seconds }) {
            let months = h / TimeSpan.secondsPerMonth
            // Checked before converting to Int: '1e19 months' must be an error, not a trap.
            guard months.isFinite, months >= 1 - 1e-9, months <= 1200 else {
                throw CostError.invalid(name: "--horizon", value: months, requirement: "expected 1 to 1200 months")
            }
            s.horizonMonths = max(1, Int(months.rounded()))
        }
        if let g = try flagValue("--growth", growth, { try GrowthRate.parse($0).perMonth }) { s.growthPerMonth = g }
        if let c = commitment {
            s.commitments = try c.split(separator: ",").map {
                guard let v = Commitment(rawValue: $0.trimmingCharacters(in: .whitespaces).lowercased()) else {
                    throw ValidationError("--commitment: unknown '\($0)'; expected none, 1y or 3y")
                }
                return v
            }
        }
        if let m = try flagValue("--current-monthly", currentMonthly, { try Money.parse($0).amount }) { s.currentMonthly = m }
        if let e = try flagValue("--egress", egress, { try UnitPrice.parse($0, expecting: .bytes).perGB }) { s.egressGiven = .flat(perGB: e) }
        if let text = source { s.source = try endpoint("--source", text) }
        if let text = target { s.target = try endpoint("--target", text) }
        if let l = try flagValue("--labour", labour, { try UnitPrice.parse($0, expecting: .time).perHour }) { s.labourPerHour = l }
        if let t = try flagValue("--tooling", tooling, { try UnitPrice.parse($0, expecting: .time).perHour }) { s.toolingPerHour = t }
    }
}

import ArgumentParser
import FerryKit
import FerryModels
import FerryUnits
import Foundation

/// `ferry capacity`: evaluate N servers, or size N for a response-time objective (M/M/c,
/// G/G/c by Allen–Cunneen), over a growth forecast, optionally checked by simulation.
struct Capacity: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Queueing: evaluate N servers, or size N for a response-time objective.",
        discussion: """
            M/M/c (Erlang C) is exact when both coefficients of variation are 1; otherwise the G/G/c figures use the Allen–Cunneen approximation, and --simulate checks them. Per-node load is λ/N requests per second per server: a load, not a response time.

            Evaluate: ferry capacity --arrival-rate 1200/s --service-time 40ms --servers 52

            Size: ferry capacity --arrival-rate 1200/s --service-time 40ms --objective p95=250ms

            Growth: add --growth 5%/month --months 24

            Simulate: add --simulate --customers 1000000 --service-cv 0.5
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Arrival rate, e.g. 1200/s, 30/min.")
    var arrivalRate: String

    @Option(help: "Mean service time per request on one server, e.g. 40ms.")
    var serviceTime: String?

    @Option(help: "Service rate of one server, e.g. 25/s (alternative to --service-time).")
    var serviceRate: String?

    @Option(help: "Servers to evaluate.")
    var servers: Int?

    @Option(help: "Objective to size for: mean=200ms or pNN=250ms (repeatable).")
    var objective: [String] = []

    @Option(help: "Utilisation cap when sizing, e.g. 70%.")
    var maxUtilization: String?

    @Option(name: .customLong("arrival-cv"), help: "Coefficient of variation of inter-arrival times; 1 is Poisson.")
    var arrivalCV: Double = 1

    @Option(name: .customLong("service-cv"), help: "Coefficient of variation of service times; 1 is exponential.")
    var serviceCV: Double = 1

    @Option(help: "Load growth, e.g. 5%/month.")
    var growth: String?

    @Option(help: "Forecast horizon in months (default 12 with --growth).")
    var months: Int?

    @Option(help: "Response payload, e.g. 200kB (with --bandwidth: adds payload/bandwidth to responses).")
    var payload: String?

    @Option(help: "Bandwidth per response stream, e.g. 1Gbps (with --payload).")
    var bandwidth: String?

    @Flag(help: "Also simulate the queue (discrete-event, G/G/c) at the evaluated or sized server count.")
    var simulate = false

    @Option(help: "Customers to simulate.")
    var customers: Int = 1_000_000

    @Option(help: "Random seed for --simulate.")
    var seed: UInt64 = 1

    func validate() throws {
        if (serviceTime == nil) == (serviceRate == nil) {
            throw ValidationError("give exactly one of --service-time or --service-rate")
        }
        let sizing = !objective.isEmpty || maxUtilization != nil
        if servers != nil && sizing {
            throw ValidationError("give --servers to evaluate, or --objective/--max-utilization to size, not both")
        }
        if servers == nil && !sizing {
            throw ValidationError("give --servers N to evaluate, or --objective (e.g. p95=250ms) and/or --max-utilization to size")
        }
        if (payload == nil) != (bandwidth == nil) {
            throw ValidationError("--payload and --bandwidth go together")
        }
        if let months, !(0...CapacityPlanner.maxMonths).contains(months) {
            throw ValidationError("--months \(months) must be between 0 and \(CapacityPlanner.maxMonths)")
        }
        if let servers, !(1...QueueModel.maxServers).contains(servers) {
            throw ValidationError("--servers \(servers) must be between 1 and \(QueueModel.maxServers)")
        }
        let cvLimit = QueueModel.maxCoefficientOfVariation
        for (name, cv) in [("--arrival-cv", arrivalCV), ("--service-cv", serviceCV)] where !(cv.isFinite && cv >= 0 && cv <= cvLimit) {
            throw ValidationError("\(name) \(cv) must be a number from 0 to \(Int(cvLimit))")
        }
        if simulate, !(2_000...QueueSimulator.maxCustomers).contains(customers) {
            throw ValidationError("--customers \(customers) must be between 2000 and \(QueueSimulator.maxCustomers)")
        }
    }

    func run() throws {
        let request = try makeRequest()
        let clock = ContinuousClock()
        let start = clock.now
        let report = try CapacityAnalysis.run(request)
        let elapsed = clock.now - start
        if global.verbose {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            var line = String(format: "computed in %.3f ms", seconds * 1000)
            if let sim = report.simulation {
                line += String(format: " (including %d simulated customers: ≥ %.2f M customers/s)",
                               sim.customers, Double(sim.customers) / seconds / 1e6)
            }
            warn(line)
        }
        emit(CapacityOutput.render(CapacityDocument(report, request: request), format: global.format))
    }

    /// Parses the flags into a library request; bad values are usage errors naming the flag.
    func makeRequest() throws -> CapacityRequest {
        let lambda = try flag("--arrival-rate") { try EventRate.parse(arrivalRate).perSecond }
        let s: Double
        if let serviceTime {
            s = try flag("--service-time") { try TimeSpan.parse(serviceTime, allowZero: false).seconds }
        } else {
            s = try flag("--service-rate") { 1 / (try EventRate.parse(serviceRate ?? "").perSecond) }
        }
        let objectives = try objective.map { text in try flag("--objective") { try ResponseObjective.parse(text) } }
        let cap = try maxUtilization.map { text in
            try flag("--max-utilization") { try Fraction.parse(text, range: 0...1, openLowerBound: true).value }
        }
        let g = try growth.map { text in try flag("--growth") { try GrowthRate.parse(text).perMonth } } ?? 0
        var delay = 0.0
        if let payload, let bandwidth {
            let bytes = try flag("--payload") { try ByteCount.parse(payload).bytes }
            let rate = try flag("--bandwidth") { try DataRate.parse(bandwidth).bytesPerSecond }
            delay = try ServiceSpec.transferDelay(payloadBytes: bytes, bandwidthBytesPerSecond: rate)
        }
        let spec = ServiceSpec(name: "service", arrivalRate: lambda, serviceTime: s, arrivalCV: arrivalCV,
                               serviceCV: serviceCV, objectives: objectives, maxUtilization: cap,
                               growthPerMonth: g, fixedDelay: delay)
        return CapacityRequest(
            service: spec, servers: servers, months: months ?? (growth == nil ? 0 : 12),
            simulation: simulate ? .init(customers: customers, seed: seed) : nil)
    }

    /// Runs `parse`, turning its error into a usage error that names `name`.
    private func flag<T>(_ name: String, _ parse: () throws -> T) throws -> T {
        do {
            return try parse()
        } catch {
            throw ValidationError("\(name): \(Ferry.describe(error))")
        }
    }
}

import Foundation

/// The one-off cost of a migration project (S4-1, S4-2):
/// ```
/// wire bytes  = bytes × compression ratio                      (S4-2: size_data = S_input · F_com)
/// egress      = months × tiers(wire GB / months),  months = max(1, window / 730 h)
///               (the source's provider's tiers; 0 from on-prem)
/// ingress     = wire GB × the target's inbound price (0 at AWS, Google Cloud, Azure)
/// link        = port price × ports × window hours + per-GB × wire GB   (instead of egress)
/// labour      = rate × staff × coverage × window hours
/// tooling     = rate × window hours
/// parallel    = old environment's monthly cost × window months  (old and new both paid)
/// deployment  = fixed + services × hours per service × labour rate
/// ```
/// The effect of compression is the difference to the same project with ratio 1 and the
/// uncompressed window.
public struct MigrationCost: Sendable {
    /// The inputs of a migration project.
    public struct Inputs: Sendable {
        /// Bytes to move before compression.
        public var bytes: Double
        /// Compressed size / original size, in (0, 1] (1: no compression).
        public var compressionRatio: Double
        /// The migration window with compression, seconds.
        public var windowSeconds: Double
        /// The window without compression, seconds (nil: window / ratio, i.e. transfer-bound).
        public var uncompressedWindowSeconds: Double?
        /// Egress price per GB (tiers per month), charged by the source's provider.
        public var egress: TieredPrice
        /// Ingress price per GB charged by the target (0: free inbound, as at the big clouds).
        public var ingressPerGB: Double = 0
        /// A dedicated link carrying the data instead of the internet (nil: internet).
        public var link: DedicatedLink?
        /// How the transfer is charged, in words (for the report), e.g. "on-prem → AWS: …".
        public var transferNote: String?
        /// Staff cost per person-hour.
        public var labourPerHour: Double
        /// People working on the migration.
        public var staff: Double
        /// Fraction of the window's hours that are staffed (1: around the clock).
        public var coverage: Double
        /// Tooling (licences, transfer appliances, …) per hour of the window.
        public var toolingPerHour: Double
        /// The old environment's cost per month, paid on during the window (0: none).
        public var parallelRunMonthly: Double
        /// Services to deploy.
        public var services: Int
        /// Labour hours to deploy one service.
        public var hoursPerService: Double
        /// Fixed deployment cost.
        public var deploymentFixed: Double

        /// Creates inputs; everything but bytes and window defaults to zero / no compression.
        public init(bytes: Double, compressionRatio: Double = 1, windowSeconds: Double, uncompressedWindowSeconds: Double? = nil,
                    egress: TieredPrice = .flat(perGB: 0), labourPerHour: Double = 0, staff: Double = 1, coverage: Double = 1,
                    toolingPerHour: Double = 0, parallelRunMonthly: Double = 0, services: Int = 0, hoursPerService: Double = 0,
                    deploymentFixed: Double = 0) {
            self.bytes = bytes
            self.compressionRatio = compressionRatio
            self.windowSeconds = windowSeconds
            self.uncompressedWindowSeconds = uncompressedWindowSeconds
            self.egress = egress
            self.labourPerHour = labourPerHour
            self.staff = staff
            self.coverage = coverage
            self.toolingPerHour = toolingPerHour
            self.parallelRunMonthly = parallelRunMonthly
            self.services = services
            self.hoursPerService = hoursPerService
            self.deploymentFixed = deploymentFixed
        }
    }

    /// One component of the cost.
    public struct Line: Sendable {
        /// `egress`, `ingress`, `link ports`, `link transfer`, `labour`, `tooling`,
        /// `parallel run`, `deployment`.
        public var component: String
        /// Currency units.
        public var amount: Double
        /// How it was computed, for reports.
        public var detail: String
        /// Quantity in `unit` (nil for composite lines).
        public var quantity: Double? = nil
        /// The quantity's unit, e.g. `GB`, `person-hour`, `month`.
        public var unit: String? = nil
        /// Price per unit, currency units (the average over tiers for tiered prices).
        public var unitPrice: Double? = nil
    }

    /// The inputs used.
    public var inputs: Inputs
    /// The components.
    public var lines: [Line]
    /// Bytes on the wire after compression.
    public var wireBytes: Double
    /// Σ lines, currency units.
    public var total: Double { lines.reduce(0) { $0 + $1.amount } }
    /// The same project's total without compression (nil when the ratio is 1).
    public var totalWithoutCompression: Double?
    /// What compression saves: totalWithoutCompression − total (0 when the ratio is 1).
    public var compressionSavings: Double { (totalWithoutCompression ?? total) - total }
    /// Window in months of 730 h.
    public var windowMonths: Double { inputs.windowSeconds / (730 * 3600) }

    /// Computes the project cost.
    /// - Throws: `CostError.invalid` for a ratio outside (0, 1], negative sizes, windows or rates.
    public init(_ inputs: Inputs) throws {
        try Self.check(inputs)
        self.inputs = inputs
        (lines, wireBytes) = Self.lines(inputs, ratio: inputs.compressionRatio, window: inputs.windowSeconds)
        if inputs.compressionRatio < 1 {
            let window = inputs.uncompressedWindowSeconds ?? inputs.windowSeconds / inputs.compressionRatio
            totalWithoutCompression = Self.lines(inputs, ratio: 1, window: window).0.reduce(0) { $0 + $1.amount }
        }
    }

    static func check(_ i: Inputs) throws {
        guard i.compressionRatio > 0, i.compressionRatio <= 1 else {
            throw CostError.invalid(name: "compression ratio", value: i.compressionRatio, requirement: "expected compressed/original size in (0, 1]")
        }
        for (name, v) in [("bytes", i.bytes), ("window seconds", i.windowSeconds), ("labour per hour", i.labourPerHour),
                          ("staff", i.staff), ("tooling per hour", i.toolingPerHour), ("parallel run per month", i.parallelRunMonthly),
                          ("hours per service", i.hoursPerService), ("deployment cost", i.deploymentFixed)]
            where !(v >= 0 && v.isFinite) {
            throw CostError.invalid(name: name, value: v, requirement: "expected a finite value ≥ 0")
        }
        for (name, v) in [("ingress per GB", i.ingressPerGB), ("link port price", i.link?.portHourly ?? 0), ("link price per GB", i.link?.perGB ?? 0)]
            where !(v >= 0 && v.isFinite) {
            throw CostError.invalid(name: name, value: v, requirement: "expected a finite price ≥ 0")
        }
        if let l = i.link, l.ports < 1 { throw CostError.invalid(name: "link ports", value: Double(l.ports), requirement: "expected at least 1 port") }
        guard i.coverage >= 0, i.coverage <= 1 else {
            throw CostError.invalid(name: "coverage", value: i.coverage, requirement: "expected a fraction of the window's hours in [0, 1]")
        }
    }

    static func lines(_ i: Inputs, ratio: Double, window: Double) -> ([Line], Double) {
        let wire = i.bytes * ratio
        let hours = window / 3600
        let months = hours / 730
        let gb = wire / 1e9
        var lines = [Line]()
        let egressMonths = max(1, months)
        func avg(_ amount: Double, _ q: Double) -> Double? { q > 0 ? amount / q : nil }
        if let link = i.link {
            let portHours = Double(link.ports) * hours
            lines.append(Line(component: "link ports", amount: link.portHourly * portHours,
                              detail: String(format: "%d port(s) × %.2f h × %.6g/h", link.ports, hours, link.portHourly),
                              quantity: portHours, unit: "port-hour", unitPrice: link.portHourly))
            lines.append(Line(component: "link transfer", amount: link.perGB * gb,
                              detail: String(format: "%.6g GB over the link × %.6g/GB", gb, link.perGB),
                              quantity: gb, unit: "GB", unitPrice: link.perGB))
        } else {
            let amount = i.egress.cost(gigabytes: gb, overMonths: months)
            lines.append(Line(component: "egress", amount: amount,
                              detail: String(format: "%.6g GB on the wire over %.3g billing month(s)", gb, egressMonths),
                              quantity: gb, unit: "GB", unitPrice: avg(amount, gb) ?? i.egress.tiers.first?.perGB ?? 0))
        }
        if i.ingressPerGB > 0 {
            lines.append(Line(component: "ingress", amount: i.ingressPerGB * gb, detail: String(format: "%.6g GB × %.6g/GB", gb, i.ingressPerGB),
                              quantity: gb, unit: "GB", unitPrice: i.ingressPerGB))
        }
        let personHours = i.staff * i.coverage * hours
        lines.append(Line(component: "labour", amount: i.labourPerHour * personHours,
                          detail: String(format: "%.6g/h × %g staff × %g%% coverage × %.2f h", i.labourPerHour, i.staff, i.coverage * 100, hours),
                          quantity: personHours, unit: "person-hour", unitPrice: i.labourPerHour))
        lines.append(Line(component: "tooling", amount: i.toolingPerHour * hours,
                          detail: String(format: "%.6g/h × %.2f h", i.toolingPerHour, hours),
                          quantity: hours, unit: "hour", unitPrice: i.toolingPerHour))
        lines.append(Line(component: "parallel run", amount: i.parallelRunMonthly * months,
                          detail: String(format: "old environment %.6g/month × %.3g months", i.parallelRunMonthly, months),
                          quantity: months, unit: "month", unitPrice: i.parallelRunMonthly))
        lines.append(Line(component: "deployment", amount: i.deploymentFixed + Double(i.services) * i.hoursPerService * i.labourPerHour,
                          detail: String(format: "%.6g fixed + %d services × %g h × %.6g/h", i.deploymentFixed, i.services, i.hoursPerService, i.labourPerHour)))
        return (lines, wire)
    }
}

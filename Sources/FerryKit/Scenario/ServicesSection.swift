import Foundation
import FerryModels
import FerryUnits

/// The `services:` section of a scenario: the services to size after the move.
///
/// ```yaml
/// services:
///   - name: api
///     arrival_rate: 1200/s
///     service_time: 40ms        # or service_rate: 25/s (per node)
///     arrival_cv: 1.0           # default 1 (Poisson)
///     service_cv: 1.0           # default 1 (exponential)
///     objective: { p95: 250ms } # and/or mean: 200ms
///     max_utilization: 70%
///     growth: 5%/month
///     horizon: 24 months        # default 12 months (and at least the cost horizon)
///     node: { vcpu: 2, memory: 8GiB }   # or instance: m6i.large — prices the node counts
/// ```
public struct ServicesSection: Sendable {
    /// The services, validated.
    public var services: [ServiceSpec]
    /// Months to plan ahead, per service (same order).
    public var horizons: [Int]
    /// What one node of each service is (`node:` or `instance:`), per service (same order);
    /// nil where not given (the service is then not priced).
    public var nodes: [ServiceCompute.Node?] = []

    /// Keys one service entry may have.
    public static let keys = ["name", "arrival_rate", "service_time", "service_rate", "arrival_cv", "service_cv",
                              "objective", "max_utilization", "growth", "horizon", "fixed_delay", "node", "instance"]

    /// Reads and validates the section.
    /// - Throws: `InputError` with file, line and field.
    public static func read(_ node: YAMLNode) throws -> ServicesSection {
        var specs: [ServiceSpec] = []
        var horizons: [Int] = []
        var nodes: [ServiceCompute.Node?] = []
        for item in try node.items() {
            try item.checkKeys(keys)
            let name = try item.required("name").string()
            let arrival = try item.required("arrival_rate").quantity { try EventRate.parse($0).perSecond }
            let serviceTime: Double
            switch (try item.child("service_time"), try item.child("service_rate")) {
            case let (time?, nil): serviceTime = try time.quantity { try TimeSpan.parse($0, allowZero: false).seconds }
            case let (nil, rate?): serviceTime = 1 / (try rate.quantity { try EventRate.parse($0).perSecond })
            case (_?, let rate?): throw rate.error("give service_time or service_rate, not both")
            case (nil, nil): throw item.error("needs service_time (e.g. 40ms) or service_rate (e.g. 25/s per node)")
            }
            var objectives: [ResponseObjective] = []
            if let o = try item.child("objective") {
                for (key, value) in try o.entries() {
                    let text = "\(key)=\(try value.scalarText())"
                    do {
                        objectives.append(try ResponseObjective.parse(text))
                    } catch let error as LocalizedError {
                        throw value.error(error.errorDescription ?? "\(error)")
                    }
                }
            }
            let maxUtilization = try item.child("max_utilization")?.double(in: 0...1, openLowerBound: true)
            if objectives.isEmpty && maxUtilization == nil {
                throw item.error("needs an objective (e.g. objective: { p95: 250ms }) or max_utilization (e.g. 70%)")
            }
            var spec = ServiceSpec(name: name, arrivalRate: arrival, serviceTime: serviceTime,
                                   objectives: objectives, maxUtilization: maxUtilization)
            if let a = try item.child("arrival_cv") { spec.arrivalCV = try a.double(in: 0...20) }
            if let s = try item.child("service_cv") { spec.serviceCV = try s.double(in: 0...20) }
            if let g = try item.child("growth") { spec.growthPerMonth = try g.quantity { try GrowthRate.parse($0).perMonth } }
            if let d = try item.child("fixed_delay") { spec.fixedDelay = try d.quantity { try TimeSpan.parse($0).seconds } }
            var horizon = 12
            if let h = try item.child("horizon") {
                let seconds = try h.quantity { try TimeSpan.parse($0).seconds }
                horizon = Int((seconds / TimeSpan.secondsPerMonth).rounded())
                if horizon < 0 || horizon > 240 { throw h.error("must be between 0 and 240 months") }
            }
            // Validate now so the error points at this entry, not at plan time.
            do {
                _ = try spec.model()
            } catch let error as LocalizedError {
                throw item.error(error.errorDescription ?? "\(error)")
            }
            specs.append(spec)
            horizons.append(horizon)
            nodes.append(try readNode(item))
        }
        if specs.isEmpty { throw node.error("lists no services") }
        var section = ServicesSection(services: specs, horizons: horizons)
        section.nodes = nodes
        return section
    }

    /// `node: { vcpu, memory }` or `instance: TYPE` of one service entry.
    static func readNode(_ item: YAMLNode) throws -> ServiceCompute.Node? {
        switch (try item.child("node"), try item.child("instance")) {
        case (nil, nil): return nil
        case (_?, let i?): throw i.error("give node: { vcpu, memory } or instance: TYPE, not both")
        case let (nil, i?): return .instance(try i.string())
        case let (n?, nil):
            try n.checkKeys(["vcpu", "memory"])
            let v = try n.required("vcpu")
            let vcpu = try v.double()
            guard vcpu > 0, vcpu.isFinite else { throw v.error("expected a positive number of vCPU, found \(vcpu)") }
            let gib = try n.required("memory").quantity { try ByteCount.parse($0, allowZero: false).bytes } / 1_073_741_824
            return .shape(vcpu: vcpu, memoryGiB: gib)
        }
    }
}

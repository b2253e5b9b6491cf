import Foundation

/// A service's compute, priced from capacity: the queueing model's node count for each month
/// times the price of the node it runs on.
/// ```
/// compute_m = Σ_services nodes_s(m) × hourly(type_s) × hours per month
/// type_s    = the named instance, or the cheapest catalogue type with ≥ vcpu and ≥ memory
/// ```
public struct ServiceCompute: Sendable, Equatable {
    /// What one node of the service is.
    public enum Node: Sendable, Equatable {
        /// A node shape; the cheapest catalogue type that holds it is used.
        case shape(vcpu: Double, memoryGiB: Double)
        /// A named catalogue instance type.
        case instance(String)

        /// For reports: `2 vCPU, 8 GiB` or the type name.
        public var label: String {
            switch self {
            case let .shape(v, m): return "\(Self.trim(v)) vCPU, \(Self.trim(m)) GiB"
            case let .instance(name): return name
            }
        }
    }

    /// The service's name.
    public var name: String
    /// Its node.
    public var node: Node
    /// Nodes needed in cost month 1, 2, … (index 0 = now); months past the end repeat the last.
    public var nodesByMonth: [Int]

    /// Creates a service's compute.
    public init(name: String, node: Node, nodesByMonth: [Int]) {
        self.name = name
        self.node = node
        self.nodesByMonth = nodesByMonth
    }

    /// Nodes in cost month `month` (1-based).
    public func nodes(month: Int) -> Int {
        guard !nodesByMonth.isEmpty else { return 0 }
        return nodesByMonth[min(max(month - 1, 0), nodesByMonth.count - 1)]
    }

    /// The type a node runs on and its hourly price under `commitment`.
    /// - Throws: `CostError.invalid` naming the service when the instance is not in the
    ///   catalogue or no type holds the shape; `CostError.noPrices` when the type has no price
    ///   under the commitment.
    public func resolve(_ types: [InstanceType], commitment: Commitment, assumedDiscount: Double?) throws -> (type: InstanceType, hourly: Double) {
        switch node {
        case let .instance(wanted):
            guard let t = types.first(where: { $0.name == wanted }) else {
                throw CostError.invalid(name: "service '\(name)' instance '\(wanted)'", value: 0, requirement: "not in the catalogue")
            }
            guard let p = t.hourly(commitment, assumedDiscount: assumedDiscount) else { throw CostError.noPrices(commitment: commitment) }
            return (t, p)
        case let .shape(vcpu, memory):
            let fitting = types.filter { $0.vcpu >= vcpu - 1e-9 && $0.memoryGiB >= memory - 1e-9 && !$0.isBurstable }
            guard !fitting.isEmpty else {
                throw CostError.invalid(name: "service '\(name)' node", value: vcpu,
                                        requirement: "no catalogue type has \(Node.trim(vcpu)) vCPU and \(Node.trim(memory)) GiB")
            }
            let priced = fitting.compactMap { t in t.hourly(commitment, assumedDiscount: assumedDiscount).map { (t, $0) } }
            guard let best = priced.min(by: { ($0.1, $0.0.vcpu, $0.0.name) < ($1.1, $1.0.vcpu, $1.0.name) }) else {
                throw CostError.noPrices(commitment: commitment)
            }
            return best
        }
    }
}

extension ServiceCompute.Node {
    static func trim(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%g", x)
    }
}


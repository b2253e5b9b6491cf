import Foundation
import FerryModels

/// What finance reads first: the recommended purchase option, its monthly cost now and at the
/// horizon, the one-off, the total, break-even against current spend, and every month-1 line
/// as quantity × unit price.
public struct CostSummary: Sendable {
    /// One itemised line: `monthly = quantity × unitPrice` (or `amount` for one-off lines).
    public struct Line: Sendable, Equatable {
        /// `compute`, `storage`, `transfer`, `other` (monthly) or `one-off`.
        public var category: String
        /// What is bought, e.g. `api nodes: m6i.large (2 vCPU, 8 GiB)`.
        public var resource: String
        /// How many units.
        public var quantity: Double
        /// Price per unit, currency units.
        public var unitPrice: Double
        /// The unit, e.g. `node-month`, `GB-month`, `person-hour`.
        public var unit: String
        /// quantity × unit price, currency units (per month for recurring lines).
        public var amount: Double
    }

    /// The recommended option: the cheapest available over the horizon.
    public var recommended: FinanceProjection.Option?
    /// Why it is recommended, in words (also says which options were unavailable or assumed).
    public var reason: String
    /// One-off migration cost, currency units.
    public var oneOff: Double
    /// Recurring cost in month 1 (recommended option), currency units per month.
    public var monthlyNow: Double
    /// Recurring cost in the last month of the horizon, currency units per month.
    public var monthlyAtHorizon: Double
    /// Months in the horizon.
    public var horizonMonths: Int
    /// Total over the horizon (one-off included), currency units.
    public var total: Double
    /// Current monthly spend, when given.
    public var currentMonthly: Double?
    /// First month at which the cumulative cloud cost is at or below the cumulative current spend.
    public var breakEvenMonth: Int?
    /// Month-1 recurring lines (compute, storage, transfer, other); they sum to `monthlyNow`.
    public var monthlyLines: [Line]
    /// One-off lines; they sum to `oneOff`.
    public var oneOffLines: [Line]

    /// Builds the summary of a projection.
    public init(_ p: CostProjection) {
        let f = p.finance
        let rec = f.cheapest
        recommended = rec
        let priced = f.options.filter { $0.unavailable == nil }.count
        reason = rec.map { priced > 1 ? "\($0.commitment.label) — lowest total over \(f.inputs.horizonMonths) months (\(p.primaryComparison))"
            : "\($0.commitment.label) — \(p.primaryComparison)" } ?? "no option could be priced"
        oneOff = f.migration?.total ?? 0
        monthlyNow = rec?.months.first?.recurring ?? 0
        monthlyAtHorizon = rec?.months.last?.recurring ?? 0
        horizonMonths = f.inputs.horizonMonths
        total = rec?.total ?? 0
        currentMonthly = f.inputs.currentMonthly
        breakEvenMonth = rec?.breakEvenMonth
        monthlyLines = rec.map { Self.monthLines(p, option: $0) } ?? []
        oneOffLines = (f.migration?.lines ?? []).map {
            Line(category: "one-off", resource: $0.component, quantity: $0.quantity ?? 1, unitPrice: $0.unitPrice ?? $0.amount,
                 unit: $0.unit ?? "lot", amount: $0.amount)
        }
    }

    /// Month 1's recurring lines of `option`.
    static func monthLines(_ p: CostProjection, option: FinanceProjection.Option) -> [Line] {
        let f = p.finance, i = f.inputs, hours = i.hoursPerMonth
        guard let month = option.months.first else { return [] }
        var lines: [Line] = []
        let c = option.commitment
        let discount = option.assumedDiscount ?? i.assumedDiscounts[c]
        func instanceLines(_ s: InstanceSelection) -> [Line] {
            s.lines.map { l in
                Line(category: "compute", resource: "\(l.type.name) (\(trim(l.type.vcpu)) vCPU, \(trim(l.type.memoryGiB)) GiB)",
                     quantity: Double(l.count), unitPrice: l.hourly * hours, unit: "instance-month", amount: Double(l.count) * l.hourly * hours)
            }
        }
        switch i.compute {
        case .none: break
        case let .unitPrices(u):
            lines += u.lines.map { Line(category: "compute", resource: $0.resource, quantity: $0.quantity, unitPrice: $0.pricePerUnitMonth,
                                        unit: "\($0.unit)-month", amount: $0.monthly) }
        case .demand:
            if let s = f.firstSelection[c] { lines += instanceLines(s) }
        case .containers:
            if let pk = f.firstPacking[c] {
                for (name, nodes) in Dictionary(grouping: pk.nodes, by: { $0.type.name }).sorted(by: { $0.key < $1.key }) {
                    let price = nodes[0].hourly * hours
                    lines.append(Line(category: "compute", resource: "\(name) node", quantity: Double(nodes.count), unitPrice: price,
                                      unit: "node-month", amount: Double(nodes.count) * price))
                }
            }
        case let .services(types, services, _):
            for s in services {
                guard let (t, hourly) = try? s.resolve(types, commitment: c, assumedDiscount: discount) else { continue }
                let n = Double(s.nodes(month: 1))
                lines.append(Line(category: "compute", resource: "\(s.name) nodes: \(t.name) (\(trim(t.vcpu)) vCPU, \(trim(t.memoryGiB)) GiB)",
                                  quantity: n, unitPrice: hourly * hours, unit: "node-month", amount: n * hourly * hours))
            }
            if let sel = f.firstSelection[c] { lines += instanceLines(sel) }
        }
        if i.storageGB > 0 && i.storagePerGBMonth > 0 {
            lines.append(Line(category: "storage", resource: "storage", quantity: i.storageGB, unitPrice: i.storagePerGBMonth,
                              unit: "GB-month", amount: month.storage))
        }
        if i.recurringEgressGB > 0 {
            lines.append(Line(category: "transfer", resource: "egress after the move", quantity: i.recurringEgressGB,
                              unitPrice: month.egress / i.recurringEgressGB, unit: "GB", amount: month.egress))
        }
        if i.otherMonthly > 0 {
            lines.append(Line(category: "other", resource: "other recurring (support, licences)", quantity: 1, unitPrice: i.otherMonthly,
                              unit: "month", amount: month.other))
        }
        return lines
    }

    static func trim(_ x: Double) -> String { Quantity0.trim(x) }
}

import Foundation
import FerryModels

/// The JSON form of a ``CostProjection`` (snake_case, units in the names).
public enum CostJSON {
    /// Renders the projection as pretty-printed JSON with sorted keys.
    public static func render(_ p: CostProjection) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object(p), options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// The projection as JSON-compatible values.
    public static func object(_ p: CostProjection) -> [String: Any] {
        var o: [String: Any] = ["currency": p.currency, "horizon_months": p.finance.inputs.horizonMonths,
                                "hours_per_month": p.finance.inputs.hoursPerMonth]
        if let c = p.catalog {
            o["catalog"] = ["provider": c.provider, "region": c.region, "as_of": c.asOf, "source": c.source, "path": c.path]
        }
        if let u = p.unitCost {
            o["unit_costing"] = ["monthly_cost": u.monthlyTotal,
                                 "lines": u.lines.map { ["resource": $0.resource, "quantity": $0.quantity, "unit": $0.unit,
                                                         "price_per_unit_month": $0.pricePerUnitMonth, "monthly_cost": $0.monthly] }]
        }
        o["instances"] = Dictionary(uniqueKeysWithValues: p.finance.firstSelection.map { k, s in
            (k.rawValue, ["hourly_cost": s.hourlyCost, "monthly_cost": s.hourlyCost * p.finance.inputs.hoursPerMonth,
                          "status": s.status.rawValue, "required_vcpu": s.requiredVCPU, "required_memory_gib": s.requiredMemoryGiB,
                          "vcpu": s.vcpu, "memory_gib": s.memoryGiB,
                          "types": s.lines.map { ["name": $0.type.name, "count": $0.count, "hourly_price": $0.hourly] }] as [String: Any])
        })
        o["placement"] = Dictionary(uniqueKeysWithValues: p.finance.firstPacking.map { k, pk in
            (k.rawValue, ["hourly_cost": pk.hourlyCost, "status": pk.status.rawValue, "heuristic_hourly_cost": pk.heuristicHourlyCost, "lower_bound_hourly_cost": pk.lowerBoundHourly,
                          "nodes": pk.nodes.map { n in
                              ["type": n.type.name, "hourly_price": n.hourly, "vcpu_used": n.vcpuUsed, "memory_used_gib": n.memoryUsedGiB,
                               "cpu_share": n.cpuShare, "memory_share": n.memoryShare,
                               "containers": n.containers.map { ["name": $0.name, "count": $0.count] }] as [String: Any]
                          }] as [String: Any])
        })
        if let m = p.finance.migration {
            var mig: [String: Any] = ["total": m.total, "wire_bytes": m.wireBytes, "window_months": m.windowMonths,
                                      "lines": m.lines.map { ["component": $0.component, "amount": $0.amount, "detail": $0.detail] }]
            if let w = m.totalWithoutCompression { mig["total_without_compression"] = w; mig["compression_savings"] = m.compressionSavings }
            o["migration"] = mig
        }
        o["options"] = p.finance.options.map { opt -> [String: Any] in
            var d: [String: Any] = ["commitment": opt.commitment.rawValue]
            if let why = opt.unavailable { d["unavailable"] = why; return d }
            d["total"] = opt.total
            d["one_off_total"] = opt.oneOffTotal
            d["recurring_total"] = opt.recurringTotal
            d["yearly_totals"] = opt.yearlyTotals
            d["break_even_month"] = opt.breakEvenMonth ?? NSNull()
            if let a = opt.assumedDiscount { d["assumed_discount"] = a }
            d["months"] = opt.months.map { ["month": $0.month, "compute": $0.compute, "storage": $0.storage, "egress": $0.egress,
                                            "other": $0.other, "one_off": $0.oneOff, "total": $0.total, "cumulative": $0.cumulative,
                                            "nodes": $0.nodes] as [String: Any] }
            return d
        }
        if let base = p.finance.baseTotal {
            o["sensitivity"] = ["commitment": p.finance.sensitivityCommitment?.rawValue ?? "", "base_total": base,
                                "change": p.finance.inputs.sensitivity,
                                "tornado": p.finance.tornado.map { ["input": $0.input, "low_total": $0.low, "high_total": $0.high, "swing": $0.swing] }]
        }
        return o
    }
}

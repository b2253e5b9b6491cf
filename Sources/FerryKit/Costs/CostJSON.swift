import Foundation
import FerryModels

/// The JSON form of a ``CostProjection`` (snake_case, units in the names).
public enum CostJSON {
    /// Renders the projection through the shared renderer (``ReportJSON``): `kind: "cost"`,
    /// `schema_version`, the projection's keys, non-finite numbers as null.
    public static func render(_ p: CostProjection) throws -> String {
        ReportJSON.render(CostDocument(object(p)))
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
                                      "lines": m.lines.map { l -> [String: Any] in
                                          var d: [String: Any] = ["component": l.component, "amount": l.amount, "detail": l.detail]
                                          if let q = l.quantity { d["quantity"] = q }
                                          if let u = l.unit { d["unit"] = u }
                                          if let price = l.unitPrice { d["unit_price"] = price }
                                          return d
                                      }]
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
        let sum = CostSummary(p)
        var summary: [String: Any] = ["recommended_commitment": sum.recommended?.commitment.rawValue ?? NSNull(), "reason": sum.reason,
                                      "one_off_cost": sum.oneOff, "monthly_cost_now": sum.monthlyNow, "monthly_cost_at_horizon": sum.monthlyAtHorizon,
                                      "total_cost": sum.total, "break_even_month": sum.breakEvenMonth ?? NSNull(),
                                      "monthly_lines": sum.monthlyLines.map { ["category": $0.category, "resource": $0.resource, "quantity": $0.quantity,
                                                                               "unit_price": $0.unitPrice, "unit": $0.unit, "monthly_cost": $0.amount] }]
        summary["current_monthly_cost"] = sum.currentMonthly ?? NSNull()
        o["summary"] = summary
        if let t = p.transfer { o["transfer"] = ["note": t.note, "link": t.link != nil] }
        if !p.notes.isEmpty { o["notes"] = p.notes }
        o["worst_selection_gap"] = p.finance.worstSelectionGap
        if let base = p.finance.baseTotal {
            o["sensitivity"] = ["commitment": p.finance.sensitivityCommitment?.rawValue ?? "", "base_total": base,
                                "change": p.finance.inputs.sensitivity,
                                "tornado": p.finance.tornado.map { ["input": $0.input, "low_total": $0.low, "high_total": $0.high, "swing": $0.swing] }]
        }
        return o
    }
}

/// `ferry cost`'s result as a ``ReportDocument``: the projection's keys at the top level.
public struct CostDocument: ReportDocument {
    /// `cost`.
    public static let kind = "cost"
    /// The projection's keys (already snake_case; written verbatim).
    public var object: [String: JSONValue]

    /// Wraps the JSON-compatible object of ``CostJSON/object(_:)``.
    public init(_ object: [String: Any]) { self.object = object.mapValues { JSONValue(any: $0) } }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        for (key, value) in object {
            try container.encode(value, forKey: AnyKey(stringValue: VerbatimKeys<Int>.marker + key))
        }
    }
}

import Foundation
import FerryModels
import FerryUnits

/// Writers for a ``CostProjection``: Markdown, CSV (one row per month and commitment) and
/// hand-written SVG charts (monthly cost stacked by component; tornado).
public enum CostReport {
    static func money(_ x: Double, _ currency: String, decimals: Int = 0) -> String {
        Money(x, currency: currency).formatted(decimals: decimals)
    }

    /// The cost section as Markdown.
    public static func markdown(_ p: CostProjection) -> String {
        let c = p.currency
        var out = "# Costs\n\n"
        if let cat = p.catalog {
            out += "Prices: \(cat.provider) \(cat.region) catalogue as of **\(cat.asOf)** (\(cat.source)). "
        }
        out += "Currency: \(c). A month is \(Quantity0.trim(p.finance.inputs.hoursPerMonth)) h; amounts are rounded only here.\n\n"
        if let t = p.transfer, !t.note.isEmpty { out += "Transfer: \(t.note).\n\n" }
        for n in p.notes { out += "Note: \(n)\n\n" }
        if p.finance.worstSelectionGap > 0 {
            out += "Note: some months' instance selections are bounded-gap incumbents (not proven optimal within 0.5 %); the worst is within \(pct(p.finance.worstSelectionGap)) of the continuous lower bound.\n\n"
        }
        if let u = p.unitCost {
            out += "## Unit-price costing (S3-2)\n\n| resource | quantity | price per unit-month | monthly |\n|---|---:|---:|---:|\n"
            for l in u.lines {
                out += "| \(l.resource) | \(Quantity0.trim(l.quantity)) \(l.unit) | \(money(l.pricePerUnitMonth, c, decimals: 2)) | \(money(l.monthly, c, decimals: 2)) |\n"
            }
            out += "| **total** | | | **\(money(u.monthlyTotal, c, decimals: 2))** |\n\n"
        }
        for (commitment, s) in p.finance.firstSelection.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            out += "## Instances, month 1 (\(commitment.label))\n\n"
            out += "Required \(Quantity0.trim(s.requiredVCPU)) vCPU and \(Quantity0.trim(s.requiredMemoryGiB)) GiB (with headroom); "
            out += "provided \(Quantity0.trim(s.vcpu)) vCPU, \(Quantity0.trim(s.memoryGiB)) GiB at \(money(s.hourlyCost, c, decimals: 4))/h (\(s.status.rawValue)).\n\n"
            out += "| type | count | vCPU | GiB | hourly each |\n|---|---:|---:|---:|---:|\n"
            for l in s.lines {
                out += "| \(l.type.name) | \(l.count) | \(Quantity0.trim(l.type.vcpu)) | \(Quantity0.trim(l.type.memoryGiB)) | \(money(l.hourly, c, decimals: 4)) |\n"
            }
            out += "\n"
        }
        for (commitment, pk) in p.finance.firstPacking.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            out += "## Container placement, month 1 (\(commitment.label))\n\n"
            out += "\(pk.nodes.count) nodes at \(money(pk.hourlyCost, c, decimals: 4))/h (\(pk.status == .optimal ? "optimal within 1 %" : "best found within the time limit"); no packing over the candidate types costs less than \(money(pk.lowerBoundHourly, c, decimals: 4))/h; right-sized first-fit-decreasing gave \(money(pk.heuristicHourlyCost, c, decimals: 4))/h). "
            out += "Shares are each node's part of all CPU and memory requests (S2-2).\n\n"
            out += "| node | type | containers | CPU used | memory used | CPU share | memory share |\n|---:|---|---|---:|---:|---:|---:|\n"
            for (i, n) in pk.nodes.enumerated() {
                let list = n.containers.map { "\($0.name)×\($0.count)" }.joined(separator: ", ")
                out += "| \(i + 1) | \(n.type.name) | \(list) | \(pct(n.cpuUtilisation)) | \(pct(n.memoryUtilisation)) | \(pct(n.cpuShare)) | \(pct(n.memoryShare)) |\n"
            }
            out += "\n"
        }
        if let m = p.finance.migration {
            out += "## One-off migration cost (S4-1)\n\n| component | amount | how |\n|---|---:|---|\n"
            for l in m.lines { out += "| \(l.component) | \(money(l.amount, c)) | \(l.detail) |\n" }
            out += "| **total** | **\(money(m.total, c))** | |\n\n"
            if let without = m.totalWithoutCompression {
                out += "Compression (ratio \(Quantity0.trim(m.inputs.compressionRatio))) saves \(money(m.compressionSavings, c)): without it the project would cost \(money(without, c)) (S4-2).\n\n"
            }
        }
        out += "## Commitment options over \(p.finance.inputs.horizonMonths) months\n\n"
        out += "| option | one-off | recurring | total | break-even month | note |\n|---|---:|---:|---:|---:|---|\n"
        for o in p.finance.options {
            if let why = o.unavailable {
                out += "| \(o.commitment.label) | – | – | – | – | unavailable: \(why) |\n"
                continue
            }
            let be = o.breakEvenMonth.map(String.init) ?? (p.finance.inputs.currentMonthly == nil ? "–" : "not within horizon")
            let note = o.assumedDiscount.map { "committed prices ASSUMED at \(Quantity0.trim($0 * 100)) % off on-demand" } ?? ""
            out += "| \(o.commitment.label) | \(money(o.oneOffTotal, c)) | \(money(o.recurringTotal, c)) | \(money(o.total, c)) | \(be) | \(note) |\n"
        }
        out += "\n"
        if let current = p.finance.inputs.currentMonthly {
            out += "Break-even compares the cumulative cloud cost (one-off included) with the current \(money(current, c))/month.\n\n"
        }
        if let primary = p.primary {
            out += "## Totals per year (\(primary.commitment.label))\n\n| year | total |\n|---:|---:|\n"
            for (i, t) in primary.yearlyTotals.enumerated() { out += "| \(i + 1) | \(money(t, c)) |\n" }
            out += "\nMonthly rows: cost.csv. Chart: cost-monthly.svg.\n\n"
        }
        if let base = p.finance.baseTotal, let commitment = p.finance.sensitivityCommitment, !p.finance.tornado.isEmpty {
            let d = Quantity0.trim(p.finance.inputs.sensitivity * 100)
            out += "## Sensitivity (±\(d) % on each input, \(commitment.label), total \(money(base, c)))\n\n"
            out += "| input | −\(d) % | +\(d) % | swing |\n|---|---:|---:|---:|\n"
            for t in p.finance.tornado {
                out += "| \(t.input) | \(money(t.low, c)) | \(money(t.high, c)) | \(money(t.swing, c)) |\n"
            }
            out += "\nChart: cost-tornado.svg.\n"
        }
        return out
    }

    static func pct(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }

    /// One row per month and available commitment.
    public static func csv(_ p: CostProjection) -> String {
        var out = "commitment,month,compute,storage,egress,other,one_off,recurring,total,cumulative,current_cumulative,nodes,currency\n"
        for o in p.finance.options where o.unavailable == nil {
            for m in o.months {
                let fields = [o.commitment.rawValue, String(m.month)] + [m.compute, m.storage, m.egress, m.other, m.oneOff, m.recurring, m.total, m.cumulative].map { String(format: "%.2f", $0) }
                    + [m.currentCumulative.map { String(format: "%.2f", $0) } ?? "", String(m.nodes), p.currency]
                out += fields.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    static func f(_ x: Double) -> String { String(format: "%.1f", x) }

    /// Monthly cost of the cheapest option, stacked by component.
    public static func svgStacked(_ p: CostProjection) -> String {
        let width = 760.0, height = 380.0, left = 80.0, right = 150.0, top = 40.0, bottom = 50.0
        let components: [(String, String, (FinanceProjection.Month) -> Double)] = [
            ("compute", "#4e79a7", { $0.compute }), ("storage", "#59a14f", { $0.storage }),
            ("egress", "#edc948", { $0.egress }), ("other", "#b07aa1", { $0.other }), ("one-off", "#e15759", { $0.oneOff }),
        ]
        let months = p.primary?.months ?? []
        let maxTotal = max(months.map(\.total).max() ?? 0, 1e-9)
        let plotW = width - left - right, plotH = height - top - bottom
        let barW = months.isEmpty ? 0 : plotW / Double(months.count)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        let title = "Monthly cost by component (\(p.primary?.commitment.label ?? "none"), \(p.currency)" + (p.catalog.map { ", prices as of \($0.asOf)" } ?? "") + ")"
        svg += "<text x=\"\(f(left))\" y=\"20\" font-size=\"13\">\(esc(title))</text>\n"
        for k in 0...4 {
            let v = maxTotal * Double(k) / 4, y = top + plotH - plotH * Double(k) / 4
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y))\" stroke=\"#ddd\"/>\n"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(esc(money(v, p.currency)))</text>\n"
        }
        for (i, m) in months.enumerated() {
            var y = top + plotH
            for (name, color, value) in components {
                let h = plotH * value(m) / maxTotal
                guard h > 0 else { continue }
                y -= h
                svg += "<rect x=\"\(f(left + Double(i) * barW + 1))\" y=\"\(f(y))\" width=\"\(f(max(barW - 2, 0.5)))\" height=\"\(f(h))\" fill=\"\(color)\"><title>month \(m.month) \(name): \(esc(money(value(m), p.currency)))</title></rect>\n"
            }
            if months.count <= 24 || (i + 1) % 6 == 0 || i == 0 {
                svg += "<text x=\"\(f(left + (Double(i) + 0.5) * barW))\" y=\"\(f(top + plotH + 15))\" text-anchor=\"middle\">\(m.month)</text>\n"
            }
        }
        svg += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 12))\" text-anchor=\"middle\">month</text>\n"
        for (k, (name, color, _)) in components.enumerated() {
            let y = top + Double(k) * 20
            svg += "<rect x=\"\(f(width - right + 20))\" y=\"\(f(y))\" width=\"12\" height=\"12\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(f(width - right + 38))\" y=\"\(f(y + 10))\">\(name)</text>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    /// Tornado: the horizon total with each input at −x % and +x %, largest swing on top.
    public static func svgTornado(_ p: CostProjection) -> String {
        let bars = p.finance.tornado
        let base = p.finance.baseTotal ?? 0
        let width = 760.0, left = 170.0, right = 110.0, top = 50.0, rowH = 26.0
        let height = top + Double(max(bars.count, 1)) * rowH + 40
        let lo = min(bars.map { min($0.low, $0.high) }.min() ?? base, base)
        let hi = max(bars.map { max($0.low, $0.high) }.max() ?? base, base)
        let span = max(hi - lo, 1e-9 * max(1, abs(base)))
        let plotW = width - left - right
        func x(_ v: Double) -> Double { left + plotW * (v - lo) / span }
        let d = Quantity0.trim(p.finance.inputs.sensitivity * 100)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        let title = "Total over \(p.finance.inputs.horizonMonths) months, each input ±\(d) % (\(p.finance.sensitivityCommitment?.label ?? "none"), base \(money(base, p.currency)))"
        svg += "<text x=\"10\" y=\"20\" font-size=\"13\">\(esc(title))</text>\n"
        svg += "<text x=\"\(f(left))\" y=\"38\" fill=\"#4e79a7\">input −\(d) %</text><text x=\"\(f(left + 110))\" y=\"38\" fill=\"#e15759\">input +\(d) %</text>\n"
        for (i, b) in bars.enumerated() {
            let y = top + Double(i) * rowH
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 15))\" text-anchor=\"end\">\(esc(b.input))</text>\n"
            for (value, color) in [(b.low, "#4e79a7"), (b.high, "#e15759")] {
                let x0 = min(x(base), x(value)), w = abs(x(value) - x(base))
                svg += "<rect x=\"\(f(x0))\" y=\"\(f(y + 3))\" width=\"\(f(max(w, 0.5)))\" height=\"\(f(rowH - 8))\" fill=\"\(color)\"><title>\(esc(b.input)): \(esc(money(value, p.currency)))</title></rect>\n"
            }
            svg += "<text x=\"\(f(width - right + 6))\" y=\"\(f(y + 15))\">±\(esc(money(b.swing / 2, p.currency)))</text>\n"
        }
        svg += "<line x1=\"\(f(x(base)))\" y1=\"\(f(top - 4))\" x2=\"\(f(x(base)))\" y2=\"\(f(top + Double(bars.count) * rowH))\" stroke=\"#333\"/>\n"
        svg += "<text x=\"\(f(x(lo)))\" y=\"\(f(height - 12))\">\(esc(money(lo, p.currency)))</text>"
        svg += "<text x=\"\(f(x(hi)))\" y=\"\(f(height - 12))\" text-anchor=\"end\">\(esc(money(hi, p.currency)))</text>\n"
        svg += "</svg>\n"
        return svg
    }
}

/// Number trimming for reports (FerryUnits keeps its own internal).
enum Quantity0 {
    /// `12.500` → `12.5`, `3.0` → `3`.
    static func trim(_ x: Double, decimals: Int = 3) -> String {
        var s = String(format: "%.\(decimals)f", x)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }
}

import Foundation
import FerryModels
import FerryUnits

/// Writers for a ``CostProjection``: Markdown, CSV (one row per month and commitment) and
/// hand-written SVG charts (monthly cost stacked by component; tornado).
public enum CostReport {
    static func money(_ x: Double, _ currency: String, decimals: Int = 0) -> String {
        Money(x, currency: currency).formatted(decimals: decimals)
    }

    /// The cost section as Markdown, in the order finance reads it: executive summary,
    /// itemised lines (quantity × unit price), purchase options, assumptions with sources,
    /// sensitivity of the recommended option, then the sizing detail.
    public static func markdown(_ p: CostProjection) -> String {
        let c = p.currency
        let sum = CostSummary(p)
        let h = p.finance.inputs.horizonMonths
        var out = "# Costs\n\n## Executive summary\n\n"
        out += "| | \(c) |\n|---|---:|\n"
        out += "| One-off migration cost | \(money(sum.oneOff, c)) |\n"
        out += "| Monthly run cost now (month 1) | \(money(sum.monthlyNow, c)) |\n"
        out += "| Monthly run cost at the horizon (month \(h)) | \(money(sum.monthlyAtHorizon, c)) |\n"
        out += "| Total over \(h) months, one-off included | **\(money(sum.total, c))** |\n"
        if let current = sum.currentMonthly {
            out += "| Current spend | \(money(current, c))/month (\(money(current * Double(h), c)) over \(h) months) |\n"
            out += "| Break-even against current spend | \(sum.breakEvenMonth.map { "month \($0)" } ?? "not within \(h) months") |\n"
        }
        out += "\n**Recommended purchase option: \(sum.reason).**"
        if let rec = sum.recommended, let d = rec.assumedDiscount {
            out += " Its committed prices are **assumed** (\(Quantity0.trim(d * 100)) % off on-demand), not published."
        }
        out += "\n\n"
        if !sum.monthlyLines.isEmpty {
            out += "## Monthly cost, itemised (month 1, \(sum.recommended?.commitment.label ?? "–"))\n\n"
            out += "| category | resource | quantity | unit price | unit | monthly |\n|---|---|---:|---:|---|---:|\n"
            for l in sum.monthlyLines {
                out += "| \(l.category) | \(l.resource) | \(Quantity0.trim(l.quantity, decimals: 2)) | \(money(l.unitPrice, c, decimals: l.unitPrice < 1 ? 4 : 2)) | \(l.unit) | \(money(l.amount, c, decimals: 2)) |\n"
            }
            out += "| **total** | | | | | **\(money(sum.monthlyNow, c, decimals: 2))** |\n\n"
            if let last = sum.recommended?.months.last, h > 1 {
                out += "Month \(h): compute \(money(last.compute, c)) (\(last.nodes) nodes), storage \(money(last.storage, c)), egress \(money(last.egress, c)), other \(money(last.other, c)): \(money(last.recurring, c)) a month. Every month: cost.csv.\n\n"
            }
        }
        if !sum.oneOffLines.isEmpty {
            out += "## One-off migration cost, itemised\n\n| resource | quantity | unit price | unit | amount |\n|---|---:|---:|---|---:|\n"
            for l in sum.oneOffLines {
                out += "| \(l.resource) | \(Quantity0.trim(l.quantity, decimals: 2)) | \(money(l.unitPrice, c, decimals: l.unitPrice < 1 ? 4 : 2)) | \(l.unit) | \(money(l.amount, c)) |\n"
            }
            out += "| **total** | | | | **\(money(sum.oneOff, c))** |\n\n"
            if let m = p.finance.migration {
                out += m.lines.map { "- \($0.component): \($0.detail)" }.joined(separator: "\n") + "\n\n"
                if let without = m.totalWithoutCompression {
                    out += "Compression (ratio \(Quantity0.trim(m.inputs.compressionRatio))) saves \(money(m.compressionSavings, c)): without it the project would cost \(money(without, c)) (S4-2).\n\n"
                }
            }
        }
        out += "## Purchase options over \(h) months\n\n"
        out += "| option | one-off | recurring | total | break-even month | note |\n|---|---:|---:|---:|---:|---|\n"
        for o in p.finance.options {
            if let why = o.unavailable {
                out += "| \(o.commitment.label) | – | – | – | – | unavailable: \(why) |\n"
                continue
            }
            let be = o.breakEvenMonth.map(String.init) ?? (p.finance.inputs.currentMonthly == nil ? "–" : "not within horizon")
            var note = o.assumedDiscount.map { "committed prices ASSUMED at \(Quantity0.trim($0 * 100)) % off on-demand" } ?? ""
            if o.commitment == sum.recommended?.commitment { note = note.isEmpty ? "recommended" : "recommended; " + note }
            out += "| \(o.commitment.label) | \(money(o.oneOffTotal, c)) | \(money(o.recurringTotal, c)) | \(money(o.total, c)) | \(be) | \(note) |\n"
        }
        out += "\n"
        if let current = p.finance.inputs.currentMonthly {
            out += "Break-even compares the cumulative cloud cost (one-off included) with the current \(money(current, c))/month.\n\n"
        }
        out += "## Assumptions and sources\n\n"
        if let cat = p.catalog {
            out += "- Prices: \(cat.provider) \(cat.region) catalogue `\((cat.path as NSString).lastPathComponent)`, as of **\(cat.asOf)**; source: \(cat.source)\n"
        } else {
            out += "- Prices: as given in the costs section (no catalogue).\n"
        }
        out += "- Currency \(c); a month is \(Quantity0.trim(p.finance.inputs.hoursPerMonth)) h; storage and transfer GB are 10^9 bytes (catalogue prices in a provider's 2^30-byte GB are converted); amounts are rounded only when shown.\n"
        for o in p.finance.options where o.assumedDiscount != nil {
            out += "- \(o.commitment.label) committed prices are **assumed**: \(Quantity0.trim(o.assumedDiscount! * 100)) % off on-demand (costs.commitment_discount), not published.\n"
        }
        for o in p.finance.options where o.unavailable != nil {
            out += "- \(o.commitment.label): unavailable — the catalogue publishes no such prices; it is never counted as cheaper or dearer.\n"
        }
        if let t = p.transfer, !t.note.isEmpty { out += "- Transfer: \(t.note).\n" }
        if p.finance.inputs.growthPerMonth != 0 {
            out += "- Growth of non-service demand and stored data: \(Quantity0.trim(p.finance.inputs.growthPerMonth * 100)) % a month, compounded.\n"
        }
        if case .services = p.finance.inputs.compute {
            out += "- Service compute follows each service's node count from the queueing model, month by month (its own growth), at its node type's price.\n"
        }
        for n in p.notes { out += "- \(n)\n" }
        if p.finance.worstSelectionGap > 0 {
            out += "- Some months' instance selections are bounded-gap incumbents (not proven within 2 % of the continuous lower bound); the worst is within \(pct(p.finance.worstSelectionGap)) of it.\n"
        }
        out += "\n"
        if let base = p.finance.baseTotal, let commitment = p.finance.sensitivityCommitment, !p.finance.tornado.isEmpty {
            let d = Quantity0.trim(p.finance.inputs.sensitivity * 100)
            out += "## Sensitivity of the recommended option (\(commitment.label), ±\(d) % on each input, total \(money(base, c)))\n\n"
            out += "| input | −\(d) % | +\(d) % | swing |\n|---|---:|---:|---:|\n"
            for t in p.finance.tornado {
                out += "| \(t.input) | \(money(t.low, c)) | \(money(t.high, c)) | \(money(t.swing, c)) |\n"
            }
            out += "\nSwing = |total at +\(d) % − total at −\(d) %|. Charts: cost-monthly.svg (every option, current spend), cost-tornado.svg.\n\n"
        }
        if let primary = p.primary {
            out += "## Totals per year (\(primary.commitment.label))\n\n| year | total |\n|---:|---:|\n"
            for (i, t) in primary.yearlyTotals.enumerated() { out += "| \(i + 1) | \(money(t, c)) |\n" }
            out += "\n"
        }
        out += sizingDetail(p)
        return out
    }

    /// The sizing detail behind the compute lines: unit-price table, instance selections,
    /// container placements.
    static func sizingDetail(_ p: CostProjection) -> String {
        let c = p.currency
        var out = ""
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
            out += "provided \(Quantity0.trim(s.vcpu)) vCPU, \(Quantity0.trim(s.memoryGiB)) GiB at \(money(s.hourlyCost, c, decimals: 4))/h (\(s.status == .optimal ? "optimal" : "bounded-gap incumbent, within \(pct(s.gap)) of the lower bound")).\n\n"
            out += "| type | count | vCPU | GiB | hourly each |\n|---|---:|---:|---:|---:|\n"
            for l in s.lines {
                out += "| \(l.type.name) | \(l.count) | \(Quantity0.trim(l.type.vcpu)) | \(Quantity0.trim(l.type.memoryGiB)) | \(money(l.hourly, c, decimals: 4)) |\n"
            }
            out += "\n"
        }
        for (commitment, pk) in p.finance.firstPacking.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            out += "## Container placement, month 1 (\(commitment.label))\n\n"
            out += "\(pk.nodes.count) nodes at \(money(pk.hourlyCost, c, decimals: 4))/h (\(pk.status == .optimal ? "optimal within 1 %" : "right-sized first-fit-decreasing: the search could not improve on it within its time limit"); no packing over the candidate types costs less than \(money(pk.lowerBoundHourly, c, decimals: 4))/h; right-sized first-fit-decreasing gave \(money(pk.heuristicHourlyCost, c, decimals: 4))/h). "
            out += "Shares are each node's part of all CPU and memory requests (S2-2).\n\n"
            out += "| node | type | containers | CPU used | memory used | CPU share | memory share |\n|---:|---|---|---:|---:|---:|---:|\n"
            for (i, n) in pk.nodes.enumerated() {
                let list = n.containers.map { "\($0.name)×\($0.count)" }.joined(separator: ", ")
                out += "| \(i + 1) | \(n.type.name) | \(list) | \(pct(n.cpuUtilisation)) | \(pct(n.memoryUtilisation)) | \(pct(n.cpuShare)) | \(pct(n.memoryShare)) |\n"
            }
            out += "\n"
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

    /// "Nice" axis ticks covering [lo, hi]: steps of 1, 2 or 5 × 10^k, about `count` of them.
    /// ```
    /// step = the smallest of {1, 2, 5} × 10^⌊log10(raw)⌋ … ≥ raw,  raw = (hi − lo) / count
    /// ```
    static func niceTicks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        let span = max(hi - lo, 1e-9 * max(1, abs(hi)))
        let raw = span / Double(max(count, 1))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw - 1e-12 * raw } ?? 10 * magnitude
        let first = (lo / step).rounded(.down) * step
        var ticks: [Double] = []
        var v = first
        while v <= hi + step * 1e-9 && ticks.count < 50 {
            ticks.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        if (ticks.last ?? lo) < hi { ticks.append((ticks.last ?? lo) + step) }
        return ticks
    }

    static let optionColours: [Commitment: String] = [.none: "#1f3b73", .oneYear: "#f28e2b", .threeYear: "#76b7b2"]

    /// Monthly cost: the recommended option stacked by component, every available purchase
    /// option's monthly total as a line (labelled "assumed" where its committed prices are
    /// assumed), and the current spend as a dashed line; nice money ticks on the y axis.
    public static func svgStacked(_ p: CostProjection) -> String {
        let width = 820.0, height = 420.0, left = 90.0, right = 210.0, top = 44.0, bottom = 50.0
        let components: [(String, String, (FinanceProjection.Month) -> Double)] = [
            ("compute", "#4e79a7", { $0.compute }), ("storage", "#59a14f", { $0.storage }),
            ("egress", "#edc948", { $0.egress }), ("other", "#b07aa1", { $0.other }), ("one-off", "#e15759", { $0.oneOff }),
        ]
        let months = p.primary?.months ?? []
        let available = p.finance.options.filter { $0.unavailable == nil }
        let current = p.finance.inputs.currentMonthly
        let peak = max(available.flatMap { $0.months.map(\.total) }.max() ?? 0, current ?? 0, 1e-9)
        let ticks = niceTicks(0, peak)
        let yMax = ticks.last ?? peak
        let plotW = width - left - right, plotH = height - top - bottom
        let barW = months.isEmpty ? 0 : plotW / Double(months.count)
        func y(_ v: Double) -> Double { top + plotH - plotH * v / yMax }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        // Two lines, so the title never runs past the chart's right edge.
        let title = "Monthly cost (\(p.currency))" + (p.catalog.map { ", prices as of \($0.asOf)" } ?? "")
        let subtitle = "bars: \(p.primary?.commitment.label ?? "none") (recommended) by component · lines: every purchase option"
        svg += "<text x=\"\(f(10))\" y=\"18\" font-size=\"13\">\(esc(title))</text>\n"
        svg += "<text x=\"\(f(10))\" y=\"33\" font-size=\"11\" fill=\"#555\">\(esc(subtitle))</text>\n"
        for v in ticks {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(v)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(v)))\" stroke=\"#ddd\"/>\n"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(esc(money(v, p.currency)))</text>\n"
        }
        svg += "<text x=\"14\" y=\"\(f(top + plotH / 2))\" transform=\"rotate(-90 14 \(f(top + plotH / 2)))\" text-anchor=\"middle\">\(esc(p.currency)) per month</text>\n"
        for (i, m) in months.enumerated() {
            var base = 0.0
            for (name, color, value) in components {
                let v = value(m)
                guard v > 0 else { continue }
                svg += "<rect class=\"bar\" x=\"\(f(left + Double(i) * barW + 1))\" y=\"\(f(y(base + v)))\" width=\"\(f(max(barW - 2, 0.5)))\" height=\"\(f(y(base) - y(base + v)))\" fill=\"\(color)\" opacity=\"0.85\"><title>month \(m.month) \(name): \(esc(money(v, p.currency)))</title></rect>\n"
                base += v
            }
            if months.count <= 24 || (i + 1) % 6 == 0 || i == 0 {
                svg += "<text x=\"\(f(left + (Double(i) + 0.5) * barW))\" y=\"\(f(top + plotH + 15))\" text-anchor=\"middle\">\(m.month)</text>\n"
            }
        }
        var legendY = top
        for o in available {
            let colour = optionColours[o.commitment] ?? "#333"
            let points = o.months.enumerated().map { "\(f(left + (Double($0.offset) + 0.5) * barW)),\(f(y($0.element.total)))" }.joined(separator: " ")
            svg += "<polyline class=\"option\" points=\"\(points)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"><title>\(esc(o.commitment.label)) monthly total</title></polyline>\n"
            let label = o.commitment.label + " total" + (o.assumedDiscount != nil ? " (assumed prices)" : "")
            svg += "<line x1=\"\(f(width - right + 14))\" y1=\"\(f(legendY + 6))\" x2=\"\(f(width - right + 32))\" y2=\"\(f(legendY + 6))\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            svg += "<text x=\"\(f(width - right + 38))\" y=\"\(f(legendY + 10))\">\(esc(label))</text>\n"
            legendY += 18
        }
        for o in p.finance.options where o.unavailable != nil {
            svg += "<text x=\"\(f(width - right + 14))\" y=\"\(f(legendY + 10))\" fill=\"#888\">\(esc(o.commitment.label)): unavailable</text>\n"
            legendY += 18
        }
        if let current {
            svg += "<line class=\"current\" x1=\"\(f(left))\" y1=\"\(f(y(current)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(current)))\" stroke=\"#000\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\"><title>current spend \(esc(money(current, p.currency)))/month</title></line>\n"
            svg += "<line x1=\"\(f(width - right + 14))\" y1=\"\(f(legendY + 6))\" x2=\"\(f(width - right + 32))\" y2=\"\(f(legendY + 6))\" stroke=\"#000\" stroke-dasharray=\"6 4\"/>"
            svg += "<text x=\"\(f(width - right + 38))\" y=\"\(f(legendY + 10))\">current spend \(esc(money(current, p.currency)))</text>\n"
            legendY += 18
        }
        legendY += 8
        for (name, color, _) in components {
            svg += "<rect x=\"\(f(width - right + 14))\" y=\"\(f(legendY))\" width=\"12\" height=\"12\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(f(width - right + 32))\" y=\"\(f(legendY + 10))\">\(name)</text>\n"
            legendY += 18
        }
        svg += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 12))\" text-anchor=\"middle\">month</text>\n"
        svg += "</svg>\n"
        return svg
    }

    /// Tornado: the horizon total with each input at −x % and +x % around the base, largest
    /// swing on top; each bar is labelled with its full swing (|high − low|, as in the table)
    /// and the x axis carries nice money ticks.
    public static func svgTornado(_ p: CostProjection) -> String {
        let bars = p.finance.tornado
        let base = p.finance.baseTotal ?? 0
        let width = 820.0, left = 190.0, right = 120.0, top = 56.0, rowH = 26.0
        let plotBottom = top + Double(max(bars.count, 1)) * rowH
        let height = plotBottom + 56
        let lo = min(bars.map { min($0.low, $0.high) }.min() ?? base, base)
        let hi = max(bars.map { max($0.low, $0.high) }.max() ?? base, base)
        let ticks = niceTicks(lo, hi)
        let axisLo = ticks.first ?? lo, axisHi = ticks.last ?? hi
        let span = max(axisHi - axisLo, 1e-9 * max(1, abs(base)))
        let plotW = width - left - right
        func x(_ v: Double) -> Double { left + plotW * (v - axisLo) / span }
        let d = Quantity0.trim(p.finance.inputs.sensitivity * 100)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        let title = "Total over \(p.finance.inputs.horizonMonths) months, each input ±\(d) % (\(p.finance.sensitivityCommitment?.label ?? "none"), recommended; base \(money(base, p.currency)))"
        svg += "<text x=\"10\" y=\"20\" font-size=\"13\">\(esc(title))</text>\n"
        svg += "<text x=\"\(f(left))\" y=\"40\" fill=\"#4e79a7\">input −\(d) %</text><text x=\"\(f(left + 110))\" y=\"40\" fill=\"#e15759\">input +\(d) %</text><text x=\"\(f(width - right + 6))\" y=\"40\">swing</text>\n"
        for v in ticks {
            svg += "<line x1=\"\(f(x(v)))\" y1=\"\(f(top - 4))\" x2=\"\(f(x(v)))\" y2=\"\(f(plotBottom))\" stroke=\"#e4e4e4\"/>\n"
            svg += "<text x=\"\(f(x(v)))\" y=\"\(f(plotBottom + 16))\" text-anchor=\"middle\">\(esc(money(v, p.currency)))</text>\n"
        }
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(plotBottom))\" x2=\"\(f(left + plotW))\" y2=\"\(f(plotBottom))\" stroke=\"#333\"/>\n"
        svg += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(plotBottom + 36))\" text-anchor=\"middle\">total over \(p.finance.inputs.horizonMonths) months (\(esc(p.currency)))</text>\n"
        for (i, b) in bars.enumerated() {
            let yy = top + Double(i) * rowH
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(yy + 15))\" text-anchor=\"end\">\(esc(b.input))</text>\n"
            for (value, color) in [(b.low, "#4e79a7"), (b.high, "#e15759")] {
                let x0 = min(x(base), x(value)), w = abs(x(value) - x(base))
                svg += "<rect class=\"bar\" x=\"\(f(x0))\" y=\"\(f(yy + 3))\" width=\"\(f(max(w, 0.5)))\" height=\"\(f(rowH - 8))\" fill=\"\(color)\"><title>\(esc(b.input)): \(esc(money(value, p.currency)))</title></rect>\n"
            }
            svg += "<text class=\"swing\" x=\"\(f(width - right + 6))\" y=\"\(f(yy + 15))\">\(esc(money(b.swing, p.currency)))</text>\n"
        }
        svg += "<line x1=\"\(f(x(base)))\" y1=\"\(f(top - 4))\" x2=\"\(f(x(base)))\" y2=\"\(f(plotBottom))\" stroke=\"#333\"/>\n"
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

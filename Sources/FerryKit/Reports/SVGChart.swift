import Foundation
import FerryUnits

/// Minimal, dependency-free SVG charts for reports: bar charts (linear or log scale) with
/// labelled axes, and vertical marker lines (e.g. P50/P90/P99).
///
/// Output is standalone SVG 1.1 text; every user string is XML-escaped.
public struct SVGChart: Sendable {
    /// One bar.
    public struct Bar: Sendable {
        /// Category label under the bar.
        public var label: String
        /// Height in data units (≥ 0; on a log scale, > 0).
        public var value: Double
        /// Label printed above the bar (e.g. "53.6 s").
        public var annotation: String
        /// Fill colour (CSS), e.g. "#4e79a7".
        public var color: String

        public init(label: String, value: Double, annotation: String, color: String = "#4e79a7") {
            self.label = label
            self.value = value
            self.annotation = annotation
            self.color = color
        }
    }

    /// A vertical line at a bar position (fractional index), e.g. a percentile.
    public struct Marker: Sendable {
        /// Position in bar units: 0 is the left edge of the first bar.
        public var position: Double
        /// Text beside the line.
        public var label: String

        public init(position: Double, label: String) {
            self.position = position
            self.label = label
        }
    }

    /// A horizontal reference line at a y value, e.g. the allowed downtime.
    public struct Guide: Sendable {
        /// Height in data units.
        public var value: Double
        /// Text above the line, at its right end.
        public var label: String

        public init(value: Double, label: String) {
            self.value = value
            self.label = label
        }
    }

    /// Chart title.
    public var title: String
    /// A line under the title (what is not shown, the scale used…); empty for none.
    public var note = ""
    /// Horizontal reference lines.
    public var guides: [Guide] = []
    /// Y-axis caption including its unit, e.g. "duration (s, log scale)".
    public var yLabel: String
    /// X-axis caption.
    public var xLabel: String
    /// The bars, left to right.
    public var bars: [Bar]
    /// Vertical markers.
    public var markers: [Marker] = []
    /// Log10 y-axis (for geometrically shrinking values).
    public var logScale = false
    /// Show every n-th x label (1 = all).
    public var labelEvery = 1

    public init(title: String, yLabel: String, xLabel: String, bars: [Bar], markers: [Marker] = [],
                logScale: Bool = false, labelEvery: Int = 1) {
        self.title = title
        self.yLabel = yLabel
        self.xLabel = xLabel
        self.bars = bars
        self.markers = markers
        self.logScale = logScale
        self.labelEvery = max(1, labelEvery)
    }

    /// Renders the chart.
    /// - Parameters:
    ///   - width: pixels.
    ///   - height: pixels.
    public func render(width: Double = 720, height: Double = 360) -> String {
        let left = 80.0, right = 20.0, top = note.isEmpty ? 40.0 : 52.0, bottom = 60.0
        let plotW = width - left - right, plotH = height - top - bottom
        let values = bars.map { $0.value }
        let positive = values.filter { $0 > 0 }
        var lo = 0.0, hi = max((values + guides.map(\.value)).filter(\.isFinite).max() ?? 1, 1e-12)
        if logScale, let minPositive = positive.min(), let maxPositive = positive.max() {
            lo = floor(log10(minPositive))
            hi = max(ceil(log10(maxPositive)), lo + 1)
        } else {
            hi = SVGChart.niceStep(hi) * (hi / SVGChart.niceStep(hi)).rounded(.up)
        }
        func y(_ v: Double) -> Double {
            let t = logScale ? (v > 0 ? (log10(v) - lo) / (hi - lo) : 0) : v / hi
            return top + plotH * (1 - min(max(t, 0), 1))
        }
        let slot = plotW / Double(max(bars.count, 1))
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="sans-serif" font-size="11">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(width / 2))" y="22" text-anchor="middle" font-size="14" font-weight="bold">\(esc(title))</text>

        """
        if !note.isEmpty {
            svg += "<text x=\"\(f(width / 2))\" y=\"36\" text-anchor=\"middle\" fill=\"#555\">\(esc(note))</text>\n"
        }
        // Grid and y ticks.
        let ticks: [Double] = logScale ? stride(from: lo, through: hi, by: 1).map { pow(10, $0) }
                                       : stride(from: 0, through: hi * (1 + 1e-9), by: SVGChart.niceStep(hi)).map { $0 }
        for t in ticks {
            let yy = y(t)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(yy))\" x2=\"\(f(width - right))\" y2=\"\(f(yy))\" stroke=\"#ddd\"/>\n"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(yy + 4))\" text-anchor=\"end\">\(esc(SVGChart.tickText(t)))</text>\n"
        }
        for (i, bar) in bars.enumerated() {
            let x = left + slot * Double(i) + slot * 0.1
            let barTop = y(bar.value)
            let h = max(top + plotH - barTop, 0)
            svg += "<rect x=\"\(f(x))\" y=\"\(f(barTop))\" width=\"\(f(slot * 0.8))\" height=\"\(f(h))\" fill=\"\(esc(bar.color))\"><title>\(esc(bar.label)): \(esc(bar.annotation))</title></rect>\n"
            if !bar.annotation.isEmpty && bars.count <= 24 {
                svg += "<text x=\"\(f(x + slot * 0.4))\" y=\"\(f(barTop - 4))\" text-anchor=\"middle\">\(esc(bar.annotation))</text>\n"
            }
            if i % labelEvery == 0 {
                svg += "<text x=\"\(f(x + slot * 0.4))\" y=\"\(f(height - bottom + 16))\" text-anchor=\"middle\">\(esc(bar.label))</text>\n"
            }
        }
        // Guide lines across the plot; their labels form a legend under the x axis (left), where
        // no bar or annotation can cover them.
        for (i, g) in guides.enumerated() where g.value.isFinite {
            let yy = y(g.value)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(yy))\" x2=\"\(f(width - right))\" y2=\"\(f(yy))\" stroke=\"#e15759\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n"
            let ly = height - 12 - Double(i) * 14
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(ly - 4))\" x2=\"\(f(left + 24))\" y2=\"\(f(ly - 4))\" stroke=\"#e15759\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n"
            svg += "<text x=\"\(f(left + 30))\" y=\"\(f(ly))\" fill=\"#e15759\">\(esc(g.label))</text>\n"
        }
        for m in markers {
            let x = left + slot * m.position
            svg += "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(top + plotH))\" stroke=\"#e15759\" stroke-dasharray=\"4 3\"/>\n"
            // Labels near the right edge go to the left of their line.
            let nearRight = x > width - right - 110
            svg += "<text x=\"\(f(nearRight ? x - 3 : x + 3))\" y=\"\(f(top + 12))\" fill=\"#e15759\" text-anchor=\"\(nearRight ? "end" : "start")\">\(esc(m.label))</text>\n"
        }
        svg += """
        <line x1="\(f(left))" y1="\(f(top + plotH))" x2="\(f(width - right))" y2="\(f(top + plotH))" stroke="black"/>
        <line x1="\(f(left))" y1="\(f(top))" x2="\(f(left))" y2="\(f(top + plotH))" stroke="black"/>
        <text x="\(f(guides.isEmpty ? left + plotW / 2 : width - right))" y="\(f(height - 12))" text-anchor="\(guides.isEmpty ? "middle" : "end")">\(esc(xLabel))</text>
        <text x="16" y="\(f(top + plotH / 2))" text-anchor="middle" transform="rotate(-90 16 \(f(top + plotH / 2)))">\(esc(yLabel))</text>
        </svg>

        """
        return svg
    }

    /// A round tick step (1, 2 or 5 × 10^k) giving about `ticks` intervals over [0, span]:
    /// `niceStep(24.2)` → 5, `niceStep(5419)` → 1000.
    static func niceStep(_ span: Double, ticks: Double = 5) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / ticks
        let magnitude = pow(10, floor(log10(raw)))
        for m in [1.0, 2, 5, 10] where m * magnitude >= raw { return m * magnitude }
        return 10 * magnitude
    }

    /// A round number ≥ x with 1, 2 or 5 as leading digit (axis maximum).
    static func niceCeiling(_ x: Double) -> Double {
        guard x > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(x)))
        for step in [1.0, 2, 2.5, 5, 10] where step * magnitude >= x { return step * magnitude }
        return 10 * magnitude
    }

    /// Short tick text: 1200 → "1.2k", 3e6 → "3M", 0.05 → "0.05".
    static func tickText(_ v: Double) -> String {
        switch abs(v) {
        case 1e9...: return NumberText.trim(v / 1e9, decimals: 2) + "G"
        case 1e6...: return NumberText.trim(v / 1e6, decimals: 2) + "M"
        case 1e4...: return NumberText.trim(v / 1e3, decimals: 2) + "k"
        default: return NumberText.trim(v, decimals: 3)
        }
    }

    private func f(_ x: Double) -> String { String(format: "%.1f", x) }
}

/// Escapes text for XML content and attributes.
func esc(_ s: String) -> String {
    var out = ""
    for c in s {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        default: out.append(c)
        }
    }
    return out
}

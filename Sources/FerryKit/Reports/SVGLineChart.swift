import FerryUnits
import Foundation

/// A dependency-free SVG chart of measured points with fitted curves and shaded bands, e.g.
/// throughput against streams with the USL fit and its 95 % confidence band.
///
/// The x axis is linear or log₂ (for stream counts 1, 2, 4, …); the y axis is linear from 0.
/// Output is standalone SVG 1.1; user strings are XML-escaped.
public struct SVGLineChart: Sendable {
    /// One data series: points, an optional curve and an optional band, in one colour.
    public struct Series: Sendable {
        /// Legend text.
        public var name: String
        /// CSS colour.
        public var color: String
        /// Measured points (x, y), drawn as dots.
        public var points: [(x: Double, y: Double)]
        /// A curve (x, y) drawn as a line, e.g. the fitted model.
        public var curve: [(x: Double, y: Double)]
        /// A band (x, low, high) drawn as a translucent area.
        public var band: [(x: Double, low: Double, high: Double)]

        /// Creates a series.
        public init(name: String, color: String, points: [(x: Double, y: Double)] = [],
                    curve: [(x: Double, y: Double)] = [], band: [(x: Double, low: Double, high: Double)] = []) {
            self.name = name
            self.color = color
            self.points = points
            self.curve = curve
            self.band = band
        }
    }

    /// Chart title.
    public var title: String
    /// X-axis caption with unit.
    public var xLabel: String
    /// Y-axis caption with unit.
    public var yLabel: String
    /// The series, drawn in order.
    public var series: [Series]
    /// Log₂ x axis (x > 0).
    public var logX: Bool

    /// A palette for series colours.
    public static let palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948", "#9c755f"]

    /// Creates a chart.
    public init(title: String, xLabel: String, yLabel: String, series: [Series], logX: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logX = logX
    }

    /// Renders the chart.
    /// - Parameters:
    ///   - width: pixels.
    ///   - height: pixels.
    public func render(width: Double = 760, height: Double = 420) -> String {
        let left = 80.0, right = 170.0, top = 40.0, bottom = 56.0
        let plotW = width - left - right, plotH = height - top - bottom
        let xs = series.flatMap { $0.points.map(\.x) + $0.curve.map(\.x) + $0.band.map(\.x) }.filter { $0.isFinite && (!logX || $0 > 0) }
        let ys = series.flatMap { $0.points.map(\.y) + $0.curve.map(\.y) + $0.band.map(\.high) }.filter(\.isFinite)
        func tx(_ v: Double) -> Double { logX ? log2(max(v, 1e-300)) : v }
        let xLo = tx(xs.min() ?? 0), xHiRaw = tx(xs.max() ?? 1)
        let xHi = xHiRaw > xLo ? xHiRaw : xLo + 1
        let yStep = SVGChart.niceStep(max(ys.max() ?? 1, 1e-12))
        let yHi = yStep * (max(ys.max() ?? 1, 1e-12) / yStep).rounded(.up)
        func px(_ v: Double) -> Double { left + plotW * (tx(v) - xLo) / (xHi - xLo) }
        func py(_ v: Double) -> Double { top + plotH * (1 - min(max(v / yHi, 0), 1.05)) }
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="sans-serif" font-size="11">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(left + plotW / 2))" y="22" text-anchor="middle" font-size="14" font-weight="bold">\(esc(title))</text>

        """
        for v in stride(from: 0, through: yHi * (1 + 1e-9), by: yStep) {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(py(v)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(py(v)))\" stroke=\"#ddd\"/>\n"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(py(v) + 4))\" text-anchor=\"end\">\(esc(SVGChart.tickText(v)))</text>\n"
        }
        let xTicks: [Double] = logX
            ? stride(from: xLo.rounded(.down), through: xHi.rounded(.up), by: 1).map { pow(2, $0) }
            : { () -> [Double] in
                let step = SVGChart.niceStep(xHi - xLo)
                return stride(from: (xLo / step).rounded(.up) * step, through: xHi + step * 1e-9, by: step).map { $0 }
            }()
        for t in xTicks where tx(t) >= xLo - 1e-9 && tx(t) <= xHi + 1e-9 {
            svg += "<line x1=\"\(f(px(t)))\" y1=\"\(f(top))\" x2=\"\(f(px(t)))\" y2=\"\(f(top + plotH))\" stroke=\"#eee\"/>\n"
            svg += "<text x=\"\(f(px(t)))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\">\(esc(SVGChart.tickText(t)))</text>\n"
        }
        for s in series where s.band.count >= 2 {
            let upper = s.band.map { "\(f(px($0.x))),\(f(py($0.high)))" }
            let lower = s.band.reversed().map { "\(f(px($0.x))),\(f(py(max($0.low, 0))))" }
            svg += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(esc(s.color))\" fill-opacity=\"0.18\" stroke=\"none\"/>\n"
        }
        for s in series where s.curve.count >= 2 {
            let points = s.curve.filter { $0.y.isFinite }.map { "\(f(px($0.x))),\(f(py($0.y)))" }
            svg += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(esc(s.color))\" stroke-width=\"2\"/>\n"
        }
        for s in series {
            for p in s.points where p.y.isFinite {
                svg += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"3\" fill=\"\(esc(s.color))\" fill-opacity=\"0.8\"><title>\(esc(s.name)): \(esc(SVGChart.tickText(p.x))), \(esc(SVGChart.tickText(p.y)))</title></circle>\n"
            }
        }
        for (i, s) in series.enumerated() {
            let y = top + 8 + Double(i) * 18
            svg += "<rect x=\"\(f(left + plotW + 14))\" y=\"\(f(y - 8))\" width=\"12\" height=\"10\" fill=\"\(esc(s.color))\"/>\n"
            svg += "<text x=\"\(f(left + plotW + 30))\" y=\"\(f(y + 1))\">\(esc(s.name))</text>\n"
        }
        svg += """
        <line x1="\(f(left))" y1="\(f(top + plotH))" x2="\(f(left + plotW))" y2="\(f(top + plotH))" stroke="black"/>
        <line x1="\(f(left))" y1="\(f(top))" x2="\(f(left))" y2="\(f(top + plotH))" stroke="black"/>
        <text x="\(f(left + plotW / 2))" y="\(f(height - 14))" text-anchor="middle">\(esc(xLabel))</text>
        <text x="16" y="\(f(top + plotH / 2))" text-anchor="middle" transform="rotate(-90 16 \(f(top + plotH / 2)))">\(esc(yLabel))</text>
        </svg>

        """
        return svg
    }

    private func f(_ x: Double) -> String { String(format: "%.1f", x) }
}

import FerryModels
import FerryUnits
import Foundation

/// A distribution of file sizes, in bytes, for generated sample data.
///
/// ```
/// fixed(s)                 every file is s bytes
/// uniform(a, b)            U[a, b], rounded to whole bytes
/// lognormal(median m, p95) exp(N(μ, s²)),  μ = ln m,  s = ln(p95 / m) / z₀.₉₅,  z₀.₉₅ = 1.6448536…
/// mixture([(wᵢ, Dᵢ)])      component i with probability wᵢ / Σw
/// ```
/// Every draw is then clamped to `[minimum, maximum]` of the profile.
public indirect enum SizeDistribution: Sendable, Equatable {
    /// Every file has the same size, bytes ≥ 0.
    case fixed(bytes: Double)
    /// Uniform between two sizes in bytes, 0 ≤ lower ≤ upper.
    case uniform(lower: Double, upper: Double)
    /// Lognormal given its median and 95th percentile in bytes, 0 < median < p95.
    case lognormal(median: Double, p95: Double)
    /// A weighted mixture; weights are relative (> 0) and need not sum to 1.
    case mixture([Component])

    /// One component of a mixture.
    public struct Component: Sendable, Equatable {
        /// Relative weight, > 0.
        public var weight: Double
        /// The component's distribution.
        public var distribution: SizeDistribution

        /// Creates a component.
        public init(weight: Double, distribution: SizeDistribution) {
            self.weight = weight
            self.distribution = distribution
        }
    }

    /// The standard normal quantile at 0.95, z = Φ⁻¹(0.95).
    public static let z95 = 1.6448536269514722

    /// Draws one size in bytes (not yet clamped), consuming the generator deterministically.
    /// - Parameter random: the seeded GSL generator.
    public func sample(_ random: RandomSource) -> Double {
        switch self {
        case let .fixed(bytes):
            return bytes
        case let .uniform(lower, upper):
            return lower + (upper - lower) * random.uniform()
        case let .lognormal(median, p95):
            return random.lognormal(mu: log(median), sigma: log(p95 / median) / SizeDistribution.z95)
        case let .mixture(components):
            let total = components.reduce(0) { $0 + $1.weight }
            var u = random.uniform() * total
            for component in components {
                if u < component.weight { return component.distribution.sample(random) }
                u -= component.weight
            }
            return components.last?.distribution.sample(random) ?? 0
        }
    }

    /// The mean size in bytes (analytic, before clamping):
    /// ```
    /// lognormal: exp(μ + s²/2)
    /// ```
    public var mean: Double {
        switch self {
        case let .fixed(bytes): return bytes
        case let .uniform(lower, upper): return (lower + upper) / 2
        case let .lognormal(median, p95):
            let s = log(p95 / median) / SizeDistribution.z95
            return median * exp(s * s / 2)
        case let .mixture(components):
            let total = components.reduce(0) { $0 + $1.weight }
            return components.reduce(0) { $0 + $1.weight / total * $1.distribution.mean }
        }
    }

    /// A short description, e.g. `lognormal(median 2.5 kB, p95 48 kB)`.
    public var summary: String {
        func b(_ x: Double) -> String { ByteCount(bytes: x).formatted() }
        switch self {
        case let .fixed(bytes): return "fixed \(b(bytes))"
        case let .uniform(lower, upper): return "uniform \(b(lower))–\(b(upper))"
        case let .lognormal(median, p95): return "lognormal(median \(b(median)), p95 \(b(p95)))"
        case let .mixture(components):
            let total = components.reduce(0) { $0 + $1.weight }
            return "mixture(" + components.map {
                "\(NumberText.trim(100 * $0.weight / total, decimals: 1))% \($0.distribution.summary)"
            }.joined(separator: "; ") + ")"
        }
    }
}

extension SizeDistribution {
    /// Reads a distribution from YAML:
    /// ```yaml
    /// size: 4KiB                                   # fixed
    /// size: { fixed: 4KiB }
    /// size: { uniform: [1kB, 64kB] }
    /// size: { lognormal: { median: 2475B, p95: 48KiB } }
    /// size: { mixture: [ { weight: 0.99, lognormal: {…} }, { weight: 0.01, fixed: 64MB } ] }
    /// ```
    /// - Throws: `InputError` at the offending line for unknown kinds, bad units or ranges.
    public static func read(_ node: YAMLNode) throws -> SizeDistribution {
        if (try? node.scalarText()) != nil {
            return .fixed(bytes: try node.quantity { try ByteCount.parse($0).bytes })
        }
        let kinds = ["fixed", "uniform", "lognormal", "mixture"]
        let present = try node.entries().map(\.key).filter { kinds.contains($0) }
        try node.checkKeys(kinds + ["weight"])
        guard present.count == 1, let kind = present.first else {
            throw node.error("expected exactly one of \(kinds.joined(separator: ", ")), found \(present.isEmpty ? "none" : present.joined(separator: ", "))")
        }
        let value = try node.required(kind)
        switch kind {
        case "fixed":
            return .fixed(bytes: try value.quantity { try ByteCount.parse($0).bytes })
        case "uniform":
            let bounds = try value.items()
            guard bounds.count == 2 else { throw value.error("expected [lower, upper], found \(bounds.count) values") }
            let lower = try bounds[0].quantity { try ByteCount.parse($0).bytes }
            let upper = try bounds[1].quantity { try ByteCount.parse($0).bytes }
            guard lower <= upper else {
                throw value.error("lower \(ByteCount(bytes: lower).formatted()) is above upper \(ByteCount(bytes: upper).formatted())")
            }
            return .uniform(lower: lower, upper: upper)
        case "lognormal":
            try value.checkKeys(["median", "p95"])
            let medianNode = try value.required("median")
            let median = try medianNode.quantity { try ByteCount.parse($0, allowZero: false).bytes }
            let p95Node = try value.required("p95")
            let p95 = try p95Node.quantity { try ByteCount.parse($0, allowZero: false).bytes }
            guard p95 > median else {
                throw p95Node.error("p95 \(ByteCount(bytes: p95).formatted()) must be above the median \(ByteCount(bytes: median).formatted())")
            }
            return .lognormal(median: median, p95: p95)
        default:
            let items = try value.items()
            guard !items.isEmpty else { throw value.error("a mixture needs at least one component") }
            return .mixture(try items.map { item in
                let weightNode = try item.required("weight")
                let weight = try weightNode.double()
                guard weight > 0 else { throw weightNode.error("weight must be > 0, found \(weight)") }
                return Component(weight: weight, distribution: try read(item))
            })
        }
    }
}

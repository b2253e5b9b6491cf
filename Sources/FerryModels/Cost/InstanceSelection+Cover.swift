import Foundation

/// The deterministic part of instance selection: the exact continuous bound of the two-row
/// cover and a rounded integer cover, so that a selection never depends on how fast the
/// machine happens to be.
///
/// The relaxation min Σ p_j n_j s.t. Σ v_j n_j ≥ V, Σ m_j n_j ≥ M, n ≥ 0 has two rows, so an
/// optimal basic solution uses one type (covering both rows) or two types with both rows tight:
/// ```
/// one type j:    n_j = max(V / v_j, M / m_j)
/// two types i,j: n_i = (V m_j − v_j M) / det,  n_j = (v_i M − m_i V) / det,  det = v_i m_j − v_j m_i
/// ```
/// The minimum over all of them is the exact bound.
extension InstanceSelection {
    /// One basic solution of the relaxation: up to two (type index, count) pairs and its cost.
    struct Basis {
        var parts: [(index: Int, count: Double)]
        var cost: Double
    }

    /// Every feasible basic solution of the relaxation, cheapest first (at most `limit`).
    static func relaxationBases(_ priced: [(InstanceType, Double)], cpu: Double, memory: Double, limit: Int = 24) -> [Basis] {
        var bases: [Basis] = []
        for (j, (t, p)) in priced.enumerated() {
            let n = max(cpu > 0 ? (t.vcpu > 0 ? cpu / t.vcpu : .infinity) : 0,
                        memory > 0 ? (t.memoryGiB > 0 ? memory / t.memoryGiB : .infinity) : 0)
            if n.isFinite { bases.append(Basis(parts: [(j, n)], cost: p * n)) }
        }
        if cpu > 0 && memory > 0 {
            for i in priced.indices {
                for j in priced.indices where j > i {
                    let (a, pa) = priced[i], (b, pb) = priced[j]
                    let det = a.vcpu * b.memoryGiB - b.vcpu * a.memoryGiB
                    guard abs(det) > 1e-12 else { continue }
                    let ni = (cpu * b.memoryGiB - b.vcpu * memory) / det
                    let nj = (a.vcpu * memory - a.memoryGiB * cpu) / det
                    guard ni >= 0, nj >= 0 else { continue }
                    bases.append(Basis(parts: [(i, ni), (j, nj)], cost: pa * ni + pb * nj))
                }
            }
        }
        bases.sort { $0.cost < $1.cost }
        return Array(bases.prefix(limit))
    }

    /// Adds the cheapest top-up of at most two types (c of one, then the cheapest single type
    /// for the rest) that covers what `counts` leaves short.
    static func topUp(_ counts: inout [Int], _ priced: [(InstanceType, Double)], cpu: Double, memory: Double) {
        let haveCPU = zip(counts, priced).reduce(0.0) { $0 + Double($1.0) * $1.1.0.vcpu }
        let haveMem = zip(counts, priced).reduce(0.0) { $0 + Double($1.0) * $1.1.0.memoryGiB }
        let dc = max(0, cpu - haveCPU), dm = max(0, memory - haveMem)
        guard dc > 1e-9 || dm > 1e-9 else { return }
        func single(_ dc: Double, _ dm: Double) -> (index: Int, n: Int, cost: Double)? {
            guard dc > 1e-9 || dm > 1e-9 else { return (0, 0, 0) }
            var best: (index: Int, n: Int, cost: Double)?
            for (j, (t, p)) in priced.enumerated() {
                let need = max(dc > 1e-9 ? (t.vcpu > 0 ? dc / t.vcpu : .infinity) : 0,
                               dm > 1e-9 ? (t.memoryGiB > 0 ? dm / t.memoryGiB : .infinity) : 0)
                guard need.isFinite else { continue }
                let n = Int((need - 1e-9).rounded(.up))
                if best == nil || Double(n) * p < best!.cost { best = (j, n, Double(n) * p) }
            }
            return best
        }
        guard var best = single(dc, dm).map({ (first: (index: 0, n: 0), rest: $0, cost: $0.cost) }) else { return }
        for (a, (t, p)) in priced.enumerated() {
            let most = min(64, Int((max(t.vcpu > 0 ? dc / t.vcpu : 0, t.memoryGiB > 0 ? dm / t.memoryGiB : 0)).rounded(.up)))
            guard most >= 1 else { continue }
            for c in 1...most {
                guard let rest = single(dc - Double(c) * t.vcpu, dm - Double(c) * t.memoryGiB) else { continue }
                let cost = Double(c) * p + rest.cost
                if cost < best.cost - 1e-12 { best = ((a, c), rest, cost) }
            }
        }
        counts[best.first.index] += best.first.n
        counts[best.rest.index] += best.rest.n
    }

    /// The cheapest of several integer covers: each of the best relaxation bases rounded
    /// (down then topped up, and up), and the warm start (last month's counts) topped up.
    /// - Returns: counts per priced type, or nil when nothing covers the demand.
    static func roundedCover(_ priced: [(InstanceType, Double)], cpu: Double, memory: Double, warmStart: [Int]?) -> [Int]? {
        func cost(_ c: [Int]) -> Double { zip(c, priced).reduce(0) { $0 + Double($1.0) * $1.1.1 } }
        var candidates: [[Int]] = []
        for b in relaxationBases(priced, cpu: cpu, memory: memory) {
            var down = Array(repeating: 0, count: priced.count), up = down
            for (j, n) in b.parts {
                down[j] = Int((n + 1e-9).rounded(.down))
                up[j] = Int((n - 1e-9).rounded(.up))
            }
            topUp(&down, priced, cpu: cpu, memory: memory)
            candidates += [down, up]
        }
        if var w = warmStart, w.count == priced.count {
            topUp(&w, priced, cpu: cpu, memory: memory)
            candidates.append(w)
        }
        return candidates.min { cost($0) < cost($1) }
    }
}

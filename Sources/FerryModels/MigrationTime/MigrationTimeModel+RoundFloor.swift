import Foundation

extension MigrationTimeModel {
    /// Plans the delta rounds when every round also pays a fixed floor F: the no-change re-run
    /// that walks and compares the whole tree before copying what changed. Each round copies
    /// what changed during the previous one:
    /// ```
    /// V_k = c · T_{k−1},   T_k = F + V_k · τ = F + q · T_{k−1}      (q = c·τ, T_0 = bulk)
    /// ```
    /// The rounds level off at `T* = F / (1 − q)`, so they reach a downtime d only when
    /// `T* < d`. With F = 0 this is `deltaPlan(bulkSeconds:…)` (T_k = T_0·q^k).
    /// - Parameters: as `deltaPlan(bulkSeconds:…)`, plus `floorSeconds` F ≥ 0, seconds.
    public static func deltaPlan(bulkSeconds: Double, bytes: Double, compressionRatio: Double, effectiveRate: Double,
                                 perFileSecondsPerByte: Double, changeRate: Double, maxDowntime: Double?,
                                 floorSeconds: Double) -> DeltaPlan {
        var plan = deltaPlan(bulkSeconds: bulkSeconds, bytes: bytes, compressionRatio: compressionRatio,
                             effectiveRate: effectiveRate, perFileSecondsPerByte: perFileSecondsPerByte,
                             changeRate: changeRate, maxDowntime: maxDowntime)
        guard floorSeconds > 0, plan.shrinkFactor < 1 else { return plan }
        let q = plan.shrinkFactor
        let tau = compressionRatio / effectiveRate + perFileSecondsPerByte
        let downtime = plan.maxDowntime
        let level = floorSeconds / (1 - q)
        plan.rounds = []
        plan.converges = false
        plan.reason = nil
        var previous = bulkSeconds
        for k in 1...maxRounds {
            let volume = changeRate * previous
            let seconds = floorSeconds + volume * tau
            let last = seconds <= downtime
            plan.rounds.append(DeltaRound(index: k, bytes: volume, seconds: seconds, isCutover: last))
            if last {
                plan.converges = true
                return plan
            }
            previous = seconds
            if level >= downtime && k >= 3 { break }
        }
        plan.reason = level >= downtime
            ? "every delta round pays \(format(floorSeconds)) s to check the unchanged files, so the rounds level off at "
                + "\(format(level)) s (floor / (1 − q), q = \(format(q))), above the \(format(downtime)) s downtime allowed"
            : "after \(maxRounds) rounds the residual still takes \(format(plan.rounds.last?.seconds ?? 0)) s, "
                + "more than the \(format(downtime)) s downtime allowed"
        return plan
    }
}

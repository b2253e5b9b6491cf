import Foundation

/// The migration-time model: bulk copy time, bottleneck, and incremental delta rounds.
///
/// ```
/// T_bulk = D · ratio / R_eff + files · t_file / streams        (S0-1, S4-2, per-file overhead)
/// ```
/// With a change rate c the bulk copy is followed by delta rounds (`DeltaPlan`), each copying
/// what changed during the previous one, until a round fits the allowed cutover downtime.
public enum MigrationTimeModel {
    /// The cutover downtime target used when the data changes but none is given: 5 min.
    public static let defaultMaxDowntime: Double = 300
    /// The most delta rounds Ferry plans before declaring the target unreachable.
    public static let maxRounds = 100

    /// Estimates the migration.
    /// - Parameters:
    ///   - workload: the data (bytes, files, compression, change rate, downtime target).
    ///   - path: the rate limits (link, streams, TCP window, source/target).
    /// - Returns: bulk time with its breakdown and bottleneck, and delta rounds when c > 0.
    /// - Throws: `MigrationError` for invalid or missing inputs.
    public static func estimate(_ workload: MigrationWorkload, over path: TransferPath) throws -> MigrationEstimate {
        try workload.validate()
        let (rate, bottleneck) = try path.effectiveRate()
        let wireBytes = workload.bytes * workload.compressionRatio
        let byteSeconds = wireBytes / rate
        let fileSeconds = Double(workload.files) * workload.perFileSeconds / Double(path.streams)
        var estimate = MigrationEstimate(bytes: workload.bytes, wireBytes: wireBytes, effectiveRate: rate,
                                         bottleneck: bottleneck, streams: path.streams,
                                         byteSeconds: byteSeconds, perFileSeconds: fileSeconds, delta: nil)
        if workload.changeRate > 0 {
            estimate.delta = deltaPlan(bulkSeconds: byteSeconds + fileSeconds, bytes: workload.bytes,
                                       compressionRatio: workload.compressionRatio, effectiveRate: rate,
                                       perFileSecondsPerByte: fileSeconds / workload.bytes,
                                       changeRate: workload.changeRate,
                                       maxDowntime: workload.maxDowntime)
        }
        return estimate
    }

    /// Plans the delta rounds after a bulk copy (S0-4).
    ///
    /// ```
    /// τ = ratio / R_eff + o        o = per-file seconds per byte (changed files ∝ changed bytes)
    /// q = c · τ;   T_k = T_0 · q^k;   cutover at the first k ≥ 1 with T_k ≤ downtime
    /// ```
    /// - Parameters:
    ///   - bulkSeconds: T_0, the bulk copy, seconds.
    ///   - bytes: D, bytes.
    ///   - compressionRatio: wire bytes per data byte.
    ///   - effectiveRate: R_eff, bytes/s.
    ///   - perFileSecondsPerByte: o, the per-file overhead spread over the data, s/byte.
    ///   - changeRate: c, bytes/s, > 0.
    ///   - maxDowntime: the cutover downtime target, seconds; `nil` → `defaultMaxDowntime`.
    public static func deltaPlan(bulkSeconds: Double, bytes: Double, compressionRatio: Double, effectiveRate: Double,
                                 perFileSecondsPerByte: Double, changeRate: Double, maxDowntime: Double?) -> DeltaPlan {
        let tau = compressionRatio / effectiveRate + perFileSecondsPerByte
        let q = changeRate * tau
        let downtime = maxDowntime ?? defaultMaxDowntime
        var plan = DeltaPlan(changeRate: changeRate, shrinkFactor: q, converges: false, rounds: [],
                             maxDowntime: downtime, downtimeGiven: maxDowntime != nil, requiredRate: nil, reason: nil)
        guard q < 1 else {
            // Each round takes at least as long as the one before: show the first three.
            var volume = bytes
            for k in 1...3 {
                volume *= q
                plan.rounds.append(DeltaRound(index: k, bytes: volume, seconds: volume * tau, isCutover: false))
            }
            let slack = 1 / changeRate - perFileSecondsPerByte
            plan.requiredRate = slack > 0 ? compressionRatio / slack : nil
            plan.reason = "the data changes at least as fast as it is copied (change rate × seconds per byte = \(format(q)) ≥ 1): "
                + "every delta round is longer than the last and the sync never converges"
            return plan
        }
        var volume = bytes
        for k in 1...maxRounds {
            volume *= q
            let seconds = volume * tau
            let last = seconds <= downtime
            plan.rounds.append(DeltaRound(index: k, bytes: volume, seconds: seconds, isCutover: last))
            if last {
                plan.converges = true
                return plan
            }
        }
        plan.reason = "after \(maxRounds) rounds the residual still takes \(format(plan.rounds.last?.seconds ?? 0)) s, "
            + "more than the \(format(downtime)) s downtime allowed (shrink factor \(format(q)))"
        return plan
    }

    /// A compact number for messages.
    static func format(_ x: Double) -> String { String(format: "%.4g", x) }
}

import Foundation
import FerryUnits

/// The migration-time model: bulk copy time, bottleneck, and incremental delta rounds.
///
/// ```
/// T_bulk = D · ratio / R_eff + files · t_file / streams        (S0-1, S4-2, per-file overhead)
///          + t₀ + max(R · (a + 1/λ) / streams, R / λ)           (object-store target only)
/// ```
/// An object store (`TransferPath.objectStore`) adds its requests R (files + multipart parts,
/// `ObjectStoreTarget.requests`), each costing a round trip `a` and limited to λ per second; when
/// that term is larger than the byte time it is the named bottleneck.
/// With a change rate c the bulk copy is followed by delta rounds (`DeltaPlan`), each copying
/// what changed during the previous one, until a round fits the allowed cutover downtime.
public enum MigrationTimeModel {
    /// The cutover downtime target used when the data changes but none is given: 5 min.
    public static let defaultMaxDowntime: Double = 300
    /// The most delta rounds Ferry plans before declaring the target unreachable.
    public static let maxRounds = 100
    /// The longest time Ferry reports, seconds (≈ 31.7 million years); beyond it a result is an
    /// error, never an overflowing number.
    public static let maxSeconds = 1e15

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
        var requests = 0.0, requestSeconds = 0.0
        var requestLimit: Bottleneck?
        if let store = path.objectStore, let latency = path.requestLatency {
            requests = store.requests(for: workload)
            (requestSeconds, requestLimit) = store.requestSeconds(requests: requests, streams: path.streams, latency: latency)
        }
        let total = byteSeconds + fileSeconds + requestSeconds
        guard total.isFinite, total <= maxSeconds else {
            throw MigrationError.resultOutOfRange(what: "the bulk copy", seconds: total)
        }
        // The named bottleneck is the request limit when requests take longer than the bytes.
        let named = requestLimit.map { requestSeconds > byteSeconds ? $0 : bottleneck } ?? bottleneck
        var estimate = MigrationEstimate(bytes: workload.bytes, wireBytes: wireBytes, effectiveRate: rate,
                                         bottleneck: named, streams: path.streams,
                                         byteSeconds: byteSeconds, perFileSeconds: fileSeconds, delta: nil,
                                         requests: requests, requestSeconds: requestSeconds, requestLimit: requestLimit)
        if workload.changeRate > 0 {
            // Changed objects, like changed files, are taken as proportional to changed bytes.
            estimate.delta = deltaPlan(bulkSeconds: total, bytes: workload.bytes,
                                       compressionRatio: workload.compressionRatio, effectiveRate: rate,
                                       perFileSecondsPerByte: (fileSeconds + requestSeconds) / workload.bytes,
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
    /// With q ≥ 1 rounds grow, so only round 1 can fit; it still does when T_1 ≤ downtime.
    /// The required rate is the smallest R_eff for which some round k ≤ `maxRounds` fits:
    /// ```
    /// T_k ≤ downtime  ⇔  τ ≤ τ_k* = (downtime / (D_τ · c^k))^(1/(k+1))      (T_0 = D·τ, T_k = D c^k τ^(k+1))
    /// R_required = ratio / (max_k τ_k* − o)
    /// ```
    /// where D_τ is the data that the bulk copy's τ applies to (bulk seconds / τ).
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
        // The data volume the bulk time corresponds to (T_0 = volume₀ · τ).
        let bulkVolume = tau > 0 ? bulkSeconds / tau : bytes
        guard q < 1 else {
            // Each round takes at least as long as the one before: round 1 is the only chance.
            let first = bulkVolume * q
            if first * tau <= downtime {
                plan.rounds.append(DeltaRound(index: 1, bytes: first, seconds: first * tau, isCutover: true))
                plan.converges = true
                return plan
            }
            var volume = bulkVolume
            for k in 1...3 {
                volume *= q
                // Overflowing rounds are not shown: a round past maxSeconds tells nothing more.
                guard (volume * tau).isFinite, volume * tau <= maxSeconds else { break }
                plan.rounds.append(DeltaRound(index: k, bytes: volume, seconds: volume * tau, isCutover: false))
            }
            plan.requiredRate = requiredRate(volume: bulkVolume, compressionRatio: compressionRatio,
                                             perFileSecondsPerByte: perFileSecondsPerByte, changeRate: changeRate, downtime: downtime)
            plan.reason = "the data changes at least as fast as it is copied (change rate × seconds per byte = \(format(q)) ≥ 1) "
                + "and the first delta round (\(span(bulkVolume * q * tau))) is longer than the \(span(downtime)) downtime: "
                + "every later round is longer still, so the sync never converges"
            return plan
        }
        var volume = bulkVolume
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
        plan.requiredRate = requiredRate(volume: bulkVolume, compressionRatio: compressionRatio,
                                         perFileSecondsPerByte: perFileSecondsPerByte, changeRate: changeRate, downtime: downtime)
        plan.reason = "the rounds shrink (factor \(format(q)) < 1) but too slowly: after \(maxRounds) rounds the residual still takes "
            + "\(span(plan.rounds.last?.seconds ?? 0)), more than the \(span(downtime)) downtime allowed"
        return plan
    }

    /// The smallest effective rate (bytes/s) at which some round k ≤ `maxRounds` fits the
    /// downtime (see `deltaPlan`), or nil when no rate can (the per-file overhead alone is too slow).
    static func requiredRate(volume: Double, compressionRatio: Double, perFileSecondsPerByte: Double,
                             changeRate: Double, downtime: Double) -> Double? {
        guard volume > 0, changeRate > 0, downtime > 0 else { return nil }
        // log τ_k* = (log downtime − log D − k log c) / (k + 1); the largest over k wins.
        var best = -Double.infinity
        for k in 1...maxRounds {
            let logTau = (Foundation.log(downtime) - Foundation.log(volume) - Double(k) * Foundation.log(changeRate)) / Double(k + 1)
            best = max(best, logTau)
        }
        // A hair inside the bound so the plan at exactly this rate converges despite rounding.
        let tauStar = Foundation.exp(best) * (1 - 1e-9)
        let slack = tauStar - perFileSecondsPerByte
        guard slack > 0, tauStar.isFinite else { return nil }
        let rate = compressionRatio / slack
        return rate.isFinite ? rate : nil
    }

    /// A compact number for messages.
    static func format(_ x: Double) -> String { String(format: "%.4g", x) }
    /// A duration in the unit that reads (`6.58 h`, `15 min`), for messages.
    static func span(_ seconds: Double) -> String { TimeSpan(seconds: seconds).formatted() }
}

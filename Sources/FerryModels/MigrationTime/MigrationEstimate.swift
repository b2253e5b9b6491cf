import Foundation

/// The answer of the migration-time model: how long the bulk copy takes, what limits it,
/// and, when the data changes, the delta rounds and the cutover downtime.
public struct MigrationEstimate: Sendable, Equatable, Codable {
    /// Data to move before compression, bytes.
    public var bytes: Double
    /// Bytes on the wire after compression: `bytes × compression ratio`.
    public var wireBytes: Double
    /// The effective rate R_eff, bytes/s.
    public var effectiveRate: Double
    /// What sets R_eff.
    public var bottleneck: Bottleneck
    /// Streams used.
    public var streams: Int
    /// Time spent moving bytes: `wireBytes / R_eff`, seconds.
    public var byteSeconds: Double
    /// Time spent on per-file overhead: `files × t_file / streams`, seconds.
    public var perFileSeconds: Double
    /// Delta rounds after the bulk copy, when the data changes (`nil` when it does not).
    public var delta: DeltaPlan?
    /// Requests an object-store target receives (files + multipart parts); 0 for a file system.
    public var requests: Double = 0
    /// Time spent on the object store's requests: `t₀ + max(R·(a + 1/λ)/N, R/λ)`, seconds; 0 for
    /// a file system.
    public var requestSeconds: Double = 0
    /// Which request limit sets `requestSeconds` (`.requestLatency` or `.requestRate`); `nil`
    /// for a file system.
    public var requestLimit: Bottleneck? = nil
    /// The bulk copy: `byteSeconds + perFileSeconds + requestSeconds`, seconds (S0-1's T = D / R
    /// when there is no per-file overhead, no object store and no compression).
    public var seconds: Double { byteSeconds + perFileSeconds + requestSeconds }

    /// The whole window from start of the bulk copy to the end of cutover, seconds: the bulk
    /// copy plus every delta round including the final one under downtime. Infinite when the
    /// rounds never converge.
    public var windowSeconds: Double {
        guard let delta else { return seconds }
        guard delta.converges else { return .infinity }
        return seconds + delta.rounds.reduce(0) { $0 + $1.seconds }
    }

    /// The cutover downtime, seconds: the final delta round, run with writes frozen; `nil`
    /// for static data (no delta rounds) or when the rounds never converge.
    public var cutoverSeconds: Double? { delta?.cutoverSeconds }
}

/// One incremental round: copy what changed while the previous round ran.
public struct DeltaRound: Sendable, Equatable, Codable {
    /// 1 for the first delta after the bulk copy.
    public var index: Int
    /// Data changed during the previous round, bytes (before compression).
    public var bytes: Double
    /// How long this round takes, seconds.
    public var seconds: Double
    /// Whether this is the final round, run with writes frozen (the cutover).
    public var isCutover: Bool
}

/// The incremental-sync phase (S0-4): rounds shrink geometrically when the change rate is
/// below the effective rate.
///
/// ```
/// τ   = ratio / R_eff + (files / D) · t_file / streams     (seconds per byte of data)
/// q   = c · τ                                              (shrink factor per round)
/// V_k = D · q^k,  T_k = V_k · τ = T_0 · q^k
/// ```
/// Pre-copy rounds run until T_k ≤ the allowed downtime; that round is the cutover.
public struct DeltaPlan: Sendable, Equatable, Codable {
    /// The change rate c, bytes/s.
    public var changeRate: Double
    /// The shrink factor q = c·τ; the rounds converge only when q < 1.
    public var shrinkFactor: Double
    /// Whether the rounds reach the downtime target.
    public var converges: Bool
    /// The rounds in order; the last is the cutover when `converges`.
    public var rounds: [DeltaRound]
    /// The downtime target used, seconds.
    public var maxDowntime: Double
    /// Whether `maxDowntime` was given by the user (false: Ferry's default).
    public var downtimeGiven: Bool
    /// When the rounds do not converge, the effective rate that would make q < 1, bytes/s
    /// (`nil` if no rate suffices because per-file overhead alone outpaces the changes).
    public var requiredRate: Double?
    /// Why the rounds do not converge, when they do not.
    public var reason: String?

    /// The final round's duration (writes frozen), seconds; `nil` when not converging.
    public var cutoverSeconds: Double? { converges ? rounds.last?.seconds : nil }
}

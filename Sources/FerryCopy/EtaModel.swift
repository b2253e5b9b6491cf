/// Time left from both files and bytes left: the copy phase's elapsed time is fitted, by
/// least squares through the origin, to the same per-file + per-byte model the calibration
/// uses:
/// ```
/// t ≈ a·files + c·bytes          (a: s/file, c: s/byte, both ≥ 0)
/// ETA = a·(F − files) + c·(B − bytes)
/// ```
/// from cumulative samples `(t_i, files_i, bytes_i)`. Normal equations:
/// ```
/// [Σf²  Σfb] [a]   [Σtf]
/// [Σfb  Σb²] [c] = [Σtb]
/// ```
/// When they are singular (files and bytes grew in proportion) or give a negative
/// coefficient, the better of the one-term fits (a only, c only) is used.
public struct EtaModel: Sendable {
    private var sff = 0.0, sfb = 0.0, sbb = 0.0, stf = 0.0, stb = 0.0, stt = 0.0
    private var samples = 0

    /// An empty model.
    public init() {}

    /// Adds a cumulative sample.
    /// - Parameters:
    ///   - seconds: time since the copy phase started, s.
    ///   - files: files finished by then.
    ///   - bytes: bytes copied by then.
    public mutating func add(seconds: Double, files: Int, bytes: Int64) {
        guard seconds.isFinite, seconds > 0, files > 0 || bytes > 0 else { return }
        let f = Double(files), b = Double(bytes)
        sff += f * f; sfb += f * b; sbb += b * b
        stf += seconds * f; stb += seconds * b; stt += seconds * seconds
        samples += 1
    }

    /// The fitted `(a s/file, c s/byte)`, or `nil` before any sample.
    public var coefficients: (perFile: Double, perByte: Double)? {
        guard samples > 0 else { return nil }
        let det = sff * sbb - sfb * sfb
        // Relative test: det is a difference of products of squares; below 1e-9 of their
        // scale the two columns are numerically proportional.
        if det > 1e-9 * sff * sbb {
            let a = (stf * sbb - stb * sfb) / det
            let c = (stb * sff - stf * sfb) / det
            if a >= 0, c >= 0, a.isFinite, c.isFinite { return (a, c) }
        }
        // One-term fits; residual sum of squares = Σt² − (Σtx)²/Σx².
        let fileOnly = sff > 0 ? (stf / sff, stt - stf * stf / sff) : nil
        let byteOnly = sbb > 0 ? (stb / sbb, stt - stb * stb / sbb) : nil
        switch (fileOnly, byteOnly) {
        case let (f?, b?): return f.1 <= b.1 ? (max(0, f.0), 0) : (0, max(0, b.0))
        case let (f?, nil): return (max(0, f.0), 0)
        case let (nil, b?): return (0, max(0, b.0))
        default: return nil
        }
    }

    /// Seconds left for `filesLeft` files and `bytesLeft` bytes, or `nil` before any sample.
    public func secondsLeft(filesLeft: Int, bytesLeft: Int64) -> Double? {
        guard let (a, c) = coefficients else { return nil }
        let eta = a * Double(max(0, filesLeft)) + c * Double(max(0, bytesLeft))
        return eta.isFinite ? eta : nil
    }
}

/// A unit of digital information: bytes or bits, with an SI (powers of 1000) or IEC
/// (powers of 1024) prefix.
public struct ByteUnit: Sendable, Equatable, Hashable {
    /// The symbol as Ferry prints it, e.g. `"MB"`, `"GiB"`, `"Gb"`.
    public let symbol: String
    /// How many bytes one of this unit holds (a bit is 1/8 byte).
    public let bytes: Double

    /// All units Ferry reads, keyed by their exact, case-sensitive spelling.
    ///
    /// `B` is a byte and `b`/`bit` a bit. Kilo is `k` (1000): `kB`. `KB` is refused as
    /// ambiguous — it means 1000 bytes to some tools and 1024 to others (JEDEC, Windows) — and
    /// the error suggests `kB` or `KiB`. For bits `Kb`/`Kbit`/`Kbps` stay 1000 (networking
    /// never uses 1024 for bits).
    static let table: [String: ByteUnit] = {
        var t: [String: ByteUnit] = [:]
        let si: [(String, Double)] = [("k", 1e3), ("K", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18)]
        let iec: [(String, Double)] = [("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824),
                                       ("Ti", 1_099_511_627_776), ("Pi", 1_125_899_906_842_624),
                                       ("Ei", 1_152_921_504_606_846_976)]
        t["B"] = ByteUnit(symbol: "B", bytes: 1)
        t["byte"] = t["B"]; t["bytes"] = t["B"]
        t["b"] = ByteUnit(symbol: "b", bytes: 0.125)
        t["bit"] = t["b"]; t["bits"] = t["b"]
        for (p, f) in si + iec {
            let canonical = p == "K" ? "k" : p
            if p != "K" { t[p + "B"] = ByteUnit(symbol: canonical + "B", bytes: f) }
            t[p + "b"] = ByteUnit(symbol: canonical + "b", bytes: f / 8)
            t[p + "bit"] = ByteUnit(symbol: canonical + "b", bytes: f / 8)
        }
        return t
    }()

    /// Units that would be ambiguous: a bare prefix such as `T` or `Mi`, or a spelling
    /// whose case hides bytes vs bits (`mb`, `gb`). Maps to the readings to suggest.
    static func readings(forAmbiguous unit: String, number: String) -> [String]? {
        let prefixes = ["k", "K", "M", "G", "T", "P", "E"]
        if unit == "KB" { return ["\(number)kB (1000 bytes, SI)", "\(number)KiB (1024 bytes, IEC)"] }
        if prefixes.contains(unit) {
            let p = unit == "K" ? "k" : unit
            return ["\(number)\(p)B (bytes, SI)", "\(number)\(p == "k" ? "K" : p)iB (bytes, IEC)", "\(number)\(p)b (bits)"]
        }
        if unit.count == 2, unit.hasSuffix("i"), prefixes.contains(String(unit.prefix(1))) {
            let p = unit.prefix(1) == "k" ? "K" : String(unit.prefix(1))
            return ["\(number)\(p)iB (bytes)", "\(number)\(p)ib (bits)"]
        }
        let lowered = unit.lowercased()
        if lowered.count == 2, lowered.hasSuffix("b"), prefixes.map({ $0.lowercased() }).contains(String(lowered.prefix(1))),
           table[unit] == nil {
            let p = String(lowered.prefix(1)).uppercased()
            let sip = p == "K" ? "k" : p
            return ["\(number)\(sip)B (bytes)", "\(number)\(sip)b (bits)"]
        }
        return nil
    }

    /// The SI byte units used when formatting, smallest first.
    static let siBytes = ["B", "kB", "MB", "GB", "TB", "PB", "EB"].map { table[$0]! }
    /// The IEC byte units used when formatting, smallest first.
    static let iecBytes = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"].map { table[$0]! }
    /// The SI bit units used when formatting rates, smallest first.
    static let siBits = ["b", "kb", "Mb", "Gb", "Tb", "Pb"].map { table[$0]! }
}

/// Which family of units to render a quantity in.
public enum UnitConvention: String, Sendable, CaseIterable, Codable {
    /// Powers of 1000: kB, MB, GB, TB (the default, as network and storage vendors quote).
    case si
    /// Powers of 1024: KiB, MiB, GiB, TiB.
    case iec
}

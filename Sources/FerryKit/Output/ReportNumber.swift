import Foundation
import FerryUnits

/// The one number formatter of the reports. Plain numbers for machines (CSV), a few
/// significant digits for people, percentages, and durations in the unit that reads.
/// Nothing here prints NaN or ∞: machine forms give an empty string, human forms "–".
public enum ReportNumber {
    /// A plain decimal for CSV: at most `decimals` decimals, trailing zeros removed, no
    /// thousands separators, no exponent; "" when `x` is not finite.
    /// `plain(27.777777)` → `27.777777`, `plain(100000)` → `100000`.
    public static func plain(_ x: Double, decimals: Int = 6) -> String {
        x.isFinite ? NumberText.trim(x, decimals: decimals) : ""
    }

    /// Whole bytes for CSV: a byte count is an integer, whatever arithmetic produced it
    /// (`2666666666666.6665` → `2666666666667`); "" when not finite.
    public static func wholeBytes(_ bytes: Double) -> String {
        plain(bytes.rounded(), decimals: 0)
    }

    /// Seconds for CSV to the millisecond: `17777.7777778` → `17777.778`; "" when not finite.
    public static func seconds(_ seconds: Double) -> String {
        plain(seconds, decimals: 3)
    }

    /// A number for machines that is still readable: `digits` significant digits, never an
    /// exponent, the integer part always whole (up to 10^15): `89057.432432432` → `89057.4324`,
    /// `2666666666666.6665` → `2666666666667`,
    /// `0.033815854` → `0.033815854`, `2314814.814814815` → `2314814.81`, `1e13` → `10000000000000`;
    /// "" when not finite. At most 12 decimals, so magnitudes under 10^-4 lose digits rather
    /// than turning into an exponent.
    public static func machine(_ x: Double, digits: Int = 9) -> String {
        guard x.isFinite else { return "" }
        if x == x.rounded() && abs(x) < 1e15 { return plain(x, decimals: 0) }
        let exponent = Int(log10(abs(x)).rounded(.down))
        return plain(x, decimals: min(12, max(0, digits - 1 - exponent)))
    }

    /// `digits` significant digits without an exponent for everyday magnitudes (1e-4 ≤ |x| < 1e15):
    /// `significant(21893.6123)` → `21890`, `significant(0.0123456)` → `0.01235`,
    /// `significant(0.02444, digits: 3)` → `0.0244`; "–" when not finite.
    public static func significant(_ x: Double, digits: Int = 4) -> String {
        guard x.isFinite else { return "–" }
        if x == 0 { return "0" }
        let magnitude = abs(x)
        if magnitude < 1e-4 || magnitude >= 1e15 {
            return String(format: "%.\(max(0, digits - 1))e", x)
        }
        let exponent = Int((log10(magnitude)).rounded(.down))
        let decimals = max(0, digits - 1 - exponent)
        let scale = pow(10.0, Double(exponent - digits + 1))
        let rounded = (x / scale).rounded() * scale
        return NumberText.trim(rounded, decimals: decimals)
    }

    /// A fraction as a percentage with `decimals` decimals: `percent(0.9423)` → `94.2 %`.
    public static func percent(_ fraction: Double, decimals: Int = 1) -> String {
        fraction.isFinite ? "\(NumberText.fixed(fraction * 100, decimals)) %" : "–"
    }

    /// Thousands separators: `grouped(2000000)` → `2,000,000`; "–" when not finite.
    public static func grouped(_ x: Double, decimals: Int = 0) -> String {
        x.isFinite ? NumberText.grouped(x, decimals: decimals) : "–"
    }

    /// A duration in the unit that reads, three significant digits:
    /// `0.0000042` → `4.2 µs`, `0.0402` → `40.2 ms`, `21.8936` → `21.9 s`, `754` → `12.6 min`, `3600` → `1 h`,
    /// `100000` → `27.8 h`, `600000` → `6.94 d`; "never" when infinite, "–" when NaN.
    public static func duration(_ seconds: Double) -> String {
        if seconds.isNaN { return "–" }
        if seconds.isInfinite { return "never" }
        let s = abs(seconds), sign = seconds < 0 ? "-" : ""
        if s == 0 { return "0 s" }
        if s < 1e-3 { return sign + significant(s * 1e6, digits: 3) + " µs" }
        if s < 1 { return sign + significant(s * 1e3, digits: 3) + " ms" }
        if s < 120 { return sign + significant(s, digits: 3) + " s" }
        if s < 3600 { return sign + significant(s / 60, digits: 3) + " min" }
        if s < 4 * 86_400 { return sign + significant(s / 3600, digits: 3) + " h" }
        return sign + significant(s / 86_400, digits: 3) + " d"
    }

    /// Hours with two decimals, the unit migration windows are quoted in: `27.78 h`;
    /// "never" when infinite.
    public static func hours(_ seconds: Double) -> String {
        seconds.isFinite ? "\(NumberText.fixed(seconds / 3600, 2)) h" : (seconds.isNaN ? "–" : "never")
    }

    /// A count with the noun in the right number: `counted(1, "delta round")` → `1 delta round`,
    /// `counted(3, "delta round")` → `3 delta rounds`.
    public static func counted(_ n: Int, _ singular: String, plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? singular : (plural ?? singular + "s"))
    }
}

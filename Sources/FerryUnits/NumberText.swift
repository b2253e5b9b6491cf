/// Plain-number rendering shared by every writer: no trailing zeros, no exponent.
public enum NumberText {
    /// Renders `x` with at most `decimals` decimals and no trailing zeros: 27.7777 → "27.778",
    /// 100000.0 → "100000".
    public static func trim(_ x: Double, decimals: Int = 3) -> String { Quantity.trim(x, decimals: decimals) }

    /// Renders with a fixed number of decimals: (27.7777, 2) → "27.78".
    public static func fixed(_ x: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", x) }

    /// Renders with thousands separators: 2000000 → "2,000,000"; decimals as asked.
    public static func grouped(_ x: Double, decimals: Int = 0) -> String {
        (x < 0 ? "-" : "") + Money.grouped(abs(x), decimals: decimals)
    }
}

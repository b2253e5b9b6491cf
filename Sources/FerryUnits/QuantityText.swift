import Foundation

/// The parsed value in base units, refused when the unit conversion overflowed (`1e308EB`)
/// or produced NaN: no parser returns a non-finite quantity.
/// - Throws: `UnitError.outOfRange` quoting the input.
func finiteResult(_ value: Double, input: String) throws -> Double {
    guard value.isFinite else {
        throw UnitError.outOfRange(input: input, requirement: "the value overflows when converted to base units (beyond 1.8e308)")
    }
    return value
}

/// A quantity string split into its number and its unit, e.g. `"1,200 USD"` → (1200, "USD").
///
/// Internal lexer shared by every parser in this module: one place decides what a number
/// looks like (digits, one decimal point, optional exponent, optional thousands commas).
///
/// Commas are thousands separators only, in groups of exactly three (`1,000GB` is 1000 GB,
/// `1,000,000 B` a million bytes). The decimal mark is always a point: a decimal comma
/// (`1,5GB`) and badly grouped digits (`1,0000`, `10,00`) are errors, never silently read as
/// another number.
struct QuantityText {
    /// The input exactly as given (trimmed), for error messages.
    let input: String
    /// The numeric part.
    let value: Double
    /// Everything after the number, whitespace removed at both ends.
    let unit: String

    /// Splits `text` into a leading number and a trailing unit.
    /// - Parameters:
    ///   - text: e.g. `"10 TB"`, `"100MB/s"`, `"1.5e3/s"`, `"$1,200"` (prefix symbols are
    ///     returned in `unit` followed by a space-free remainder).
    ///   - expected: wording for the error, e.g. `"a size such as 10TB or 2.5GiB"`.
    /// - Throws: `UnitError.notANumber`, `UnitError.notFinite`.
    init(_ text: String, expected: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        input = trimmed
        let scalars = Array(trimmed.unicodeScalars)
        var index = 0
        if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
        let digitsStart = index
        var sawDigit = false
        var sawPoint = false
        while index < scalars.count {
            let c = scalars[index]
            if c.properties.numericType != nil && c.isASCII {
                sawDigit = true
            } else if c == "." && !sawPoint {
                sawPoint = true
            } else if c == "," && sawDigit && !sawPoint
                        && index + 3 < scalars.count
                        && scalars[(index + 1)...].prefix(3).allSatisfy({ $0.isASCII && $0.properties.numericType != nil }) {
                // thousands separator: only when followed by three digits
            } else {
                break
            }
            index += 1
        }
        // Exponent: e or E followed by an optional sign and digits (but not "EB", "Eb").
        if sawDigit, index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            var j = index + 1
            if j < scalars.count, scalars[j] == "+" || scalars[j] == "-" { j += 1 }
            let expStart = j
            while j < scalars.count, scalars[j].isASCII, scalars[j].properties.numericType != nil { j += 1 }
            if j > expStart { index = j }
        }
        guard sawDigit, digitsStart <= index else {
            let lowered = trimmed.lowercased()
            if lowered.contains("nan") || lowered.contains("inf") { throw UnitError.notFinite(input: trimmed) }
            throw UnitError.notANumber(input: trimmed, expected: expected)
        }
        let raw = String(String.UnicodeScalarView(scalars[0..<index]))
        let groupingHelp = "a number with a decimal point and, optionally, commas between groups of three digits (1.5, 1,000, 1,000,000.25)"
        if raw.contains(",") {
            // Groups of three after the first comma, 1–3 digits before it (sign excluded).
            let integerPart = raw.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .split(separator: "e", maxSplits: 1)[0].split(separator: "E", maxSplits: 1)[0]
                .trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
            let groups = integerPart.split(separator: ",", omittingEmptySubsequences: false)
            guard let head = groups.first, (1...3).contains(head.count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                throw UnitError.notANumber(input: trimmed, expected: groupingHelp)
            }
        }
        // "1,5GB": a decimal comma (or a stray comma) right after the digits.
        if index < scalars.count, scalars[index] == "," {
            throw UnitError.notANumber(input: trimmed, expected: groupingHelp)
        }
        let numberText = raw.replacingOccurrences(of: ",", with: "")
        guard let number = Double(numberText) else {
            throw UnitError.notANumber(input: trimmed, expected: expected)
        }
        guard number.isFinite else { throw UnitError.notFinite(input: trimmed) }
        value = number
        unit = String(String.UnicodeScalarView(scalars[index...])).trimmingCharacters(in: .whitespaces)
    }
}

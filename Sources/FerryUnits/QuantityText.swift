import Foundation

/// A quantity string split into its number and its unit, e.g. `"1,200 USD"` → (1200, "USD").
///
/// Internal lexer shared by every parser in this module: one place decides what a number
/// looks like (digits, one decimal point, optional exponent, optional thousands commas).
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
        let numberText = String(String.UnicodeScalarView(scalars[0..<index])).replacingOccurrences(of: ",", with: "")
        guard let number = Double(numberText) else {
            throw UnitError.notANumber(input: trimmed, expected: expected)
        }
        guard number.isFinite else { throw UnitError.notFinite(input: trimmed) }
        value = number
        unit = String(String.UnicodeScalarView(scalars[index...])).trimmingCharacters(in: .whitespaces)
    }
}

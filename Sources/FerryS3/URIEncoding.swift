/// Percent-encoding as SigV4 defines it: every byte except `A–Z a–z 0–9 - _ . ~` becomes `%XX`
/// (upper-case hex), UTF-8 first. S3 object keys are encoded once, keeping `/` in paths.
public enum URIEncoding {
    /// Encodes `text` byte by byte.
    /// - Parameters:
    ///   - text: the raw text (an object key, a query name or value).
    ///   - keepSlash: `true` for URI paths (`/` stays), `false` for query names and values.
    public static func encode(_ text: String, keepSlash: Bool) -> String {
        let hex: [Character] = Array("0123456789ABCDEF")
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: "/") where keepSlash:
                out.append("/")
            default:
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }

    /// The canonical query string: names and values encoded, sorted by name then value
    /// (byte order), joined with `&`; a parameter without a value keeps its `=`.
    public static func canonicalQuery(_ items: [(name: String, value: String)]) -> String {
        items.map { (encode($0.name, keepSlash: false), encode($0.value, keepSlash: false)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }
}

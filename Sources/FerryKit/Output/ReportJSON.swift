import Foundation

/// The one JSON renderer: pretty-printed, sorted snake_case keys, `schema_version` and `kind`
/// first-class at the top level, and non-finite numbers as `null`.
///
/// JSON has no NaN or ∞, and a missing answer must never look like a number, so every
/// non-finite `Double` anywhere in a document becomes `null` — here, and nowhere else.
/// Rendering never throws and never crashes.
public enum ReportJSON {
    /// Renders `document` as JSON text ending in a newline.
    ///
    /// ```
    /// { "kind": "<Document.kind>", "schema_version": <Document.schemaVersion>, …document's keys… }
    /// ```
    /// - Parameter document: the report value; its camelCase property names become snake_case
    ///   keys (`p95ResponseSeconds` → `p95_response_seconds`), except keys inside
    ///   ``VerbatimKeys`` maps, which are kept exactly.
    /// - Returns: the JSON text. When encoding fails (an `Encodable` implementation threw),
    ///   a JSON object with `kind`, `schema_version` and an `error` string instead.
    public static func render<Document: ReportDocument>(_ document: Document) -> String {
        let encoder = makeEncoder()
        do {
            let data = try encoder.encode(Envelope(document: document))
            let text = String(decoding: data, as: UTF8.self)
            return text.replacingOccurrences(of: "\"\(nonFiniteMarker)\"", with: "null") + "\n"
        } catch {
            let fallback = Failure(kind: Document.kind, schemaVersion: Document.schemaVersion,
                                   error: "cannot encode the report: \(error)")
            let data = (try? encoder.encode(fallback)) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }

    /// The encoder every document goes through.
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFiniteMarker, negativeInfinity: nonFiniteMarker, nan: nonFiniteMarker)
        encoder.keyEncodingStrategy = .custom { path in
            AnyKey(stringValue: jsonKey(path.last?.stringValue ?? ""))
        }
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// A property name as a JSON key: camelCase → snake_case (`p95Seconds` → `p95_seconds`,
    /// `bytesPerSecond` → `bytes_per_second`); a verbatim key has its marker removed instead.
    static func jsonKey(_ name: String) -> String {
        if name.hasPrefix(VerbatimKeys<Int>.marker) { return String(name.dropFirst(VerbatimKeys<Int>.marker.count)) }
        let characters = Array(name)
        var out = ""
        for (i, character) in characters.enumerated() {
            if character.isUppercase {
                // A word starts at an uppercase letter after a lowercase letter or digit, or at
                // the last capital of a run followed by lowercase ("perFileCV" → "per_file_cv",
                // "HTTPCode" → "http_code").
                let previous = i > 0 ? characters[i - 1] : nil
                let next = i + 1 < characters.count ? characters[i + 1] : nil
                let startsWord = previous.map { !$0.isUppercase && $0 != "_" } ?? false
                    || (previous?.isUppercase == true && next?.isLowercase == true)
                if startsWord { out.append("_") }
                out.append(contentsOf: character.lowercased())
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// The string non-finite numbers are encoded as before they are turned into `null`.
    static let nonFiniteMarker = "__ferry_non_finite_4d1b9e__"

    /// The document with `kind` and `schema_version` beside its own keys.
    struct Envelope<Document: ReportDocument>: Encodable {
        let document: Document

        func encode(to encoder: Encoder) throws {
            try document.encode(to: encoder)
            var container = encoder.container(keyedBy: AnyKey.self)
            try container.encode(Document.kind, forKey: AnyKey(stringValue: "kind"))
            try container.encode(Document.schemaVersion, forKey: AnyKey(stringValue: "schema_version"))
        }
    }

    /// What is written when a document cannot be encoded.
    struct Failure: Encodable {
        let kind: String
        let schemaVersion: Int
        let error: String
    }
}

/// A coding key made from any string.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

import Foundation
import Testing
@testable import FerryKit

/// A document with the awkward cases: non-finite numbers at several depths, optionals,
/// acronyms in names, user-named keys.
struct ReportJSONSample: ReportDocument {
    static let kind = "sample"
    var seconds: Double
    var p95ResponseSeconds: Double
    var perFileCV: Double
    var infinite: Double
    var nested: [Double]
    var missing: Double?
    @EncodedAsNull var never: Double?
    var variables: VerbatimKeys<Double>
}

struct ReportJSONVersioned: ReportDocument {
    static let kind = "versioned"
    static let schemaVersion = 3
    var bytes: Int
}

@Suite struct ReportJSONTests {
    let sample = ReportJSONSample(seconds: 100_000, p95ResponseSeconds: 0.25, perFileCV: .nan, infinite: .infinity,
                        nested: [1, -.infinity, .nan], missing: nil, never: nil,
                        variables: VerbatimKeys(["myVar": 2, "x_1": 3]))

    /// The exact text: the layout is the contract scripts rely on, so it is spelled out by hand.
    @Test func rendersSortedSnakeCaseKeysWithEnvelopeAndNullsForNonFinite() {
        let expected = """
        {
          "infinite" : null,
          "kind" : "sample",
          "nested" : [
            1,
            null,
            null
          ],
          "never" : null,
          "p95_response_seconds" : 0.25,
          "per_file_cv" : null,
          "schema_version" : 1,
          "seconds" : 100000,
          "variables" : {
            "myVar" : 2,
            "x_1" : 3
          }
        }

        """
        #expect(ReportJSON.render(sample) == expected)
    }

    @Test func outputParsesAsJSONAndCarriesTheDocumentsVersion() throws {
        let object = try JSONSerialization.jsonObject(with: Data(ReportJSON.render(ReportJSONVersioned(bytes: 5)).utf8)) as? [String: Any]
        #expect(object?["schema_version"] as? Int == 3)
        #expect(object?["kind"] as? String == "versioned")
        #expect(object?["bytes"] as? Int == 5)
    }

    @Test(arguments: [
        ("seconds", "seconds"), ("p50Seconds", "p50_seconds"), ("bytesPerSecond", "bytes_per_second"),
        ("perFileCV", "per_file_cv"), ("rSquared", "r_squared"), ("HTTPCode", "http_code"),
        ("already_snake", "already_snake"), ("window99", "window99"),
    ])
    func keyConversion(_ name: String, _ key: String) {
        #expect(ReportJSON.jsonKey(name) == key)
    }

    /// A string value that happens to look like a number is left alone; only real non-finite
    /// numbers become null.
    @Test func stringsAreNotTouched() {
        struct Text: ReportDocument { static let kind = "text"; var note: String }
        let json = ReportJSON.render(Text(note: "NaN and inf"))
        #expect(json.contains("\"note\" : \"NaN and inf\""))
    }

    /// An `Encodable` that throws still gives a JSON object naming the failure (never a crash).
    @Test func encodingFailureIsReportedAsJSON() throws {
        struct Broken: ReportDocument {
            static let kind = "broken"
            func encode(to encoder: Encoder) throws {
                throw EncodingError.invalidValue(0, .init(codingPath: [], debugDescription: "boom"))
            }
        }
        let object = try JSONSerialization.jsonObject(with: Data(ReportJSON.render(Broken()).utf8)) as? [String: Any]
        #expect(object?["kind"] as? String == "broken")
        #expect((object?["error"] as? String)?.contains("boom") == true)
    }
}

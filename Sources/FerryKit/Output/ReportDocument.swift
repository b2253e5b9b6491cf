/// A command's result as a value every format renders from.
///
/// Conforming types are plain `Encodable` structs whose property names carry their unit
/// (`seconds`, `bytes`, `bytesPerSecond`, `monthlyCost`); ``ReportJSON`` turns them into
/// snake_case JSON keys and adds `schema_version` and `kind` at the top level.
public protocol ReportDocument: Encodable {
    /// What the document describes, written as the JSON `kind` (e.g. `"plan"`, `"capacity"`).
    static var kind: String { get }
    /// The version of this document's key layout, written as `schema_version`. Raise it when
    /// a key is renamed or removed (adding keys does not need a new version).
    static var schemaVersion: Int { get }
}

extension ReportDocument {
    /// Version 1 unless a document says otherwise.
    public static var schemaVersion: Int { 1 }
}

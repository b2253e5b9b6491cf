import Foundation

extension Inventory {
    /// The inventory as pretty, key-sorted JSON (snake_case keys, ISO 8601 time, with `schema_version`).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var copy = self
        // JSON has no NaN or ∞; every Double here is a ratio of finite counts, but keep the promise.
        if !copy.seconds.isFinite { copy.seconds = 0 }
        if !copy.filesPerDirectory.mean.isFinite { copy.filesPerDirectory.mean = 0 }
        if !copy.depth.meanFileDepth.isFinite { copy.depth.meanFileDepth = 0 }
        return try encoder.encode(copy)
    }

    /// Reads an inventory written by `ferry scan --out`.
    /// - Throws: `InventoryError.unreadable` (missing file, not an inventory, newer schema),
    ///   `.invalid` (negative counts, no files).
    public static func load(path: String) throws -> Inventory {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw InventoryError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let inventory: Inventory
        do { inventory = try decoder.decode(Inventory.self, from: data) } catch let DecodingError.keyNotFound(key, context) {
            let at = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            throw InventoryError.unreadable(path: path, reason: "missing key '\(at)'; expected the JSON of `ferry scan --out`")
        } catch let DecodingError.typeMismatch(_, context) {
            throw InventoryError.unreadable(path: path, reason: "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
        } catch {
            throw InventoryError.unreadable(path: path, reason: "not an inventory (\(error.localizedDescription)); expected the JSON of `ferry scan --out`")
        }
        guard inventory.schemaVersion <= Inventory.schemaVersion else {
            throw InventoryError.unreadable(path: path, reason: "schema_version \(inventory.schemaVersion) is newer than this Ferry reads (\(Inventory.schemaVersion))")
        }
        guard inventory.files >= 0, inventory.directories >= 0, inventory.apparentBytes >= 0 else {
            throw InventoryError.invalid(path: path, reason: "negative counts")
        }
        return inventory
    }
}

@preconcurrency internal import CXXHash

/// A 128-bit XXH3 digest, as produced by libxxhash's `XXH3_128bits`.
public struct ContentHash: Hashable, Sendable, CustomStringConvertible {
    /// The high 64 bits.
    public var high: UInt64
    /// The low 64 bits.
    public var low: UInt64

    /// Creates a digest from its halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// 32 lowercase hex digits, high half first (the canonical XXH128 rendering).
    public var description: String {
        func hex(_ v: UInt64) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
        return hex(high) + hex(low)
    }
}

/// Streaming XXH3-128 over buffers read by the engine; a `final class` owning the C state.
final class XXH3Hasher {
    private let state: OpaquePointer

    /// Allocates and resets a hashing state.
    init() {
        guard let state = XXH3_createState() else { fatalError("XXH3_createState failed: out of memory") }
        self.state = state
        XXH3_128bits_reset(state)
    }

    deinit { XXH3_freeState(state) }

    /// Starts a new digest.
    func reset() { XXH3_128bits_reset(state) }

    /// Adds the first `count` bytes of `buffer`.
    func update(_ buffer: IOBuffer, count: Int) {
        XXH3_128bits_update(state, buffer.pointer, count)
    }

    /// Adds raw bytes (used to combine chunk digests).
    func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in _ = XXH3_128bits_update(state, raw.baseAddress, raw.count) }
    }

    /// The digest of everything added since the last reset.
    func digest() -> ContentHash {
        let value = XXH3_128bits_digest(state)
        return ContentHash(high: value.high64, low: value.low64)
    }

    /// The combined digest of a chunked file: XXH3-128 over the chunk digests in order
    /// (each as 16 big-endian bytes). A single chunk's digest is returned unchanged.
    static func combine(_ digests: [ContentHash]) -> ContentHash {
        if digests.count == 1 { return digests[0] }
        let hasher = XXH3Hasher()
        for d in digests {
            var bytes: [UInt8] = []
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: d.high >> UInt64(shift))) }
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: d.low >> UInt64(shift))) }
            hasher.update(bytes)
        }
        return hasher.digest()
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A page-aligned byte buffer owned by one worker thread, used for `pread`/`pwrite` and hashing.
///
/// The raw pointer never leaves the seam layer (`PosixSystemCalls`, `XXH3Hasher`).
final class IOBuffer: @unchecked Sendable {
    /// Capacity in bytes.
    let capacity: Int
    /// The storage; only the seam layer touches it.
    let pointer: UnsafeMutableRawPointer

    /// Allocates `capacity` bytes aligned to 4 KiB, zero-filled.
    /// - Parameter capacity: bytes, > 0.
    init(capacity: Int) {
        precondition(capacity > 0, "buffer capacity must be positive")
        self.capacity = capacity
        pointer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 4096)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: capacity)
    }

    deinit { pointer.deallocate() }

    /// Fills the first `count` bytes with `byte` (tests use this to corrupt writes).
    func fill(_ byte: UInt8, count: Int) {
        pointer.initializeMemory(as: UInt8.self, repeating: byte, count: min(count, capacity))
    }

    /// A copy of the first `count` bytes.
    func bytes(count: Int) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: pointer, count: min(count, capacity)))
    }

    /// Whether `self[0..<count]` equals `other[0..<count]`.
    func equals(_ other: IOBuffer, count: Int) -> Bool {
        memcmp(pointer, other.pointer, count) == 0
    }
}

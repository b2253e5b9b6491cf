import Foundation

/// A value guarded by a lock, shareable between the engine's worker threads.
///
/// `Sendable` only when the value is: a lock makes access exclusive, it does not make a
/// non-`Sendable` value (one holding shared references) safe to hand to another thread.
final class Locked<Value> {
    private let lock = NSLock()
    private var value: Value

    /// Wraps `value`.
    init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

extension Locked: @unchecked Sendable where Value: Sendable {}

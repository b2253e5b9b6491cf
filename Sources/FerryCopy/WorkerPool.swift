#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The copy phase's worker threads. Each thread builds its own `CopyWorker` (buffer and
/// hashing state) on the thread that uses it, runs it until the queue is drained, and
/// `join` waits for every thread with `pthread_join` — no polling.
///
/// Dedicated threads, not Swift concurrency: workers block in system calls, which must not
/// occupy the cooperative pool.
final class WorkerPool {
    private var threads: [pthread_t] = []

    /// Starts `count` workers over `context`.
    /// - Parameter stackSize: bytes of stack per thread (the workers need little).
    init(count: Int, context: CopyContext, stackSize: Int = 1 << 20) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        for index in 0..<count {
            let body = Body {
                let worker = CopyWorker(index: index, context: context)
                worker.run()
            }
            let argument = Unmanaged.passRetained(body).toOpaque()
            #if canImport(Glibc)
            var thread = pthread_t()
            #else
            var thread: pthread_t?
            #endif
            let status = pthread_create(&thread, &attributes, { raw in
                #if canImport(Glibc)
                let body = Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue()
                #else
                let body = Unmanaged<Body>.fromOpaque(raw).takeRetainedValue()
                #endif
                body.run()
                return nil
            }, argument)
            precondition(status == 0, "pthread_create failed with \(status)")
            #if canImport(Glibc)
            threads.append(thread)
            #else
            threads.append(thread!)
            #endif
        }
    }

    /// Waits until every worker thread has exited.
    func join() {
        for thread in threads { pthread_join(thread, nil) }
        threads = []
    }

    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }
}

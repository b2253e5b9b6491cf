import Dispatch
import FerryCopy
import Foundation

/// SIGINT/SIGTERM handling for `ferry copy`: the first signal asks the engine to stop
/// cleanly (it then returns its summary and the command exits 128 + signal); the handler
/// then restores the default action, so a second signal ends the process at once.
final class CopySignals {
    private var sources: [DispatchSourceSignal] = []

    /// Installs the handlers for the lifetime of this value (until `cancel`).
    init(engine: CopyEngine) {
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                engine.requestStop(reason: "interrupted by \(name)", signal: number)
                FileHandle.standardError.write(Data(
                    "\nferry: \(name) received: stopping (removing temporaries); send it again to quit at once\n".utf8))
                signal(number, SIG_DFL)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Removes the handlers and restores the default actions.
    func cancel() {
        for source in sources { source.cancel() }
        sources.removeAll()
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

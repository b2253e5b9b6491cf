@preconcurrency internal import CGSL
import Foundation

/// The one place that prepares GSL for use from Swift.
///
/// GSL's default error handler calls `abort()`; Ferry turns it off once, before the first
/// GSL call, and checks every status code instead.
enum GSL {
    /// Turns off GSL's aborting error handler; idempotent and thread-safe (a `static let`
    /// initialiser runs exactly once).
    static let prepared: Void = {
        gsl_set_error_handler_off()
    }()

    /// Ensures `prepared` has run. Call at the top of every wrapper's initialiser.
    static func prepare() { _ = prepared }

    /// GSL's message for a status code, e.g. "iteration is not making progress".
    static func message(_ status: Int32) -> String {
        String(cString: gsl_strerror(status))
    }
}

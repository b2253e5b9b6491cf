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

/// An owned `gsl_vector`: allocated in `init` (allocation failure is a thrown error, not a
/// crash), freed in `deinit`.
final class GSLVector {
    /// The C vector; valid for the object's lifetime.
    let pointer: UnsafeMutablePointer<gsl_vector>

    /// Allocates a vector of `count` elements (uninitialised).
    /// - Throws: `SolverError.gsl` with `GSL_ENOMEM` when GSL cannot allocate it.
    init(_ count: Int, during: String) throws {
        GSL.prepare()
        guard count > 0, let v = gsl_vector_alloc(count) else {
            throw SolverError.gsl(status: Int32(GSL_ENOMEM), message: GSL.message(Int32(GSL_ENOMEM)), during: "\(during) (vector of \(count))")
        }
        pointer = v
    }

    deinit { gsl_vector_free(pointer) }
}

/// An owned `gsl_matrix`: allocated in `init` (failure is a thrown error), freed in `deinit`.
final class GSLMatrix {
    /// The C matrix; valid for the object's lifetime.
    let pointer: UnsafeMutablePointer<gsl_matrix>

    /// Allocates a `rows × columns` matrix (uninitialised).
    /// - Throws: `SolverError.gsl` with `GSL_ENOMEM` when GSL cannot allocate it.
    init(_ rows: Int, _ columns: Int, during: String) throws {
        GSL.prepare()
        guard rows > 0, columns > 0, let m = gsl_matrix_alloc(rows, columns) else {
            throw SolverError.gsl(status: Int32(GSL_ENOMEM), message: GSL.message(Int32(GSL_ENOMEM)), during: "\(during) (matrix \(rows)×\(columns))")
        }
        pointer = m
    }

    deinit { gsl_matrix_free(pointer) }
}

import ArgumentParser
import FerryUnits

/// Parses a flag's text with one of FerryUnits' parsers; a bad value is a usage error
/// (exit 64) naming the flag, e.g. `--size: '10T' is ambiguous; did you mean 10TB …`.
func flagValue<T>(_ flag: String, _ text: String?, _ parse: (String) throws -> T) throws -> T? {
    guard let text else { return nil }
    do {
        return try parse(text)
    } catch let error as UnitError {
        throw ValidationError("\(flag): \(error.errorDescription ?? "\(error)")")
    }
}

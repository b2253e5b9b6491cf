import Foundation
import Testing

/// Compares a rendered report with a golden file kept in the source tree.
///
/// Re-record after an intended change with `FERRY_RECORD_GOLDEN=1 swift test --filter …`:
/// the files are rewritten **and the test fails**, so a recording run can never pass by
/// accident; inspect `git diff`, then run again without the variable. Text that changes on its
/// own (the version, absolute paths) is replaced by a placeholder before comparing — pass
/// those in `normalizing`, e.g. `[FerryInfo.version: "<version>"]`.
public enum GoldenFile {
    /// The environment variable that switches to recording.
    public static let recordVariable = "FERRY_RECORD_GOLDEN"

    /// Whether this run records instead of comparing.
    public static var isRecording: Bool { ProcessInfo.processInfo.environment[recordVariable] == "1" }

    /// Expects `actual` (after normalising) to equal the golden file `name` in `directory`.
    /// - Parameters:
    ///   - actual: the rendered text.
    ///   - name: the file name, e.g. `file-estate-10tb.plan.md`.
    ///   - directory: absolute path of the golden directory (from `#filePath`).
    ///   - normalizing: literal text → placeholder, applied to `actual` in order.
    public static func check(_ actual: String, name: String, directory: String, normalizing: [(String, String)] = [],
                             sourceLocation: SourceLocation = #_sourceLocation) {
        var text = actual
        for (literal, placeholder) in normalizing where !literal.isEmpty {
            text = text.replacingOccurrences(of: literal, with: placeholder)
        }
        let path = (directory as NSString).appendingPathComponent(name)
        if isRecording {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                Issue.record(Comment(rawValue: "recorded \(path); unset \(recordVariable) and run again"), sourceLocation: sourceLocation)
            } catch {
                Issue.record(Comment(rawValue: "cannot record \(path): \(error)"), sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record(Comment(rawValue: "no golden file \(path); record it with \(recordVariable)=1"), sourceLocation: sourceLocation)
            return
        }
        if text != expected {
            let line = firstDifference(text, expected)
            let message = "\(name) differs from its golden file at line \(line); re-record with \(recordVariable)=1 if the change is intended.\n--- actual ---\n\(text)"
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        }
    }

    /// The 1-based line where two texts first differ.
    public static func firstDifference(_ a: String, _ b: String) -> Int {
        let la = a.components(separatedBy: "\n"), lb = b.components(separatedBy: "\n")
        for i in 0..<max(la.count, lb.count) where i >= la.count || i >= lb.count || la[i] != lb[i] { return i + 1 }
        return 0
    }

    /// The directory `Golden/` beside the calling test file.
    public static func directory(besides file: String = #filePath) -> String {
        ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent("Golden")
    }
}

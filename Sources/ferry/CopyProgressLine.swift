import FerryCopy
import FerryUnits
import Foundation

/// Progress on stderr: on a terminal, one line redrawn in place (`\r`); otherwise one stats
/// line every `statsInterval` seconds (rclone's `--stats`), so logs show the run advancing.
final class CopyProgressLine {
    private let terminal: Bool
    private let statsInterval: Double
    private var lastStats: Double = 0

    /// - Parameters:
    ///   - terminal: whether stderr is a terminal.
    ///   - statsInterval: seconds between stats lines when not on a terminal (0 = none).
    init(terminal: Bool, statsInterval: Double) {
        self.terminal = terminal
        self.statsInterval = statsInterval
    }

    /// The text of one progress report.
    static func describe(_ p: CopyProgress) -> String {
        let eta = p.etaSeconds.map { TimeSpan(seconds: $0).formatted() } ?? "–"
        let phase = p.walking ? "scanning: " : ""
        return phase + "\(p.filesDone)/\(p.filesTotal) files  "
            + "\(ByteCount(bytes: Double(p.bytesDone)).formatted())/\(ByteCount(bytes: Double(p.bytesTotal)).formatted())  "
            + "\(DataRate(bytesPerSecond: p.bytesPerSecond).formatted())  ETA \(eta)"
    }

    func update(_ p: CopyProgress) {
        if terminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + Self.describe(p)).utf8))
            return
        }
        guard statsInterval > 0, p.runSeconds - lastStats >= statsInterval else { return }
        lastStats = p.runSeconds
        FileHandle.standardError.write(Data(("stats: " + String(format: "%.0f s  ", p.runSeconds) + Self.describe(p) + "\n").utf8))
    }

    func clear() {
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

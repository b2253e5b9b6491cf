import FerryCopy
import FerryUnits
import Foundation

/// The one-line progress display on a terminal: files, bytes, rate, ETA (stderr, `\r`).
final class CopyProgressLine {
    func update(_ p: CopyProgress) {
        let eta = p.etaSeconds.map { TimeSpan(seconds: $0).formatted() } ?? "–"
        let line = "\(p.filesDone)/\(p.filesTotal) files  "
            + "\(ByteCount(bytes: Double(p.bytesDone)).formatted())/\(ByteCount(bytes: Double(p.bytesTotal)).formatted())  "
            + "\(DataRate(bytesPerSecond: p.bytesPerSecond).formatted())  ETA \(eta)"
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
    }

    func clear() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

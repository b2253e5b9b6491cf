import Foundation
import Testing
@testable import FerryKit

@Suite("Store")
struct FerryStoreTests {
    let fingerprint = EnvironmentFingerprint(cpuModel: "Test CPU", cores: 4, kernel: "6.1", hostname: "h",
                                             filesystems: ["source": "ext4"], memoryAvailableBytes: 1e9,
                                             memoryTotalBytes: 2e9, ferryVersion: "0.1.0", gitCommit: nil)

    @Test("runs and samples round-trip; calibrations are stored with their id and found by id or latest")
    func roundTrip() throws {
        let dir = scratchDirectory("store")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try FerryStore(path: dir + "/nested/ferry.sqlite")
        #expect(throws: StoreError.noCalibration(path: store.path)) { try store.calibration("latest") }
        #expect(StoreError.noCalibration(path: "x.sqlite").errorDescription == "no calibration in x.sqlite; run `ferry bench` then `ferry calibrate`")

        let settings = BenchSettings(profiles: ["small", "mixed", "large"], streams: [1, 2, 4, 8, 16, 32], repetitions: 3)
        let id = try store.beginRun(settings: settings, fingerprint: fingerprint, cacheNote: "")
        var samples = syntheticSamples(knownWallTime, noise: 0.01, seed: 2)
        for i in samples.indices { samples[i].runID = id }
        for s in samples { try store.add(s) }
        try store.finishRun(id, status: "complete", cacheNote: "evicted")
        let run = try store.run(id)
        #expect(run.sampleCount == samples.count && run.status == "complete" && run.cacheNote == "evicted")
        #expect(run.settings == settings && run.fingerprint == fingerprint)
        #expect(try store.samples(runs: [id]) == samples)
        #expect(throws: StoreError.unknownRun(id: 99, path: store.path)) { try store.run(99) }

        // A three-point USL has NaN standard errors: they must survive the JSON column.
        let first = try store.save(CalibrationFitter.fit(samples: samples, sourceRuns: [id], fingerprint: fingerprint))
        let threePoint = syntheticSamples(knownWallTime, noise: 0, seed: 1, profiles: [("large", 8, 200_000_000)],
                                          streams: [1, 2, 4], repetitions: 1)
        let second = try store.save(CalibrationFitter.fit(samples: threePoint, sourceRuns: [id], fingerprint: fingerprint))
        #expect(first.id == 1 && second.id == 2)
        // The one-profile calibration cannot be validated, so it is flagged and `latest` skips it.
        #expect(!first.isFlagged, "\(first.failures ?? [])")
        #expect(second.isFlagged && (second.failures ?? []).contains { $0.hasPrefix("not validated") })
        #expect(try store.calibration("latest").id == 1)
        #expect(try store.calibration("latest", allowFailed: true).id == 2)
        let loaded = try store.calibration("1")
        #expect(loaded.sourceRuns == [id] && loaded.machine == fingerprint.summary)
        #expect(loaded.wallTime == first.wallTime)
        #expect(loaded.streamRate(streams: 4) == first.streamRate(streams: 4))
        #expect(try store.calibration("2").byteRate.fit.standardErrors.sigma.isNaN)
        #expect(try store.calibrations().map(\.id) == [2, 1])
        #expect(throws: StoreError.unknownCalibration(id: "7", path: store.path)) { try store.calibration("7") }
        #expect(throws: StoreError.unknownCalibration(id: "abc", path: store.path)) { try store.calibration("abc") }

        // Reopening runs no migration twice and sees the same data.
        let again = try FerryStore(path: dir + "/nested/ferry.sqlite")
        #expect(try again.runs().count == 1)
    }

    @Test("read-only and existing access never create a store; read-only reads what bench wrote")
    func readOnly() throws {
        let dir = scratchDirectory("store-ro")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = dir + "/typo/ferry.sqlite"
        #expect(throws: StoreError.noStore(path: missing)) { try FerryStore(path: missing, access: .readOnly) }
        #expect(throws: StoreError.noStore(path: missing)) { try FerryStore(path: missing, access: .existing) }
        #expect(!FileManager.default.fileExists(atPath: dir + "/typo"), "no directory may be created")
        let store = try FerryStore(path: dir + "/ferry.sqlite")
        let id = try store.beginRun(settings: BenchSettings(profiles: ["p"]), fingerprint: fingerprint, cacheNote: "")
        let reader = try FerryStore(path: dir + "/ferry.sqlite", access: .readOnly)
        #expect(try reader.runs().map(\.id) == [id])
        #expect(throws: StoreError.self) { try reader.finishRun(id, status: "complete") }
    }

    @Test("when every calibration is flagged, latest names the newest and how to accept it")
    func noPassing() throws {
        let dir = scratchDirectory("store-flagged")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try FerryStore(path: dir + "/ferry.sqlite")
        let one = syntheticSamples(knownWallTime, noise: 0, seed: 1, profiles: [("large", 8, 200_000_000)],
                                   streams: [1, 2, 4], repetitions: 1)
        let saved = try store.save(CalibrationFitter.fit(samples: one, sourceRuns: [1], fingerprint: fingerprint))
        do {
            _ = try store.calibration("latest")
            Issue.record("expected noPassingCalibration")
        } catch let error as StoreError {
            guard case let .noPassingCalibration(latest, failures, _) = error else { Issue.record("\(error)"); return }
            #expect(latest == saved.id && !failures.isEmpty)
            #expect(error.localizedDescription.contains("--allow-failed"))
        }
        #expect(try store.calibration("\(saved.id)").id == saved.id, "an explicit id is always returned")
    }

    @Test("an unusable path is a cannotOpen error naming it")
    func cannotOpen() {
        #expect(throws: StoreError.self) { try FerryStore(path: "/proc/ferry-cannot/ferry.sqlite") }
    }
}

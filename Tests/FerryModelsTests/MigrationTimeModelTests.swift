import Foundation
import Testing
@testable import FerryModels

@Suite("Migration time: T = D / R_eff, bottlenecks, per-file overhead, compression")
struct MigrationTimeModelTests {
    /// S0-1: 10 TB / 100 MB/s = 10^13 / 10^8 = 10^5 s = 27.78 h (the document says 1000 h).
    @Test func s01WorkedExample() throws {
        let e = try MigrationTimeModel.estimate(MigrationWorkload(bytes: 1e13), over: TransferPath(rate: 1e8))
        expectClose(e.seconds, 100_000, relative: 1e-12, "exact quotient of powers of ten")
        expectClose(e.seconds / 3600, 27.7778, relative: 2e-6, "27.78 h rounded to 4 decimals")
        #expect(e.bottleneck == .givenRate)
    }

    /// Reading both units as binary: 10 TiB / 100 MiB/s = 10·2^40 / (100·2^20) = 104,857.6 s = 29.13 h.
    @Test func s01BinaryReading() throws {
        let e = try MigrationTimeModel.estimate(MigrationWorkload(bytes: 10 * 1_099_511_627_776),
                                                over: TransferPath(rate: 100 * 1_048_576))
        expectClose(e.seconds, 104_857.6, relative: 1e-12, "exact binary quotient")
    }

    /// ESnet's table (fasterdata.es.net, "expected time to transfer 1 TB"): ≈ 30 h at 100 Mbps,
    /// 3 h at 1 Gbps, 20 min at 10 Gbps. At 74 % efficiency the model gives 30.03 h, 3.00 h and
    /// 18.0 min. The table's figures are rounded to one significant digit, so the tolerance is
    /// the rounding: ±5 % for 30 h and 3 h, ±12 % for "20 minutes" (which ESnet rounds up).
    @Test(arguments: [(1e8, 30 * 3600.0, 0.05), (1e9, 3 * 3600.0, 0.05), (1e10, 20 * 60.0, 0.12)])
    func esnetCells(bitsPerSecond: Double, published: Double, rounding: Double) throws {
        let e = try MigrationTimeModel.estimate(MigrationWorkload(bytes: 1e12),
                                                over: TransferPath(linkBandwidth: bitsPerSecond / 8, efficiency: 0.74))
        expectClose(e.seconds, published, relative: rounding, "ESnet rounds to one significant digit")
        #expect(e.bottleneck == .link)
        // The efficiency each cell implies: ideal time / published time.
        let implied = (1e12 * 8 / bitsPerSecond) / published
        #expect(implied > 0.66 && implied < 0.75, "implied efficiency \(implied)")
    }

    @Test func streamsAreTheBottleneck() throws {
        // 4 streams × 50 MB/s = 200 MB/s < 10 Gbps = 1.25 GB/s.
        let path = TransferPath(linkBandwidth: 1.25e9, streams: 4, perStreamRate: 5e7)
        let e = try MigrationTimeModel.estimate(MigrationWorkload(bytes: 1e12), over: path)
        #expect(e.bottleneck == .streams)
        expectClose(e.effectiveRate, 2e8, relative: 1e-15, "exact product")
        expectClose(e.seconds, 5000, relative: 1e-12, "1e12 / 2e8")
    }

    @Test func tcpWindowOverRTTLimitsEachStream() throws {
        // 64 KiB / 40 ms = 1,638,400 B/s per stream; × 16 = 26,214,400 B/s < 1 Gbps × 0.8.
        let path = TransferPath(linkBandwidth: 1.25e8, efficiency: 0.8, streams: 16, roundTripTime: 0.04, tcpWindow: 65_536)
        let (rate, bottleneck) = try path.effectiveRate()
        expectClose(rate, 26_214_400, relative: 1e-12, "bandwidth-delay product by hand")
        #expect(bottleneck == .tcpWindow)
    }

    @Test func sourceAndTargetLimits() throws {
        let path = TransferPath(linkBandwidth: 1.25e9, sourceLimit: 3e8, targetLimit: 2e8)
        #expect(try path.effectiveRate().bottleneck == .target)
        let path2 = TransferPath(linkBandwidth: 1.25e9, sourceLimit: 1e8, targetLimit: 2e8)
        #expect(try path2.effectiveRate().bottleneck == .source)
    }

    @Test func perFileOverheadIsSharedByStreams() throws {
        // 2,000,000 files × 5 ms / 16 streams = 625 s on top of 10 TB / 100 MB/s.
        let w = MigrationWorkload(bytes: 1e13, files: 2_000_000, perFileSeconds: 0.005)
        let e = try MigrationTimeModel.estimate(w, over: TransferPath(rate: 1e8, streams: 16))
        expectClose(e.perFileSeconds, 625, relative: 1e-12, "hand calculation")
        expectClose(e.seconds, 100_625, relative: 1e-12, "hand calculation")
    }

    @Test func compressionShrinksBytesOnTheWire() throws {
        // S4-2: size on the wire = D × F_com = 10 TB × 0.7 = 7 TB → 70,000 s at 100 MB/s.
        let e = try MigrationTimeModel.estimate(MigrationWorkload(bytes: 1e13, compressionRatio: 0.7),
                                                over: TransferPath(rate: 1e8))
        expectClose(e.wireBytes, 7e12, relative: 1e-15, "exact product")
        expectClose(e.seconds, 70_000, relative: 1e-12, "hand calculation")
    }

    @Test(arguments: [
        MigrationWorkload(bytes: -1), MigrationWorkload(bytes: 0), MigrationWorkload(bytes: .nan),
        MigrationWorkload(bytes: .infinity), MigrationWorkload(bytes: 1, files: -3),
        MigrationWorkload(bytes: 1, compressionRatio: 0), MigrationWorkload(bytes: 1, compressionRatio: 1.5),
        MigrationWorkload(bytes: 1, perFileSeconds: -1), MigrationWorkload(bytes: 1, changeRate: .nan),
        MigrationWorkload(bytes: 1, maxDowntime: 0),
    ])
    func rejectsBadWorkloads(workload: MigrationWorkload) {
        #expect(throws: MigrationError.self) { try MigrationTimeModel.estimate(workload, over: TransferPath(rate: 1)) }
    }

    @Test(arguments: [
        TransferPath(), TransferPath(rate: 0), TransferPath(rate: -5), TransferPath(rate: .nan),
        TransferPath(linkBandwidth: 1, efficiency: 0), TransferPath(linkBandwidth: 1, efficiency: 1.2),
        TransferPath(rate: 1, streams: 0), TransferPath(rate: 1, tcpWindow: 65_536),
        TransferPath(rate: 1, roundTripTime: 0, tcpWindow: 1),
    ])
    func rejectsBadPaths(path: TransferPath) {
        #expect(throws: MigrationError.self) { try MigrationTimeModel.estimate(MigrationWorkload(bytes: 1), over: path) }
    }

    @Test func errorsNameTheField() {
        let error = #expect(throws: MigrationError.self) {
            try MigrationTimeModel.estimate(MigrationWorkload(bytes: .nan), over: TransferPath(rate: 1))
        }
        #expect(error?.errorDescription?.contains("size") == true)
        #expect(error?.errorDescription?.contains("NaN") == true)
    }
}

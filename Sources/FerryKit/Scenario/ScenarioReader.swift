import Foundation
import FerryModels
import FerryUnits

/// Reads scenario YAML into a validated `Scenario`, reporting every problem as
/// `file:line: field: message`.
///
/// Sections: `name`, `title`, `data`, `network`, `copy`, `cutover`, `uncertainty`, `claim`,
/// `services`, `costs`. Unknown keys are errors (with a suggestion), as are wrong types,
/// bad units, and values out of range.
public enum ScenarioReader {
    /// Top-level keys a scenario may have.
    public static let topLevelKeys = ["name", "title", "data", "network", "copy", "cutover", "uncertainty",
                                      "claim", "services", "costs", "source", "target"]

    /// Loads and validates a scenario file.
    /// - Parameter path: the YAML file; its directory becomes the scenario's base directory.
    /// - Throws: `InputError` naming the file, line and field.
    public static func load(path: String) throws -> Scenario {
        let root = try YAMLNode.load(path: path)
        let base = (path as NSString).deletingLastPathComponent
        return try read(root, baseDirectory: base.isEmpty ? "." : base)
    }

    /// Validates a parsed scenario document.
    /// - Throws: `InputError` naming the file, line and field.
    public static func read(_ root: YAMLNode, baseDirectory: String) throws -> Scenario {
        try root.checkKeys(topLevelKeys)
        let fileStem = ((root.file as NSString).lastPathComponent as NSString).deletingPathExtension
        let name = try root.child("name")?.string() ?? fileStem
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }), !name.hasPrefix(".") else {
            throw (try root.child("name") ?? root).error("'\(name)' is not a usable report name; use letters, digits, '-', '_' and '.'")
        }

        // data
        let data = try root.required("data")
        try data.checkKeys(["size", "files", "compression", "change_rate", "inventory"])
        // `inventory: FILE.json` (from `ferry scan --out`) gives size, files and the tree's shape;
        // an explicit `size:` or `files:` still overrides it.
        var inventory: Inventory?
        if let node = try data.child("inventory") {
            let file = try node.string()
            let resolved = file.hasPrefix("/") ? file : (baseDirectory as NSString).appendingPathComponent(file)
            do { inventory = try Inventory.load(path: resolved) } catch let error as InventoryError {
                throw node.error(error.errorDescription ?? "\(error)")
            }
            if inventory!.apparentBytes <= 0, try data.child("size") == nil {
                throw node.error("the inventory \(file) holds no bytes; give data.size")
            }
        }
        var workload: MigrationWorkload
        if let sizeNode = try data.child("size") {
            workload = MigrationWorkload(bytes: try sizeNode.quantity { try ByteCount.parse($0, allowZero: false).bytes })
        } else if let inventory {
            workload = MigrationWorkload(bytes: Double(inventory.apparentBytes), files: inventory.files)
        } else {
            _ = try data.required("size")
            workload = MigrationWorkload(bytes: 0)
        }
        if let inventory { workload.files = inventory.files }
        if let files = try data.child("files") {
            workload.files = try files.int()
            if workload.files < 0 { throw files.error("must be ≥ 0, found \(workload.files)") }
        }
        if let c = try data.child("compression") {
            workload.compressionRatio = try c.double(in: 0...1, openLowerBound: true)
        }
        if let c = try data.child("change_rate") {
            workload.changeRate = try c.quantity { try DataRate.parse($0, allowZero: true).bytesPerSecond }
        }

        // network
        var path = TransferPath()
        let network = try root.required("network")
        try network.checkKeys(["bandwidth", "rate", "efficiency", "rtt", "tcp_window", "source_limit", "target_limit"])
        path.linkBandwidth = try network.child("bandwidth")?.quantity { try DataRate.parse($0).bytesPerSecond }
        path.rate = try network.child("rate")?.quantity { try DataRate.parse($0).bytesPerSecond }
        if path.linkBandwidth == nil && path.rate == nil {
            throw network.error("needs 'bandwidth' (the link, e.g. 1Gbps) or 'rate' (an effective rate, e.g. 100MB/s)")
        }
        if let bw = try network.child("bandwidth"), path.rate != nil {
            throw bw.error("give either 'bandwidth' or 'rate', not both: 'rate' is already the effective rate")
        }
        if let e = try network.child("efficiency") {
            if path.rate != nil { throw e.error("efficiency applies to 'bandwidth', not to an effective 'rate'") }
            path.efficiency = try e.double(in: 0...1, openLowerBound: true)
        }
        path.roundTripTime = try network.child("rtt")?.quantity { try TimeSpan.parse($0, allowZero: false).seconds }
        if let w = try network.child("tcp_window") {
            path.tcpWindow = try w.quantity { try ByteCount.parse($0, allowZero: false).bytes }
            if path.roundTripTime == nil { throw w.error("needs 'rtt' too: the per-stream limit is tcp_window / rtt") }
        }
        path.sourceLimit = try network.child("source_limit")?.quantity { try DataRate.parse($0).bytesPerSecond }
        path.targetLimit = try network.child("target_limit")?.quantity { try DataRate.parse($0).bytesPerSecond }

        // copy
        var calibration: String?
        if let copy = try root.child("copy") {
            try copy.checkKeys(["streams", "stream_rate", "per_file", "calibration"])
            if let s = try copy.child("streams") {
                path.streams = try s.int()
                if path.streams < 1 { throw s.error("must be ≥ 1, found \(path.streams)") }
            }
            path.perStreamRate = try copy.child("stream_rate")?.quantity { try DataRate.parse($0).bytesPerSecond }
            if let p = try copy.child("per_file") {
                workload.perFileSeconds = try p.quantity { try TimeSpan.parse($0).seconds }
            }
            calibration = try copy.child("calibration")?.string()
        }

        // cutover
        if let cutover = try root.child("cutover") {
            try cutover.checkKeys(["max_downtime"])
            workload.maxDowntime = try cutover.child("max_downtime")?.quantity { try TimeSpan.parse($0, allowZero: false).seconds }
        }

        // uncertainty
        var uncertainty: MonteCarloSettings?
        if let u = try root.child("uncertainty") {
            try u.checkKeys(["rate_cv", "per_file_cv", "samples", "seed"])
            let cv = try u.required("rate_cv").double(in: 0...10)
            var settings = MonteCarloSettings(rateCV: cv)
            if let p = try u.child("per_file_cv") { settings.perFileCV = try p.double(in: 0...10) }
            if let n = try u.child("samples") {
                settings.samples = try n.int()
                if settings.samples < 1 || settings.samples > 50_000_000 {
                    throw n.error("must be between 1 and 50,000,000, found \(settings.samples)")
                }
            }
            if let s = try u.child("seed") {
                let seed = try s.int()
                if seed < 0 { throw s.error("must be ≥ 0, found \(seed)") }
                settings.seed = UInt64(seed)
            }
            uncertainty = settings
        }

        // claim
        var claim: Claim?
        if let c = try root.child("claim") {
            try c.checkKeys(["time", "source"])
            let time = try c.required("time").quantity { try TimeSpan.parse($0, allowZero: false).seconds }
            claim = Claim(seconds: time, source: try c.child("source")?.string() ?? "a source document")
        }

        // source / target: who runs each end (transfer charges by direction)
        let sourceEndpoint = try root.child("source").map(CostSection.readEndpoint)
        let target = try root.child("target").map(TargetSection.read)
        let targetEndpoint = target?.endpoint
        if let store = target?.objectStore {
            path.objectStore = store
            // A scan's size histogram counts the multipart parts (unless size or files override it).
            if let inventory, try data.child("size") == nil, try data.child("files") == nil {
                workload.sizeClasses = inventory.sizeHistogram.filter { $0.files > 0 }
                    .map { FileSizeClass(files: $0.files, bytes: Double($0.bytes)) }
            }
        }
        var costs = try root.child("costs").map { try CostSection.read($0, baseDirectory: baseDirectory) }
        costs?.source = sourceEndpoint
        costs?.target = targetEndpoint

        var scenario = Scenario(name: name, title: try root.child("title")?.string(), source: root.file,
                                workload: workload, path: path, calibration: calibration, uncertainty: uncertainty,
                                claim: claim, services: try root.child("services").map(ServicesSection.read), costs: costs,
                                baseDirectory: baseDirectory)
        scenario.sourceEndpoint = sourceEndpoint
        scenario.targetEndpoint = targetEndpoint
        scenario.inventory = inventory
        scenario.objectStoreCalibration = target?.calibration
        scenario.objectStoreRateLimitGiven = target?.requestRateLimitGiven ?? false
        // Anything the field checks above could not see (e.g. per-file time NaN) surfaces here,
        // located at the section it belongs to.
        do {
            try workload.validate()
        } catch let error as MigrationError {
            throw data.error(error.errorDescription ?? "\(error)")
        }
        var checked = path
        if let node = try root.child("target"), path.objectStore != nil, path.requestLatency == nil {
            // The latency comes from the target, the path's RTT, or the calibration the plan applies.
            guard target?.calibration != nil else {
                throw node.error("kind: s3 needs request_latency, or network.rtt (one round trip per request), or calibration")
            }
            checked.objectStore?.requestLatency = 0
        }
        do {
            try checked.validate()
        } catch let error as MigrationError {
            throw network.error(error.errorDescription ?? "\(error)")
        }
        return scenario
    }
}

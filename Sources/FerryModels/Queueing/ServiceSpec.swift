import Foundation

/// A service to size: its load, its service-time distribution, its objectives and its growth.
public struct ServiceSpec: Sendable, Equatable, Codable {
    /// The service's name, e.g. `api`.
    public var name: String
    /// Arrival rate now, requests per second (> 0).
    public var arrivalRate: Double
    /// Mean service time per request on one node, seconds (> 0).
    public var serviceTime: Double
    /// Coefficient of variation of inter-arrival times (1 = Poisson).
    public var arrivalCV: Double
    /// Coefficient of variation of service times (1 = exponential, 0 = constant).
    public var serviceCV: Double
    /// Response-time objectives every month must meet (may be empty if `maxUtilization` is set).
    public var objectives: [ResponseObjective]
    /// Cap on utilisation in (0, 1], or `nil`.
    public var maxUtilization: Double?
    /// Compound load growth per month, as a plain number (0.05 = 5 %/month; > −1).
    public var growthPerMonth: Double
    /// Constant delay added to every response, seconds (e.g. payload / bandwidth, S3-3).
    public var fixedDelay: Double

    /// Creates a service specification (validated when planned).
    /// - Parameters:
    ///   - name: label used in reports.
    ///   - arrivalRate: requests per second now.
    ///   - serviceTime: seconds per request.
    ///   - arrivalCV: default 1.
    ///   - serviceCV: default 1.
    ///   - objectives: e.g. `[.percentile(level: 0.95, seconds: 0.25)]`.
    ///   - maxUtilization: e.g. 0.7, or `nil`.
    ///   - growthPerMonth: e.g. 0.05; default 0.
    ///   - fixedDelay: seconds; default 0.
    public init(name: String, arrivalRate: Double, serviceTime: Double, arrivalCV: Double = 1,
                serviceCV: Double = 1, objectives: [ResponseObjective], maxUtilization: Double? = nil,
                growthPerMonth: Double = 0, fixedDelay: Double = 0) {
        self.name = name
        self.arrivalRate = arrivalRate
        self.serviceTime = serviceTime
        self.arrivalCV = arrivalCV
        self.serviceCV = serviceCV
        self.objectives = objectives
        self.maxUtilization = maxUtilization
        self.growthPerMonth = growthPerMonth
        self.fixedDelay = fixedDelay
    }

    /// The queue model at `arrivalRate × factor`.
    /// - Throws: `QueueError` for invalid values.
    public func model(loadFactor factor: Double = 1) throws -> QueueModel {
        try QueueModel(arrivalRate: arrivalRate * factor, serviceTime: serviceTime, arrivalCV: arrivalCV,
                       serviceCV: serviceCV, fixedDelay: fixedDelay)
    }

    /// The time to move a payload over a link, the constant part of a response (S3-3):
    /// ```
    /// d = payload / bandwidth
    /// ```
    /// (The document's `P = T / B + L` adds a load to a time; Ferry adds this delay to the
    /// queueing response instead.)
    /// - Parameters:
    ///   - payloadBytes: bytes per response, ≥ 0.
    ///   - bandwidthBytesPerSecond: bytes per second, > 0.
    /// - Returns: seconds.
    /// - Throws: `QueueError.invalidDelay` for a negative payload or a non-positive bandwidth.
    public static func transferDelay(payloadBytes: Double, bandwidthBytesPerSecond: Double) throws -> Double {
        guard payloadBytes.isFinite, payloadBytes >= 0, bandwidthBytesPerSecond.isFinite, bandwidthBytesPerSecond > 0 else {
            throw QueueError.invalidDelay(payloadBytes / bandwidthBytesPerSecond)
        }
        return payloadBytes / bandwidthBytesPerSecond
    }
}

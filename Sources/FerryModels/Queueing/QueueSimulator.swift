import Foundation

/// A discrete-event simulation of the G/G/c FCFS queue: the independent check on the
/// analytic formulas, and the answer where no closed form exists.
///
/// Customer n arrives at aₙ = aₙ₋₁ + Xₙ and takes the server that frees first
/// (a binary min-heap of free times), so
/// ```
/// startₙ = max(aₙ, min free time),   departureₙ = startₙ + Sₙ,   Rₙ = departureₙ − aₙ + d
/// ```
/// which is exact FCFS for c identical servers. Inter-arrival and service times are drawn from
/// GSL's Mersenne Twister (`RandomSource`): exponential when the coefficient of variation is 1,
/// constant when it is 0, otherwise gamma with shape 1/cv² and the given mean.
///
/// Statistical error is estimated by batch means: the measured customers are split into
/// `batches` consecutive batches, and the standard error of the mean (or the p95) is the
/// standard deviation of the batch values over √batches.
public struct QueueSimulator: Sendable {
    /// The queue simulated.
    public var model: QueueModel
    /// Number of servers c.
    public var servers: Int
    /// Customers measured (after the warm-up).
    public var customers: Int
    /// Customers simulated and discarded first, so the queue starts near steady state.
    public var warmup: Int
    /// Seed for the Mersenne Twister; the same seed gives the same result.
    public var seed: UInt64
    /// Number of batches for the standard errors (≥ 2).
    public var batches: Int

    /// The most customers one simulation measures (50 million: 400 MB of response times).
    public static let maxCustomers = 50_000_000
    /// The most servers one simulation models (the free-time heap is one Double per server).
    public static let maxServers = 10_000_000

    /// Creates a simulation.
    /// - Parameters:
    ///   - model: the queue (arrival rate, service time, coefficients of variation, fixed delay).
    ///   - servers: c ≥ 1 with ρ < 1.
    ///   - customers: measured customers, ≥ 100 × `batches`.
    ///   - warmup: discarded customers; default `customers / 10`.
    ///   - seed: RNG seed (default 1).
    ///   - batches: batches for standard errors (default 20).
    /// - Throws: `QueueError.invalidServers`, `.unstable`, `.invalidSimulation`.
    public init(model: QueueModel, servers: Int, customers: Int = 1_000_000, warmup: Int? = nil,
                seed: UInt64 = 1, batches: Int = 20) throws {
        guard servers >= 1 else { throw QueueError.invalidServers(servers) }
        // Work and memory bounded before anything is allocated: every response time is kept (8 bytes).
        guard customers <= Self.maxCustomers else {
            throw QueueError.invalidSimulation("customers \(customers) must be at most \(Self.maxCustomers) (each simulated response is kept: 8 bytes per customer)")
        }
        guard servers <= Self.maxServers else {
            throw QueueError.invalidSimulation("servers \(servers) must be at most \(Self.maxServers) to simulate")
        }
        guard batches >= 2, batches <= 10_000 else { throw QueueError.invalidSimulation("batches \(batches) must be from 2 to 10,000") }
        let rho = model.utilization(servers: servers)
        guard rho < 1 else { throw QueueError.unstable(utilization: rho, servers: servers, offeredLoad: model.offeredLoad) }
        guard customers >= 100 * batches else {
            throw QueueError.invalidSimulation("customers \(customers) must be at least \(100 * batches) (100 per batch)")
        }
        let w = warmup ?? customers / 10
        guard w >= 0, w <= Self.maxCustomers else { throw QueueError.invalidSimulation("warm-up \(w) customers must be from 0 to \(Self.maxCustomers)") }
        self.model = model
        self.servers = servers
        self.customers = customers
        self.warmup = w
        self.seed = seed
        self.batches = batches
    }

    /// How one random duration is drawn.
    enum Sampler {
        case constant(Double)
        case exponential(mean: Double)
        case gamma(shape: Double, scale: Double)

        init(mean: Double, cv: Double) {
            if cv < 1e-12 { self = .constant(mean) }
            else if abs(cv - 1) < 1e-12 { self = .exponential(mean: mean) }
            else { self = .gamma(shape: 1 / (cv * cv), scale: mean * cv * cv) }
        }

        @inline(__always)
        func draw(_ rng: RandomSource) -> Double {
            switch self {
            case let .constant(v): return v
            case let .exponential(mean): return rng.exponential(mean: mean)
            case let .gamma(k, theta): return rng.gamma(shape: k, scale: theta)
            }
        }
    }

    /// Runs the simulation.
    /// - Returns: measured means, percentiles and their batch-means standard errors.
    public func run() -> SimulationResult {
        let rng = RandomSource(seed: seed)
        let arrivals = Sampler(mean: 1 / model.arrivalRate, cv: model.arrivalCV)
        let service = Sampler(mean: model.serviceTime, cv: model.serviceCV)
        let c = servers
        var free = [Double](repeating: 0, count: c)
        var responses = [Double](repeating: 0, count: customers)
        var now = 0.0
        var waited = 0
        var waitSum = 0.0
        var busy = 0.0
        var measuredStart = 0.0
        let total = warmup + customers

        free.withUnsafeMutableBufferPointer { heap in
            for n in 0..<total {
                now += arrivals.draw(rng)
                if n == warmup { measuredStart = now }
                let earliest = heap[0]
                let start = earliest > now ? earliest : now
                let s = service.draw(rng)
                let departure = start + s
                // Replace the heap's minimum with `departure` and sift it down.
                var i = 0
                while true {
                    let l = 2 * i + 1
                    if l >= c { break }
                    let r = l + 1
                    let m = (r < c && heap[r] < heap[l]) ? r : l
                    if heap[m] >= departure { break }
                    heap[i] = heap[m]
                    i = m
                }
                heap[i] = departure
                if n >= warmup {
                    let wait = start - now
                    if wait > 0 { waited += 1; waitSum += wait }
                    busy += s
                    responses[n - warmup] = departure - now
                }
            }
        }
        let elapsed = now - measuredStart
        let d = model.fixedDelay

        // Batch means for the mean and the p95, by selection within each batch (O(n), no sort).
        let size = customers / batches
        var batchMeans: [Double] = []
        var batchP95: [Double] = []
        for k in 0..<batches {
            var batch = Array(responses[(k * size)..<((k + 1) * size)])
            batchMeans.append(batch.reduce(0, +) / Double(size))
            batchP95.append(Percentile.select(&batch, [0.95])[0])
        }
        let mean = responses.reduce(0, +) / Double(customers)
        let q = Percentile.select(&responses, Percentiles.levels).map { $0 + d }

        return SimulationResult(
            customers: customers, servers: c,
            utilization: elapsed > 0 ? busy / (Double(c) * elapsed) : .nan,
            probabilityOfWaiting: Double(waited) / Double(customers),
            meanWait: waitSum / Double(customers),
            meanResponse: mean + d,
            meanResponseStandardError: Self.standardError(batchMeans),
            response: Percentiles(q),
            p95ResponseStandardError: Self.standardError(batchP95))
    }

    /// Standard deviation of `values` over √count.
    static func standardError(_ values: [Double]) -> Double {
        let n = Double(values.count)
        let m = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
        return (variance / n).squareRoot()
    }
}

/// What a simulation measured.
public struct SimulationResult: Sendable, Equatable, Codable {
    /// Customers measured.
    public var customers: Int
    /// Servers c.
    public var servers: Int
    /// Measured utilisation: service work / (c × elapsed time).
    public var utilization: Double
    /// Fraction of customers who waited.
    public var probabilityOfWaiting: Double
    /// Mean wait, seconds.
    public var meanWait: Double
    /// Mean response, seconds (including the model's fixed delay).
    public var meanResponse: Double
    /// Batch-means standard error of `meanResponse`, seconds.
    public var meanResponseStandardError: Double
    /// Response-time percentiles, seconds.
    public var response: Percentiles
    /// Batch-means standard error of the p95, seconds.
    public var p95ResponseStandardError: Double
}

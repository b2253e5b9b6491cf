import Foundation

/// Gauss–Jordan inversion and solving for the few-by-few systems of the calibration
/// (3 × 3 normal equations, USL covariance). Not for large or ill-conditioned matrices.
enum SmallMatrix {
    /// The inverse of a square matrix, or `nil` when it is singular (a pivot below 1e-300
    /// relative to the largest entry).
    static func inverse(_ m: [[Double]]) -> [[Double]]? {
        let n = m.count
        guard n > 0, m.allSatisfy({ $0.count == n }) else { return nil }
        var a = m
        var inv = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        let scale = m.flatMap { $0 }.map(abs).max() ?? 0
        guard scale > 0, scale.isFinite else { return nil }
        for col in 0..<n {
            guard let pivot = (col..<n).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }),
                  abs(a[pivot][col]) > 1e-300 * scale else { return nil }
            a.swapAt(col, pivot)
            inv.swapAt(col, pivot)
            let p = a[col][col]
            for j in 0..<n { a[col][j] /= p; inv[col][j] /= p }
            for row in 0..<n where row != col {
                let f = a[row][col]
                if f == 0 { continue }
                for j in 0..<n { a[row][j] -= f * a[col][j]; inv[row][j] -= f * inv[col][j] }
            }
        }
        return inv
    }

    /// Solves `m x = b`, or `nil` when `m` is singular.
    static func solve(_ m: [[Double]], _ b: [Double]) -> [Double]? {
        guard let inv = inverse(m) else { return nil }
        return inv.map { row in zip(row, b).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    /// `gᵀ C g` for a gradient g and covariance C.
    static func quadratic(_ g: [Double], _ c: [[Double]]) -> Double {
        var total = 0.0
        for i in 0..<g.count { for j in 0..<g.count { total += g[i] * c[i][j] * g[j] } }
        return total
    }
}

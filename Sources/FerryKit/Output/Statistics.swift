/// Summary statistics shared by every report (one median for the whole code base).
public enum Statistics {
    /// The median of `values`: the middle value, or the mean of the two middle values when the
    /// count is even. Non-finite values are ignored.
    ///
    /// ```
    /// median(x₁…xₙ) = x₍ₙ₊₁₎/₂            n odd   (x sorted ascending)
    ///               = (x₍ₙ/₂₎ + x₍ₙ/₂₊₁₎) / 2   n even
    /// ```
    /// - Parameter values: the samples, any order, in any unit (the result has the same unit).
    /// - Returns: the median, or `nil` when there is no finite value.
    public static func median<S: Sequence>(_ values: S) -> Double? where S.Element == Double {
        let sorted = values.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return nil }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}

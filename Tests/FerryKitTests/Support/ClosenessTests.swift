import Testing

/// The tolerance helper must be able to fail: these cases are decided by hand.
@Suite struct ClosenessTests {
    @Test func relativeTolerance() {
        #expect(Closeness(actual: 100.5, expected: 100, relative: 0.01).passes)   // 0.5 % ≤ 1 %
        #expect(!Closeness(actual: 102, expected: 100, relative: 0.01).passes)    // 2 % > 1 %
    }

    @Test func absoluteToleranceForZero() {
        #expect(Closeness(actual: 1e-12, expected: 0, relative: 0, absolute: 1e-9).passes)
        #expect(!Closeness(actual: 1e-6, expected: 0, relative: 0, absolute: 1e-9).passes)
    }

    @Test func nonFiniteNeverPasses() {
        #expect(!Closeness(actual: .nan, expected: 1, relative: 1).passes)
        #expect(!Closeness(actual: .infinity, expected: .infinity, relative: 1).passes)
    }

    @Test func messageNamesBothValues() {
        let c = Closeness(actual: 2, expected: 4, relative: 0.1)
        #expect(c.relativeError == 0.5)
        #expect(c.message.contains("expected 4.0, got 2.0"))
    }
}

import ArgumentParser
struct Time: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Quick migration-time estimate from flags.")
    func run() throws {}
}
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Plan a scenario.")
    func run() throws {}
}

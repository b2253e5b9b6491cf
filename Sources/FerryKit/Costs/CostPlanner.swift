import Foundation
import FerryModels

/// Turns a `costs:` section and the migration's figures into a ``CostProjection``.
public enum CostPlanner {
    /// Projects the costs.
    /// - Parameters:
    ///   - section: the validated `costs:` section.
    ///   - migration: bytes, compression, window and demand from the rest of the plan.
    /// - Throws: `CostError` (infeasible demand, oversize container), `LinearProgramError`.
    public static func project(_ section: CostSection, migration: MigrationInputs) throws -> CostProjection {
        // Sustained demand is sized on types that sustain their vCPUs: burstable types are left out.
        let all = section.catalog?.instances ?? []
        let types = all.filter { !$0.isBurstable }
        var notes: [String] = []
        let compute: FinanceInputs.Compute
        if !migration.serviceCompute.isEmpty {
            guard section.catalog != nil else {
                throw CostInputError.nothingToPrice(missing: "a catalog: services with node:/instance: are priced from a catalogue's instance types")
            }
            let demand = section.demandGiven ? (vcpu: section.vcpu ?? 0, memoryGiB: section.memoryGiB ?? 0, headroom: section.headroom) : nil
            compute = .services(types: all, services: migration.serviceCompute, demand: demand)
        } else if let unit = section.unitPrices {
            compute = .unitPrices(unit)
        } else if !section.containers.isEmpty {
            compute = .containers(types: types, containers: section.containers)
        } else if let cpu = section.vcpu ?? migration.vcpu, !types.isEmpty {
            compute = .demand(types: types, vcpu: cpu, memoryGiB: section.memoryGiB ?? migration.memoryGiB ?? 0, headroom: section.headroom)
        } else if let mem = section.memoryGiB ?? migration.memoryGiB, !types.isEmpty {
            compute = .demand(types: types, vcpu: 0, memoryGiB: mem, headroom: section.headroom)
        } else {
            compute = .none
        }
        let transfer = try TransferPricing.resolve(section, bytes: migration.bytes)
        var project = MigrationCost.Inputs(
            bytes: migration.bytes, compressionRatio: migration.compressionRatio, windowSeconds: migration.windowSeconds,
            uncompressedWindowSeconds: migration.uncompressedWindowSeconds, egress: transfer.migrationEgress,
            labourPerHour: section.labourPerHour, staff: section.staff, coverage: section.coverage,
            toolingPerHour: section.toolingPerHour,
            parallelRunMonthly: section.parallelRun ? (section.currentMonthly ?? 0) : 0,
            services: section.deploymentServices ?? migration.services, hoursPerService: section.hoursPerService,
            deploymentFixed: section.deploymentFixed)
        project.ingressPerGB = transfer.ingressPerGB
        project.link = transfer.link
        project.transferNote = transfer.note
        try checkSomethingToPrice(section, compute: compute, project: project)
        switch compute {
        case .demand, .containers, .services:
            let burstable = all.filter(\.isBurstable).map(\.name)
            if !burstable.isEmpty {
                notes.append("\(burstable.count) burstable instance type(s) left out of the selection (\(burstable.prefix(4).joined(separator: ", "))\(burstable.count > 4 ? ", …" : "")): their listed vCPUs are not sustained.")
            }
        default: break
        }
        let inputs = FinanceInputs(
            horizonMonths: section.horizonMonths, hoursPerMonth: section.catalog?.hoursPerMonth ?? 730,
            growthPerMonth: section.growthPerMonth, compute: compute, assumedDiscounts: section.commitmentDiscounts,
            storageGB: (section.storageBytes ?? migration.bytes) / 1e9 * (section.storagePerGBMonth > 0 ? 1 : 0),
            storagePerGBMonth: section.storagePerGBMonth, recurringEgressGB: section.egressMonthlyBytes / 1e9,
            egress: transfer.recurringEgress, otherMonthly: section.otherMonthly,
            migration: migration.bytes > 0 || migration.windowSeconds > 0 ? project : nil,
            currentMonthly: section.currentMonthly, commitments: section.commitments, currency: section.currency,
            sensitivity: section.sensitivity)
        let finance = try FinanceProjection.project(inputs)
        var result = CostProjection(finance: finance, catalog: section.catalog.map {
            .init(provider: $0.provider, region: $0.region, asOf: $0.asOf, source: $0.source, path: section.catalogPath ?? "")
        }, currency: section.currency, unitCost: section.unitPrices)
        result.transfer = transfer
        result.notes = notes
        return result
    }

    /// Throws when the section would price nothing (a $0 projection is not an answer).
    static func checkSomethingToPrice(_ s: CostSection, compute: FinanceInputs.Compute, project: MigrationCost.Inputs) throws {
        if case .none = compute {} else { return }
        if s.vcpu != nil || s.memoryGiB != nil || !s.containers.isEmpty {
            throw CostInputError.nothingToPrice(missing: "a catalog with non-burstable instance types: the demand has no type to run on")
        }
        let transfer = project.bytes > 0 && (project.link != nil || project.egress.tiers.contains { $0.perGB > 0 })
        let recurring = s.storagePerGBMonth > 0 || s.otherMonthly > 0 || s.egressMonthlyBytes > 0
        let oneOff = project.windowSeconds > 0 && (s.labourPerHour > 0 || s.toolingPerHour > 0 || (s.parallelRun && (s.currentMonthly ?? 0) > 0))
        if transfer || recurring || oneOff || s.deploymentFixed > 0 { return }
        var missing = ["a compute demand (demand: { vcpu, memory } with a catalog, containers:, unit_prices:, or services with node:/instance:)",
                       "storage: { size, price | class }", "labour / tooling with a migration window", "other_monthly"]
        if s.catalog != nil && s.vcpu == nil && s.memoryGiB == nil && s.containers.isEmpty {
            missing[0] += " — a catalog alone prices nothing"
        }
        throw CostInputError.nothingToPrice(missing: missing.joined(separator: ", or "))
    }
}

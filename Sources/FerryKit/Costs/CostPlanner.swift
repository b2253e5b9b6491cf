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
        let types = (section.catalog?.instances ?? []).filter { !$0.isBurstable }
        let compute: FinanceInputs.Compute
        if let unit = section.unitPrices {
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
        let project = MigrationCost.Inputs(
            bytes: migration.bytes, compressionRatio: migration.compressionRatio, windowSeconds: migration.windowSeconds,
            uncompressedWindowSeconds: migration.uncompressedWindowSeconds, egress: section.egress,
            labourPerHour: section.labourPerHour, staff: section.staff, coverage: section.coverage,
            toolingPerHour: section.toolingPerHour,
            parallelRunMonthly: section.parallelRun ? (section.currentMonthly ?? 0) : 0,
            services: section.deploymentServices ?? migration.services, hoursPerService: section.hoursPerService,
            deploymentFixed: section.deploymentFixed)
        let inputs = FinanceInputs(
            horizonMonths: section.horizonMonths, hoursPerMonth: section.catalog?.hoursPerMonth ?? 730,
            growthPerMonth: section.growthPerMonth, compute: compute, assumedDiscounts: section.commitmentDiscounts,
            storageGB: (section.storageBytes ?? migration.bytes) / 1e9 * (section.storagePerGBMonth > 0 ? 1 : 0),
            storagePerGBMonth: section.storagePerGBMonth, recurringEgressGB: section.egressMonthlyBytes / 1e9,
            egress: section.egress, otherMonthly: section.otherMonthly,
            migration: migration.bytes > 0 || migration.windowSeconds > 0 ? project : nil,
            currentMonthly: section.currentMonthly, commitments: section.commitments, currency: section.currency,
            sensitivity: section.sensitivity)
        let finance = try FinanceProjection.project(inputs)
        return CostProjection(finance: finance, catalog: section.catalog.map {
            .init(provider: $0.provider, region: $0.region, asOf: $0.asOf, source: $0.source, path: section.catalogPath ?? "")
        }, currency: section.currency, unitCost: section.unitPrices)
    }
}

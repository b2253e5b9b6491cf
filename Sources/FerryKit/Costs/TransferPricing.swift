import Foundation
import FerryModels

/// How the migration's data transfer and the recurring egress are charged, by direction:
/// data leaving a provider is billed by that provider (egress, at its tiers), data arriving is
/// free at AWS, Google Cloud and Azure, and a data centre bills nothing per GB.
///
/// | source | migration transfer |
/// |---|---|
/// | not named | `costs.egress` if given, else nothing (stated in the report) |
/// | on-prem | nothing per GB (ingress to the cloud is free) |
/// | the catalogue's provider | its `internet` egress tiers |
/// | another cloud | `costs.egress` (required) |
///
/// A `costs.link` replaces the internet transfer by port-hours plus its per-GB price. After
/// the move, recurring egress (`egress_monthly`) leaves the target, at the catalogue's tiers.
public struct TransferPricing: Sendable {
    /// Per-GB tiers for the migration's bytes (the source's egress).
    public var migrationEgress: TieredPrice
    /// Ingress per GB charged by the target.
    public var ingressPerGB: Double
    /// The dedicated link, when the migration uses one.
    public var link: DedicatedLink?
    /// Tiers for the recurring egress from the target after the move.
    public var recurringEgress: TieredPrice
    /// How the transfer is charged, in words.
    public var note: String

    /// Resolves the transfer prices of a section.
    /// - Parameters:
    ///   - s: the validated section, with its `source`/`target` set.
    ///   - bytes: bytes the migration moves (only checked for > 0).
    /// - Throws: `CostInputError.missingTransferPrice` when a cloud source other than the
    ///   catalogue's provider sends data and no `costs.egress` is given.
    public static func resolve(_ s: CostSection, bytes: Double) throws -> TransferPricing {
        let catalogProvider = s.catalog.flatMap { CloudProvider.named($0.provider) }
        let catalogTiers = s.catalog?.egress["internet"]
        let direction = "\(s.source?.label ?? "source not named") → \(s.target?.label ?? "target not named")"
        var notes: [String] = []
        var egress = TieredPrice.flat(perGB: 0)
        if let link = s.link {
            notes.append("\(direction) over a dedicated link: \(link.ports) port(s) at \(fmt(link.portHourly))/h for the window, plus \(fmt(link.perGB))/GB sent")
        } else if let given = s.egressGiven {
            egress = given
            notes.append("\(direction): egress at \(fmt(given.tiers.first?.perGB ?? 0))/GB as given (costs.egress)")
        } else if let source = s.source {
            switch source.provider {
            case .onPrem:
                notes.append("\(direction): no per-GB charge (a data centre bills no egress; inbound data is free at \(s.target?.provider.label ?? "the target"))")
            case let p where p == catalogProvider && catalogTiers != nil:
                egress = catalogTiers!
                notes.append("\(direction): egress billed by \(p.label) at the catalogue's internet tiers (as of \(s.catalog?.asOf ?? "?"))")
            case let p:
                if bytes > 0 {
                    throw CostInputError.missingTransferPrice(
                        "the data leaves \(p.label) (source), which bills egress, but the catalogue "
                        + (s.catalog.map { "is \($0.provider)'s and has no \(p.rawValue) egress tiers" } ?? "is not given")
                        + "; give costs.egress (e.g. 0.12/GB, \(p.label)'s internet egress) or costs.link")
                }
            }
        } else {
            notes.append("source not named: no egress charged for the migration; name source: { provider: on-prem | aws | gcp | azure } to charge the side the data leaves")
        }
        // AWS, Google Cloud and Azure publish inbound transfer as free; no provider here charges it.
        let ingress = 0.0
        if let t = s.target, !t.provider.chargesIngress, s.link == nil { notes.append("ingress to \(t.label) is free") }
        // Recurring egress leaves the target.
        var recurring = TieredPrice.flat(perGB: 0)
        if s.egressMonthlyBytes > 0 {
            if let tiers = catalogTiers, s.target == nil || s.target?.provider == catalogProvider {
                recurring = tiers
            } else if let given = s.egressGiven {
                recurring = given
            } else if s.target?.provider != .onPrem {
                throw CostInputError.missingTransferPrice(
                    "egress_monthly leaves \(s.target?.label ?? "the target"), but no egress price is known for it; give costs.egress or a catalogue of that provider")
            }
        }
        return TransferPricing(migrationEgress: egress, ingressPerGB: ingress, link: s.link, recurringEgress: recurring,
                               note: notes.joined(separator: "; "))
    }

    static func fmt(_ x: Double) -> String {
        var t = String(format: "%.4f", x)
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t += "00" }
        return t
    }
}

@preconcurrency internal import CGLPK
import Foundation

/// A GLPK problem object (`glp_prob`) built from a ``LinearProgram``; freed in `deinit`.
///
/// GLPK's error handler aborts the process on invalid calls, so the program is validated
/// (``LinearProgram/validate()``) before it gets here, and duplicate matrix entries are
/// summed before `glp_load_matrix`. Terminal output is switched off for every solve.
final class GLPKProblem {
    /// What GLPK found.
    enum Outcome {
        case solved(LinearSolution)
        case infeasible
        case unbounded
        case timeLimit
        /// The solver stopped at an iteration or time cap before proving anything.
        case limitReached(String)
        /// The returned point breaks the original bounds or rows: no answer is better than a wrong one.
        case unreliable(String)
    }

    /// Programs up to this many rows + columns are re-solved in exact rational arithmetic
    /// (`glp_exact`) from the floating-point simplex's final basis, which certifies the
    /// optimal, infeasible or unbounded verdict whatever the scaling of the data.
    static let exactSizeLimit = 2_000

    /// Simplex iteration cap: generous for any program Ferry builds, but finite so a cycling or
    /// stalling simplex returns.
    static func iterationLimit(rows: Int, columns: Int) -> Int32 {
        Int32(clamping: max(10_000, 200 * (rows + columns)))
    }

    /// Default simplex time cap when the program has none, seconds.
    static let defaultSimplexSeconds = 60.0

    private let handle: OpaquePointer
    private let program: LinearProgram
    /// The factor (a power of 2) the objective coefficients were multiplied by before GLPK saw
    /// them, so the largest is about 1 and GLPK's absolute dual tolerance (1e-7) is relative.
    private let costScale: Double

    /// Builds the GLPK problem; `program` must already be validated.
    init(_ program: LinearProgram) {
        self.program = program
        glp_term_out(GLP_OFF)
        handle = glp_create_prob()
        glp_set_obj_dir(handle, program.sense == .minimize ? GLP_MIN : GLP_MAX)
        let largestCost = program.variables.map { abs($0.cost) }.max() ?? 0
        costScale = largestCost > 0 ? Foundation.exp2(-Foundation.log2(largestCost).rounded()) : 1
        let n = program.variables.count, m = program.constraints.count
        if n > 0 { glp_add_cols(handle, Int32(n)) }
        if m > 0 { glp_add_rows(handle, Int32(m)) }
        for (j, v) in program.variables.enumerated() {
            let col = Int32(j + 1)
            let (type, lo, hi) = GLPKProblem.bounds(v.lower, v.upper)
            glp_set_col_bnds(handle, col, type, lo, hi)
            glp_set_obj_coef(handle, col, v.cost * costScale)
            if v.isInteger { glp_set_col_kind(handle, col, GLP_IV) }
        }
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]
        for (i, c) in program.constraints.enumerated() {
            let row = Int32(i + 1)
            switch c.relation {
            case .lessOrEqual: glp_set_row_bnds(handle, row, GLP_UP, 0, c.rhs)
            case .greaterOrEqual: glp_set_row_bnds(handle, row, GLP_LO, c.rhs, 0)
            case .equal: glp_set_row_bnds(handle, row, GLP_FX, c.rhs, c.rhs)
            }
            for (j, a) in c.coefficients.sorted(by: { $0.key < $1.key }) where a != 0 {
                ia.append(row); ja.append(Int32(j + 1)); ar.append(a)
            }
        }
        if ia.count > 1 { glp_load_matrix(handle, Int32(ia.count - 1), ia, ja, ar) }
        // Equilibrate rows and columns (geometric mean, then powers of 2) so that coefficients
        // spanning 1e-9 … 1e9 reach the simplex near 1; GLPK unscales its results.
        if n > 0 && m > 0 { glp_scale_prob(handle, GLP_SF_AUTO) }
    }

    deinit { glp_delete_prob(handle) }

    /// GLPK's bound type and values for [lower, upper].
    private static func bounds(_ lower: Double, _ upper: Double) -> (Int32, Double, Double) {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): return (GLP_FR, 0, 0)
        case (true, false): return (GLP_LO, lower, 0)
        case (false, true): return (GLP_UP, 0, upper)
        case (true, true): return lower == upper ? (GLP_FX, lower, upper) : (GLP_DB, lower, upper)
        }
    }

    /// Runs the simplex method and, for integer programs, branch-and-cut.
    func solve() throws -> Outcome {
        glp_term_out(GLP_OFF)
        let n = program.variables.count
        if n == 0 {
            return .solved(LinearSolution(status: .optimal, objective: program.objectiveConstant, values: [],
                                          relaxationObjective: program.objectiveConstant, method: "simplex"))
        }
        let m = program.constraints.count
        var smcp = glp_smcp()
        glp_init_smcp(&smcp)
        smcp.msg_lev = GLP_MSG_OFF
        smcp.presolve = GLP_OFF
        smcp.it_lim = GLPKProblem.iterationLimit(rows: m, columns: n)
        let seconds = program.timeLimitSeconds ?? GLPKProblem.defaultSimplexSeconds
        smcp.tm_lim = Int32(clamping: Int(min(max(seconds, 0.001), 1e6) * 1000))
        let simplexCode = glp_simplex(handle, &smcp)
        var limited: String?
        switch simplexCode {
        case 0: break
        case GLP_EITLIM: limited = "simplex stopped at its iteration limit (\(smcp.it_lim))"
        case GLP_ETMLIM: limited = "simplex stopped at its time limit (\(seconds) s)"
        case GLP_ESING, GLP_ECOND, GLP_EFAIL, GLP_EOBJLL, GLP_EOBJUL:
            limited = "simplex failed numerically (GLPK code \(simplexCode))"
        default:
            throw LinearProgramError.solverFailed("simplex returned code \(simplexCode)")
        }
        // Small continuous programs: certify in exact arithmetic from wherever the simplex stopped.
        var certified = false
        if !program.isInteger, n + m <= GLPKProblem.exactSizeLimit {
            let exactCode = glp_exact(handle, &smcp)
            switch exactCode {
            case 0:
                certified = true
                limited = nil
            case GLP_EITLIM, GLP_ETMLIM:
                if limited == nil { limited = "exact simplex stopped at its \(exactCode == GLP_EITLIM ? "iteration" : "time") limit" }
            default:
                // GLP_EBADB / GLP_ESING / GLP_EBOUND / GLP_EFAIL: keep the floating-point verdict,
                // which the feasibility check below still guards.
                break
            }
        }
        if let limited { return .limitReached(limited) }
        switch glp_get_status(handle) {
        case GLP_OPT: break
        case GLP_NOFEAS, GLP_INFEAS: return .infeasible
        case GLP_UNBND: return .unbounded
        case let status:
            // Dual infeasible without a primal feasible point means infeasible or unbounded.
            if glp_get_prim_stat(handle) == GLP_NOFEAS { return .infeasible }
            if glp_get_dual_stat(handle) == GLP_NOFEAS { return .unbounded }
            throw LinearProgramError.solverFailed("simplex ended with status \(status)")
        }
        let relaxationValues = (1...n).map { glp_get_col_prim(handle, Int32($0)) }
        let relaxation = program.objective(at: relaxationValues)
        guard program.isInteger else {
            if let problem = program.violation(at: relaxationValues) {
                return .unreliable("the simplex's point breaks \(problem)\(certified ? "" : " (not certified in exact arithmetic)")")
            }
            guard relaxation.isFinite else { return .unreliable("the objective at the simplex's point is \(relaxation)") }
            return .solved(LinearSolution(status: .optimal, objective: relaxation, values: relaxationValues,
                                          relaxationObjective: relaxation, method: "simplex"))
        }
        return try branchAndCut(relaxation: relaxation)
    }

    /// Context for the branch-and-cut callback, passed through `cb_info`.
    private final class CallbackContext {
        let incumbent: [Double]
        var offered = false
        /// `glp_ios_heur_sol`'s result: 0 when GLPK accepted the incumbent.
        var heuristicStatus: Int32 = 0
        init(incumbent: [Double]) { self.incumbent = incumbent }
    }

    /// Runs `glp_intopt` after an optimal relaxation is in place.
    private func branchAndCut(relaxation: Double) throws -> Outcome {
        let n = program.variables.count
        var iocp = glp_iocp()
        glp_init_iocp(&iocp)
        iocp.msg_lev = GLP_MSG_OFF
        iocp.presolve = GLP_OFF
        iocp.mip_gap = max(0, program.relativeGap)
        // Cuts and the hybrid pseudocost branching help the packing programs' weak relaxations.
        iocp.mir_cuts = GLP_ON
        iocp.cov_cuts = GLP_ON
        iocp.clq_cuts = GLP_ON
        iocp.gmi_cuts = GLP_ON
        iocp.br_tech = GLP_BR_PCH
        iocp.bt_tech = GLP_BT_BLB
        if let limit = program.timeLimitSeconds {
            iocp.tm_lim = Int32(clamping: Int((min(max(limit, 0.001), 1e6) * 1000).rounded(.up)))
        }
        var context: CallbackContext?
        if let x = program.incumbent {
            let ctx = CallbackContext(incumbent: [0] + x)
            context = ctx
            iocp.cb_info = Unmanaged.passUnretained(ctx).toOpaque()
            iocp.cb_func = { tree, info in
                guard let tree, let info else { return }
                let ctx = Unmanaged<CallbackContext>.fromOpaque(info).takeUnretainedValue()
                if !ctx.offered, glp_ios_reason(tree) == GLP_IHEUR {
                    ctx.offered = true
                    ctx.heuristicStatus = ctx.incumbent.withUnsafeBufferPointer { glp_ios_heur_sol(tree, $0.baseAddress) }
                }
            }
        }
        let code = withExtendedLifetime(context) { glp_intopt(handle, &iocp) }
        let status = glp_mip_status(handle)
        switch code {
        case 0, GLP_ETMLIM, GLP_EMIPGAP, GLP_ESTOP:
            break
        case GLP_ENOPFS:
            return .infeasible
        case GLP_ENODFS:
            return .unbounded
        default:
            throw LinearProgramError.solverFailed("glp_intopt returned code \(code)")
        }
        switch status {
        case GLP_OPT, GLP_FEAS:
            let values = (1...n).map { glp_mip_col_val(handle, Int32($0)) }
            if let problem = program.violation(at: values) {
                return .unreliable("the integer search's point breaks \(problem)")
            }
            let proven = status == GLP_OPT || code == GLP_EMIPGAP || (code == 0 && status == GLP_FEAS)
            let objective = program.objective(at: values)
            guard objective.isFinite else { return .unreliable("the objective at the integer point is \(objective)") }
            return .solved(LinearSolution(status: proven ? .optimal : .feasible, objective: objective,
                                          values: values, relaxationObjective: relaxation, method: "milp"))
        case GLP_NOFEAS:
            return .infeasible
        default:
            if code == GLP_ETMLIM, let context, context.offered, context.heuristicStatus != 0 {
                return .limitReached("no integer solution within the time limit, and GLPK rejected the supplied starting solution (glp_ios_heur_sol returned \(context.heuristicStatus))")
            }
            return code == GLP_ETMLIM ? .timeLimit : .infeasible
        }
    }
}

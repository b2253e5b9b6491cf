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
    }

    private let handle: OpaquePointer
    private let program: LinearProgram

    /// Builds the GLPK problem; `program` must already be validated.
    init(_ program: LinearProgram) {
        self.program = program
        glp_term_out(GLP_OFF)
        handle = glp_create_prob()
        glp_set_obj_dir(handle, program.sense == .minimize ? GLP_MIN : GLP_MAX)
        glp_set_obj_coef(handle, 0, program.objectiveConstant)
        let n = program.variables.count, m = program.constraints.count
        if n > 0 { glp_add_cols(handle, Int32(n)) }
        if m > 0 { glp_add_rows(handle, Int32(m)) }
        for (j, v) in program.variables.enumerated() {
            let col = Int32(j + 1)
            let (type, lo, hi) = GLPKProblem.bounds(v.lower, v.upper)
            glp_set_col_bnds(handle, col, type, lo, hi)
            glp_set_obj_coef(handle, col, v.cost)
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
        var smcp = glp_smcp()
        glp_init_smcp(&smcp)
        smcp.msg_lev = GLP_MSG_OFF
        smcp.presolve = GLP_OFF
        let simplexCode = glp_simplex(handle, &smcp)
        guard simplexCode == 0 else { throw LinearProgramError.solverFailed("simplex returned code \(simplexCode)") }
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
        let relaxation = glp_get_obj_val(handle)
        guard program.isInteger else {
            let values = (1...n).map { glp_get_col_prim(handle, Int32($0)) }
            return .solved(LinearSolution(status: .optimal, objective: relaxation, values: values,
                                          relaxationObjective: relaxation, method: "simplex"))
        }
        return try branchAndCut(relaxation: relaxation)
    }

    /// Context for the branch-and-cut callback, passed through `cb_info`.
    private final class CallbackContext {
        let incumbent: [Double]
        var offered = false
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
            iocp.tm_lim = Int32(clamping: Int((limit * 1000).rounded(.up)))
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
                    _ = ctx.incumbent.withUnsafeBufferPointer { glp_ios_heur_sol(tree, $0.baseAddress) }
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
            let proven = status == GLP_OPT || code == GLP_EMIPGAP || (code == 0 && status == GLP_FEAS)
            return .solved(LinearSolution(status: proven ? .optimal : .feasible, objective: glp_mip_obj_val(handle),
                                          values: values, relaxationObjective: relaxation, method: "milp"))
        case GLP_NOFEAS:
            return .infeasible
        default:
            return code == GLP_ETMLIM ? .timeLimit : .infeasible
        }
    }
}

import type { Summary } from '../cargo/summary.js';
import type { Model } from '../../solver/session.js';
import { Session } from '../../solver/session.js';
import type { Oracle } from './activate.js';
import type { Encoding } from './encode.js';
import { packageId } from './ids.js';

/**
 * Answers the replay's "can this still be completed?" with the SAT encoding. Each choice is
 * committed as a unit clause, so every later question is one assumption on top of them; the
 * last model found usually contains the next choice already, which then costs no solver call.
 */
export class SatOracle implements Oracle {
  private solverCalls = 0;

  constructor(
    private readonly session: Session,
    private readonly encoding: Encoding,
    private model: Model,
  ) {}

  /**
   * A session over the encoding in which the members' requirements are switchable groups (all
   * on when resolving): when the answer is "unsatisfiable", the same session serves the search
   * for which requirements clash, without loading the problem into a second solver.
   */
  static session(encoding: Encoding): Session {
    const requirements = new Set(encoding.requirementGroups);
    return new Session(encoding.problem, { selectable: (g) => (requirements.has(g) ? 'switch' : 'hard') });
  }

  static create(encoding: Encoding, session: Session): SatOracle | undefined {
    const model = session.solve([], encoding.requirementGroups);
    return model ? new SatOracle(session, encoding, model) : undefined;
  }

  get calls(): number {
    return this.solverCalls;
  }

  feasible(candidate: Summary): boolean {
    const v = this.encoding.packageVar.get(packageId(candidate));
    if (v === undefined) return false;
    if (this.model.holds(v)) return true;
    this.solverCalls++;
    const m = this.session.solve([v], this.encoding.requirementGroups);
    if (!m) return false;
    this.model = m;
    return true;
  }

  commit(candidate: Summary): void {
    const v = this.encoding.packageVar.get(packageId(candidate));
    if (v !== undefined) this.session.commit(v);
  }
}

// Where analysis time goes, for the benchmark (`npm run bench`): milliseconds per phase on this
// thread, kept only while `enabled` (the checks cost one boolean test otherwise). Phases: read,
// parse, query (the tree-sitter query captures), resolve (scopes, bindings, finding sites and
// resolving names, suppressions: the engine's own work), `rules:<category>` (the checks), facts
// (project facts, computed inside checks but not counted in them), flow (the data-flow pass).
import { factClock } from './project';

export const phaseClock = {
  enabled: false,
  totals: new Map<string, number>(),

  add(phase: string, ms: number): void {
    this.totals.set(phase, (this.totals.get(phase) ?? 0) + ms);
  },

  /** Milliseconds attributed to some phase so far (project facts included): to leave them out of an enclosing phase. */
  attributed(): number {
    let sum = factClock.ms;
    for (const ms of this.totals.values()) sum += ms;
    return sum;
  },

  /** The totals since the last call (project facts as `facts`), and starts again from zero. */
  take(): Record<string, number> {
    const taken = Object.fromEntries(this.totals);
    if (factClock.ms > this.factsTaken) taken.facts = factClock.ms - this.factsTaken;
    this.factsTaken = factClock.ms;
    this.totals.clear();
    return taken;
  },
  factsTaken: 0,
};

/** Adds phase totals (from a worker thread) into `into`. */
export function addPhases(into: Record<string, number>, phases: Record<string, number>): void {
  for (const [phase, ms] of Object.entries(phases)) into[phase] = (into[phase] ?? 0) + ms;
}

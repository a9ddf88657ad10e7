// A loaded step's checks as the checker engine takes them: every check gets an id, the declared one (what
// `within.after` and quiz answers name) or `check-N` (1-based position) for the others.
import type { StepCheck, StepChecks } from './checkers/checker-engine.js';
import type { Step } from './format/types.js';

export function stepChecks(step: Pick<Step, 'id' | 'checks' | 'checkIds'>): StepChecks {
  const declared = new Map<number, string>(Object.entries(step.checkIds).map(([id, index]) => [index, id]));
  const taken = new Set(declared.values());
  const checks: StepCheck[] = step.checks.map((check, index) => {
    let id = declared.get(index);
    if (id === undefined) {
      id = `check-${index + 1}`;
      while (taken.has(id)) id = `${id}-auto`;
      taken.add(id);
    }
    return { id, check };
  });
  return { stepId: step.id, checks };
}

// `within`: the inner check passes within `seconds` of the step's start, or of another check (`after`) first
// passing. Before the deadline a failing inner check is "not yet"; after it, the check fails for good.
// The engine re-evaluates it on every event and once more at the deadline (withinDeadline).
import type { CheckSpec } from '../check-spec.js';
import type { Checker, CheckContext } from './context.js';
import { fail, messagesOf, pass, waiting } from './context.js';
import { evaluateCheck } from './evaluate.js';

type WithinSpec = Extract<CheckSpec, { kind: 'within' }>;

/** When the window closes (ms since epoch), or undefined while `after` has not passed. */
export function withinDeadline(spec: WithinSpec, context: CheckContext): number | undefined {
  const start = spec.after === undefined ? context.stepStartedAt : context.firstPassedAt(spec.after);
  return start === undefined ? undefined : start + spec.seconds * 1000;
}

export const evaluateWithin: Checker<'within'> = async (spec, context) => {
  const t = messagesOf(context);
  const deadline = withinDeadline(spec, context);
  const window = t.within.window(spec.seconds, spec.after);
  if (deadline === undefined) return waiting(context, t.within.waiting(spec.after ?? ''));
  const now = context.now();
  if (now > deadline) return fail(context, t.within.late(window, undefined));
  const inner = await evaluateCheck(spec.check, context);
  if (inner.passed) return pass(context);
  // The evaluation itself took time: a pass seen after the deadline does not count, a fail after it is final.
  if (context.now() > deadline) return fail(context, t.within.late(window, inner.message));
  // No countdown in the text: the verdict would change every second without new evidence.
  return fail(context, t.within.notYet(window, inner.message));
};

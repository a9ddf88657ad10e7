// Runs a provisioning plan: every step whose `after` steps are finished starts at once (so OpenFaaS installs
// while Knative does), a step already in place is skipped, and a failure leaves the steps that need it waiting
// while independent ones go on (Knative is still installed when the OpenFaaS chart cannot be downloaded). Every
// change is reported, so the page and the terminal show it live.
import { StepFailure, type ProvisionStep } from './step.js';
import type { ProvisionTools } from './provision-tools.js';

export type StepState = 'waiting' | 'running' | 'done' | 'skipped' | 'failed';

export interface StepView {
  id: string;
  title: string;
  state: StepState;
  /** Running: what it does now; done: what it did; failed: why. */
  detail?: string | undefined;
  elapsedMs: number;
  /** Failed: the last lines of the failing command's output, and what to do. */
  output?: string | undefined;
  fix?: string | undefined;
}

export interface ProvisionView {
  state: 'running' | 'done' | 'failed';
  steps: StepView[];
  elapsedMs: number;
}

export interface RunOptions {
  onChange?: (view: ProvisionView) => void;
  now?: () => number;
  /** Steps skipped without asking whether they are in place (`--force` runs everything again). */
  force?: boolean;
}

/** Lines of output kept for a failure: enough for kubectl's errors, not a whole log. */
const OUTPUT_TAIL_LINES = 30;

export class PlanError extends Error {}

/** Refuses a plan with unknown or circular `after` names: a mistake in kubeclass, found by the unit tests. */
export function validatePlan(steps: readonly ProvisionStep[]): void {
  const ids = new Set<string>();
  for (const step of steps) {
    if (ids.has(step.id)) throw new PlanError(`two steps are named ${step.id}`);
    ids.add(step.id);
  }
  for (const step of steps) for (const dep of step.after) if (!ids.has(dep)) throw new PlanError(`${step.id} comes after ${dep}, which is not in the plan`);
  const visiting = new Set<string>();
  const done = new Set<string>();
  const byId = new Map(steps.map((s) => [s.id, s]));
  const visit = (id: string, path: string[]): void => {
    if (done.has(id)) return;
    if (visiting.has(id)) throw new PlanError(`the steps wait for each other: ${[...path, id].join(' -> ')}`);
    visiting.add(id);
    for (const dep of byId.get(id)!.after) visit(dep, [...path, id]);
    visiting.delete(id);
    done.add(id);
  };
  for (const step of steps) visit(step.id, []);
}

export async function runPlan(steps: readonly ProvisionStep[], tools: ProvisionTools, options: RunOptions = {}): Promise<ProvisionView> {
  validatePlan(steps);
  const now = options.now ?? Date.now;
  const startedAt = now();
  const states = new Map<string, { view: StepView; startedAt?: number; doneAt?: number }>(
    steps.map((s) => [s.id, { view: { id: s.id, title: s.title, state: 'waiting', elapsedMs: 0 } }]),
  );
  let failed = false;
  const finishedOk = (id: string): boolean => {
    const s = states.get(id)!.view.state;
    return s === 'done' || s === 'skipped';
  };

  const view = (): ProvisionView => {
    const t = now();
    const list = steps.map((s) => {
      const entry = states.get(s.id)!;
      const elapsedMs = entry.startedAt === undefined ? 0 : (entry.doneAt ?? t) - entry.startedAt;
      return { ...entry.view, elapsedMs };
    });
    const finished = list.every((s) => s.state === 'done' || s.state === 'skipped');
    // Failed only once nothing runs and nothing can start: between a step's end and the next start, the plan is
    // still running.
    const startable = steps.some((s) => states.get(s.id)!.view.state === 'waiting' && s.after.every(finishedOk));
    const blocked = failed && !startable && !list.some((s) => s.state === 'running');
    return { state: blocked ? 'failed' : finished ? 'done' : 'running', steps: list, elapsedMs: t - startedAt };
  };
  const emit = (): void => options.onChange?.(view());
  const running = new Map<string, Promise<void>>();

  const start = (step: ProvisionStep): void => {
    const entry = states.get(step.id)!;
    entry.startedAt = now();
    entry.view.state = 'running';
    entry.view.detail = undefined;
    emit();
    const stepTools = tools.forStep((detail) => {
      entry.view.detail = detail;
      emit();
    });
    const work = (async () => {
      try {
        if (!options.force && step.inPlace && (await step.inPlace(stepTools))) {
          entry.view.state = 'skipped';
          entry.view.detail = 'already in place';
        } else {
          entry.view.detail = undefined;
          await step.run(stepTools);
          entry.view.state = 'done';
          entry.view.detail = undefined;
        }
      } catch (error) {
        failed = true;
        entry.view.state = 'failed';
        entry.view.detail = (error as Error).message;
        const output = error instanceof StepFailure && error.output ? error.output : stepTools.output();
        entry.view.output = tail(output, OUTPUT_TAIL_LINES) || undefined;
        entry.view.fix = (error instanceof StepFailure ? error.fix : undefined) ?? step.fix;
      } finally {
        entry.doneAt = now();
        running.delete(step.id);
        emit();
      }
    })();
    running.set(step.id, work);
  };

  for (;;) {
    for (const step of steps) {
      const entry = states.get(step.id)!;
      if (entry.view.state === 'waiting' && step.after.every(finishedOk)) start(step);
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  const result = view();
  return result;
}

function tail(text: string, lines: number): string {
  const all = text.replace(/\s+$/, '').split('\n');
  return (all.length > lines ? ['…', ...all.slice(-lines)] : all).join('\n');
}

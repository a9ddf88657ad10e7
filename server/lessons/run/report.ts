// The lesson test report as a person reads it: a block per lesson locale, a line per step, and a summary.
import type { LocaleRun, StepReport } from './lesson-test.js';

export function formatRun(run: LocaleRun): string {
  const lines = [`${run.lessonId} (${run.locale})  ${run.file}  ${seconds(run.durationMs)}`];
  for (const note of run.notes) lines.push(`  note: ${note}`);
  if (run.error) lines.push(`  ✗ ${run.error}`);
  for (const step of run.steps) lines.push(...formatStep(step));
  return `${lines.join('\n')}\n`;
}

function formatStep(step: StepReport): string[] {
  const mark = step.status === 'passed' ? '✓' : step.status === 'failed' ? '✗' : '-';
  const lines = [`  ${mark} ${step.id}  ${step.title}  ${step.status === 'not-run' ? '(not run: an earlier step failed)' : `(${seconds(step.durationMs)})`}`];
  for (const wrong of step.wrong) {
    lines.push(`      ${wrong.passed ? '✓' : '✗'} wrong: ${wrong.commands.join('; ')} -> ${JSON.stringify(wrong.hint)}`);
    if (!wrong.passed) for (const seen of wrong.seen?.length ? wrong.seen : ['no failing verdict after the attempt']) lines.push(`          saw: ${seen}`);
  }
  if (step.status !== 'failed') return lines;
  if (step.error) lines.push(`      ${step.error}`);
  for (const failure of step.failures) lines.push(`      ✗ check ${failure.checkId}: ${failure.message}`);
  for (const command of step.commands) {
    const how = command.interrupted ? 'stopped with Ctrl-C' : command.exitCode === undefined ? 'ran nothing' : `exit ${command.exitCode}`;
    lines.push(`      $ ${command.command}  (${how})`);
    for (const line of command.outputTail ? command.outputTail.split('\n') : []) lines.push(`        | ${line}`);
  }
  return lines;
}

export function formatSummary(runs: readonly LocaleRun[], durationMs: number): string {
  const steps = runs.flatMap((r) => r.steps);
  const wrong = steps.flatMap((s) => s.wrong);
  const passedRuns = runs.filter((r) => r.passed).length;
  return (
    `${passedRuns === runs.length ? 'PASS' : 'FAIL'}: ${passedRuns} of ${runs.length} lesson locale${runs.length === 1 ? '' : 's'} passed; ` +
    `${steps.filter((s) => s.status === 'passed').length} of ${steps.length} steps, ` +
    `${wrong.filter((w) => w.passed).length} of ${wrong.length} wrong attempts (${seconds(durationMs)})\n`
  );
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

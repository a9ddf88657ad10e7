// `command`: the learner ran a command matching the pattern, with the expected exit code (default 0).
import type { Checker } from './context.js';
import { fail, pass } from './context.js';
import { recogniseMistake } from './hints/article-mistakes.js';
import { describePattern, matchesPattern } from './pattern.js';

export const evaluateCommand: Checker<'command'> = async (spec, context) => {
  const exitCode = spec.exitCode ?? 0;
  const matching = context.commands.filter((c) => matchesPattern(spec.pattern, c.commandLine));
  if (matching.some((c) => c.exitCode === exitCode)) return pass(context);
  const last = context.commands.at(-1);
  const mistake = last ? recogniseMistake(last) : undefined;
  if (mistake) return fail(context, mistake.hint);
  const ran = matching.at(-1);
  if (ran) return fail(context, `expected ${JSON.stringify(ran.commandLine)} to exit with ${exitCode}, saw exit code ${ran.exitCode}${tail(ran.output)}`);
  const seen = last ? `the last command was ${JSON.stringify(last.commandLine)}` : 'no command yet in this step';
  return fail(context, `expected a command matching ${describePattern(spec.pattern)}, saw ${seen}`);
};

/** The end of a command's output, to show what went wrong. */
export function tail(output: string): string {
  const lines = output.trimEnd().split('\n').filter(Boolean).slice(-2);
  return lines.length ? ` (it printed: ${lines.join(' / ')})` : '';
}

// `command`: the learner ran a command matching the pattern, with the expected exit code (default 0).
import type { Messages } from './messages/index.js';
import type { Checker } from './context.js';
import { fail, messagesOf, pass } from './context.js';
import { recogniseMistake } from './hints/article-mistakes.js';
import { describePattern, matchesPattern } from './pattern.js';

export const evaluateCommand: Checker<'command'> = async (spec, context) => {
  const t = messagesOf(context);
  const exitCode = spec.exitCode ?? 0;
  const matching = context.commands.filter((c) => matchesPattern(spec.pattern, c.commandLine));
  if (matching.some((c) => c.exitCode === exitCode)) return pass(context);
  const last = context.commands.at(-1);
  const mistake = last ? recogniseMistake(last) : undefined;
  if (mistake) return fail(context, t.mistakes[mistake.id]);
  const ran = matching.at(-1);
  if (ran) return fail(context, t.command.exitCode(ran.commandLine, exitCode, ran.exitCode, tail(ran.output, t)));
  const seen = last ? t.command.lastCommand(last.commandLine) : t.command.noCommandYet;
  return fail(context, t.command.expected(describePattern(spec.pattern), seen));
};

/** The end of a command's output, to show what went wrong. */
export function tail(output: string, t: Messages): string {
  const lines = output.trimEnd().split('\n').filter(Boolean).slice(-2);
  return lines.length ? t.command.printed(lines) : '';
}

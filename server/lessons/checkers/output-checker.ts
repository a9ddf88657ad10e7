// `output`: a finished command (matching `command`, when given) printed output matching the pattern.
import type { Checker } from './context.js';
import { fail, pass } from './context.js';
import { recogniseMistake } from './hints/article-mistakes.js';
import { describePattern, matchesPattern } from './pattern.js';

export const evaluateOutput: Checker<'output'> = async (spec, context) => {
  const candidates = spec.command === undefined ? context.commands : context.commands.filter((c) => matchesPattern(spec.command ?? '', c.commandLine));
  if (candidates.some((c) => matchesPattern(spec.pattern, c.output))) return pass(context);
  const last = candidates.at(-1) ?? context.commands.at(-1);
  const mistake = last ? recogniseMistake(last) : undefined;
  if (mistake) return fail(context, mistake.hint);
  if (!last) return fail(context, spec.command === undefined ? `expected output matching ${describePattern(spec.pattern)}, saw no command yet` : `expected a command matching ${describePattern(spec.command)}, saw none yet`);
  const printed = last.output.trim();
  const seen = printed === '' ? 'it printed nothing' : `it printed ${JSON.stringify(printed.length > 200 ? `${printed.slice(0, 200)}...` : printed)}`;
  return fail(context, `expected output matching ${describePattern(spec.pattern)} from ${JSON.stringify(last.commandLine)}, ${seen}`);
};

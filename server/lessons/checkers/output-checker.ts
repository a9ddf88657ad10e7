// `output`: a finished command (matching `command`, when given) printed output matching the pattern.
import type { Checker } from './context.js';
import { fail, messagesOf, pass } from './context.js';
import { recogniseMistake } from './hints/article-mistakes.js';
import { describePattern, matchesPattern } from './pattern.js';

export const evaluateOutput: Checker<'output'> = async (spec, context) => {
  const t = messagesOf(context);
  const candidates = spec.command === undefined ? context.commands : context.commands.filter((c) => matchesPattern(spec.command ?? '', c.commandLine));
  if (candidates.some((c) => matchesPattern(spec.pattern, c.output))) return pass(context);
  const last = candidates.at(-1) ?? context.commands.at(-1);
  const mistake = last ? recogniseMistake(last) : undefined;
  if (mistake) return fail(context, t.mistakes[mistake.id]);
  if (!last) return fail(context, spec.command === undefined ? t.output.noCommandYet(describePattern(spec.pattern)) : t.output.noMatchingCommand(describePattern(spec.command)));
  const printed = last.output.trim();
  const seen = printed === '' ? t.output.printedNothing : t.output.printedText(printed.length > 200 ? `${printed.slice(0, 200)}...` : printed);
  return fail(context, t.output.expected(describePattern(spec.pattern), last.commandLine, seen));
};

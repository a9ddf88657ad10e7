// `quiz`: the answer the page posted (engine.answer) against the right choice(s).
import type { Checker } from './context.js';
import { fail, pass } from './context.js';

export const evaluateQuiz: Checker<'quiz'> = async (spec, context) => {
  const given = context.answers.get(context.checkId);
  if (given === undefined) return fail(context, 'not answered yet');
  const right = sorted(spec.answer);
  const chosen = sorted(given);
  if (right.length === chosen.length && right.every((r, i) => r === chosen[i])) return pass(context, spec.explanation);
  const shown = chosen.map((i) => JSON.stringify(spec.choices[i] ?? `choice ${i}`)).join(', ');
  return fail(context, `not quite: you chose ${shown}${right.length > 1 ? ` (${right.length} choices are right)` : ''}${spec.explanation ? `. ${spec.explanation}` : ''}`);
};

function sorted(answer: number | number[]): number[] {
  return [...new Set(Array.isArray(answer) ? answer : [answer])].sort((a, b) => a - b);
}

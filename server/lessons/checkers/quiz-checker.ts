// `quiz`: the answer the page posted (engine.answer) against the right choice(s).
import type { Checker } from './context.js';
import { fail, messagesOf, pass, waiting } from './context.js';

export const evaluateQuiz: Checker<'quiz'> = async (spec, context) => {
  const t = messagesOf(context);
  const given = context.answers.get(context.checkId);
  if (given === undefined) return waiting(context, t.quiz.notAnswered);
  const right = sorted(spec.answer);
  const chosen = sorted(given);
  if (right.length === chosen.length && right.every((r, i) => r === chosen[i])) return pass(context, spec.explanation);
  const shown = t.quiz.chosen(chosen.map((i) => JSON.stringify(spec.choices[i] ?? t.quiz.choice(i))));
  return fail(context, t.quiz.wrong(shown, right.length, spec.explanation));
};

function sorted(answer: number | number[]): number[] {
  return [...new Set(Array.isArray(answer) ? answer : [answer])].sort((a, b) => a - b);
}

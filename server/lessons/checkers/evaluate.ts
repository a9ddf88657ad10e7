// One check, whatever its kind: dispatches to the kind's checker and turns any error into a failed verdict,
// so nothing a checker meets (a cluster that went away, a bad pattern) reaches the engine's caller.
import type { CheckSpec, Verdict } from '../check-spec.js';
import { errorMessage } from './cluster-reader.js';
import { evaluateCommand } from './command-checker.js';
import { messagesOf, type CheckContext } from './context.js';
import { evaluateFile } from './file-checker.js';
import { evaluateHttp } from './http-checker.js';
import { evaluateOutput } from './output-checker.js';
import { evaluateQuiz } from './quiz-checker.js';
import { evaluateResource } from './resource-checker.js';
import { evaluateScript } from './script-checker.js';
import { evaluateWithin } from './within-checker.js';

export async function evaluateCheck(spec: CheckSpec, context: CheckContext): Promise<Verdict> {
  try {
    const verdict = await dispatch(spec, context);
    // A lesson's own hint comes before what the checker saw.
    if (!verdict.passed && 'hint' in spec && spec.hint) return { ...verdict, message: messagesOf(context).withHint(spec.hint, verdict.message) };
    return verdict;
  } catch (error) {
    return { passed: false, message: messagesOf(context).couldNotRun(errorMessage(error)), at: context.now() };
  }
}

function dispatch(spec: CheckSpec, context: CheckContext): Promise<Verdict> {
  switch (spec.kind) {
    case 'command':
      return evaluateCommand(spec, context);
    case 'output':
      return evaluateOutput(spec, context);
    case 'resource':
      return evaluateResource(spec, context);
    case 'http':
      return evaluateHttp(spec, context);
    case 'file':
      return evaluateFile(spec, context);
    case 'script':
      return evaluateScript(spec, context);
    case 'quiz':
      return evaluateQuiz(spec, context);
    case 'within':
      return evaluateWithin(spec, context);
  }
}

// What a checker may read: the step's finished commands, the session's workspace and cluster, the quiz answers.
// Checkers only read; nothing here lets them change state.
import type { CommandEvent } from '../../common/protocol.js';
import type { CheckSpec, Verdict } from '../check-spec.js';
import type { ClusterReader } from './cluster-reader.js';
import { messagesFor, type Messages } from './messages/index.js';

/** Where the cluster's gateways answer (RunningSandbox.ingress / .openfaas). */
export interface Gateways {
  ingress?: { host: string; port: number } | undefined;
  openfaas?: { host: string; port: number } | undefined;
}

export interface CheckContext {
  /** This check's id within its step (quiz answers and `within.after` name checks by id). */
  checkId: string;
  /** Commands the session finished since the step started, oldest first. */
  commands: readonly CommandEvent[];
  /** The session's workspace directory (files and verify scripts are relative to it). */
  workspace: string;
  /** The session's cluster, or undefined when the playground has none. */
  cluster: ClusterReader | undefined;
  /** The kubeconfig file a verify script gets as KUBECONFIG. */
  kubeconfigPath?: string | undefined;
  gateways: Gateways;
  /** When the step started (ms since epoch). */
  stepStartedAt: number;
  /** Quiz answers the page posted, by check id. */
  answers: ReadonlyMap<string, number | number[]>;
  /** When a check of this step first passed (for `within.after`). */
  firstPassedAt: (checkId: string) => number | undefined;
  now: () => number;
  /** The learner's locale (the lesson text's): the checkers' messages are in it, English when it has none. */
  locale: string;
}

export type Checker<K extends CheckSpec['kind']> = (spec: Extract<CheckSpec, { kind: K }>, context: CheckContext) => Promise<Verdict>;

/** The checkers' messages in the context's locale. */
export function messagesOf(context: Pick<CheckContext, 'locale'>): Messages {
  return messagesFor(context.locale);
}

export function pass(context: CheckContext, message?: string): Verdict {
  return message === undefined ? { passed: true, at: context.now() } : { passed: true, message, at: context.now() };
}

export function fail(context: CheckContext, message: string): Verdict {
  return { passed: false, message, at: context.now() };
}

/** Not passed, with nothing to judge yet (the page shows it neutral, not as a failure). */
export function waiting(context: CheckContext, message: string): Verdict {
  return { passed: false, waiting: true, message, at: context.now() };
}

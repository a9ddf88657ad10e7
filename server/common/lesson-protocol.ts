// The lesson websocket protocol (/ws/lesson), shared by the server and the page. No Node or DOM APIs here.
//
// The terminal socket carries bytes; this one carries the lesson beside it: which lesson and step the learner is
// on, the rendered text, live verdicts, progress, and the cluster's provisioning. Every message is a JSON text
// frame. The page opens it after the terminal's `ready` (it names the session: progress belongs to it).

export const LESSON_PROTOCOL_VERSION = 1;

export const LESSON_PATH = '/ws/lesson';

/** Largest message the server accepts on the lesson socket (answers and ids are small). */
export const MAX_LESSON_MESSAGE_BYTES = 16 * 1024;

// ---- page -> server ----

export interface LessonHelloMessage {
  type: 'hello';
  version: number;
  /** The terminal session (its `ready.sessionId`): progress, workspace and checks belong to it. */
  sessionId: string;
  /** The lesson to open; absent: the one the learner was on, else the only/first lesson. */
  lessonId?: string | undefined;
  /** Preferred locale (`navigator.language`, or the learner's choice); the lesson's closest one is used. */
  locale?: string | undefined;
}

/** Open another lesson, or the same one in another locale. */
export interface OpenLessonMessage {
  type: 'open';
  lessonId: string;
  locale?: string | undefined;
}

/** Make this step the current one: its checks run from now on. */
export interface GotoStepMessage {
  type: 'goto';
  stepId: string;
}

/** A quiz answer: index (or indexes, for several right choices) into the quiz's choices. */
export interface AnswerMessage {
  type: 'answer';
  stepId: string;
  checkId: string;
  choice: number | number[];
}

/** Forget a step's progress (its verdicts and status), or the whole lesson's when `stepId` is absent. */
export interface ResetMessage {
  type: 'reset';
  stepId?: string | undefined;
}

/** Fast-forward: the server types the step's solution into the terminal; the step is then marked skipped. */
export interface SkipMessage {
  type: 'skip';
  stepId: string;
}

/** Write a code block's text (a ```lang file=path block of this step) to that path of the workspace. */
export interface CreateFileMessage {
  type: 'create-file';
  stepId: string;
  path: string;
}

/** In a classroom: the learner is still here, so their seat's expiry starts over (see classroom-protocol.ts). */
export interface ExtendSeatMessage {
  type: 'extend-seat';
}

export type LessonClientMessage =
  | LessonHelloMessage
  | OpenLessonMessage
  | GotoStepMessage
  | AnswerMessage
  | ResetMessage
  | SkipMessage
  | CreateFileMessage
  | ExtendSeatMessage;

// ---- server -> page ----

export interface LessonSummary {
  id: string;
  title: string;
  description?: string | undefined;
  /** Minutes. */
  duration: number;
  requires: string[];
  locales: string[];
}

/** What the page shows of a check: the quiz needs its question and choices; others only their verdict. */
export interface CheckView {
  id: string;
  kind: string;
  /** What the check waits for, in the lesson's words (the check's `title`), for the list of what passes the step. */
  title?: string | undefined;
  quiz?: { question: string; choices: string[]; multiple: boolean } | undefined;
}

export interface StepView {
  id: string;
  title: string;
  /** Sanitised HTML (docs/lessons.md: Rendering). Code blocks carry data-run, data-interrupt, data-copy, data-file. */
  html: string;
  checks: CheckView[];
  /** True when the step declares solution commands ("skip" is possible). */
  hasSolution: boolean;
}

export type StepStatus = 'pending' | 'passed' | 'skipped';

export interface StepProgress {
  status: StepStatus;
  /** Commands the learner finished while on this step. */
  attempts: number;
  /** Milliseconds spent on the step so far (time it was current). */
  timeMs: number;
  /** When it passed (ms since epoch). */
  passedAt?: number | undefined;
}

export interface ProgressView {
  currentStepId: string;
  steps: Record<string, StepProgress>;
  /** Every step passed or skipped. */
  complete: boolean;
}

export interface VerdictView {
  passed: boolean;
  message?: string | undefined;
  at: number;
  /** Not passed, but nothing to judge yet (a quiz not answered, a time window not open): show it neutral. */
  waiting?: boolean | undefined;
}

export type ClusterPhaseState = 'waiting' | 'running' | 'done' | 'failed';

export interface ClusterPhase {
  /** A stable name: `api`, `kube-system`, `knative-serving`, `kourier`, `openfaas`. */
  id: string;
  /** What the page shows ("Knative Serving"). */
  title: string;
  state: ClusterPhaseState;
  /** What is being waited for, or why it failed. */
  detail?: string | undefined;
  /** Failed: the last lines of the failing command's output. */
  output?: string | undefined;
  /** Failed: what to do about it. */
  fix?: string | undefined;
  /** Time spent in this phase so far, or in total when done. */
  elapsedMs: number;
}

export interface ClusterView {
  /** `none`: the playground runs without a cluster (--cluster none). */
  state: 'provisioning' | 'ready' | 'failed' | 'none';
  /** Which cluster: `sandbox` (embedded) or `kind`. */
  kind?: string | undefined;
  phases: ClusterPhase[];
}

export type LessonServerMessage =
  | { type: 'catalog'; lessons: LessonSummary[]; errors: string[] }
  | {
      type: 'lesson';
      lessonId: string;
      locale: string;
      locales: string[];
      title: string;
      introHtml: string;
      finishHtml?: string | undefined;
      steps: StepView[];
      progress: ProgressView;
      /** Current verdicts of the current step, by check id. */
      verdicts: Record<string, VerdictView>;
    }
  | { type: 'progress'; progress: ProgressView }
  | { type: 'verdict'; stepId: string; checkId: string; verdict: VerdictView }
  | { type: 'cluster'; cluster: ClusterView }
  | { type: 'skip-started'; stepId: string; commands: string[] }
  | { type: 'skip-finished'; stepId: string; ok: boolean; message?: string | undefined }
  | { type: 'file-created'; path: string; /** The learner's earlier file of that name, kept under this name. */ backup?: string | undefined }
  | { type: 'error'; message: string };

// The lesson model as the loader produces it (docs/lessons.md describes the files it comes from). Checks are the
// contract's CheckSpec objects, exactly; everything else a step declares sits beside them.
import type { CheckSpec } from '../check-spec.js';

/** What a lesson needs installed on the learner's cluster. */
export const CLUSTER_FEATURES = ['knative', 'openfaas'] as const;
export type ClusterFeature = (typeof CLUSTER_FEATURES)[number];

/** A problem in a lesson's files: `line` is 1-based in `file`, 0 when it concerns the whole file or folder. */
export interface LessonError {
  file: string;
  line: number;
  message: string;
}

/** An attempt a step's author declares wrong: typing `commands` must fail the step with a message containing `hint`. */
export interface WrongAttempt {
  commands: string[];
  hint: string;
}

/** What a fenced code block offers the learner (from its info string: ```bash run interrupt). */
export interface CodeActions {
  run: boolean;
  /** Send Ctrl-C before running (a previous command may still hold the terminal). */
  interrupt: boolean;
  copy: boolean;
  /** Create this file, relative to the workspace, with the block's text. */
  file?: string;
}

export interface CodeBlock {
  lang: string;
  text: string;
  actions: CodeActions;
  /** Line of the opening fence in the lesson file. */
  line: number;
}

/** Markdown of a step, with its hint and solution folds kept apart so that the renderer can fold them. */
export type BodyNode =
  | { kind: 'markdown'; text: string; line: number }
  | { kind: 'fold'; fold: FoldKind; title?: string; line: number; children: BodyNode[] };

export const FOLD_KINDS = ['hint', 'solution'] as const;
export type FoldKind = (typeof FOLD_KINDS)[number];

export interface Step {
  /** Stable across locales and edits: the declared `id`, else `step-N`. Progress is stored under it. */
  id: string;
  title: string;
  /** Line of the step's `## ` heading. */
  line: number;
  body: BodyNode[];
  codeBlocks: CodeBlock[];
  checks: CheckSpec[];
  /** Declared check ids (what `within.after` names) and the index of their check in `checks`. */
  checkIds: Record<string, number>;
  /** The author's `title` of each check (by index in `checks`): what the page lists as the step's checks. */
  checkTitles: (string | undefined)[];
  /** Commands that complete the step, in order (what "skip" and `kubeclass lesson test` type). */
  solution: string[];
  wrong: WrongAttempt[];
}

/** One locale's text of a lesson: `lesson.<locale>.md`. */
export interface LocalizedLesson {
  locale: string;
  file: string;
  title: string;
  description?: string;
  /** Markdown before the first step. */
  intro: BodyNode[];
  steps: Step[];
  /** Markdown shown once every step passed (Killercoda's finish page; kubeclass lessons may leave it out). */
  finish?: BodyNode[];
}

/** A file handed out to the learner's workspace: `name` relative to the workspace, `path` where it is read from. */
export interface LessonAsset {
  name: string;
  path: string;
}

export interface Lesson {
  id: string;
  dir: string;
  /** Minutes. */
  duration: number;
  requires: ClusterFeature[];
  assets: LessonAsset[];
  /** By locale; every locale has the same step ids in the same order. */
  locales: Record<string, LocalizedLesson>;
}

export type LoadResult = { lesson: Lesson } | { errors: LessonError[] };

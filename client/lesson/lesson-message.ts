// Reads the lesson socket's JSON frames. lesson-protocol.ts types them but has no parser, so this checks the fields
// the page relies on: a malformed frame is dropped (and logged) instead of breaking the lesson pane.
import type {
  CheckView,
  ClusterView,
  LessonServerMessage,
  ProgressView,
  StepView,
  VerdictView,
} from '../../server/common/lesson-protocol.js';

export type LessonMessage = Extract<LessonServerMessage, { type: 'lesson' }>;

type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const optional = <T>(v: unknown, is: (x: unknown) => x is T): boolean => v === undefined || is(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isRecordOf = <T>(v: unknown, is: (x: unknown) => x is T): v is Record<string, T> =>
  isObject(v) && Object.values(v).every(is);

function isCheckView(v: unknown): v is CheckView {
  if (!isObject(v) || !isString(v['id']) || !isString(v['kind'])) return false;
  const quiz = v['quiz'];
  return (
    quiz === undefined ||
    (isObject(quiz) && isString(quiz['question']) && isStringArray(quiz['choices']) && typeof quiz['multiple'] === 'boolean')
  );
}

function isStepView(v: unknown): v is StepView {
  return (
    isObject(v) &&
    isString(v['id']) &&
    isString(v['title']) &&
    isString(v['html']) &&
    Array.isArray(v['checks']) &&
    v['checks'].every(isCheckView) &&
    typeof v['hasSolution'] === 'boolean'
  );
}

function isStepProgress(v: unknown): boolean {
  return (
    isObject(v) &&
    (v['status'] === 'pending' || v['status'] === 'passed' || v['status'] === 'skipped') &&
    isNumber(v['attempts']) &&
    isNumber(v['timeMs'])
  );
}

function isProgressView(v: unknown): v is ProgressView {
  return (
    isObject(v) &&
    isString(v['currentStepId']) &&
    isObject(v['steps']) &&
    Object.values(v['steps']).every(isStepProgress) &&
    typeof v['complete'] === 'boolean'
  );
}

function isVerdictView(v: unknown): v is VerdictView {
  return isObject(v) && typeof v['passed'] === 'boolean' && optional(v['message'], isString) && isNumber(v['at']);
}

const PHASE_STATES = new Set(['waiting', 'running', 'done', 'failed']);
const CLUSTER_STATES = new Set(['provisioning', 'ready', 'failed', 'none']);

function isClusterView(v: unknown): v is ClusterView {
  return (
    isObject(v) &&
    CLUSTER_STATES.has(v['state'] as string) &&
    Array.isArray(v['phases']) &&
    v['phases'].every(
      (p) =>
        isObject(p) &&
        isString(p['id']) &&
        isString(p['title']) &&
        PHASE_STATES.has(p['state'] as string) &&
        optional(p['detail'], isString) &&
        isNumber(p['elapsedMs']),
    )
  );
}

function isValid(m: Fields): boolean {
  switch (m['type']) {
    case 'catalog':
      return (
        Array.isArray(m['lessons']) &&
        m['lessons'].every((l) => isObject(l) && isString(l['id']) && isString(l['title']) && isStringArray(l['locales'])) &&
        isStringArray(m['errors'])
      );
    case 'lesson':
      return (
        isString(m['lessonId']) &&
        isString(m['locale']) &&
        isStringArray(m['locales']) &&
        isString(m['title']) &&
        isString(m['introHtml']) &&
        optional(m['finishHtml'], isString) &&
        Array.isArray(m['steps']) &&
        m['steps'].every(isStepView) &&
        isProgressView(m['progress']) &&
        isRecordOf(m['verdicts'], isVerdictView)
      );
    case 'progress':
      return isProgressView(m['progress']);
    case 'verdict':
      return isString(m['stepId']) && isString(m['checkId']) && isVerdictView(m['verdict']);
    case 'cluster':
      return isClusterView(m['cluster']);
    case 'skip-started':
      return isString(m['stepId']) && isStringArray(m['commands']);
    case 'skip-finished':
      return isString(m['stepId']) && typeof m['ok'] === 'boolean' && optional(m['message'], isString);
    case 'file-created':
      return isString(m['path']) && optional(m['backup'], isString);
    case 'error':
      return isString(m['message']);
    default:
      return false;
  }
}

export function parseLessonMessage(text: string): LessonServerMessage | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isObject(raw) && isValid(raw) ? (raw as LessonServerMessage) : undefined;
}

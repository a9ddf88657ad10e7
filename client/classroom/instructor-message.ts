// Reads the instructor socket's JSON frames. classroom-protocol.ts types them but has no parser, so this checks the
// fields the page relies on: a malformed frame is dropped (and logged) instead of breaking the room's view.
import type { InstructorServerMessage, LearnerRow, RoomView, StepCell } from '../../server/common/classroom-protocol.js';
import { isNumber, isObject, isString, optional } from './guards.js';

function isStepCell(v: unknown): v is StepCell {
  if (!isObject(v) || !isNumber(v['attempts']) || !isNumber(v['timeMs'])) return false;
  if (v['status'] === 'pending') return optional(v['lastMessage'], isString);
  return (v['status'] === 'passed' || v['status'] === 'skipped') && isNumber(v['at']);
}

function isLearnerRow(v: unknown): v is LearnerRow {
  return (
    isObject(v) &&
    isString(v['learnerId']) &&
    isString(v['name']) &&
    (v['state'] === 'active' || v['state'] === 'expired') &&
    typeof v['online'] === 'boolean' &&
    isNumber(v['joinedAt']) &&
    isNumber(v['lastSeenAt']) &&
    optional(v['expiresAt'], isNumber) &&
    optional(v['currentStep'], isString) &&
    isNumber(v['currentStepMs']) &&
    isObject(v['steps']) &&
    Object.values(v['steps']).every(isStepCell) &&
    optional(v['stuck'], isString) &&
    isNumber(v['score'])
  );
}

function isRoomView(v: unknown): v is RoomView {
  if (!isObject(v)) return false;
  const seats = v['seats'];
  return (
    isString(v['lessonId']) &&
    isString(v['lessonTitle']) &&
    Array.isArray(v['steps']) &&
    v['steps'].every((s) => isObject(s) && isString(s['id']) && isString(s['title'])) &&
    isString(v['joinCode']) &&
    isString(v['joinUrl']) &&
    isObject(seats) &&
    isNumber(seats['max']) &&
    isNumber(seats['used']) &&
    isNumber(seats['warm']) &&
    Array.isArray(v['learners']) &&
    v['learners'].every(isLearnerRow) &&
    Array.isArray(v['broadcasts']) &&
    v['broadcasts'].every((b) => isObject(b) && isNumber(b['at']) && isString(b['text']))
  );
}

function isValid(m: Record<string, unknown>): boolean {
  switch (m['type']) {
    case 'room':
      return isRoomView(m['room']);
    case 'watching':
      return isString(m['learnerId']) && isString(m['name']) && isNumber(m['cols']) && isNumber(m['rows']);
    case 'watch-ended':
      return isString(m['learnerId']) && isString(m['reason']);
    case 'error':
      return isString(m['message']);
    default:
      return false;
  }
}

export function parseInstructorMessage(text: string): InstructorServerMessage | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isObject(raw) && isValid(raw) ? (raw as InstructorServerMessage) : undefined;
}

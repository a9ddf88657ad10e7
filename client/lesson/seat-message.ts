// Reads the classroom's extra frames on the lesson socket (a broadcast, the seat's state): checked like
// lesson-message.ts checks the lesson's, so a malformed one is dropped rather than shown.
import type { SeatServerMessage } from '../../server/common/classroom-protocol.js';
import { isNumber, isObject, isString } from '../classroom/guards.js';

export function parseSeatMessage(text: string): SeatServerMessage | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(raw)) return undefined;
  switch (raw['type']) {
    case 'broadcast':
      return isNumber(raw['at']) && isString(raw['text']) ? (raw as SeatServerMessage) : undefined;
    case 'seat':
      return isString(raw['name']) && isNumber(raw['expiresAt']) && typeof raw['warning'] === 'boolean'
        ? (raw as SeatServerMessage)
        : undefined;
    default:
      return undefined;
  }
}

/** Whole minutes left before `expiresAt`, at least 1: "expires in 0 min" would read as already gone. */
export function minutesLeft(expiresAt: number, now: number): number {
  return Math.max(1, Math.ceil((expiresAt - now) / 60_000));
}

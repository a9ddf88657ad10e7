// The join form's rules, apart from the page so they are unit tested in Node: what a code and a name may be, and
// how the server's answer reads. The server checks again; these only spare a learner a round trip.
import { MAX_NAME_CHARS, type JoinRequest, type JoinResponse } from '../../server/common/classroom-protocol.js';
import { isObject, isString } from './guards.js';

/** Codes are short letters and digits; people type them with spaces or dashes ("ab3-x9k"), which are dropped. */
const CODE = /^[A-Za-z0-9]{4,12}$/;

export function normalizeCode(raw: string): string {
  return raw.replace(/[\s-]+/g, '');
}

/** Inner runs of spaces become one: "Ada   Lovelace" is the same name to the instructor. */
export function normalizeName(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ');
}

export type JoinCheck = { ok: true; request: JoinRequest } | { ok: false; field: 'code' | 'name' };

export function checkJoin(rawCode: string, rawName: string): JoinCheck {
  const code = normalizeCode(rawCode);
  if (!CODE.test(code)) return { ok: false, field: 'code' };
  const name = normalizeName(rawName);
  if (name === '' || name.length > MAX_NAME_CHARS) return { ok: false, field: 'name' };
  return { ok: true, request: { code, name } };
}

/** The code in the join address (`/join?code=AB12CD`), normalized, or '' when there is none. */
export function codeFromQuery(search: string): string {
  return normalizeCode(new URLSearchParams(search).get('code') ?? '').slice(0, 12);
}

/** The server's answer, or undefined when the body is not one (an HTML error page, a proxy's answer). */
export function readJoinResponse(body: unknown): JoinResponse | undefined {
  if (!isObject(body)) return undefined;
  if (body['ok'] === false && isString(body['error'])) return { ok: false, error: body['error'] };
  if (body['ok'] === true && isString(body['learnerId']) && isString(body['name']) && typeof body['rejoined'] === 'boolean') {
    return { ok: true, learnerId: body['learnerId'], name: body['name'], rejoined: body['rejoined'] };
  }
  return undefined;
}

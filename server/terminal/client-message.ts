// Validation of what a page sends, at the server's boundary. The page never needs it (zod stays out of the
// page's bundle); the message types themselves live in common/protocol.ts.
import { z } from 'zod';
import type { ClientMessage } from '../common/protocol.js';

const cols = z.number().int().min(1).max(10_000);
const rows = z.number().int().min(1).max(10_000);
const sessionId = z.string().regex(/^[0-9a-f]{32}$/, 'a session id is 32 lowercase hex digits');

const helloMessage = z
  .object({
    type: z.literal('hello'),
    version: z.number().int(),
    /** Absent: start a new session. Present: attach to it (or restart a shell in its workspace). */
    sessionId: sessionId.optional(),
    /** Bytes of output the page already has; the server replays from here. 0 on a fresh page. */
    resumeFrom: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    cols,
    rows,
  })
  .strict();

const resizeMessage = z.object({ type: z.literal('resize'), cols, rows }).strict();

/** Cumulative count of output bytes the page has processed (written into xterm.js, not merely received). */
const ackMessage = z
  .object({ type: z.literal('ack'), bytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) })
  .strict();

const clientMessage = z.discriminatedUnion('type', [helloMessage, resizeMessage, ackMessage]);

// The schemas and the shared types must describe the same messages.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemasMatchTypes: Same<z.infer<typeof clientMessage>, ClientMessage> = true;
void schemasMatchTypes;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses a JSON text frame from a page. Never throws: a hostile message is an expected input. */
export function parseClientMessage(text: string): ParseResult<ClientMessage> {
  return parseJsonMessage(clientMessage, text);
}

/** A JSON text frame checked against a schema; the error names the first problem and where it is. */
export function parseJsonMessage<T>(schema: z.ZodType<T>, text: string): ParseResult<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: 'message is not JSON' };
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, error: `invalid message${where}: ${issue?.message ?? 'unknown shape'}` };
  }
  return { ok: true, value: result.data };
}

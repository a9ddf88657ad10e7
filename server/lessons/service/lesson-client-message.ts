// Validation of what a page sends on the lesson socket, at the server's boundary (the types are the protocol's).
import { z } from 'zod';
import type { LessonClientMessage } from '../../common/lesson-protocol.js';
import { parseJsonMessage, type ParseResult } from '../../terminal/client-message.js';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,127}$/, 'an id is lowercase letters, digits and dashes');
const locale = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a locale looks like en or zh-CN').max(35);
const choice = z.union([z.number().int().min(0).max(1000), z.array(z.number().int().min(0).max(1000)).max(100)]);

const lessonClientMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('hello'),
    version: z.number().int(),
    sessionId: z.string().regex(/^[0-9a-f]{32}$/, 'a session id is 32 lowercase hex digits'),
    lessonId: id.optional(),
    locale: locale.optional(),
  }),
  z.strictObject({ type: z.literal('open'), lessonId: id, locale: locale.optional() }),
  z.strictObject({ type: z.literal('goto'), stepId: id }),
  z.strictObject({ type: z.literal('answer'), stepId: id, checkId: id, choice }),
  z.strictObject({ type: z.literal('reset'), stepId: id.optional() }),
  z.strictObject({ type: z.literal('skip'), stepId: id }),
  z.strictObject({ type: z.literal('create-file'), stepId: id, path: z.string().min(1).max(1024) }),
  z.strictObject({ type: z.literal('extend-seat') }),
]);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemasMatchTypes: Same<z.infer<typeof lessonClientMessage>, LessonClientMessage> = true;
void schemasMatchTypes;

/** Parses a JSON text frame from a page. Never throws: a hostile message is an expected input. */
export function parseLessonMessage(text: string): ParseResult<LessonClientMessage> {
  return parseJsonMessage(lessonClientMessage, text);
}

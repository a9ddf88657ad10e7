// zod schema of every CheckSpec kind as a lesson writes it (YAML), plus an optional `id` that `within.after`
// refers to. Objects are strict: a misspelt key (`patern:`) is an error at load, not a check that never fires.
import { z } from 'zod';
import { HTTP_PLACEHOLDER, HTTP_PLACEHOLDERS, isHttpPlaceholder, type CheckSpec } from '../check-spec.js';

/** A check as authored: the contract's CheckSpec with an optional id, nested checks authored the same way. */
export type AuthoredCheck = CheckSpec extends infer C
  ? C extends { kind: 'within' }
    ? Omit<C, 'check'> & { id?: string; title?: string; check: AuthoredCheck }
    : C & { id?: string; title?: string }
  : never;

export const CHECK_KINDS = ['command', 'output', 'resource', 'http', 'file', 'script', 'quiz', 'within'] as const;

/** `/re/flags` must compile; anything else is a plain substring. */
export const patternSchema = z.string().min(1).superRefine((value, ctx) => {
  const re = /^\/(.*)\/([a-z]*)$/s.exec(value);
  if (!re) return;
  try {
    new RegExp(re[1] ?? '', re[2]);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}` });
  }
});

/** A URL or header value of an `http` check: the `{name}`s in it must be placeholders the checker knows. */
function knownPlaceholders(value: string, ctx: z.RefinementCtx): void {
  for (const [, name] of value.matchAll(HTTP_PLACEHOLDER)) {
    if (!isHttpPlaceholder(name ?? '')) {
      ctx.addIssue({ code: 'custom', message: `unknown placeholder {${name ?? ''}}: the known ones are ${HTTP_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}` });
    }
  }
}

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'an id is lowercase letters, digits and dashes').optional();
const hint = z.string().min(1).optional();
/** What the check waits for, shown in the step's list of checks ("The service is Ready"). */
const title = z.string().min(1).max(200).optional();
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const command = z.strictObject({ kind: z.literal('command'), id, title, pattern: patternSchema, exitCode: z.int().optional(), hint });
const output = z.strictObject({ kind: z.literal('output'), id, title, command: patternSchema.optional(), pattern: patternSchema, hint });
const resource = z.strictObject({
  kind: z.literal('resource'),
  id,
  title,
  apiVersion: z.string().min(1),
  resource: z.string().min(1),
  namespace: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  labelSelector: z.string().min(1).optional(),
  absent: z.boolean().optional(),
  field: z.string().min(1).optional(),
  equals: scalar.optional(),
  matches: patternSchema.optional(),
  condition: z
    .strictObject({ type: z.string().min(1), status: z.enum(['True', 'False', 'Unknown']).optional(), reason: z.string().min(1).optional() })
    .optional(),
  count: z.strictObject({ min: z.int().nonnegative().optional(), max: z.int().nonnegative().optional() }).optional(),
  hint,
});
const http = z.strictObject({
  kind: z.literal('http'),
  id,
  title,
  url: z.string().min(1).superRefine(knownPlaceholders),
  method: z.string().regex(/^[A-Z]+$/, 'an HTTP method in capitals').optional(),
  headers: z.record(z.string(), z.string().superRefine(knownPlaceholders)).optional(),
  status: z.int().min(100).max(599).optional(),
  body: patternSchema.optional(),
  hint,
});
const file = z.strictObject({
  kind: z.literal('file'),
  id,
  title,
  path: z.string().min(1),
  field: z.string().min(1).optional(),
  equals: scalar.optional(),
  matches: patternSchema.optional(),
  hint,
});
const script = z.strictObject({ kind: z.literal('script'), id, title, run: z.string().min(1), timeoutSeconds: z.number().positive().optional(), hint });
const quiz = z
  .strictObject({
    kind: z.literal('quiz'),
    id,
    title,
    question: z.string().min(1),
    choices: z.array(z.string().min(1)).min(2),
    answer: z.union([z.int().nonnegative(), z.array(z.int().nonnegative()).min(1)]),
    explanation: z.string().optional(),
  })
  .superRefine((q, ctx) => {
    for (const index of Array.isArray(q.answer) ? q.answer : [q.answer]) {
      if (index >= q.choices.length) {
        ctx.addIssue({ code: 'custom', path: ['answer'], message: `answer ${index} is not a choice (there are ${q.choices.length}, counted from 0)` });
      }
    }
  });
const within = z.strictObject({
  kind: z.literal('within'),
  id,
  title,
  seconds: z.number().positive(),
  // A getter makes the schema recursive (zod 4); the annotation breaks the type cycle.
  get check(): z.ZodType<AuthoredCheck> {
    return checkSchema;
  },
  after: z.string().min(1).optional(),
  hint,
});

export const checkSchema: z.ZodType<AuthoredCheck> = z.discriminatedUnion('kind', [command, output, resource, http, file, script, quiz, within], {
  error: (issue) => (issue.code === 'invalid_union' ? `kind must be one of ${CHECK_KINDS.join(', ')}` : undefined),
});

/** The contract's object: ids and titles dropped, at every depth. */
export function toCheckSpec(check: AuthoredCheck): CheckSpec {
  const { id: _id, title: _title, ...rest } = check;
  void _id;
  void _title;
  if (rest.kind === 'within') return { ...rest, check: toCheckSpec(rest.check) };
  return rest as CheckSpec;
}

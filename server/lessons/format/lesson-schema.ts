// zod schemas of what a lesson file declares in YAML: its front matter and each step's ```yaml kubeclass block.
import { z } from 'zod';
import { checkSchema } from './check-schema.js';
import { CLUSTER_FEATURES } from './types.js';

export const LESSON_ID = /^[a-z0-9][a-z0-9-]*$/;
export const LOCALE = /^[a-z]{2}(-[A-Z]{2})?$/;

/** Workspace-relative: no absolute paths, no `..`, no backslashes (the page writes it into the learner's workspace). */
export const workspacePathSchema = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !p.split('/').some((part) => part === '..' || part === ''), {
    message: 'a path relative to the workspace, without ".." or empty parts',
  });

export const frontMatterSchema = z.strictObject({
  id: z.string().regex(LESSON_ID, 'an id is lowercase letters, digits and dashes').describe('The lesson folder name.'),
  title: z.string().min(1),
  description: z.string().min(1).optional(),
  duration: z.number().positive().describe('Minutes a learner needs.'),
  requires: z.array(z.enum(CLUSTER_FEATURES)).default([]).describe('What the cluster must have installed.'),
  locale: z.string().regex(LOCALE, 'a locale such as en or zh'),
  assets: z.array(workspacePathSchema).default([]).describe('Files of the lesson folder handed out besides assets/.'),
});
export type FrontMatter = z.infer<typeof frontMatterSchema>;

const wrongSchema = z.strictObject({
  commands: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((c) => (Array.isArray(c) ? c : [c])),
  hint: z.string().min(1).describe('Text the failure message must contain.'),
});

export const stepDeclarationSchema = z.strictObject({
  id: z.string().regex(LESSON_ID, 'an id is lowercase letters, digits and dashes').optional(),
  checks: z.array(checkSchema).default([]),
  solution: z.array(z.string().min(1)).default([]),
  wrong: z.array(wrongSchema).default([]),
}).superRefine((step, ctx) => {
  // Check ids are unique within the step, and `within.after` names one of them.
  const ids = new Set<string>();
  step.checks.forEach((check, index) => {
    if (check.id === undefined) return;
    if (ids.has(check.id)) ctx.addIssue({ code: 'custom', path: ['checks', index, 'id'], message: `check id "${check.id}" is used twice` });
    ids.add(check.id);
  });
  step.checks.forEach((check, index) => {
    if (check.kind === 'within' && check.after !== undefined && !ids.has(check.after)) {
      ctx.addIssue({ code: 'custom', path: ['checks', index, 'after'], message: `no check of this step has the id "${check.after}"` });
    }
  });
});
export type StepDeclaration = z.infer<typeof stepDeclarationSchema>;

// `kubeclass lesson lint [dir...]`: validates lessons without running them. A folder is a lesson (it has
// lesson.<locale>.md), a Killercoda scenario (index.json) or a folder of lessons; no folder means ./lessons.
import { existsSync, readdirSync } from 'node:fs';
import { importKillercoda } from './format/killercoda.js';
import { loadLesson, loadLessons } from './format/load-lesson.js';
import type { LessonError } from './format/types.js';

export const LESSON_USAGE = `Usage: kubeclass lesson lint [dir...]

Validates lessons: each dir is a lesson folder, a Killercoda scenario folder or a folder of lessons
(default: lessons). Prints file:line: message for each problem and exits 1 if there is any.
`;

export function lessonCommand(argv: string[], out: (text: string) => void, err: (text: string) => void): number {
  const [sub, ...dirs] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    out(LESSON_USAGE);
    return 0;
  }
  if (sub !== 'lint') {
    err(`kubeclass: lesson: unknown subcommand ${sub === undefined ? '(none)' : `"${sub}"`}\n\n${LESSON_USAGE}`);
    return 2;
  }
  let lessons = 0;
  const errors: LessonError[] = [];
  for (const dir of dirs.length > 0 ? dirs : ['lessons']) {
    const found = lint(dir);
    lessons += found.lessons;
    errors.push(...found.errors);
  }
  for (const e of errors) err(e.line > 0 ? `${e.file}:${e.line}: ${e.message}\n` : `${e.file}: ${e.message}\n`);
  out(`${lessons} lesson${lessons === 1 ? '' : 's'} valid, ${errors.length} problem${errors.length === 1 ? '' : 's'}\n`);
  return errors.length > 0 ? 1 : 0;
}

function lint(dir: string): { lessons: number; errors: LessonError[] } {
  if (!existsSync(dir)) return { lessons: 0, errors: [{ file: dir, line: 0, message: 'no such folder' }] };
  const names = readdirSync(dir);
  const one = names.some((n) => /^lesson\.[A-Za-z-]+\.md$/.test(n))
    ? loadLesson(dir)
    : names.includes('index.json')
      ? importKillercoda(dir)
      : undefined;
  if (one) return 'lesson' in one ? { lessons: 1, errors: [] } : { lessons: 0, errors: one.errors };
  const all = loadLessons(dir);
  return { lessons: all.lessons.length, errors: all.errors };
}

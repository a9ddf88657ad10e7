// "Create this file in my workspace": a lesson's code block written to a path inside the workspace. The path is
// checked again here (the lesson loader refused `..` and absolute paths) and a learner's different file of that
// name is kept under a new name: a learner never loses work to a button.
import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

export function writeLessonFile(workspace: string, path: string, text: string): { backup?: string } {
  if (isAbsolute(path) || path.split(/[\\/]/).includes('..')) throw new Error('the path must stay inside the workspace');
  const root = realpathSync(workspace);
  const target = resolve(root, path);
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  // A symlink on the way could point outside: compare the real directory.
  const inside = relative(root, realpathSync(dirname(target)));
  if (inside.startsWith('..') || isAbsolute(inside)) throw new Error('the path leads outside the workspace');
  const body = text.endsWith('\n') ? text : `${text}\n`;
  let backup: string | undefined;
  const present = lstatSync(target, { throwIfNoEntry: false });
  if (present) {
    if (present.isFile() && readFileSync(target, 'utf8') === body) return {};
    let n = 1;
    while (existsSync(`${target}.orig${n === 1 ? '' : `.${n}`}`)) n++;
    backup = `${path}.orig${n === 1 ? '' : `.${n}`}`;
    renameSync(target, join(root, backup));
  }
  // 'wx': never through a link that appeared meanwhile.
  writeFileSync(target, body, { mode: 0o600, flag: 'wx' });
  return backup ? { backup } : {};
}

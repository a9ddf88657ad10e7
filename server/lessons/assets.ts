// Hands a lesson's files out to a learner's workspace (lesson.assets: everything under assets/, and the extra
// files the front matter lists). A file the learner already has is theirs: it is kept unless `overwrite`.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Lesson } from './format/types.js';

export interface HandedOut {
  name: string;
  /** False when the workspace already had the file and it was kept. */
  written: boolean;
}

export function handOutAssets(lesson: Pick<Lesson, 'assets'>, workspace: string, options: { overwrite?: boolean } = {}): HandedOut[] {
  const root = resolve(workspace);
  return lesson.assets.map(({ name, path }) => {
    const target = resolve(root, name);
    // The loader refuses such names; a lesson built some other way must not write outside the workspace either.
    const inside = relative(root, target);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) throw new Error(`asset ${JSON.stringify(name)} is outside the workspace`);
    if (existsSync(target) && !options.overwrite) return { name, written: false };
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(path, target);
    return { name, written: true };
  });
}

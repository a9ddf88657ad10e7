// A fenced block's info string: the language, then what the learner can do with it (docs/lessons.md).
import { workspacePathSchema } from './lesson-schema.js';
import type { CodeActions } from './types.js';

export type ParsedInfo = { lang: string; actions: CodeActions } | { error: string };

export function parseInfoString(info: string): ParsedInfo {
  const [lang = '', ...words] = info.trim().split(/\s+/).filter((w) => w !== '');
  const actions: CodeActions = { run: false, interrupt: false, copy: false };
  for (const word of words) {
    if (word === 'run' || word === 'interrupt' || word === 'copy') {
      actions[word] = true;
    } else if (word.startsWith('file=')) {
      const path = word.slice('file='.length);
      const checked = workspacePathSchema.safeParse(path);
      if (!checked.success) return { error: `file=${path}: ${checked.error.issues[0]?.message ?? 'not a workspace path'}` };
      actions.file = path;
    } else {
      return { error: `unknown code block action "${word}" (run, interrupt, copy, file=path)` };
    }
  }
  if (actions.interrupt && !actions.run) return { error: '"interrupt" sends Ctrl-C before running: it goes with "run"' };
  return { lang, actions };
}

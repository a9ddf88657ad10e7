// Imports a Killercoda scenario folder into the lesson model, so existing scenarios run in kubeclass. What is read
// (facts of the Killercoda format): index.json with `title`, `description`, `details.intro.text`,
// `details.steps[] {title, text, verify}` and `details.finish.text`, file names relative to the folder; Markdown
// where a code span or a fenced block followed by `{{exec}}` runs in the terminal, `{{exec interrupt}}` sends
// Ctrl-C first and `{{copy}}` copies; files under assets/. A step's verify script becomes a `script` check.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { scanMarkdown, type ScannedSection } from './markdown-scan.js';
import { parseInfoString } from './code-actions.js';
import type { CheckSpec } from '../check-spec.js';
import type { CodeBlock, LessonAsset, LessonError, LoadResult, Step } from './types.js';

const pageSchema = z.object({ text: z.string().min(1) });
const indexSchema = z.object({
  title: z.string().min(1),
  description: z.string().optional(),
  details: z.object({
    intro: pageSchema.optional(),
    steps: z.array(z.object({ title: z.string().min(1), text: z.string().min(1), verify: z.string().min(1).optional() })).min(1),
    finish: pageSchema.optional(),
  }),
});

/** Killercoda scenarios carry no duration; this is what an imported lesson says until its author sets one. */
const DEFAULT_DURATION_MINUTES = 30;
/** Time a verify script may take (Killercoda gives none; kubeclass's script checks need a bound). */
const VERIFY_TIMEOUT_SECONDS = 30;

export function importKillercoda(dir: string, options: { locale?: string } = {}): LoadResult {
  try {
    return importOrThrow(dir, options.locale ?? 'en');
  } catch (error) {
    // A page that is a folder, an unreadable file: reported, never thrown at the server.
    return { errors: [{ file: dir, line: 0, message: (error as Error).message }] };
  }
}

function importOrThrow(dir: string, locale: string): LoadResult {
  const indexFile = join(dir, 'index.json');
  const errors: LessonError[] = [];
  let index: z.infer<typeof indexSchema>;
  try {
    const parsed = indexSchema.safeParse(JSON.parse(readFileSync(indexFile, 'utf8')));
    if (!parsed.success) {
      return { errors: parsed.error.issues.map((i) => ({ file: indexFile, line: 0, message: `${i.path.join('.')}: ${i.message}` })) };
    }
    index = parsed.data;
  } catch (error) {
    return { errors: [{ file: indexFile, line: 0, message: (error as Error).message }] };
  }

  const readPage = (name: string): { file: string; section: ScannedSection } | undefined => {
    const file = inside(dir, name);
    if (!file || !existsSync(file)) {
      errors.push({ file: indexFile, line: 0, message: `"${name}" is not a file of the scenario` });
      return undefined;
    }
    const scanned = scanMarkdown(file, convertMarkers(readFileSync(file, 'utf8')), { frontMatter: false });
    errors.push(...scanned.errors);
    // A Killercoda page is one step: its own `## ` headings are part of it, not steps of their own.
    const section: ScannedSection = { ...scanned.intro, fences: [...scanned.intro.fences] };
    for (const sub of scanned.sections) {
      section.body.push({ kind: 'markdown', text: `## ${sub.title}`, line: sub.line }, ...sub.body);
      section.fences.push(...sub.fences);
    }
    return { file, section };
  };

  const steps: Step[] = [];
  index.details.steps.forEach((declared, i) => {
    const page = readPage(declared.text);
    if (!page) return;
    const checks: CheckSpec[] = [];
    if (declared.verify) {
      const script = inside(dir, declared.verify);
      if (!script || !existsSync(script)) errors.push({ file: indexFile, line: 0, message: `"${declared.verify}" is not a file of the scenario` });
      else checks.push({ kind: 'script', run: readFileSync(script, 'utf8'), timeoutSeconds: VERIFY_TIMEOUT_SECONDS });
    }
    steps.push({
      id: `step-${i + 1}`,
      title: declared.title,
      line: 0,
      body: page.section.body,
      codeBlocks: codeBlocks(page.section),
      checks,
      checkIds: {},
      checkTitles: [],
      solution: [],
      wrong: [],
    });
  });
  const intro = index.details.intro ? readPage(index.details.intro.text) : undefined;
  const finish = index.details.finish ? readPage(index.details.finish.text) : undefined;
  if (errors.length > 0) return { errors };
  return {
    lesson: {
      id: basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
      dir,
      duration: DEFAULT_DURATION_MINUTES,
      requires: [],
      assets: assetsOf(dir),
      locales: {
        [locale]: {
          locale,
          file: indexFile,
          title: index.title,
          ...(index.description ? { description: index.description } : {}),
          intro: intro?.section.body ?? [],
          steps,
          ...(finish ? { finish: finish.section.body } : {}),
        },
      },
    },
  };
}

/**
 * Killercoda's markers -> kubeclass info strings: a fence closed by "```{{exec}}" gets `run` on its opening line;
 * a line that is only `cmd`{{exec}} becomes a runnable block; a marker inside a sentence leaves inline code.
 */
export function convertMarkers(markdown: string): string {
  const lines = markdown.split(/\r?\n/);
  const out: string[] = [];
  let openAt = -1;
  let marker = '';
  for (const line of lines) {
    if (openAt < 0) {
      const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
      if (open) {
        openAt = out.length;
        marker = open[1]!;
        out.push(line);
        continue;
      }
      const whole = /^\s*`([^`]+)`\{\{(exec(?: interrupt)?|copy)\}\}\s*$/.exec(line);
      if (whole) {
        out.push(`\`\`\`bash ${actionWords(whole[2]!)}`, whole[1]!, '```');
        continue;
      }
      out.push(line.replace(/(`[^`]+`)\{\{(?:exec(?: interrupt)?|copy)\}\}/g, '$1'));
      continue;
    }
    const close = /^ {0,3}(`{3,}|~{3,})(?:\{\{(exec(?: interrupt)?|copy)\}\})?\s*$/.exec(line);
    if (close && close[1]![0] === marker[0] && close[1]!.length >= marker.length) {
      if (close[2]) {
        const opening = out[openAt]!;
        const info = opening.slice(opening.indexOf(marker) + marker.length).trim();
        out[openAt] = `${marker}${info === '' ? 'bash' : info} ${actionWords(close[2])}`;
      }
      out.push(close[1]!);
      openAt = -1;
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

function actionWords(killercoda: string): string {
  return killercoda === 'exec interrupt' ? 'run interrupt' : killercoda === 'exec' ? 'run' : 'copy';
}

function codeBlocks(section: ScannedSection): CodeBlock[] {
  return section.fences.flatMap((fence) => {
    const info = parseInfoString(fence.info);
    if (!('error' in info)) return [{ lang: info.lang, text: fence.text, actions: info.actions, line: fence.line }];
    // Scenario authors use info strings kubeclass does not know (```plain title): keep the language, no action.
    return [{ lang: fence.info.split(/\s+/)[0] ?? '', text: fence.text, actions: { run: false, interrupt: false, copy: false }, line: fence.line }];
  });
}

/** A path named in index.json, only when it stays inside the scenario folder. */
function inside(dir: string, name: string): string | undefined {
  const root = resolve(dir);
  const path = resolve(root, name);
  return path.startsWith(root + sep) ? path : undefined;
}

function assetsOf(dir: string): LessonAsset[] {
  const assetsDir = join(dir, 'assets');
  const assets: LessonAsset[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else assets.push({ name: relative(assetsDir, path).split(sep).join('/'), path });
    }
  };
  if (existsSync(assetsDir)) walk(assetsDir);
  return assets;
}

// Reads a lesson folder (docs/lessons.md) into the lesson model, or into every problem found, each with its file
// and line. Expected problems are values, never exceptions: `loadLessons` reports a broken lesson and goes on.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { toCheckSpec } from './check-schema.js';
import { parseInfoString } from './code-actions.js';
import { importKillercoda } from './killercoda.js';
import { frontMatterSchema, stepDeclarationSchema, type FrontMatter } from './lesson-schema.js';
import { scanMarkdown, type ScannedSection } from './markdown-scan.js';
import { parseYamlBlock } from './yaml-positions.js';
import type { CodeBlock, Lesson, LessonAsset, LessonError, LoadResult, LocalizedLesson, Step } from './types.js';

const LESSON_FILE = /^lesson\.([A-Za-z-]+)\.md$/;
/** The locale other locales are compared with, when the lesson has it. */
const REFERENCE_LOCALE = 'en';

interface LoadedFile {
  text: LocalizedLesson;
  frontMatter: FrontMatter;
  frontMatterSource: string;
}

export function loadLesson(dir: string): LoadResult {
  try {
    return loadLessonOrThrow(dir);
  } catch (error) {
    // Unreadable files and the like: still a report, never a crash of the server.
    return { errors: [{ file: dir, line: 0, message: (error as Error).message }] };
  }
}

/**
 * A folder as a lesson: a kubeclass lesson (lesson.<locale>.md) or a Killercoda scenario (index.json), imported
 * into the same model so that existing content runs here.
 */
export function loadLessonFolder(dir: string): LoadResult {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    return { errors: [{ file: dir, line: 0, message: (error as Error).message }] };
  }
  if (!names.some((n) => LESSON_FILE.test(n)) && names.includes('index.json')) return importKillercoda(dir);
  return loadLesson(dir);
}

/** A folder that is one lesson (or scenario), or a folder of them. */
export function findLessons(dir: string): { lessons: Lesson[]; errors: LessonError[] } {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return { lessons: [], errors: [{ file: dir, line: 0, message: 'no such folder' }] };
  }
  if (names.some((n) => LESSON_FILE.test(n)) || names.includes('index.json')) {
    const one = loadLessonFolder(dir);
    return 'lesson' in one ? { lessons: [one.lesson], errors: [] } : { lessons: [], errors: one.errors };
  }
  return loadLessons(dir);
}

export function loadLessons(root: string): { lessons: Lesson[]; errors: LessonError[] } {
  const lessons: Lesson[] = [];
  const errors: LessonError[] = [];
  let names: string[];
  try {
    names = readdirSync(root).sort();
  } catch (error) {
    return { lessons, errors: [{ file: root, line: 0, message: (error as Error).message }] };
  }
  for (const name of names) {
    const dir = join(root, name);
    try {
      if (!statSync(dir).isDirectory()) continue;
    } catch {
      continue;
    }
    const result = loadLessonFolder(dir);
    if ('lesson' in result) lessons.push(result.lesson);
    else errors.push(...result.errors);
  }
  return { lessons, errors };
}

function loadLessonOrThrow(dir: string): LoadResult {
  const files = readdirSync(dir).filter((name) => LESSON_FILE.test(name)).sort();
  if (files.length === 0) return { errors: [{ file: dir, line: 0, message: 'no lesson file: write lesson.<locale>.md (lesson.en.md)' }] };
  const errors: LessonError[] = [];
  const loaded: LoadedFile[] = [];
  for (const name of files) {
    const result = loadLocaleFile(dir, name);
    if ('errors' in result) errors.push(...result.errors);
    else loaded.push(result);
  }
  if (errors.length > 0) return { errors };
  const reference = loaded.find((l) => l.text.locale === REFERENCE_LOCALE) ?? loaded[0]!;
  for (const other of loaded) if (other !== reference) errors.push(...compareLocales(reference, other));
  const assets = collectAssets(dir, reference, errors);
  if (errors.length > 0) return { errors };
  const fm = reference.frontMatter;
  return {
    lesson: {
      id: fm.id,
      dir,
      duration: fm.duration,
      requires: fm.requires,
      assets,
      locales: Object.fromEntries(loaded.map((l) => [l.text.locale, l.text])),
    },
  };
}

function loadLocaleFile(dir: string, name: string): LoadedFile | { errors: LessonError[] } {
  const file = join(dir, name);
  const locale = LESSON_FILE.exec(name)![1]!;
  const scanned = scanMarkdown(file, readFileSync(file, 'utf8'), { frontMatter: true });
  const errors = [...scanned.errors];
  if (!scanned.frontMatter) {
    if (errors.length === 0) errors.push({ file, line: 1, message: 'a lesson file starts with YAML front matter between "---" lines' });
    return { errors };
  }
  const { text: fmSource, firstLine } = scanned.frontMatter;
  const fm = parseYamlBlock(frontMatterSchema, fmSource, file, firstLine);
  if ('errors' in fm) return { errors: [...errors, ...fm.errors] };
  const frontMatter = fm.value;
  const folder = basename(dir);
  if (frontMatter.id !== folder) {
    errors.push({ file, line: keyLine(fmSource, 'id', firstLine), message: `id "${frontMatter.id}" is not the folder's name "${folder}"` });
  }
  if (frontMatter.locale !== locale) {
    errors.push({ file, line: keyLine(fmSource, 'locale', firstLine), message: `locale "${frontMatter.locale}" but the file is lesson.${locale}.md` });
  }
  if (scanned.sections.length === 0) errors.push({ file, line: 0, message: 'no steps: each step starts with a "## " heading' });
  const steps: Step[] = [];
  const seen = new Map<string, number>();
  scanned.sections.forEach((section, index) => {
    const step = loadStep(file, section, index, errors);
    if (!step) return;
    const earlier = seen.get(step.id);
    if (earlier !== undefined) errors.push({ file, line: section.line, message: `step id "${step.id}" is already the id of the step at line ${earlier}` });
    seen.set(step.id, section.line);
    steps.push(step);
  });
  codeBlocksOf(file, scanned.intro, errors);
  if (errors.length > 0) return { errors };
  return {
    frontMatter,
    frontMatterSource: fmSource,
    text: {
      locale,
      file,
      title: frontMatter.title,
      ...(frontMatter.description ? { description: frontMatter.description } : {}),
      intro: scanned.intro.body,
      steps,
    },
  };
}

function loadStep(file: string, section: ScannedSection, index: number, errors: LessonError[]): Step | undefined {
  const [declaration, ...extra] = section.declarations;
  for (const fence of extra) errors.push({ file, line: fence.line, message: 'a step has at most one ```yaml kubeclass block' });
  const declared = declaration ? parseYamlBlock(stepDeclarationSchema, declaration.text, file, declaration.line + 1) : undefined;
  if (declared && 'errors' in declared) {
    errors.push(...declared.errors);
    return undefined;
  }
  const value = declared?.value ?? { checks: [], solution: [], wrong: [] };
  const checkIds: Record<string, number> = {};
  value.checks.forEach((check, i) => {
    if (check.id !== undefined) checkIds[check.id] = i;
  });
  return {
    id: value.id ?? `step-${index + 1}`,
    title: section.title,
    line: section.line,
    body: section.body,
    codeBlocks: codeBlocksOf(file, section, errors),
    checks: value.checks.map(toCheckSpec),
    checkIds,
    checkTitles: value.checks.map((check) => check.title),
    solution: value.solution,
    wrong: value.wrong,
  };
}

function codeBlocksOf(file: string, section: ScannedSection, errors: LessonError[]): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  for (const fence of section.fences) {
    const info = parseInfoString(fence.info);
    if ('error' in info) errors.push({ file, line: fence.line, message: info.error });
    else blocks.push({ lang: info.lang, text: fence.text, actions: info.actions, line: fence.line });
  }
  return blocks;
}

/** Every locale is the same lesson: same id, duration, requirements and step ids in the same order. */
function compareLocales(reference: LoadedFile, other: LoadedFile): LessonError[] {
  const errors: LessonError[] = [];
  const file = other.text.file;
  const refName = basename(reference.text.file);
  const fmLine = (key: string): number => keyLine(other.frontMatterSource, key, 2);
  const a = reference.frontMatter;
  const b = other.frontMatter;
  if (a.id !== b.id) errors.push({ file, line: fmLine('id'), message: `id "${b.id}" differs from ${refName} ("${a.id}")` });
  if (a.duration !== b.duration) errors.push({ file, line: fmLine('duration'), message: `duration ${b.duration} differs from ${refName} (${a.duration})` });
  if ([...a.requires].sort().join() !== [...b.requires].sort().join()) {
    errors.push({ file, line: fmLine('requires'), message: `requires [${b.requires.join(', ')}] differs from ${refName} ([${a.requires.join(', ')}])` });
  }
  const refSteps = reference.text.steps;
  other.text.steps.forEach((step, i) => {
    const expected = refSteps[i];
    if (!expected) errors.push({ file, line: step.line, message: `step "${step.id}" is not in ${refName}, which has ${refSteps.length} steps` });
    else if (expected.id !== step.id) errors.push({ file, line: step.line, message: `step ${i + 1} is "${step.id}" here but "${expected.id}" in ${refName}` });
  });
  if (other.text.steps.length < refSteps.length) {
    const missing = refSteps.slice(other.text.steps.length).map((s) => s.id);
    errors.push({ file, line: 0, message: `steps missing here that ${refName} has: ${missing.join(', ')}` });
  }
  return errors;
}

/** Files under assets/ (any depth) and those the front matter names, handed out under their relative names. */
function collectAssets(dir: string, reference: LoadedFile, errors: LessonError[]): LessonAsset[] {
  const assets: LessonAsset[] = [];
  const assetsDir = join(dir, 'assets');
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else assets.push({ name: relative(assetsDir, path).split('\\').join('/'), path });
    }
  };
  if (existsSync(assetsDir)) walk(assetsDir);
  for (const name of reference.frontMatter.assets) {
    const path = join(dir, name);
    if (!existsSync(path) || !statSync(path).isFile()) {
      errors.push({ file: reference.text.file, line: valueLine(reference.frontMatterSource, name, 2), message: `asset "${name}" is not a file of the lesson folder` });
    } else if (assets.some((a) => a.name === name)) {
      errors.push({ file: reference.text.file, line: valueLine(reference.frontMatterSource, name, 2), message: `asset "${name}" is handed out twice` });
    } else {
      assets.push({ name, path });
    }
  }
  return assets;
}

/** Line of a top-level key in front matter (the schema passed, so the key is there). */
function keyLine(source: string, key: string, firstLine: number): number {
  const index = source.split('\n').findIndex((line) => line.startsWith(`${key}:`));
  return index < 0 ? firstLine : firstLine + index;
}

function valueLine(source: string, value: string, firstLine: number): number {
  const index = source.split('\n').findIndex((line) => line.includes(value));
  return index < 0 ? firstLine : firstLine + index;
}

// Splits a lesson's Markdown into its parts, line by line, remembering where each is: the front matter, the intro,
// one section per `## ` heading, fenced code blocks (the ```yaml kubeclass declaration apart), and `:::hint` /
// `:::solution` folds. Fences are tracked first so that a `## ` or `:::` inside a code block stays code.
import { FOLD_KINDS, type BodyNode, type FoldKind, type LessonError } from './types.js';

export interface Fence {
  /** Line of the opening fence. */
  line: number;
  info: string;
  text: string;
}

export interface ScannedSection {
  title: string;
  /** Line of the `## ` heading; 0 for the intro. */
  line: number;
  body: BodyNode[];
  fences: Fence[];
  declarations: Fence[];
}

export interface ScannedFile {
  frontMatter?: { text: string; firstLine: number };
  intro: ScannedSection;
  sections: ScannedSection[];
  errors: LessonError[];
}

const OPEN_FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const STEP_HEADING = /^##[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const OPEN_FOLD = /^:::[ \t]*([A-Za-z][\w-]*)(?:[ \t]+(.*?))?[ \t]*$/;
const CLOSE_FOLD = /^:::[ \t]*$/;

export function isDeclaration(info: string): boolean {
  const words = info.trim().split(/\s+/);
  return words[0] === 'yaml' && words.includes('kubeclass');
}

export function scanMarkdown(file: string, source: string, options: { frontMatter: boolean }): ScannedFile {
  const lines = source.split(/\r?\n/);
  const errors: LessonError[] = [];
  let start = 0;
  let frontMatter: ScannedFile['frontMatter'];
  if (options.frontMatter && lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(line));
    if (end < 0) {
      errors.push({ file, line: 1, message: 'the front matter is not closed: end it with a line "---"' });
      start = lines.length;
    } else {
      frontMatter = { text: lines.slice(1, end).join('\n'), firstLine: 2 };
      start = end + 1;
    }
  }

  const newSection = (title: string, line: number): ScannedSection => ({ title, line, body: [], fences: [], declarations: [] });
  const intro = newSection('', 0);
  const sections: ScannedSection[] = [];
  let section = intro;
  const folds: Array<Extract<BodyNode, { kind: 'fold' }>> = [];
  let buffer: string[] = [];
  let bufferLine = 0;
  let fence: { marker: string; info: string; line: number; bufferAt: number; content: string[] } | undefined;

  const target = (): BodyNode[] => folds.at(-1)?.children ?? section.body;
  const flush = (): void => {
    const text = buffer.join('\n');
    if (text.trim() !== '') target().push({ kind: 'markdown', text, line: bufferLine });
    buffer = [];
  };
  const push = (line: string, lineNo: number): void => {
    if (buffer.length === 0) bufferLine = lineNo;
    buffer.push(line);
  };
  const closeFolds = (why: string): void => {
    for (const fold of folds) errors.push({ file, line: fold.line, message: `:::${fold.fold} is not closed ${why}: end it with a line ":::"` });
    folds.length = 0;
  };

  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const lineNo = i + 1;
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1]![0] === fence.marker[0] && close[1]!.length >= fence.marker.length) {
        const found: Fence = { line: fence.line, info: fence.info, text: fence.content.join('\n') };
        if (isDeclaration(fence.info)) {
          // The declaration is for the loader, not the learner: it leaves the rendered Markdown.
          buffer.splice(fence.bufferAt);
          section.declarations.push(found);
        } else {
          push(line, lineNo);
          section.fences.push(found);
        }
        fence = undefined;
      } else {
        fence.content.push(line);
        push(line, lineNo);
      }
      continue;
    }
    const open = OPEN_FENCE.exec(line);
    if (open && !(open[1]![0] === '`' && open[2]!.includes('`'))) {
      fence = { marker: open[1]!, info: open[2]!.trim(), line: lineNo, bufferAt: buffer.length, content: [] };
      push(line, lineNo);
      continue;
    }
    const heading = STEP_HEADING.exec(line);
    if (heading) {
      flush();
      closeFolds('before the next step');
      section = newSection(heading[1] ?? '', lineNo);
      sections.push(section);
      if (section.title === '') errors.push({ file, line: lineNo, message: 'a step heading needs a title' });
      continue;
    }
    const openFold = OPEN_FOLD.exec(line);
    if (openFold) {
      flush();
      const name = openFold[1] ?? '';
      if (!(FOLD_KINDS as readonly string[]).includes(name)) {
        errors.push({ file, line: lineNo, message: `unknown fold ":::${name}" (use :::hint or :::solution)` });
      }
      const fold: BodyNode = { kind: 'fold', fold: name as FoldKind, line: lineNo, children: [], ...(openFold[2] ? { title: openFold[2] } : {}) };
      target().push(fold);
      folds.push(fold);
      continue;
    }
    if (CLOSE_FOLD.test(line)) {
      flush();
      if (folds.length === 0) errors.push({ file, line: lineNo, message: '":::" closes no :::hint or :::solution' });
      folds.pop();
      continue;
    }
    push(line, lineNo);
  }
  if (fence) errors.push({ file, line: fence.line, message: `the code block is not closed: end it with ${fence.marker}` });
  flush();
  closeFolds('at the end of the file');
  return { ...(frontMatter ? { frontMatter } : {}), intro, sections, errors };
}

// Lesson Markdown -> HTML for the page: marked renders, code blocks carry their actions as data attributes, folds
// become <details>, and sanitize-html keeps only an allowlist of tags, attributes and URL schemes, so raw HTML
// in a lesson (or an imported scenario) can never bring script, event handlers or javascript: URLs.
import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { parseInfoString } from './code-actions.js';
import type { BodyNode, FoldKind, LocalizedLesson } from './types.js';

export interface RenderedStep {
  id: string;
  title: string;
  html: string;
}

export interface RenderedLesson {
  locale: string;
  title: string;
  introHtml: string;
  steps: RenderedStep[];
  finishHtml?: string;
}

/** The fold's summary when the author gives none, by locale (English otherwise). */
const FOLD_TITLES: Record<string, Record<FoldKind, string>> = {
  en: { hint: 'Hint', solution: 'Solution' },
  zh: { hint: '提示', solution: '答案' },
};

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'hr', 'br', 'em', 'strong', 'del', 'a',
    'code', 'pre', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'details', 'summary', 'div', 'span', 'kbd', 'sup', 'sub',
  ],
  allowedAttributes: {
    // rel and target come from the transform below.
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title'],
    pre: ['class', 'data-lang', 'data-run', 'data-interrupt', 'data-copy', 'data-file'],
    code: ['class'],
    details: ['class'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
  },
  allowedClasses: { pre: ['kc-code'], code: ['language-*'], details: ['kc-hint', 'kc-solution'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  // Text inside <script>, <style>... is dropped with the tag, not shown as text.
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }) },
};

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function createMarked(): Marked {
  const marked = new Marked({ gfm: true, async: false });
  marked.use({
    renderer: {
      code({ text, lang }: Tokens.Code): string {
        const info = parseInfoString(lang ?? '');
        // The loader refused bad info strings already; here an unknown one renders as plain code.
        const parsed = 'error' in info ? { lang: (lang ?? '').split(/\s+/)[0] ?? '', actions: { run: false, interrupt: false, copy: false } } : info;
        const a = parsed.actions;
        const attrs = [
          parsed.lang ? ` data-lang="${escapeHtml(parsed.lang)}"` : '',
          a.run ? ' data-run="true"' : '',
          a.interrupt ? ' data-interrupt="true"' : '',
          a.copy ? ' data-copy="true"' : '',
          a.file ? ` data-file="${escapeHtml(a.file)}"` : '',
        ].join('');
        const cls = parsed.lang ? ` class="language-${escapeHtml(parsed.lang)}"` : '';
        return `<pre class="kc-code"${attrs}><code${cls}>${escapeHtml(text)}</code></pre>\n`;
      },
    },
  });
  return marked;
}

const marked = createMarked();

/** Renders Markdown nodes of a step or intro to sanitised HTML. */
export function renderBody(nodes: BodyNode[], locale: string): string {
  return sanitizeHtml(joinCjkLines(renderNodes(nodes, locale)), SANITIZE);
}

/** Chinese, Japanese and Korean characters and their punctuation (and full-width forms). */
const CJK = '\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef';
const CJK_SOFT_BREAK = new RegExp(`([${CJK}])\\n[ \\t]*(?=[${CJK}])`, 'g');

/**
 * A line break inside a paragraph is a space in HTML, which CJK text does not have: a sentence wrapped in the
 * source would show a stray space. Joined here between two CJK characters, outside <pre> (code keeps its lines).
 */
function joinCjkLines(html: string): string {
  return html
    .split(/(<pre[\s>][\s\S]*?<\/pre>)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(CJK_SOFT_BREAK, '$1')))
    .join('');
}

/** Renders any Markdown text to sanitised HTML (what the page may show). */
export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown) as string, SANITIZE);
}

function renderNodes(nodes: BodyNode[], locale: string): string {
  return nodes
    .map((node) => {
      if (node.kind === 'markdown') return marked.parse(node.text) as string;
      const title = node.title ?? (FOLD_TITLES[locale] ?? FOLD_TITLES.en!)[node.fold] ?? node.fold;
      return `<details class="kc-${node.fold}"><summary>${escapeHtml(title)}</summary>\n${renderNodes(node.children, locale)}</details>\n`;
    })
    .join('');
}

export function renderLesson(text: LocalizedLesson): RenderedLesson {
  return {
    locale: text.locale,
    title: text.title,
    introHtml: renderBody(text.intro, text.locale),
    steps: text.steps.map((step) => ({ id: step.id, title: step.title, html: renderBody(step.body, text.locale) })),
    ...(text.finish ? { finishHtml: renderBody(text.finish, text.locale) } : {}),
  };
}

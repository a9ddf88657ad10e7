// The words an HTML page itself carries (landmarks' labels, the header's buttons, the divider's hint), rewritten
// in the page's language now and at every change of it. Each page passes its own table (the classroom pages too).
import { onWordsChange, words, type Catalogue } from './words.js';

/** Where a text goes: an attribute, or the element's own text. */
export type WordTarget = 'aria-label' | 'title' | 'placeholder' | 'text';
export type WordLabel = [selector: string, targets: WordTarget[], text: (c: Catalogue) => string];

const LABELS: WordLabel[] = [
  ['#lesson-pane', ['aria-label'], (c) => c.layout.lessonPane],
  ['#step-nav', ['aria-label'], (c) => c.layout.steps],
  ['.terminal-pane', ['aria-label'], (c) => c.layout.terminal],
  ['#divider', ['aria-label'], (c) => c.layout.divider],
  ['#divider', ['title'], (c) => c.layout.dividerHint],
  ['#lesson-progress-bar', ['aria-label'], (c) => c.header.stepsDone],
  ['#lesson-locale', ['aria-label'], (c) => c.header.language],
  ['.font-size', ['aria-label'], (c) => c.header.textSize],
  ['#lesson-font-smaller', ['aria-label', 'title'], (c) => c.header.smaller],
  ['#lesson-font-larger', ['aria-label', 'title'], (c) => c.header.larger],
  ['#seat-name', ['title'], (c) => c.seat.name],
];

function apply(labels: readonly WordLabel[]): void {
  const c = words();
  for (const [selector, targets, text] of labels) {
    const el = document.querySelector(selector);
    if (!el) continue;
    for (const target of targets) {
      if (target === 'text') el.textContent = text(c);
      else el.setAttribute(target, text(c));
    }
  }
}

export function installWords(labels: readonly WordLabel[]): void {
  apply(labels);
  onWordsChange(() => apply(labels));
}

export function installStaticWords(): void {
  installWords(LABELS);
}

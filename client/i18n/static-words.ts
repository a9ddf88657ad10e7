// The words index.html itself carries (landmarks' labels, the header's buttons, the divider's hint), rewritten
// in the page's language now and at every change of it.
import { onWordsChange, words, type Catalogue } from './words.js';

type Attribute = 'aria-label' | 'title';

const LABELS: [selector: string, attributes: Attribute[], text: (c: Catalogue) => string][] = [
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
];

function apply(): void {
  const c = words();
  for (const [selector, attributes, text] of LABELS) {
    const el = document.querySelector(selector);
    for (const attribute of attributes) el?.setAttribute(attribute, text(c));
  }
}

export function installStaticWords(): void {
  apply();
  onWordsChange(apply);
}

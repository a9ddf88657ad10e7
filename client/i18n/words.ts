// The page's words in the lesson's language: the current catalogue, switched by the `lesson` message's locale
// (before any lesson, the saved choice or the browser's), and a notification for views that keep words on screen.
// Languages without a catalogue get English; <html lang> follows the locale either way.
import { en, type Catalogue } from './en.js';
import { zh } from './zh.js';

export type { Catalogue } from './en.js';

const CATALOGUES = new Map<string, Catalogue>([
  ['en', en],
  ['zh', zh],
]);

let current: Catalogue = en;
const listeners = new Set<() => void>();

/** The catalogue for the page's language now: read it when writing words, not once at start. */
export function words(): Catalogue {
  return current;
}

/** Called when the catalogue changes: redraw the words a view keeps on screen. */
export function onWordsChange(listener: () => void): void {
  listeners.add(listener);
}

/** `zh`, `zh-CN`, `zh-Hans` all use the one Chinese catalogue (Simplified, as the lessons' zh is). */
export function setPageLocale(locale: string): void {
  const language = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  // A bare `zh` says nothing of the script: tell fonts and screen readers it is Simplified Chinese.
  document.documentElement.lang = language === 'zh' && !locale.includes('-') ? 'zh-Hans' : locale;
  const next = CATALOGUES.get(language) ?? en;
  if (next === current) return;
  current = next;
  for (const listener of listeners) listener();
}

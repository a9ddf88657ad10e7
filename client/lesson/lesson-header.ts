// The header's lesson part: title, steps done (n/N), the language switch and the lesson text size (A-/A+, for a
// projector). The size is a CSS variable on the page root, remembered across reloads.
import { words } from '../i18n/words.js';
import type { LessonModel } from './lesson-model.js';
import { h } from './dom.js';
import { readNumberPreference, readPreference, writePreference } from './preferences.js';

const FONT_SIZES = [13, 14, 15, 16, 18, 20, 22, 24, 28];
const DEFAULT_FONT_SIZE = 15;
const FONT_PREFERENCE = 'lessonFontSize';
const LOCALE_PREFERENCE = 'locale';

export interface LessonHeaderElements {
  title: HTMLElement;
  progress: HTMLElement;
  progressText: HTMLElement;
  progressBar: HTMLProgressElement;
  locale: HTMLSelectElement;
  smaller: HTMLButtonElement;
  larger: HTMLButtonElement;
}

/** "English", "中文": each language named in itself, which is what a learner looking for theirs recognises. */
function languageName(locale: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale);
    return name ? name.charAt(0).toLocaleUpperCase(locale) + name.slice(1) : locale;
  } catch {
    return locale;
  }
}

export class LessonHeader {
  private fontSize = readNumberPreference(FONT_PREFERENCE, FONT_SIZES[0] ?? 13, FONT_SIZES.at(-1) ?? 28, DEFAULT_FONT_SIZE);

  constructor(
    private readonly els: LessonHeaderElements,
    onLocale: (locale: string) => void,
  ) {
    els.locale.addEventListener('change', () => onLocale(els.locale.value));
    els.smaller.addEventListener('click', () => this.stepFont(-1));
    els.larger.addEventListener('click', () => this.stepFont(1));
    this.applyFont();
  }

  render(model: LessonModel): void {
    const lesson = model.lesson;
    const els = this.els;
    els.title.textContent = lesson?.title ?? '';
    els.title.title = lesson?.title ?? '';
    els.progress.hidden = !lesson;
    if (lesson) {
      const total = model.steps.length;
      const done = model.doneCount;
      const c = words();
      els.progressText.textContent = model.progress?.complete ? c.header.allDone(total) : c.header.progress(done, total);
      els.progressBar.max = Math.max(1, total);
      els.progressBar.value = done;
      els.progress.dataset['complete'] = String(model.progress?.complete ?? false);
    }
    const locales = lesson?.locales ?? [];
    els.locale.hidden = locales.length < 2;
    const current = Array.from(els.locale.options, (o) => o.value).join();
    if (current !== locales.join()) {
      els.locale.replaceChildren(...locales.map((l) => h('option', { text: languageName(l), attrs: { value: l, lang: l } })));
    }
    if (lesson) els.locale.value = lesson.locale;
  }

  private stepFont(direction: -1 | 1): void {
    const index = FONT_SIZES.findIndex((size) => size >= this.fontSize);
    const from = index === -1 ? FONT_SIZES.length - 1 : index;
    const next = FONT_SIZES[Math.min(FONT_SIZES.length - 1, Math.max(0, from + direction))];
    if (next === undefined) return;
    this.fontSize = next;
    writePreference(FONT_PREFERENCE, String(next));
    this.applyFont();
  }

  private applyFont(): void {
    document.documentElement.style.setProperty('--lesson-font-size', `${this.fontSize}px`);
    this.els.smaller.disabled = this.fontSize <= (FONT_SIZES[0] ?? 0);
    this.els.larger.disabled = this.fontSize >= (FONT_SIZES.at(-1) ?? Infinity);
  }
}

/** The language the learner chose here before, else the browser's. */
export function preferredLocale(): string {
  return readPreference(LOCALE_PREFERENCE) ?? navigator.language;
}

export function rememberLocale(locale: string): void {
  writePreference(LOCALE_PREFERENCE, locale);
}

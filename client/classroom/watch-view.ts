// A learner's terminal, read-only: an xterm.js Terminal with the page's options and no input, at the learner's
// own size (cols x rows) so their screen lines up the same; the font shrinks to fit the box instead (watch-font.ts).
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { words } from '../i18n/words.js';
import { TERMINAL_OPTIONS } from '../terminal-options.js';
import { fittingFontSize, WATCH_MAX_FONT } from './watch-font.js';

export interface WatchViewElements {
  panel: HTMLElement;
  title: HTMLElement;
  status: HTMLElement;
  host: HTMLElement;
  close: HTMLButtonElement;
}

/** Long enough to coalesce a window drag. */
const REFIT_DEBOUNCE_MS = 80;

export class WatchView {
  private term: Terminal | undefined;
  private fit: FitAddon | undefined;
  private size = { cols: 80, rows: 24 };
  private learner: { id: string; name: string } | undefined;
  private refitTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly els: WatchViewElements,
    onClose: () => void,
  ) {
    els.close.addEventListener('click', onClose);
    new ResizeObserver(() => {
      clearTimeout(this.refitTimer);
      this.refitTimer = setTimeout(() => this.refit(), REFIT_DEBOUNCE_MS);
    }).observe(els.host);
  }

  /** The learner shown (or asked for), or undefined when the panel is closed. */
  get learnerId(): string | undefined {
    return this.learner?.id;
  }

  /** Asked the server to watch: the panel opens and says so until `watching` arrives. */
  pending(learnerId: string, name: string): void {
    this.learner = { id: learnerId, name };
    this.els.panel.hidden = false;
    this.els.panel.dataset['state'] = 'pending';
    this.els.title.textContent = words().instructor.watchTitle(name);
    this.els.status.textContent = words().instructor.watchPending(name);
  }

  /** `watching`: a fresh screen at the learner's size; output frames follow. */
  open(learnerId: string, name: string, cols: number, rows: number): void {
    this.learner = { id: learnerId, name };
    this.size = { cols: Math.max(1, cols), rows: Math.max(1, rows) };
    const els = this.els;
    els.panel.hidden = false;
    els.panel.dataset['state'] = 'watching';
    els.title.textContent = words().instructor.watchTitle(name);
    els.status.textContent = words().instructor.watching(name);
    const term = this.terminal();
    term.reset();
    term.resize(this.size.cols, this.size.rows);
    this.refit();
  }

  /** Terminal output of the watched learner (a binary frame), as raw bytes. */
  write(bytes: Uint8Array): void {
    if (this.els.panel.dataset['state'] === 'watching') this.term?.write(bytes);
  }

  /** The server stopped the view (the learner left, their shell ended): the last screen stays, with the reason. */
  ended(learnerId: string, reason: string): void {
    if (learnerId !== this.learner?.id) return;
    this.els.panel.dataset['state'] = 'ended';
    this.els.status.textContent = words().instructor.watchEnded(reason);
  }

  close(): void {
    this.learner = undefined;
    this.els.panel.hidden = true;
    this.els.panel.dataset['state'] = 'closed';
    this.els.status.textContent = '';
    this.term?.reset();
  }

  /** Created on first use: most of a lesson the instructor watches no one. */
  private terminal(): Terminal {
    if (this.term) return this.term;
    const term = new Terminal({ ...TERMINAL_OPTIONS, disableStdin: true, cols: this.size.cols, rows: this.size.rows, scrollback: 1000 });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(this.els.host);
    this.term = term;
    this.fit = fit;
    return term;
  }

  /** Measures at the largest font and shrinks from there, so a bigger box lets the text grow back. */
  private refit(): void {
    const term = this.term;
    const fit = this.fit;
    if (!term || !fit || this.els.panel.hidden || this.els.host.clientWidth === 0) return;
    term.options.fontSize = WATCH_MAX_FONT;
    const fits = fit.proposeDimensions();
    if (fits) term.options.fontSize = fittingFontSize(WATCH_MAX_FONT, fits, this.size);
    // Changing the font never changes cols x rows, but be explicit: the learner's size is the one that counts.
    if (term.cols !== this.size.cols || term.rows !== this.size.rows) term.resize(this.size.cols, this.size.rows);
  }
}

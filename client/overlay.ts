// A message over the terminal with one real <button>, for states the learner must act on (the shell exited,
// another tab took the terminal, the page is outdated). Its words are functions of the catalogue, so they follow a
// language switch while the overlay is up.
import { onWordsChange, words, type Catalogue } from './i18n/words.js';

export type Words = (c: Catalogue) => string;

export class Overlay {
  private action: (() => void) | undefined;
  private text: Words | undefined;
  private buttonLabel: Words | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly message: HTMLElement,
    private readonly button: HTMLButtonElement,
    /** Where focus returns when the overlay closes (the terminal). */
    private readonly onClosed: () => void,
  ) {
    button.addEventListener('click', () => {
      const action = this.action;
      this.hide();
      action?.();
    });
    onWordsChange(() => this.render());
  }

  get visible(): boolean {
    return !this.root.hidden;
  }

  show(text: Words, buttonLabel: Words | undefined, action?: () => void): void {
    this.text = text;
    this.buttonLabel = buttonLabel;
    this.action = action;
    this.render();
    this.root.hidden = false;
    // Keyboard users land on the one thing they can do; Enter or Space activates it.
    if (buttonLabel !== undefined) this.button.focus();
  }

  hide(): void {
    if (this.root.hidden) return;
    this.root.hidden = true;
    this.action = undefined;
    this.onClosed();
  }

  private render(): void {
    const c = words();
    this.message.textContent = this.text?.(c) ?? '';
    this.button.hidden = this.buttonLabel === undefined;
    this.button.textContent = this.buttonLabel?.(c) ?? '';
  }
}

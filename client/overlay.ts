// A message over the terminal with one real <button>, for states the learner must act on (the shell exited,
// another tab took the terminal, the page is outdated).
export class Overlay {
  private action: (() => void) | undefined;

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
  }

  get visible(): boolean {
    return !this.root.hidden;
  }

  show(text: string, buttonLabel: string | undefined, action?: () => void): void {
    this.message.textContent = text;
    this.action = action;
    this.button.hidden = buttonLabel === undefined;
    this.button.textContent = buttonLabel ?? '';
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
}

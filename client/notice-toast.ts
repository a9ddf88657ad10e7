// Server notices ("the workspace is read-only", "idle: the shell will stop soon") shown briefly over the terminal.

/** Long enough to read two lines; a notice is a hint, not something to acknowledge. */
const NOTICE_VISIBLE_MS = 6000;

export class NoticeToast {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly el: HTMLElement) {}

  show(level: 'info' | 'warning', message: string): void {
    clearTimeout(this.timer);
    this.el.dataset['level'] = level;
    this.el.textContent = message;
    this.el.hidden = false;
    this.timer = setTimeout(() => {
      this.el.hidden = true;
    }, NOTICE_VISIBLE_MS);
  }
}

// The header's connection pill: connecting / connected / reconnecting in Ns / disconnected.
import type { ConnectionState } from './terminal-connection.js';

export class StatusPill {
  private countdown: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly el: HTMLElement) {}

  show(state: ConnectionState, retryAt: number | undefined): void {
    clearInterval(this.countdown);
    this.countdown = undefined;
    this.el.dataset['state'] = state;
    if (state === 'reconnecting' && retryAt !== undefined) {
      const render = (): void => {
        const seconds = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
        const text = seconds > 0 ? `reconnecting in ${seconds}s` : 'reconnecting';
        // The pill is a live region: rewrite it only when the text changes, or screen readers repeat it 4x a second.
        if (this.el.textContent !== text) this.el.textContent = text;
      };
      render();
      // Quarter-second ticks keep the countdown from visibly skipping a second.
      this.countdown = setInterval(render, 250);
    } else {
      this.el.textContent = state;
    }
  }
}

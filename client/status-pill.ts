// The header's connection pill: connecting / connected / reconnecting in Ns / disconnected.
import { onWordsChange, words } from './i18n/words.js';
import type { ConnectionState } from './terminal-connection.js';

export class StatusPill {
  private countdown: ReturnType<typeof setInterval> | undefined;
  private state: ConnectionState = 'connecting';
  private retryAt: number | undefined;

  constructor(private readonly el: HTMLElement) {
    onWordsChange(() => this.show(this.state, this.retryAt));
  }

  show(state: ConnectionState, retryAt: number | undefined): void {
    clearInterval(this.countdown);
    this.countdown = undefined;
    this.state = state;
    this.retryAt = retryAt;
    this.el.dataset['state'] = state;
    if (state === 'reconnecting' && retryAt !== undefined) {
      const render = (): void => {
        const seconds = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
        const text = seconds > 0 ? words().pill.reconnectingIn(seconds) : words().pill.state.reconnecting;
        // The pill is a live region: rewrite it only when the text changes, or screen readers repeat it 4x a second.
        if (this.el.textContent !== text) this.el.textContent = text;
      };
      render();
      // Quarter-second ticks keep the countdown from visibly skipping a second.
      this.countdown = setInterval(render, 250);
    } else {
      this.el.textContent = words().pill.state[state];
    }
  }
}

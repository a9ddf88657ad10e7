// The strip under the terminal: the last finished command, its result and how long it took.
import type { CommandEvent } from '../server/common/protocol.js';
import { formatDuration } from './format.js';
import { onWordsChange, words } from './i18n/words.js';

function span(className: string, text: string): HTMLSpanElement {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  return el;
}

export class StatusBar {
  private last: CommandEvent | undefined;

  constructor(private readonly bar: HTMLElement) {
    this.render();
    onWordsChange(() => this.render());
  }

  show(event: CommandEvent): void {
    this.last = event;
    this.render();
  }

  private render(): void {
    const event = this.last;
    if (!event) {
      this.bar.replaceChildren(span('status-idle', words().terminal.idle));
      return;
    }
    const ok = event.exitCode === 0;
    const lines = event.commandLine.trim().split('\n');
    const shown = (lines[0] ?? '') + (lines.length > 1 ? ' …' : '');
    const command = span('status-command', shown);
    command.title = event.commandLine; // the whole (multi-line) command on hover
    const result = span(ok ? 'status-result-ok' : 'status-result-fail', ok ? '✓' : `✗ ${event.exitCode}`);
    result.title = words().terminal.exitCode(event.exitCode);
    const duration = span('status-duration', formatDuration(event.durationMs));
    // textContent only (never innerHTML): a command line is learner input.
    this.bar.replaceChildren(result, command, duration);
  }
}

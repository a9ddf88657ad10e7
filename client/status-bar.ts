// The strip under the terminal: the last finished command, its result and how long it took.
import type { CommandEvent } from '../server/common/protocol.js';
import { formatDuration } from './format.js';

function span(className: string, text: string): HTMLSpanElement {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  return el;
}

export function showLastCommand(bar: HTMLElement, event: CommandEvent): void {
  const ok = event.exitCode === 0;
  const lines = event.commandLine.trim().split('\n');
  const shown = (lines[0] ?? '') + (lines.length > 1 ? ' …' : '');
  const command = span('status-command', shown);
  command.title = event.commandLine; // the whole (multi-line) command on hover
  const result = span(ok ? 'status-result-ok' : 'status-result-fail', ok ? '✓' : `✗ ${event.exitCode}`);
  result.title = `exit code ${event.exitCode}`;
  const duration = span('status-duration', formatDuration(event.durationMs));
  // textContent only (never innerHTML): a command line is learner input.
  bar.replaceChildren(result, command, duration);
}

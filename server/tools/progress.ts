// A line per tool while they download in parallel. On a terminal the lines are redrawn in place (bytes, and
// percent when the size is known); otherwise each step is printed once as a plain line, for logs and CI.
import type { ProgressEvent } from './install-tools.js';
import type { ToolName } from './tool-pins.js';

type Output = (text: string) => void;

export interface ProgressView {
  event(tool: ToolName, event: ProgressEvent): void;
  /** The tool's last line: replaces its progress on a terminal, printed as is elsewhere. */
  finish(tool: ToolName, line: string): void;
}

/** Redraws at most this often on a terminal: bytes arrive far faster than anyone reads. */
const REDRAW_MS = 100;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function bytesText(received: number, total: number | undefined): string {
  if (total === undefined) return `${formatBytes(received)}`;
  return `${formatBytes(received)} / ${formatBytes(total)} (${Math.floor((received / total) * 100)}%)`;
}

/** terminal: stdout is a terminal this many columns wide; undefined: plain lines. */
export function progressView(out: Output, terminal: { columns: number } | undefined, tools: readonly { name: ToolName; tag: string }[]): ProgressView {
  const label = (name: ToolName): string => {
    const tool = tools.find((t) => t.name === name);
    return `${name} ${tool?.tag ?? ''}`.trim();
  };
  return terminal ? terminalView(out, terminal.columns, tools, label) : plainView(out, label);
}

function plainView(out: Output, label: (name: ToolName) => string): ProgressView {
  return {
    event(tool, event) {
      // Byte counts would flood a log: only the start of a download (with its size, once known) is printed.
      if (event.kind === 'step') out(`${label(tool)}: ${event.text}\n`);
      else if (event.received === 0 && event.total !== undefined) out(`${label(tool)}: ${formatBytes(event.total)} to download\n`);
    },
    finish(_tool, line) {
      out(`${line}\n`);
    },
  };
}

function terminalView(out: Output, columns: number, tools: readonly { name: ToolName }[], label: (name: ToolName) => string): ProgressView {
  // A line wider than the terminal would wrap and throw off the cursor-up count. Final lines may be long (a path
  // and a full SHA-256): they are printed above the block, which then shrinks.
  const fit = (line: string): string => (line.length < columns ? line : `${line.slice(0, Math.max(columns - 2, 10))}…`);
  const lines = new Map<ToolName, string>(tools.map((t) => [t.name, `${label(t.name)}: checking`]));
  let drawnLines = 0;
  let last = 0;
  const draw = (force: boolean, above = ''): void => {
    const now = Date.now();
    if (!force && now - last < REDRAW_MS) return;
    last = now;
    // Back to the first line of the block, clear to the end of the screen, then write it again.
    let text = drawnLines > 0 ? `\x1b[${drawnLines}A\r\x1b[J` : '';
    text += above;
    for (const line of lines.values()) text += `${line}\n`;
    drawnLines = lines.size;
    out(text);
  };
  draw(true);
  return {
    event(tool, event) {
      if (event.kind === 'step') {
        lines.set(tool, fit(`${label(tool)}: ${event.text}`));
        draw(true);
      } else {
        lines.set(tool, `${label(tool)}: ${bytesText(event.received, event.total)}`);
        // The first and last counts always show; those between at most every REDRAW_MS.
        draw(event.received === 0 || event.received === event.total);
      }
    },
    finish(tool, line) {
      lines.delete(tool);
      draw(true, `${line}\n`);
    },
  };
}

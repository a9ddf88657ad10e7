// Turns the stream of shell-integration marks and output into finished-command events.
// Parsing lives in osc-parser.ts and shell-marks.ts; this owns only the state (as VS Code splits it).
//
// Commands form a stack because shells nest: `bash` runs a shell whose commands finish inside the outer
// command. Each mark carries the pid of the shell that printed it, so a finish mark closes the command of
// its own shell, and commands of inner shells that never finished (the inner shell exited) are dropped.
// `exec bash` needs nothing special: the new bash has the same pid, and its first prompt's finish mark
// (status 0) closes `exec bash`.
import type { CommandEvent } from '../../common/protocol.js';
import { isTrusted, parseMark, type ShellMark } from '../../common/shell-marks.js';
import type { OscToken } from './osc-parser.js';
import { OutputCapture } from './output-capture.js';

interface PendingCommand {
  pid: number;
  commandLine: string;
  cwd: string;
  startedAt: number;
  executing: boolean;
  capture: OutputCapture;
}

/** Commands nested deeper than this are not tracked (a runaway `bash` in `bash` ...). */
const MAX_DEPTH = 16;

export interface CommandDetectorOptions {
  /** Only marks tagged with this nonce count; undefined accepts untagged marks (a shell we did not set up). */
  nonce: string | undefined;
  onCommand: (event: CommandEvent) => void;
  /**
   * A shell is about to draw a new prompt and waits for a command (its `Prompt` property, printed once per
   * prompt by the prompt hook; the A/B marks come again on every redraw of the line). Typed commands wait for it.
   */
  onPrompt?: (pid: number) => void;
  /** Directory used until the shell reports one. */
  initialCwd: string;
  now?: () => number;
}

export class CommandDetector {
  private readonly stack: PendingCommand[] = [];
  private readonly cwdByPid = new Map<number, string>();
  private lastCwd: string;
  private readonly now: () => number;

  constructor(private readonly options: CommandDetectorOptions) {
    this.lastCwd = options.initialCwd;
    this.now = options.now ?? Date.now;
  }

  /** Feed tokens from the OSC parser, in stream order. */
  feed(token: OscToken): void {
    if (token.type === 'data') {
      for (const pending of this.stack) if (pending.executing) pending.capture.write(token.bytes);
      return;
    }
    const mark = parseMark(token.payload);
    if (!mark) return;
    const { nonce } = this.options;
    if (nonce !== undefined ? !isTrusted(mark, nonce) : mark.tag !== undefined) return;
    this.onMark(mark, mark.tag?.pid ?? 0);
  }

  private onMark(mark: ShellMark, pid: number): void {
    switch (mark.kind) {
      case 'property':
        if (mark.key === 'Cwd') {
          this.cwdByPid.set(pid, mark.value);
          this.lastCwd = mark.value;
        } else if (mark.key === 'Prompt') {
          this.options.onPrompt?.(pid);
        }
        return;
      case 'commandLine': {
        const top = this.stack.at(-1);
        // A new command line from a shell whose previous command never finished: its finish was lost.
        if (top && top.pid === pid) this.stack.pop();
        if (this.stack.length >= MAX_DEPTH) return;
        this.stack.push({
          pid,
          commandLine: mark.commandLine,
          cwd: this.cwdByPid.get(pid) ?? this.lastCwd,
          startedAt: this.now(),
          executing: false,
          capture: new OutputCapture(),
        });
        return;
      }
      case 'executing': {
        const top = this.stack.at(-1);
        if (top && top.pid === pid && !top.executing) {
          top.executing = true;
          top.startedAt = this.now();
        }
        return;
      }
      case 'finished': {
        let index = -1;
        for (let i = this.stack.length - 1; i >= 0; i--) {
          if (this.stack[i]?.pid === pid) {
            index = i;
            break;
          }
        }
        if (index === -1) return; // a prompt with nothing run before it (Enter, Ctrl-C at the prompt)
        const [done] = this.stack.splice(index); // drops unfinished commands of shells that ended inside it
        if (!done || mark.exitCode === undefined) return;
        const finishedAt = this.now();
        const { output, truncated } = done.capture.text();
        this.options.onCommand({
          commandLine: done.commandLine,
          exitCode: mark.exitCode,
          output,
          outputTruncated: truncated,
          cwd: done.cwd,
          startedAt: done.startedAt,
          durationMs: Math.max(0, finishedAt - done.startedAt),
        });
        return;
      }
      case 'promptStart':
      case 'promptEnd':
        return;
    }
  }
}

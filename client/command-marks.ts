// Gutter marks like VS Code's terminal: a small circle left of each prompt whose command finished, green for
// exit 0, red (with the code in a tooltip) otherwise. Driven by the shell-integration OSC 133/633 sequences in
// the output itself, so marks land exactly on the prompt line, including in replayed output.
import type { IDecoration, IDisposable, IMarker, Terminal } from '@xterm/xterm';
import { isTrusted, parseMark, type ShellMark } from '../server/common/shell-marks.js';
import { words } from './i18n/words.js';

interface OpenPrompt {
  marker: IMarker;
  /** A command line or execution start was seen after this prompt: something ran. */
  ran: boolean;
}

export interface MarkCounts {
  success: number;
  failure: number;
}

export class CommandMarks implements IDisposable {
  private nonce: string | undefined;
  /** Per shell pid: nested shells (`bash` in bash) each have their own prompt, and the outer one finishes last. */
  private readonly prompts = new Map<number, OpenPrompt>();
  private readonly live = new Map<IDecoration, boolean>();
  private readonly disposables: IDisposable[] = [];

  constructor(private readonly term: Terminal) {
    // xterm hands the handler what follows "<ident>;"; parseMark wants the whole payload back.
    // Returning true swallows the sequence (it is invisible anyway) instead of offering it to other handlers.
    for (const ident of [633, 133]) {
      this.disposables.push(
        term.parser.registerOscHandler(ident, (data) => {
          const mark = parseMark(`${ident};${data}`);
          if (mark) this.handle(mark);
          return true;
        }),
      );
    }
  }

  /** The nonce from the server's `ready`: only marks carrying it come from kubeclass's own shell integration. */
  setNonce(nonce: string): void {
    if (nonce !== this.nonce) this.forgetPrompts();
    this.nonce = nonce;
  }

  get counts(): MarkCounts {
    let success = 0;
    for (const ok of this.live.values()) if (ok) success++;
    return { success, failure: this.live.size - success };
  }

  /** Removes every mark (the terminal was reset). */
  clear(): void {
    this.forgetPrompts();
    for (const decoration of [...this.live.keys()]) decoration.dispose();
    this.live.clear();
  }

  dispose(): void {
    this.clear();
    for (const d of this.disposables) d.dispose();
  }

  private handle(mark: ShellMark): void {
    if (this.nonce === undefined || !isTrusted(mark, this.nonce) || !mark.tag) return;
    const pid = mark.tag.pid;
    switch (mark.kind) {
      case 'promptStart': {
        this.prompts.get(pid)?.marker.dispose();
        // Called while the parser sits on the sequence, so the cursor is on the prompt's first line.
        this.prompts.set(pid, { marker: this.term.registerMarker(0), ran: false });
        break;
      }
      case 'commandLine':
      case 'executing': {
        const prompt = this.prompts.get(pid);
        if (prompt) prompt.ran = true;
        break;
      }
      case 'finished': {
        const prompt = this.prompts.get(pid);
        // A bare D (empty line, Ctrl-C at the prompt) has no exit code: nothing ran, no mark.
        if (prompt && prompt.ran && mark.exitCode !== undefined) {
          this.addMark(prompt.marker, mark.exitCode);
          this.prompts.delete(pid);
        }
        break;
      }
      default:
        break;
    }
  }

  private addMark(marker: IMarker, exitCode: number): void {
    const decoration = this.term.registerDecoration({ marker, width: 1, layer: 'top' });
    if (!decoration) return; // the line already left the buffer
    const ok = exitCode === 0;
    this.live.set(decoration, ok);
    decoration.onDispose(() => {
      this.live.delete(decoration);
      marker.dispose();
    });
    // onRender fires on every refresh: keep it idempotent.
    decoration.onRender((el) => {
      if (el.classList.contains('command-mark')) return;
      el.classList.add('command-mark', ok ? 'command-mark-ok' : 'command-mark-fail');
      el.title = words().terminal.exitCode(exitCode);
      el.setAttribute('aria-label', el.title);
    });
  }

  private forgetPrompts(): void {
    for (const prompt of this.prompts.values()) prompt.marker.dispose();
    this.prompts.clear();
  }
}

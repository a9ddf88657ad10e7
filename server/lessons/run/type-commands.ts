// Types commands into a session's shell as a learner would: each is written with Enter, and the next one waits
// until the shell has drawn its prompt again (the shell integration's prompt mark), so commands never run into
// each other. What the page's "skip" and `kubeclass lesson test` use; independent of either.
//
// A command that does not end by itself (`kubectl get pods --watch`, a server, `kubectl port-forward` in the
// foreground) is stopped with Ctrl-C as a learner stops it: once `stopWhen` holds (the step passed: what the
// watch showed has happened), or at the latest after `limitMs`. It is then reported `interrupted` (its exit
// code is 130), which is not an error.
import type { CommandEvent } from '../../common/protocol.js';
import type { TerminalSession } from '../../terminal/terminal-session.js';

export interface TypeCommandsOptions {
  /** Send Ctrl-C first and wait for the prompt: a watch or a server may still hold the terminal. */
  interrupt?: boolean;
  /** A command still running after this long gets Ctrl-C (default 60 s). */
  limitMs?: number;
  /** Checked every 100 ms while a command runs: when true, the command gets Ctrl-C (it has served its purpose). */
  stopWhen?: () => boolean;
  /** How long the prompt may take to come back after Ctrl-C, or to appear in a new shell (default 15 s). */
  promptTimeoutMs?: number;
}

export interface TypedCommand {
  command: string;
  /**
   * What the shell reported while it ran: one event for a command, none when the shell ran nothing (Ctrl-C
   * on an unfinished line), several when the text held several commands (`a; b` is one, `a && b` is one).
   */
  events: CommandEvent[];
  /** It was still running after limitMs and was stopped with Ctrl-C. */
  interrupted: boolean;
  durationMs: number;
}

/** The shell did not come back to its prompt (it hangs, ignores Ctrl-C, or exited). */
export class TypeCommandsError extends Error {
  constructor(
    message: string,
    /** The commands typed before, and the one that failed (its events so far). */
    readonly typed: TypedCommand[],
  ) {
    super(message);
    this.name = 'TypeCommandsError';
  }
}

const CTRL_C = new Uint8Array([0x03]);
const encoder = new TextEncoder();

export async function typeCommands(session: TerminalSession, commands: readonly string[], options: TypeCommandsOptions = {}): Promise<TypedCommand[]> {
  const limitMs = options.limitMs ?? 60_000;
  const promptTimeoutMs = options.promptTimeoutMs ?? 15_000;
  const typed: TypedCommand[] = [];
  if (session.prompts === 0 && !(await promptAfter(session, 0, promptTimeoutMs))) {
    throw new TypeCommandsError(`the shell drew no prompt within ${promptTimeoutMs} ms`, typed);
  }
  if (options.interrupt) {
    const before = session.prompts;
    session.write(CTRL_C);
    if (!(await promptAfter(session, before, promptTimeoutMs))) throw new TypeCommandsError(`no prompt within ${promptTimeoutMs} ms of Ctrl-C`, typed);
  }
  for (const command of commands) {
    const started = Date.now();
    const entry: TypedCommand = { command, events: [], interrupted: false, durationMs: 0 };
    typed.push(entry);
    const before = session.prompts;
    const stopListening = session.onCommandFinished((event) => entry.events.push(event));
    try {
      session.write(encoder.encode(input(command)));
      if (!(await promptAfter(session, before, limitMs, options.stopWhen))) {
        entry.interrupted = true;
        session.write(CTRL_C);
        if (!(await promptAfter(session, before, promptTimeoutMs))) {
          throw new TypeCommandsError(`${JSON.stringify(command)} still ran ${promptTimeoutMs} ms after Ctrl-C (sent after ${limitMs} ms)`, typed);
        }
      }
    } catch (error) {
      if (error instanceof TypeCommandsError) throw error;
      throw new TypeCommandsError(`${JSON.stringify(command)}: ${(error as Error).message}`, typed);
    } finally {
      stopListening();
      entry.durationMs = Date.now() - started;
    }
  }
  return typed;
}

/**
 * The bytes a learner's Enter would send. A text of several lines goes as one bracketed paste (as the page's
 * paste does), so the shell reads it whole: a heredoc or a `for` loop stays one command and one prompt, where
 * typed line by line each line would draw a prompt of its own and the next command would be typed too early.
 */
function input(command: string): string {
  const text = command.replace(/\r?\n$/, '');
  return text.includes('\n') ? `\x1b[200~${text}\x1b[201~\r` : `${text}\r`;
}

/**
 * Resolves true once the session has drawn more than `count` prompts, false after the timeout or as soon as
 * `stopWhen` holds; rejects when the shell exits.
 */
function promptAfter(session: TerminalSession, count: number, timeoutMs: number, stopWhen?: () => boolean): Promise<boolean> {
  if (session.prompts > count) return Promise.resolve(true);
  if (session.exited) return Promise.reject(new Error('the shell has exited'));
  return new Promise<boolean>((resolve, reject) => {
    const done = (settle: () => void): void => {
      clearTimeout(timer);
      clearInterval(poll);
      stopPrompt();
      stopExit();
      settle();
    };
    const timer = setTimeout(() => done(() => resolve(false)), timeoutMs);
    const poll = setInterval(() => {
      if (stopWhen?.()) done(() => resolve(false));
    }, 100);
    const stopPrompt = session.onPrompt(() => {
      if (session.prompts > count) done(() => resolve(true));
    });
    const stopExit = session.onExited(({ exitCode }) => done(() => reject(new Error(`the shell exited with code ${exitCode}`))));
  });
}

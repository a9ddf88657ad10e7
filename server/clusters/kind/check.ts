// One preflight check's answer, and the probes the checks use to look at the machine (injected in tests).
import { execFile } from 'node:child_process';

export interface CheckResult {
  /** False: kind cannot work until this is fixed. */
  ok: boolean;
  /** True (with ok): it works, but something deserves attention. */
  warning?: boolean;
  name: string;
  /** What was found. */
  detail: string;
  /** What to do about it (for failures and warnings). */
  fix?: string;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program; rejects (with the errno code, e.g. ENOENT) when it cannot be started. */
export type RunCommand = (command: string, args: string[]) => Promise<CommandResult>;

export const runCommand: RunCommand = (command, args) =>
  new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 10_000, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (typeof code === 'string' && !stdout && !stderr) return reject(error);
      resolve({ code: error ? (typeof code === 'number' ? code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });

/** A command's first line of output, for details and messages. */
export function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}

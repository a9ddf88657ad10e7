// Real programs (curl, faas-cli, kubeclass) run asynchronously: the servers under test answer from this same
// process, so a synchronous spawn would wait for an answer that can never come.
import { spawn } from 'node:child_process';

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runProcess(command: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...(options.env ? { env: options.env } : {}), ...(options.cwd ? { cwd: options.cwd } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** The real curl, quiet but for errors, with a time limit. */
export function curl(args: string[], input?: string): Promise<ProcessResult> {
  return runProcess('curl', ['-sS', '--max-time', '30', ...args], input !== undefined ? { input } : {});
}

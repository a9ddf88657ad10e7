// Starts the real `kubeclass start` in a child process, as a user would, and reads the address it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../server/cli.js', import.meta.url));

export interface ServerProcess {
  url: string;
  origin: string;
  port: number;
  token: string;
  dataDir: string;
  proc: ChildProcess;
  stderr: () => string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServer(extraArgs: string[] = [], extraEnv: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubeclass-test-'));
  const token = `test-${Math.random().toString(36).slice(2)}-token`;
  const proc = spawn(process.execPath, [CLI, 'start', '--port', '0', '--token', token, '--data-dir', dataDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KUBECLASS_TOKEN: '', ...extraEnv },
  });
  let stdout = '';
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not print its address in time:\n${stdout}\n${stderr}`)), 15_000);
    proc.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /(http:\/\/\S+\?token=\S+)/.exec(stdout);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${stdout}\n${stderr}`)));
  });
  const parsed = new URL(url);
  let exited: Promise<number | null> | undefined;
  const exitPromise = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    token,
    dataDir,
    proc,
    stderr: () => stderr,
    stop(signal = 'SIGTERM') {
      exited ??= (async () => {
        if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
        const code = await exitPromise;
        rmSync(dataDir, { recursive: true, force: true });
        return code;
      })();
      return exited;
    },
  };
}

/** Runs `kubeclass ARGS` to its end (this process's environment, no KUBECLASS_TOKEN, then `env`). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 240_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, KUBECLASS_TOKEN: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kubeclass ${args.join(' ')} still runs after ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

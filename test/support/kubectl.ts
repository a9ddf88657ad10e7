// Runs the real kubectl against a sandbox, with its own HOME so discovery caches never leak between tests.
import { spawn } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeconfigYaml } from '../../server/clusters/sandbox/kubeconfig.js';

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export class Kubectl {
  readonly home: string;
  readonly kubeconfig: string;

  constructor(server: string, token: string, caPem: string) {
    this.home = mkdtempSync(join(tmpdir(), 'kubeclass-kubectl-'));
    this.kubeconfig = join(this.home, 'config');
    writeFileSync(this.kubeconfig, kubeconfigYaml(server, token, caPem), { mode: 0o600 });
  }

  get env(): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH, HOME: this.home, KUBECONFIG: this.kubeconfig, LANG: 'C.UTF-8' };
  }

  /** Asynchronous on purpose: the sandbox under test serves from this same process. */
  run(args: string[], input?: string): Promise<KubectlResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('kubectl', args, { env: this.env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`kubectl could not run (is it on PATH?): ${error.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      child.stdin.end(input ?? '');
    });
  }

  /** Runs kubectl in the background (watches), collecting its output until stopped. */
  start(args: string[]): { output: () => string; stop: () => void } {
    const child = spawn('kubectl', args, { env: this.env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    return { output: () => out, stop: () => child.kill('SIGKILL') };
  }

  dispose(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}

/** Ages change between runs: `5s`, `2m3s`, `10d` become `<age>` so outputs compare as text. */
export function normaliseAges(text: string): string {
  return text.replace(/(?<=\s)(\d+[smhdy])+(?=\s|$)/gm, '<age>');
}

/** An HTTPS request that trusts the sandbox's CA (fetch cannot be given a CA). */
export function sandboxRequest(
  url: string,
  caPem: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { ...options.headers, ...(options.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(options.body)) } : {}) };
    const req = httpsRequest(url, { method: options.method ?? 'GET', headers, ca: caPem }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

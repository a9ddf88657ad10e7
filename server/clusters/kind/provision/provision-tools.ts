// What steps work with: kubectl, kind and helm run as programs (their output kept for a failure report), pinned
// downloads, waits with retries, and a line of detail for the progress display. One instance per plan run;
// forStep gives each step its own output buffer.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { StepFailure } from './step.js';

export interface CommandOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  /** Written to the program's stdin (manifests, secrets: never on the command line). */
  input?: string;
  timeoutMs?: number;
  /** Output kept out of the step's log (a secret's value). */
  quiet?: boolean;
}

/** Runs a program; the one place steps touch the machine, replaced in unit tests by a recorder. */
export type Exec = (program: string, args: readonly string[], options: CommandOptions & { env: NodeJS.ProcessEnv; signal: AbortSignal }) => Promise<CommandOutcome>;

export interface RetryOptions {
  attempts: number;
  delayMs: number;
  /** What the detail line says while retrying ("webhook not ready"). */
  what: string;
}

export interface ToolsOptions {
  exec?: Exec;
  env: NodeJS.ProcessEnv;
  /** The kind cluster's kubeconfig (written by the cluster step); every kubectl and helm call uses it. */
  kubeconfig: string;
  /** Multiplies every retry delay: tests against the sandbox need no 10 s pauses. */
  delayScale?: number;
  signal?: AbortSignal;
  /** The pinned file at this URL, downloaded, verified and cached: its local path. */
  download: (id: string) => Promise<string>;
  /** Checks an HTTP address answers (host port mappings). */
  probeHttp?: (url: string, headers: Record<string, string>) => Promise<{ status: number; server: string | undefined }>;
}

export class ProvisionTools {
  private log: string[] = [];
  private readonly signal: AbortSignal;

  constructor(
    readonly options: ToolsOptions,
    private readonly say: (detail: string) => void = () => undefined,
  ) {
    this.signal = options.signal ?? new AbortController().signal;
  }

  /** The same tools with a fresh output buffer, reporting details through `say`. */
  forStep(say: (detail: string) => void): ProvisionTools {
    return new ProvisionTools(this.options, say);
  }

  get kubeconfig(): string {
    return this.options.kubeconfig;
  }

  /** The step's output so far: each command line, then what it printed. */
  output(): string {
    return this.log.join('\n');
  }

  detail(text: string): void {
    this.say(text);
  }

  /** Runs a program; resolves with its outcome whatever the exit code. */
  async run(program: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandOutcome> {
    if (this.signal.aborted) throw new StepFailure('interrupted');
    this.log.push(`$ ${[program, ...args].map(shellQuote).join(' ')}`);
    const exec = this.options.exec ?? spawnExec;
    const outcome = await exec(program, args, { ...options, env: this.options.env, signal: this.signal });
    if (!options.quiet) {
      const printed = `${outcome.stdout}${outcome.stderr}`.replace(/\s+$/, '');
      if (printed) this.log.push(printed);
    }
    if (outcome.code !== 0) this.log.push(`(exit ${outcome.code})`);
    return outcome;
  }

  /** Runs a program and fails the step when it exits non-zero. */
  async must(program: string, args: readonly string[], options: CommandOptions = {}): Promise<string> {
    const outcome = await this.run(program, args, options);
    if (outcome.code !== 0) throw new StepFailure(`${program} ${args[0] ?? ''} failed (exit ${outcome.code}): ${firstLine(outcome.stderr || outcome.stdout)}`, this.output());
    return outcome.stdout;
  }

  kubectl(args: readonly string[], options: CommandOptions = {}): Promise<CommandOutcome> {
    return this.run('kubectl', ['--kubeconfig', this.kubeconfig, ...args], options);
  }

  mustKubectl(args: readonly string[], options: CommandOptions = {}): Promise<string> {
    return this.must('kubectl', ['--kubeconfig', this.kubeconfig, ...args], options);
  }

  /**
   * Tries `attempt` until it returns true, `attempts` times, `delayMs` apart; the last failure's output is the
   * step's. Upstream's quickstart retries applies 3 times 10 s apart for the webhook races.
   */
  async retry(retry: RetryOptions, attempt: (n: number) => Promise<boolean>): Promise<void> {
    for (let n = 1; ; n += 1) {
      if (await attempt(n)) return;
      if (n >= retry.attempts) throw new StepFailure(`${retry.what}: gave up after ${retry.attempts} attempt${retry.attempts === 1 ? '' : 's'}`, this.output());
      this.detail(`${retry.what}; attempt ${n + 1} of ${retry.attempts}`);
      await this.pause(retry.delayMs);
    }
  }

  async pause(ms: number): Promise<void> {
    await sleep(ms * (this.options.delayScale ?? 1), undefined, { signal: this.signal }).catch(() => {
      throw new StepFailure('interrupted');
    });
  }

  download(id: string): Promise<string> {
    return this.options.download(id);
  }

  async probeHttp(url: string, headers: Record<string, string> = {}): Promise<{ status: number; server: string | undefined } | Error> {
    const probe = this.options.probeHttp ?? fetchProbe;
    try {
      return await probe(url, headers);
    } catch (error) {
      return error as Error;
    }
  }
}

export function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

async function fetchProbe(url: string, headers: Record<string, string>): Promise<{ status: number; server: string | undefined }> {
  const response = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(5000) });
  await response.body?.cancel();
  return { status: response.status, server: response.headers.get('server') ?? undefined };
}

/** The real Exec: spawn without a shell, output collected (bounded), killed on timeout or abort. */
export const spawnExec: Exec = (program, args, options) =>
  new Promise((resolve) => {
    const child = spawn(program, args, { env: options.env, stdio: ['pipe', 'pipe', 'pipe'], signal: options.signal, timeout: options.timeoutMs ?? 15 * 60_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const LIMIT = 4 * 1024 * 1024;
    let size = 0;
    const keep = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size <= LIMIT) into.push(chunk);
    };
    child.stdout.on('data', keep(out));
    child.stderr.on('data', keep(err));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
    child.on('error', (error: NodeJS.ErrnoException) => {
      resolve({ code: 127, stdout: '', stderr: error.code === 'ENOENT' ? `${program}: not found on PATH (kubeclass tools installs it)` : error.message });
    });
    child.on('close', (code, signal) => {
      resolve({ code: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() + (signal && !options.signal.aborted ? `\n(killed by ${signal}: timed out)` : '') });
    });
  });

// What an emulated program is: no process, a few log lines, HTTP answers, and its reaction to signals.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecOptions, ExecProcess } from '../container-exec.js';

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface ProgramContext {
  /** the container's argv after Kubernetes' command/args rules */
  argv: readonly string[];
  /** the container's environment (image env, pod env, HOSTNAME, KUBERNETES_*) */
  env: Readonly<Record<string, string>>;
  hostname: string;
  podIP: string;
  /** the image tag ('latest' for a digest reference) */
  tag: string;
  /** one line to the container log */
  log(line: string): void;
  /** the program ends by itself with this code */
  exit(code: number): void;
  /** A real process in this container's context (its scratch root, environment and marker), as `kubectl exec`
   * starts one: for programs that fork (OpenFaaS's classic watchdog). Undefined once the container ended. */
  spawn?(argv: readonly string[], options: ExecOptions): ExecProcess | undefined;
  /** An HTTP handler the sandbox itself serves under a name (the OpenFaaS gateway's API), so that a system
   * component's emulated program answers as the sandbox does. */
  sandboxHandler?(name: string): HttpHandler | undefined;
}

export interface EmulatedProgram {
  http?(port: number): HttpHandler | undefined;
  /** A signal arrived. Absent, or returning false: the program has no handler, and as PID 1 of its
   * container it ignores the signal (the kernel's rule for a namespace's init). */
  signal?(name: NodeJS.Signals): boolean;
}

export interface ProgramDefinition {
  /** executable names that are this program: a pod command naming one is still emulated */
  binaries: readonly string[];
  start(context: ProgramContext): EmulatedProgram;
}

/** Go's log package prefix, `2006/01/02 15:04:05`, UTC as in a container. */
export function goLogTime(date = new Date()): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '/')} ${iso.slice(11, 19)}`;
}

/** A flag's value from Go-style arguments: `-name=value`, `--name=value`, `-name value`. */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    for (const prefix of [`-${name}`, `--${name}`]) {
      if (arg.startsWith(`${prefix}=`)) return arg.slice(prefix.length + 1);
      if (arg === prefix) return argv[i + 1];
    }
  }
  return undefined;
}

/** A port from `:5678`, `0.0.0.0:80` or `8080`. */
export function portOf(address: string | undefined, fallback: number): number {
  const match = address === undefined ? null : /(\d+)$/.exec(address);
  const port = match ? Number(match[1]) : NaN;
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : fallback;
}

export function remoteAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '127.0.0.1';
  return `${address.replace(/^::ffff:/, '')}:${req.socket.remotePort ?? 0}`;
}

export function sendText(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), Date: new Date().toUTCString(), ...headers });
  res.end(body);
}

/** The Go runtime's default for SIGTERM and SIGINT when the program did not ask for them: exit with status 2. */
export function goRuntimeExit(context: ProgramContext): (name: NodeJS.Signals) => boolean {
  return (name) => {
    if (name !== 'SIGTERM' && name !== 'SIGINT') return false;
    context.exit(2);
    return true;
  };
}

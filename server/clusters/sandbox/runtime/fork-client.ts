// Pipe execs through the fork helper (fork-helper.ts), one small Node process per server started on first use:
// a watchdog forks a process per request, and forking from the sandbox's large process stalled every other
// request for 10-20 ms each time (bench:openfaas). Falls back to spawning here when the helper cannot run.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ExecOptions, ExecProcess, ExecResult } from './container-exec.js';
import type { ConfinedSpawn } from './host-process.js';

export type HelperRequest =
  | { id: number; op: 'spawn'; spec: ConfinedSpawn }
  | { id: number; op: 'stdin'; data: Buffer }
  | { id: number; op: 'end' | 'kill' };
export type HelperReply =
  | { id: number; op: 'output'; stream: 'stdout' | 'stderr'; data: Uint8Array }
  | { id: number; op: 'exited'; result: ExecResult };

const HELPER = fileURLToPath(new URL('./fork-helper.js', import.meta.url));

interface Pending {
  output: ExecOptions['output'];
  resolve(result: ExecResult): void;
}

// One helper: two, forking side by side, measured no faster on 2 cores (fork's kernel time is the limit).
let helper: ChildProcess | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

/** Holds the server open only while a process runs, so an idle helper never keeps Node from exiting. */
function setRef(child: ChildProcess, on: boolean): void {
  const channel = child.channel as { ref(): void; unref(): void } | undefined;
  if (on) {
    child.ref();
    channel?.ref();
  } else {
    child.unref();
    channel?.unref();
  }
}

function startHelper(): ChildProcess {
  // 'advanced' serialization carries Buffers as bytes rather than JSON arrays.
  const child = fork(HELPER, [], { execArgv: [], serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  child.on('message', (message: HelperReply) => {
    const entry = pending.get(message.id);
    if (!entry) return;
    if (message.op === 'output') entry.output(message.stream, Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength));
    else {
      pending.delete(message.id);
      entry.resolve(message.result);
      if (pending.size === 0) setRef(child, false);
    }
  });
  child.on('exit', () => {
    if (helper === child) helper = undefined;
    // Its processes were SIGKILLed with it, as far as the caller can tell.
    for (const [id, entry] of pending) {
      pending.delete(id);
      entry.resolve({ exitCode: 137 });
    }
  });
  child.on('error', () => {});
  return child;
}

/** Whether the helper's compiled script is there (it is not when sources run untranspiled). */
export function helperAvailable(): boolean {
  return helper !== undefined || existsSync(HELPER);
}

/** Runs a confined spawn in the helper, with execInContainer's pipe semantics (results, drain, group kill). */
export function execViaHelper(spec: ConfinedSpawn, options: Pick<ExecOptions, 'output'>): ExecProcess {
  helper ??= startHelper();
  const child = helper;
  const id = nextId++;
  const exited = new Promise<ExecResult>((resolve) => pending.set(id, { output: options.output, resolve }));
  const send = (message: HelperRequest): void => {
    if (child.connected) child.send(message);
  };
  setRef(child, true);
  send({ id, op: 'spawn', spec });
  return {
    exited,
    write: (data) => send({ id, op: 'stdin', data }),
    endInput: () => send({ id, op: 'end' }),
    resize: () => {},
    kill: () => send({ id, op: 'kill' }),
  };
}

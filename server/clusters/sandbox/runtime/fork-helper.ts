// The fork helper's process: it runs pipe execs for the sandbox and relays their output and end over IPC.
// fork() copies the parent's page tables and blocks its event loop meanwhile; from the sandbox (100+ MB) that is
// 10-20 ms a process, from this small process a few. Started by fork-client.ts; ends when its parent goes.
import type { ExecResult } from './container-exec.js';
import { execOnPipes } from './container-exec.js';
import { spawnConfined, type ConfinedSpawn } from './host-process.js';
import type { HelperReply, HelperRequest } from './fork-client.js';

const running = new Map<number, { write(data: Buffer): void; endInput(): void; kill(): void }>();
const reply = (message: HelperReply): void => void process.send?.(message);

process.on('message', (message: HelperRequest) => {
  if (message.op === 'spawn') {
    const { id } = message;
    const spec: ConfinedSpawn = message.spec;
    const child = execOnPipes(spawnConfined(spec), { output: (stream, data) => reply({ id, op: 'output', stream, data }) });
    running.set(id, child);
    void child.exited.then((result: ExecResult) => {
      running.delete(id);
      reply({ id, op: 'exited', result });
    });
    return;
  }
  const child = running.get(message.id);
  if (!child) return;
  if (message.op === 'stdin') child.write(Buffer.from(message.data));
  else if (message.op === 'end') child.endInput();
  else child.kill();
});
process.on('disconnect', () => process.exit(0));

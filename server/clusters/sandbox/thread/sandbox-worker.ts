// A thread that hosts sandboxes (sandbox-host.ts starts one per spare core). Their API servers, controllers and
// gateways run on this thread's event loop, so a classroom's clusters use the other cores and never queue behind
// the terminals and sockets on the main thread. The modules load once per thread, not once per sandbox.
import { parentPort } from 'node:worker_threads';
import { startSandbox, type RunningSandbox } from '../sandbox-server.js';
import { parseSnapshot } from '../snapshot.js';
import type { FromHost, ToHost } from './messages.js';

const port = parentPort;
if (!port) throw new Error('sandbox-worker.js runs as a worker thread (SandboxHost)');
const post = (message: FromHost): void => port.postMessage(message);
const sandboxes = new Map<number, RunningSandbox>();

function hosted(id: number): RunningSandbox {
  const sandbox = sandboxes.get(id);
  if (!sandbox) throw new Error(`no sandbox ${id} in this thread`);
  return sandbox;
}

async function handle(message: ToHost): Promise<FromHost> {
  switch (message.type) {
    case 'start': {
      const sandbox = await startSandbox(message.options);
      sandboxes.set(message.sandbox, sandbox);
      const { url, port: apiPort, token, caPem, ingress, openfaas } = sandbox;
      return { id: message.id, type: 'started', addresses: { url, port: apiPort, token, caPem, ingress, openfaas } };
    }
    case 'snapshot':
      return { id: message.id, type: 'snapshot', snapshot: JSON.stringify(hosted(message.sandbox).snapshot()) };
    case 'restore': {
      const sandbox = hosted(message.sandbox);
      const report = sandbox.restore(parseSnapshot(message.snapshot));
      return { id: message.id, type: 'restored', report, openfaas: sandbox.openfaas };
    }
    case 'close': {
      const sandbox = sandboxes.get(message.sandbox);
      sandboxes.delete(message.sandbox);
      await sandbox?.close();
      return { id: message.id, type: 'closed' };
    }
  }
}

port.on('message', (message: ToHost) => {
  handle(message).then(post, (error: unknown) => post({ id: message.id, type: 'error', message: error instanceof Error ? error.message : String(error) }));
});

// Peer "wetty": wetty 3.2.0 as its own process, on loopback, running a local bash instead of ssh/login.
//
// How it is run (from node_modules/wetty/build): `main.js --host 127.0.0.1 --port P --command 'bash --noprofile
// --norc'`. As root with the default ssh host `localhost`, wetty's getCommand() skips ssh and spawns
// `/usr/bin/env -S <command>` in node-pty (string mode, 80x30, the server's whole environment, so PS1 and
// HISTFILE set here reach the shell).
// How it is spoken to (socket.io 4, path /socket.io): server -> client 'login' once the pty exists, 'data' with
// output strings (batched by a 2 ms timer, up to 512 KiB), 'logout' on exit; client -> server 'input' (string),
// 'resize' {cols, rows}, 'commit' (n) = n more UTF-16 units processed. Its client commits 262144 units at a time;
// the server pauses the pty above 2 MiB uncommitted and resumes below 512 KiB.
// Node sessions use the websocket transport directly (the page starts with long polling, then upgrades).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { descendantsOf, freePort, spawnNode, stopServer, waitForHttp, withTimeout } from '../proc.js';
import {
  PLAIN_PROMPT,
  PLAIN_SHELL,
  plainShellEnv,
  type BenchSession,
  type OriginVerdict,
  type PeerDef,
  type RunningServer,
} from '../types.js';

const COMMIT_UNITS = 262144;
const FOREIGN_ORIGIN = 'http://evil.example';

function wettyMain(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('wetty')), 'main.js');
}

function connect(url: string, extraHeaders?: Record<string, string>): Socket {
  return io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(extraHeaders ? { extraHeaders } : {}),
  });
}

async function foreignOrigin(base: string, port: number): Promise<OriginVerdict> {
  // 1. The bare websocket upgrade, as a foreign page's `new WebSocket(...)` would do it.
  const upgrade = await new Promise<string>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, {
      origin: FOREIGN_ORIGIN,
    });
    ws.on('open', () => {
      ws.close();
      resolve('101');
    });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(String(res.statusCode));
      ws.terminate();
    });
    ws.on('error', (err) => resolve(`error ${err.message}`));
  });
  if (upgrade !== '101') return { accepted: false, detail: `refused (${upgrade})` };
  // 2. Does a shell answer? Speak socket.io with the foreign Origin and wait for the prompt.
  const socket = connect(base, { origin: FOREIGN_ORIGIN });
  try {
    const shell = await withTimeout(
      new Promise<boolean>((resolve) => {
        socket.on('data', (d: string) => {
          if (d.includes(PLAIN_PROMPT)) resolve(true);
        });
        socket.on('connect_error', () => resolve(false));
        socket.on('disconnect', () => resolve(false));
      }),
      5000,
      'wetty shell for a foreign origin',
    ).catch(() => false);
    return { accepted: true, detail: shell ? 'accepted (101), shell prompt received' : 'accepted (101)' };
  } finally {
    socket.disconnect();
  }
}

export function wettyPeer(logDir: string): PeerDef {
  return {
    name: 'wetty',
    label: 'wetty 3.2.0',
    async start(): Promise<RunningServer> {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const server = spawnNode({
        args: [
          wettyMain(),
          '--host',
          '127.0.0.1',
          '--port',
          String(port),
          '--command',
          [PLAIN_SHELL.file, ...PLAIN_SHELL.args].join(' '),
          '--log-level',
          'warn',
        ],
        env: { ...plainShellEnv(process.env), NODE_ENV: 'production' },
        logFile: join(logDir, 'bench-wetty.log'),
      });
      try {
        await Promise.race([
          waitForHttp(`${base}/`, 15_000),
          server.exited.then(() => {
            throw new Error(`wetty exited during start: ${server.tail()}`);
          }),
        ]);
      } catch (err) {
        await stopServer(server);
        throw err;
      }

      return {
        pid: server.pid,
        promptMarker: PLAIN_PROMPT,
        browser: { url: `${base}/`, termGlobal: 'wetty' },
        async openSession(handlers): Promise<BenchSession> {
          const socket = connect(base);
          let uncommitted = 0;
          const ack = (units: number): void => {
            uncommitted += units;
            while (uncommitted >= COMMIT_UNITS) {
              uncommitted -= COMMIT_UNITS;
              socket.emit('commit', COMMIT_UNITS);
            }
          };
          socket.on('data', (data: string) => handlers.onOutput(data, ack));
          socket.on('login', () => socket.emit('resize', { cols: 120, rows: 40 }));
          socket.on('logout', () => handlers.onClose?.('logout'));
          socket.on('disconnect', (reason) => handlers.onClose?.(`disconnect: ${reason}`));
          await withTimeout(
            new Promise<void>((resolve, reject) => {
              socket.once('connect', () => resolve());
              socket.once('connect_error', (err) => reject(err));
            }),
            15_000,
            'wetty socket.io connect',
          );
          return {
            write: (input) => {
              socket.emit('input', input);
            },
            close: async () => {
              socket.disconnect();
            },
          };
        },
        foreignOrigin: () => foreignOrigin(base, port),
        descendants: () => descendantsOf(server.pid),
        stop: () => stopServer(server),
      };
    },
  };
}

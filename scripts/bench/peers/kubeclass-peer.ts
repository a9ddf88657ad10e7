// Peer "kubeclass": `node dist/server/cli.js start --port P --token T --data-dir <tmp>`, spoken to with the protocol in
// server/common/protocol.ts: hello -> ready, binary Output frames in, binary Input frames out, cumulative acks.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import {
  BinaryOp,
  PROTOCOL_VERSION,
  encodeBinary,
  type HelloMessage,
  type ServerMessage,
} from '../../../server/common/protocol.js';
import { descendantsOf, freePort, makeTempDir, removeTempDir, spawnNode, stopServer, withTimeout } from '../proc.js';
import type { BenchSession, OriginVerdict, PeerDef, RunningServer, SessionHandlers } from '../types.js';

/** Ends every prompt printed by kubeclass's bash integration (OSC 633;B;<nonce>:<pid>). */
const PROMPT_END = '\x1b]633;B;';
const FOREIGN_ORIGIN = 'http://evil.example';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export interface KubeclassInfo {
  /** websocket extensions the server agreed to (permessage-deflate costs CPU on every frame). */
  extensions: string;
  ackEvery: number;
}

export function kubeclassPeer(logDir: string, info: Partial<KubeclassInfo> = {}): PeerDef {
  return {
    name: 'kubeclass',
    label: 'kubeclass',
    async start(): Promise<RunningServer> {
      const cli = join(ROOT, 'dist/server/cli.js');
      if (!existsSync(cli)) throw new Error(`${cli} does not exist (is the server written and built?)`);
      const port = await freePort();
      const token = randomBytes(16).toString('hex');
      const base = `http://127.0.0.1:${port}`;
      const wsUrl = `ws://127.0.0.1:${port}/ws/terminal`;
      // Workspaces of the benchmark's sessions go to a throwaway data dir, not the user's.
      const dataDir = makeTempDir('kubeclass-bench-');
      const server = spawnNode({
        args: [cli, 'start', '--port', String(port), '--token', token, '--data-dir', dataDir],
        cwd: ROOT,
        logFile: join(logDir, 'bench-kubeclass.log'),
      });
      try {
        await server.waitForLine(`${base}/?token=${token}`, 20_000);
      } catch (err) {
        await stopServer(server);
        removeTempDir(dataDir);
        throw new Error(`${String(err)}\n--- server output ---\n${server.tail()}`);
      }

      async function openSession(handlers: SessionHandlers): Promise<BenchSession> {
        const ws = new WebSocket(wsUrl, { headers: { Authorization: `Bearer ${token}` } });
        let ackEvery = 64 * 1024;
        let replayFrom = 0;
        let processed = 0;
        let acked = 0;
        const ack = (units: number): void => {
          processed += units;
          if (processed - acked >= ackEvery && ws.readyState === WebSocket.OPEN) {
            acked = processed;
            ws.send(JSON.stringify({ type: 'ack', bytes: replayFrom + processed }));
          }
        };
        const ready = new Promise<void>((resolve, reject) => {
          ws.on('open', () => {
            const hello: HelloMessage = { type: 'hello', version: PROTOCOL_VERSION, resumeFrom: 0, cols: 120, rows: 40 };
            ws.send(JSON.stringify(hello));
          });
          ws.on('message', (data, isBinary) => {
            if (isBinary) {
              const buf = toBuffer(data);
              if (buf[0] === BinaryOp.Output) handlers.onOutput(buf.subarray(1), ack);
              return;
            }
            let msg: ServerMessage;
            try {
              msg = JSON.parse(toBuffer(data).toString('utf8')) as ServerMessage;
            } catch {
              return;
            }
            if (msg.type === 'ready') {
              ackEvery = msg.ackEvery;
              replayFrom = msg.replayFrom;
              info.ackEvery = msg.ackEvery;
              info.extensions = ws.extensions || 'none';
              resolve();
            } else if (msg.type === 'exit') {
              handlers.onClose?.(`shell exited ${msg.exitCode}`);
            }
          });
          ws.on('unexpected-response', (_req, res) => {
            res.resume();
            reject(new Error(`websocket upgrade answered ${res.statusCode}`));
          });
          ws.on('error', (err) => reject(err));
          ws.on('close', (code, reason) => {
            const why = `closed ${code} ${reason.toString()}`;
            reject(new Error(why));
            handlers.onClose?.(why);
          });
        });
        await withTimeout(ready, 15_000, 'kubeclass ready');
        return {
          write: (input) => ws.send(encodeBinary(BinaryOp.Input, Buffer.from(input, 'utf8'))),
          close: async () => {
            if (ws.readyState === WebSocket.CLOSED) return;
            const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
            ws.close(1000, 'bench done');
            await withTimeout(closed, 3000, 'websocket close').catch(() => ws.terminate());
          },
        };
      }

      async function foreignOrigin(): Promise<OriginVerdict> {
        return new Promise<OriginVerdict>((resolve) => {
          const ws = new WebSocket(wsUrl, {
            headers: { Authorization: `Bearer ${token}` },
            origin: FOREIGN_ORIGIN,
          });
          const timer = setTimeout(() => {
            ws.terminate();
            resolve({ accepted: true, detail: 'upgrade accepted, no answer to hello in 5 s' });
          }, 5000);
          ws.on('open', () => {
            ws.send(JSON.stringify({ type: 'hello', version: PROTOCOL_VERSION, resumeFrom: 0, cols: 80, rows: 24 }));
          });
          ws.on('message', () => {
            clearTimeout(timer);
            ws.close();
            resolve({ accepted: true, detail: 'ACCEPTED (101) and answered hello' });
          });
          ws.on('unexpected-response', (_req, res) => {
            clearTimeout(timer);
            res.resume();
            ws.terminate();
            resolve({ accepted: false, detail: `refused (${res.statusCode})` });
          });
          ws.on('error', (err) => {
            clearTimeout(timer);
            resolve({ accepted: false, detail: `connection failed: ${err.message}` });
          });
        });
      }

      return {
        pid: server.pid,
        promptMarker: PROMPT_END,
        browser: { url: `${base}/?token=${token}`, termGlobal: 'kubeclass' },
        openSession,
        foreignOrigin,
        descendants: () => descendantsOf(server.pid),
        stop: async () => {
          const report = await stopServer(server);
          removeTempDir(dataDir);
          return report;
        },
      };
    },
  };
}

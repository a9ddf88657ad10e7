// Peer "bare": node-pty in a child process (bare-pty-host.js), bytes over pipes, no websocket. The ceiling.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { FrameReader, FrameType, encodeAck, encodeFrame } from './bare-frames.js';
import { descendantsOf, spawnNode, stopServer } from '../proc.js';
import { PLAIN_PROMPT, type BenchSession, type PeerDef, type RunningServer, type SessionHandlers } from '../types.js';

/** The consumer acknowledges every ACK_EVERY processed bytes, as the facts recommend for websocket servers. */
const ACK_EVERY = 64 * 1024;
const HOST_SCRIPT = join(fileURLToPath(new URL('.', import.meta.url)), 'bare-pty-host.js');

export function barePtyPeer(logDir: string): PeerDef {
  return {
    name: 'bare',
    label: 'bare node-pty',
    async start(): Promise<RunningServer> {
      const server = spawnNode({
        args: [HOST_SCRIPT],
        logFile: join(logDir, 'bench-bare.log'),
        stdin: 'pipe',
        binaryStdout: true,
      });
      await server.waitForLine('bare pty host ready', 10_000);
      const stdin = server.child.stdin;
      const stdout = server.child.stdout;
      if (!stdin || !stdout) throw new Error('bare pty host has no pipes');
      const sessions = new Map<number, { handlers: SessionHandlers; ack: (n: number) => void }>();
      const reader = new FrameReader((type, id, payload) => {
        const s = sessions.get(id);
        if (!s) return;
        if (type === FrameType.Output) s.handlers.onOutput(payload, s.ack);
        else if (type === FrameType.Exit) {
          sessions.delete(id);
          s.handlers.onClose?.('shell exited');
        }
      });
      stdout.on('data', (data: Buffer) => reader.push(data));
      stdin.on('error', () => undefined);
      let nextId = 1;

      return {
        pid: server.pid,
        promptMarker: PLAIN_PROMPT,
        async openSession(handlers): Promise<BenchSession> {
          const id = nextId++;
          let processed = 0;
          let acked = 0;
          const ack = (units: number): void => {
            processed += units;
            if (processed - acked >= ACK_EVERY) {
              acked = processed;
              stdin.write(encodeAck(id, processed));
            }
          };
          sessions.set(id, { handlers, ack });
          stdin.write(encodeFrame(FrameType.Open, id, Buffer.from(JSON.stringify({ cols: 120, rows: 40 }))));
          return {
            write: (input) => stdin.write(encodeFrame(FrameType.Input, id, Buffer.from(input, 'utf8'))),
            close: async () => {
              sessions.delete(id);
              stdin.write(encodeFrame(FrameType.Close, id, new Uint8Array(0)));
            },
          };
        },
        foreignOrigin: async () => undefined,
        descendants: () => descendantsOf(server.pid),
        stop: () => stopServer(server),
      };
    },
  };
}

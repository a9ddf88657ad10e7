// The "bare node-pty" ceiling: a child process that runs shells in node-pty and moves their bytes over its
// stdin/stdout pipes (framed, see bare-frames.ts) with no websocket, no JSON and no batching timer. It does the
// same byte-counting flow control as a websocket server would (pause the pty above HIGH unacknowledged bytes,
// resume below LOW), so its throughput is the ceiling a websocket server can approach.
import pty from 'node-pty';
import { FrameReader, FrameType, encodeFrame } from './bare-frames.js';
import { PLAIN_SHELL, plainShellEnv } from '../types.js';

const HIGH = 512 * 1024;
const LOW = 128 * 1024;

interface Shell {
  term: pty.IPty;
  sent: number;
  acked: number;
  paused: boolean;
}

const shells = new Map<number, Shell>();
const env = plainShellEnv(process.env);

function send(frame: Buffer): void {
  process.stdout.write(frame);
}

function open(id: number, cols: number, rows: number): void {
  const term = pty.spawn(PLAIN_SHELL.file, [...PLAIN_SHELL.args], {
    name: 'xterm-256color',
    cols,
    rows,
    cwd: process.env.HOME ?? '/',
    env,
    encoding: null,
  } as pty.IPtyForkOptions);
  const shell: Shell = { term, sent: 0, acked: 0, paused: false };
  shells.set(id, shell);
  term.onData((data: string | Buffer) => {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    shell.sent += bytes.length;
    send(encodeFrame(FrameType.Output, id, bytes));
    if (!shell.paused && shell.sent - shell.acked > HIGH) {
      shell.paused = true;
      term.pause();
    }
  });
  term.onExit(() => {
    shells.delete(id);
    send(encodeFrame(FrameType.Exit, id, new Uint8Array(0)));
  });
}

const reader = new FrameReader((type, id, payload) => {
  switch (type) {
    case FrameType.Open: {
      const size = JSON.parse(payload.toString('utf8')) as { cols: number; rows: number };
      open(id, size.cols, size.rows);
      break;
    }
    case FrameType.Input:
      shells.get(id)?.term.write(payload.toString('utf8'));
      break;
    case FrameType.Ack: {
      const shell = shells.get(id);
      if (!shell) break;
      shell.acked = payload.readDoubleBE(0);
      if (shell.paused && shell.sent - shell.acked < LOW) {
        shell.paused = false;
        shell.term.resume();
      }
      break;
    }
    case FrameType.Close: {
      const shell = shells.get(id);
      shells.delete(id);
      shell?.term.kill('SIGHUP');
      break;
    }
  }
});

function shutdown(): void {
  for (const shell of shells.values()) shell.term.kill('SIGHUP');
  process.exit(0);
}

process.stdin.on('data', (data: Buffer) => reader.push(data));
process.stdin.on('end', shutdown);
process.on('SIGTERM', shutdown);
process.stderr.write('bare pty host ready\n');

// Replays beyond what the ring buffer keeps, with a real pty and bash in this process (a small ring makes
// the overrun quick to reach).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BinaryOp, type CommandEvent, type ServerMessage } from '../../server/common/protocol.js';
import { SessionManager } from '../../server/terminal/session-manager.js';
import { resolveShell } from '../../server/terminal/shell-launch.js';
import { HIGH_WATER_BYTES, type SessionClient } from '../../server/terminal/terminal-session.js';

class RecordingClient implements SessionClient {
  output: Buffer[] = [];
  messages: ServerMessage[] = [];
  closed: { code: number; reason: string } | undefined;
  onFrame: (() => void) | undefined;
  sendFrame(frame: Uint8Array): void {
    assert.equal(frame[0], BinaryOp.Output);
    this.output.push(Buffer.from(frame.subarray(1)));
    this.onFrame?.();
  }
  sendMessage(message: ServerMessage): void {
    this.messages.push(message);
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }
  get bytes(): number {
    return this.output.reduce((n, b) => n + b.length, 0);
  }
  ready(): Extract<ServerMessage, { type: 'ready' }> {
    const ready = this.messages.find((m) => m.type === 'ready');
    assert.ok(ready && ready.type === 'ready');
    return ready;
  }
}

describe('replay past the ring buffer', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubeclass-replay-'));
  const ringBytes = HIGH_WATER_BYTES * 2;
  const sessions = new SessionManager({
    dataDir,
    shell: resolveShell(undefined),
    graceMs: 60_000,
    maxSessions: 4,
    ringBytes,
    serverEnv: process.env,
    log: () => {},
  });
  after(async () => {
    await sessions.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tells a page that is too far behind to reset, and starts it on a clean line', async () => {
    const first = new RecordingClient();
    const opened = sessions.open({ resumeFrom: 0, cols: 80, rows: 24 }, first);
    assert.ok(opened.ok);
    const session = opened.session;
    // Acknowledge everything as it comes, like a fast page.
    first.onFrame = () => session.ack(first.ready().replayFrom + first.bytes);
    const done = new Promise<CommandEvent>((resolve) => session.onCommandFinished((e) => e.commandLine.startsWith('seq') && resolve(e)));
    await new Promise((r) => setTimeout(r, 300));
    session.write(Buffer.from('seq 1 400000\r')); // about 2.7 MB, several times the ring
    await done;
    assert.ok(session.produced > ringBytes * 3);

    const late = new RecordingClient();
    const again = sessions.open({ sessionId: session.id, resumeFrom: 1000, cols: 80, rows: 24 }, late);
    assert.ok(again.ok && again.session === session);
    const ready = late.ready();
    assert.equal(ready.reset, true);
    assert.ok(ready.skipped > session.produced - ringBytes - 1000 - 1, `skipped ${ready.skipped}`);
    assert.equal(ready.replayFrom, 1000 + ready.skipped);
    assert.ok(late.bytes > 0 && late.bytes <= ringBytes);
    assert.equal(late.output.join('').length, session.produced - ready.replayFrom);
    const text = Buffer.concat(late.output).toString('utf8');
    assert.match(text, /^\d+\r\n/, 'the replay starts at the start of a line');
    assert.deepEqual(first.closed, { code: 4001, reason: 'this terminal was opened in another tab or window' });
  });
});

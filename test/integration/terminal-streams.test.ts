// Reconnects, replays and flow control, through a real server, websocket and bash.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CloseCode } from '../../server/common/protocol.js';
import { HIGH_WATER_BYTES, MAX_FRAME_BYTES } from '../../server/terminal/terminal-session.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { TerminalClient } from '../support/terminal-client.js';

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** The numbers `seq` printed, from the terminal output (prompt and marks removed). */
function seqLines(text: string): number[] {
  return text
    .replace(/\x1b\][^\x07]*\x07/g, '')
    .split('\n')
    .map((l) => l.replace(/\r$/, '').split('\r').at(-1) ?? '')
    .filter((l) => /^\d+$/.test(l))
    .map(Number);
}

describe('reconnect and flow control', () => {
  let server: ServerProcess;

  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  it('a dropped connection mid-output resumes with nothing lost and nothing doubled', async () => {
    const count = 150_000; // about 1 MB of output
    let term = await TerminalClient.connect(server);
    await term.waitForPrompt();
    const sessionId = term.ready.sessionId;
    term.type(`seq 1 ${count}\r`);
    await term.waitFor(() => term.output.length > 100_000, 10_000, 'output to flow');
    // Drop the connection abruptly, as a network failure does.
    let collected = term.output;
    let resumeFrom = term.processed;
    term.ws.terminate();
    await term.waitForClose();
    for (let drop = 0; drop < 3; drop++) {
      term = await TerminalClient.connect(server, { sessionId, resumeFrom });
      assert.equal(term.ready.sessionId, sessionId);
      assert.equal(term.ready.replayFrom, resumeFrom, 'replay continues exactly where the page was');
      assert.equal(term.ready.reset, false);
      assert.equal(term.ready.newShell, false);
      if (drop < 2) {
        await term.waitFor(() => term.output.length > 50_000, 10_000, 'more output');
        collected = Buffer.concat([collected, term.output]);
        resumeFrom = term.processed;
        term.ws.terminate();
        await term.waitForClose();
      }
    }
    await term.waitFor(() => term.commands.some((c) => c.commandLine.startsWith('seq')), 20_000, 'seq to finish');
    collected = Buffer.concat([collected, term.output]);
    const numbers = seqLines(collected.toString('utf8'));
    assert.equal(numbers.length, count);
    for (let i = 0; i < count; i++) if (numbers[i] !== i + 1) assert.fail(`line ${i + 1} is ${numbers[i]}`);
    await term.close();
  });

  it('a reloaded page (nothing kept) gets the whole recent output replayed', async () => {
    const first = await TerminalClient.connect(server);
    await first.waitForPrompt();
    await first.run('echo before-reload');
    const everything = first.output;
    await first.close();
    const reloaded = await TerminalClient.connect(server, { sessionId: first.ready.sessionId, resumeFrom: 0 });
    await reloaded.waitFor(() => reloaded.output.length >= everything.length, 5000, 'the replay');
    assert.equal(reloaded.ready.replayFrom, 0);
    assert.deepEqual(reloaded.output.subarray(0, everything.length), everything);
    assert.equal((await reloaded.run('echo after-reload')).output, 'after-reload\n');
    await reloaded.close();
  });

  it('a second tab takes the session over and the first is told why', async () => {
    const first = await TerminalClient.connect(server);
    await first.waitForPrompt();
    const second = await TerminalClient.connect(server, { sessionId: first.ready.sessionId, resumeFrom: first.processed });
    const closed = await first.waitForClose();
    assert.equal(closed.code, CloseCode.TakenOver);
    assert.match(closed.reason, /another tab/);
    assert.equal((await second.run('echo second-tab')).output, 'second-tab\n');
    await second.close();
  });

  it('a reader that never acknowledges keeps server memory bounded while yes runs, and Ctrl-C still works', async () => {
    const term = await TerminalClient.connect(server, { ack: false });
    await term.waitForPrompt();
    term.ack();
    const rssBefore = rssKiB(server.proc.pid as number);
    term.type('yes\r');
    await new Promise((r) => setTimeout(r, 2500));
    const received = term.output.length;
    const rssAfter = rssKiB(server.proc.pid as number);
    assert.ok(received <= HIGH_WATER_BYTES + 2 * MAX_FRAME_BYTES + 4096, `received ${received} bytes without acknowledging`);
    assert.ok(rssAfter - rssBefore < 40 * 1024, `server RSS grew by ${rssAfter - rssBefore} KiB`);
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(term.output.length - received < 4096, 'the shell is paused: nothing more arrives');
    // Ctrl-C reaches the shell even while its output is paused; acknowledging lets the prompt through.
    const before = term.commands.length;
    term.type('\x03');
    const timer = setInterval(() => term.ack(), 20);
    try {
      await term.waitFor(() => term.commands.length > before, 5000, 'yes to be interrupted');
    } finally {
      clearInterval(timer);
    }
    assert.equal(term.commands[before]?.commandLine, 'yes');
    assert.equal(term.commands[before]?.exitCode, 130);
    await term.close();
  });

  it('Ctrl-C stops a flood at once for a reader that keeps up', async () => {
    const term = await TerminalClient.connect(server);
    await term.waitForPrompt();
    const before = term.commands.length;
    term.type('seq 1 100000000\r');
    await term.waitFor(() => term.output.length > 500_000, 10_000, 'the flood');
    const sent = Date.now();
    term.type('\x03');
    await term.waitFor(() => term.commands.length > before, 5000, 'the interrupt');
    const latency = Date.now() - sent;
    assert.equal(term.commands[before]?.exitCode, 130);
    assert.ok(latency < 1000, `Ctrl-C took ${latency} ms`);
    await term.close();
  });

  it('a huge paste arrives whole', async () => {
    const term = await TerminalClient.connect(server);
    await term.waitForPrompt();
    // Without echo (set before wc runs): the kernel interleaves the echo of a long paste with wc's output.
    await term.run('stty -echo');
    term.type('wc -c\r');
    await term.waitFor(() => term.output.lastIndexOf('633;C;') > term.output.lastIndexOf('633;B;'), 5000, 'wc to start');
    const line = `${'x'.repeat(999)}\n`;
    const total = 2000 * line.length; // 2 MB, in frames below the message limit
    const chunk = Buffer.from(line.repeat(50));
    for (let sent = 0; sent < total; sent += chunk.length) term.type(chunk.toString());
    term.type('\x04');
    const event = await term.waitFor(() => term.commands.some((c) => c.commandLine === 'wc -c'), 30_000, 'wc to finish').then(
      () => term.commands.find((c) => c.commandLine === 'wc -c'),
    );
    assert.equal(event?.output.trim(), String(total));
    await term.run('stty echo');
    await term.close();
  });
});

// typeCommands on a real bash from SessionManager (no page: a headless session acks the output): commands wait
// for each other's prompt, failures and multi-line text report as the shell ran them, a command that does not
// end gets Ctrl-C at its limit (or when stopWhen holds), and `interrupt` frees a terminal a watch holds.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openHeadlessSession } from '../../server/lessons/run/headless-session.js';
import { typeCommands, TypeCommandsError } from '../../server/lessons/run/type-commands.js';
import { SessionManager } from '../../server/terminal/session-manager.js';
import type { TerminalSession } from '../../server/terminal/terminal-session.js';

describe('typeCommands on a real shell', () => {
  let dataDir: string;
  let sessions: SessionManager;
  let session: TerminalSession;

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kubeclass-type-'));
    sessions = new SessionManager({ dataDir, shell: '/bin/bash', graceMs: 60_000, maxSessions: 2, serverEnv: process.env, log: () => undefined });
    session = openHeadlessSession(sessions);
  });
  after(async () => {
    await sessions.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('types each command after the previous one finished, and reports failures with their exit code and output', async () => {
    const typed = await typeCommands(session, ['sleep 0.3; echo first > order.txt', 'echo second >> order.txt', 'ls /nonexistent-dir', 'false']);
    assert.equal(readFileSync(join(session.workspace, 'order.txt'), 'utf8'), 'first\nsecond\n');
    assert.deepEqual(typed.map((t) => t.events.map((e) => [e.commandLine, e.exitCode])), [
      [['sleep 0.3; echo first > order.txt', 0]],
      [['echo second >> order.txt', 0]],
      [['ls /nonexistent-dir', 2]],
      [['false', 1]],
    ]);
    assert.match(typed[2]?.events[0]?.output ?? '', /No such file or directory/);
    assert.ok(typed.every((t) => !t.interrupted));
  });

  it('types a multi-line command (a heredoc, a loop) as one command with one event', async () => {
    const typed = await typeCommands(session, ['cat > multi.txt <<EOF\nline one\nline two\nEOF', 'for i in 1 2 3; do\n  echo "n$i"\ndone', 'echo after']);
    assert.equal(readFileSync(join(session.workspace, 'multi.txt'), 'utf8'), 'line one\nline two\n');
    assert.deepEqual(typed.map((t) => t.events.length), [1, 1, 1]);
    // bash's history keeps the heredoc's last newline.
    assert.equal(typed[0]?.events[0]?.commandLine.trimEnd(), 'cat > multi.txt <<EOF\nline one\nline two\nEOF');
    assert.equal(typed[1]?.events[0]?.output, 'n1\nn2\nn3\n');
    assert.equal(typed[2]?.events[0]?.output, 'after\n');
  });

  it('stops a command that does not end with Ctrl-C at its limit, and the next one runs', async () => {
    const started = Date.now();
    const typed = await typeCommands(session, ['sleep 30', 'echo next'], { limitMs: 700 });
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    assert.equal(typed[0]?.interrupted, true);
    assert.equal(typed[0]?.events[0]?.exitCode, 130);
    assert.equal(typed[1]?.interrupted, false);
    assert.equal(typed[1]?.events[0]?.output, 'next\n');
  });

  it('stops a running command as soon as stopWhen holds', async () => {
    const typed = await typeCommands(session, ['(sleep 0.5; touch done.flag) & sleep 30'], { limitMs: 20_000, stopWhen: () => existsSync(join(session.workspace, 'done.flag')) });
    assert.equal(typed[0]?.interrupted, true);
    assert.ok((typed[0]?.durationMs ?? 0) < 5000, `took ${typed[0]?.durationMs} ms`);
  });

  it('interrupt: Ctrl-C first frees a terminal a running command holds', async () => {
    // What a learner left running: typed directly, no wait.
    session.write(new TextEncoder().encode('sleep 30\r'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const typed = await typeCommands(session, ['echo free'], { interrupt: true, promptTimeoutMs: 5000 });
    assert.equal(typed[0]?.events[0]?.output, 'free\n');
  });

  it('fails with TypeCommandsError when the shell exits', async () => {
    const own = openHeadlessSession(sessions);
    await assert.rejects(typeCommands(own, ['echo bye', 'exit 3', 'echo never']), (error: unknown) => {
      assert.ok(error instanceof TypeCommandsError);
      assert.match(error.message, /exit 3.*exited with code 3/);
      assert.deepEqual(error.typed.map((t) => t.command), ['echo bye', 'exit 3']);
      return true;
    });
  });
});

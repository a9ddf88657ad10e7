// Start-up and shut-down of the real `kubeclass start`: no process outlives it, sessions end when abandoned,
// workspaces outlive shells.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { CloseCode } from '../../server/common/protocol.js';
import { processesUnder } from '../support/processes.js';
import { CLI, startServer } from '../support/server-process.js';
import { TerminalClient } from '../support/terminal-client.js';

async function eventually(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('server lifecycle', () => {
  it('SIGTERM ends every shell and everything they started, background and setsid daemons included', async () => {
    const server = await startServer();
    const { dataDir } = server;
    const a = await TerminalClient.connect(server);
    const b = await TerminalClient.connect(server);
    await a.waitForPrompt();
    await b.waitForPrompt();
    await a.run('sleep 1000 &');
    await a.run('setsid sleep 1001 < /dev/null > /dev/null 2>&1 &');
    await b.run('nohup sleep 1002 > /dev/null 2>&1 &');
    await eventually(() => processesUnder(dataDir).length >= 5, 5000, 'shells and sleeps to be running');
    const code = await server.stop('SIGTERM');
    assert.equal(code, 0);
    assert.deepEqual(processesUnder(dataDir), []);
    // Pages are told the server is going away (1001), so they reconnect by themselves, not "shell exited".
    assert.equal((await a.waitForClose()).code, CloseCode.GoingAway);
    assert.equal((await b.waitForClose()).code, CloseCode.GoingAway);
  });

  it('Ctrl-C (SIGINT) stops it cleanly too', async () => {
    const server = await startServer();
    const t = await TerminalClient.connect(server);
    await t.waitForPrompt();
    await t.run('sleep 1003 &');
    const { dataDir } = server;
    assert.equal(await server.stop('SIGINT'), 0, server.stderr());
    assert.deepEqual(processesUnder(dataDir), []);
  });

  it('ends a shell whose page does not come back within the grace period', async () => {
    const server = await startServer(['--grace', '1']);
    try {
      const t = await TerminalClient.connect(server);
      await t.waitForPrompt();
      await t.run('sleep 1004 &');
      await t.close();
      await eventually(() => processesUnder(server.dataDir).length === 0, 5000, 'the abandoned shell to end');
    } finally {
      await server.stop();
    }
  });

  it('after `exit` the page is told, and a new shell starts in the same workspace', async () => {
    const server = await startServer();
    try {
      const t = await TerminalClient.connect(server);
      await t.waitForPrompt();
      await t.run('echo kept > notes.txt');
      t.type('exit 3\r');
      const closed = await t.waitForClose();
      assert.equal(closed.code, CloseCode.SessionEnded);
      const exit = t.messages.find((m) => m.type === 'exit');
      assert.deepEqual(exit && { type: exit.type, exitCode: exit.exitCode }, { type: 'exit', exitCode: 3 });
      const again = await TerminalClient.connect(server, { sessionId: t.ready.sessionId, resumeFrom: t.processed });
      assert.equal(again.ready.sessionId, t.ready.sessionId);
      assert.equal(again.ready.newShell, true);
      assert.equal(again.ready.reset, true, 'the page must clear the old shell\'s screen');
      assert.equal((await again.run('cat notes.txt')).output, 'kept\n');
      await again.close();
    } finally {
      await server.stop();
    }
  });

  it('a restart gives the playground\'s sandbox back what the learner made in it; a damaged save starts fresh', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kubeclass-keep-'));
    try {
      const first = await startServer(['--data-dir', dataDir]);
      const t = await TerminalClient.connect(first);
      await t.waitForPrompt();
      const made = await t.run('kubectl create configmap kept --from-literal=colour=blue && kubectl create deployment web --image=nginx:1.27', 30_000);
      assert.equal(made.exitCode, 0, made.output);
      assert.equal(await first.stop('SIGTERM'), 0);
      assert.ok(existsSync(join(dataDir, 'sandbox-snapshot.json')));

      const second = await startServer(['--data-dir', dataDir]);
      try {
        assert.match(second.stderr(), /cluster: restored what was made before the last stop \(\d+ objects\)\n/);
        const again = await TerminalClient.connect(second);
        await again.waitForPrompt();
        assert.equal((await again.run("kubectl get configmap kept -o jsonpath='{.data.colour}'", 30_000)).output, 'blue');
        const rollout = await again.run('kubectl rollout status deployment/web --timeout=30s', 45_000);
        assert.match(rollout.output, /deployment "web" successfully rolled out/);
      } finally {
        await second.stop();
      }

      writeFileSync(join(dataDir, 'sandbox-snapshot.json'), '{"not":"a snapshot"');
      const third = await startServer(['--data-dir', dataDir]);
      try {
        assert.match(third.stderr(), /could not be restored .*starting fresh, the file is kept as sandbox-snapshot\.json\.unreadable/);
        assert.ok(existsSync(join(dataDir, 'sandbox-snapshot.json.unreadable')));
      } finally {
        await third.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('says clearly when the port is taken, and exits non-zero', async () => {
    const server = await startServer();
    try {
      const result = spawnSync(process.execPath, [CLI, 'start', '--port', String(server.port), '--data-dir', server.dataDir], {
        encoding: 'utf8',
        timeout: 10_000,
      });
      assert.equal(result.status, 1);
      assert.match(result.stderr, new RegExp(`port ${server.port} .* is in use: pass --port N`));
    } finally {
      await server.stop();
    }
  });

  it('npm start: SIGTERM to npm stops the server and its shells (no orphan behind `sh -c`)', async () => {
    const repo = fileURLToPath(new URL('../../../', import.meta.url));
    const dataDir = mkdtempSync(join(tmpdir(), 'kubeclass-npm-'));
    // --ignore-scripts skips prestart (a build): rewriting dist/ under the tests running beside this one made
    // their servers start without the page (404 on /) or fail to import half-written modules.
    const npm = spawn('npm', ['start', '--ignore-scripts', '--', '--port', '0', '--token', 'npm-start-token', '--data-dir', dataDir], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      npm.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      await eventually(() => /http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(out), 30_000, 'npm start to print its address');
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
      const t = await TerminalClient.connect({ port, token: 'npm-start-token' } as Parameters<typeof TerminalClient.connect>[0]);
      await t.waitForPrompt();
      await eventually(() => processesUnder(dataDir).length > 0, 5000, 'the shell');
      const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
      npm.kill('SIGTERM');
      await exited;
      await eventually(() => processesUnder(dataDir).length === 0, 8000, 'the shell to end');
      const server = spawnSync('pgrep', ['-f', `--data-dir ${dataDir}`], { encoding: 'utf8' });
      assert.equal(server.stdout.trim(), '', 'no server process is left');
    } finally {
      npm.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('rejects bad options with a message and prints help', () => {
    const bad = spawnSync(process.execPath, [CLI, 'start', '--port', 'eighty'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--port takes a whole number/);
    const help = spawnSync(process.execPath, [CLI, 'start', '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--token TOKEN/);
    assert.ok(existsSync(CLI));
  });
});

// Command events from a real bash through a real server and a real websocket.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isForeground } from '../support/processes.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { TerminalClient } from '../support/terminal-client.js';

describe('command events from a real shell', () => {
  let server: ServerProcess;
  let term: TerminalClient;

  before(async () => {
    server = await startServer();
    term = await TerminalClient.connect(server);
    await term.waitForPrompt();
  });
  after(async () => {
    await term?.close();
    await server?.stop();
  });

  it('echo hello: exit 0 and its output', async () => {
    const event = await term.run('echo hello');
    assert.equal(event.commandLine, 'echo hello');
    assert.equal(event.exitCode, 0);
    assert.equal(event.output, 'hello\n');
    assert.equal(event.cwd, term.ready && event.cwd);
    assert.ok(event.startedAt > Date.now() - 60_000 && event.durationMs >= 0);
  });

  it('false: exit 1', async () => {
    const event = await term.run('false');
    assert.deepEqual([event.commandLine, event.exitCode, event.output], ['false', 1, '']);
  });

  it('sleep 100 then Ctrl-C: exit 130, quickly', async () => {
    const before = term.commands.length;
    const mark = term.output.length;
    term.type('sleep 100\r');
    await term.waitFor(() => term.output.indexOf('\x1b]633;C;', mark) !== -1, 5000, 'the command to start');
    await term.waitFor(() => isForeground(server.dataDir, 'sleep'), 5000, 'sleep to be the foreground job');
    const sent = Date.now();
    term.type('\x03');
    await term.waitFor(() => term.commands.length > before, 5000, 'the interrupted command');
    const event = term.commands[before];
    assert.equal(event?.commandLine, 'sleep 100');
    assert.equal(event?.exitCode, 130);
    assert.ok(Date.now() - sent < 2000);
  });

  it('a multi-line command is one event with the whole line', async () => {
    const event = await term.run('for i in 1 2 3; do\recho "n=$i"\rdone');
    assert.match(event.commandLine, /^for i in 1 2 3; do echo "n=\$i"; done$/);
    assert.equal(event.output, 'n=1\nn=2\nn=3\n');
    assert.equal(event.exitCode, 0);
  });

  it('a pipeline, with pipefail and without', async () => {
    const upper = await term.run('echo abc | tr a-z A-Z');
    assert.deepEqual([upper.commandLine, upper.output, upper.exitCode], ['echo abc | tr a-z A-Z', 'ABC\n', 0]);
    const last = await term.run('false | true');
    assert.equal(last.exitCode, 0);
    const piped = await term.run('set -o pipefail; false | true; echo "status=$?"; set +o pipefail');
    assert.match(piped.output, /status=1/);
  });

  it('sub-shells and child shells report their status', async () => {
    assert.equal((await term.run('(cd /tmp && exit 3)')).exitCode, 3);
    assert.equal((await term.run("bash -c 'exit 4'")).exitCode, 4);
    assert.equal((await term.run('echo $(echo nested)')).output, 'nested\n');
  });

  it('reports the directory each command ran in', async () => {
    await term.run('cd /tmp');
    const pwd = await term.run('pwd');
    assert.equal(pwd.cwd, '/tmp');
    assert.equal(pwd.output, '/tmp\n');
    await term.run('cd ~');
  });

  it("survives the learner's own PS1 and PROMPT_COMMAND", async () => {
    await term.run("PS1='custom> '");
    const afterPs1 = await term.run('echo after-ps1');
    assert.equal(afterPs1.output, 'after-ps1\n');
    assert.match(term.text, /custom> /);
    await term.run("PROMPT_COMMAND='echo from-prompt-command'");
    const failing = await term.run('(exit 7)');
    assert.equal(failing.exitCode, 7, 'the status survives a PROMPT_COMMAND that runs after it');
    const next = await term.run('echo still-tracked');
    assert.equal(next.exitCode, 0);
    assert.equal(next.output, 'still-tracked\n');
    await term.run('PROMPT_COMMAND=(); PS1="\\$ "');
    const last = await term.run('echo reset');
    assert.equal(last.output, 'reset\n');
  });

  it('keeps the whole line when history does not record it (ignorespace)', async () => {
    await term.run('HISTCONTROL=ignorespace');
    const hidden = await term.run(' echo hidden | cat');
    assert.equal(hidden.commandLine.trim().startsWith('echo hidden'), true, hidden.commandLine);
    assert.equal(hidden.output, 'hidden\n');
    await term.run('unset HISTCONTROL');
  });

  it('clear is a command like any other', async () => {
    const clear = await term.run('clear');
    assert.equal(clear.exitCode, 0);
    assert.equal((await term.run('echo after-clear')).output, 'after-clear\n');
  });

  it('ignores marks that a program prints', async () => {
    const before = term.commands.length;
    const event = await term.run("printf '\\033]633;E;rm -rf /;0:1\\007\\033]633;C\\007\\033]633;D;0\\007'; false");
    assert.equal(event.exitCode, 1);
    assert.equal(term.commands.length, before + 1);
    assert.ok(!term.commands.some((c) => c.commandLine === 'rm -rf /'));
  });

  it('nested bash: inner commands, then the outer one with the inner exit code', async () => {
    const before = term.commands.length;
    term.type('bash\r');
    await term.waitFor(() => term.output.lastIndexOf('\x1b]633;B;') > term.output.lastIndexOf('633;E;bash'), 5000, 'the inner prompt');
    const inner = await term.run('echo inner');
    assert.equal(inner.output, 'inner\n');
    const outer = await term.run('exit 5');
    assert.deepEqual([outer.commandLine, outer.exitCode], ['bash', 5]);
    assert.deepEqual(term.commands.slice(before).map((c) => c.commandLine), ['echo inner', 'bash']);
  });

  it('exec bash: the new shell is integrated too', async () => {
    const exec = await term.run('exec bash');
    assert.deepEqual([exec.commandLine, exec.exitCode], ['exec bash', 0]);
    const after = await term.run('echo in-new-shell; false');
    assert.deepEqual([after.output, after.exitCode], ['in-new-shell\n', 1]);
  });

  it('caps the output of a flood and keeps its head and tail', async () => {
    const event = await term.run('seq 1 200000', 30_000);
    assert.equal(event.outputTruncated, true);
    assert.ok(event.output.startsWith('1\n2\n3\n'));
    assert.ok(event.output.endsWith('199999\n200000\n'));
    assert.ok(event.output.length < 70_000);
  });

  it('a command event never overtakes its own output', async () => {
    for (let round = 0; round < 5; round++) {
      const index = term.commands.length;
      const event = await term.run(`seq 1 ${20_000 + round}`, 20_000);
      const seen = term.output.subarray(0, term.outputLengthAtCommand[index]).toString('utf8');
      assert.ok(seen.includes(`\n${20_000 + round}\r\n`), 'the last line arrived before the event');
      assert.equal(event.exitCode, 0);
    }
  });

  it('gives each session its own HOME and history', async () => {
    const other = await TerminalClient.connect(server);
    try {
      await other.waitForPrompt();
      const mine = (await term.run('echo $HOME')).output.trim();
      const theirs = (await other.run('echo $HOME')).output.trim();
      assert.notEqual(mine, theirs);
      assert.ok(mine.startsWith(server.dataDir) && theirs.startsWith(server.dataDir));
      await term.run('echo only-in-first-history');
      await term.run('history -a');
      const history = await other.run('history -a; cat ~/.bash_history');
      assert.doesNotMatch(history.output, /only-in-first-history/);
      const env = await other.run('env');
      assert.doesNotMatch(env.output, new RegExp(server.token), 'the server token never reaches a shell');
    } finally {
      await other.close();
    }
  });
});

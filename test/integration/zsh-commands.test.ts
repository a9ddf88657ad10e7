// The same command events when the learner's shell is zsh (kubeclass.zsh, on zsh's own hooks).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { isForeground } from '../support/processes.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { TerminalClient } from '../support/terminal-client.js';

const ZSH = '/usr/bin/zsh';
function zshMissing(): string | undefined {
  if (existsSync(ZSH)) return undefined;
  if (process.env.CI) throw new Error(`${ZSH} is missing: apt-get install -y zsh`);
  return `${ZSH} is missing: apt-get install -y zsh`;
}

describe('command events from a real zsh', { skip: zshMissing() }, () => {
  let server: ServerProcess;
  let term: TerminalClient;

  before(async () => {
    server = await startServer(['--shell', ZSH]);
    term = await TerminalClient.connect(server);
    await term.waitForPrompt();
  });
  after(async () => {
    await term?.close();
    await server?.stop();
  });

  it('runs zsh', async () => {
    assert.equal((await term.run('echo $ZSH_NAME')).output, 'zsh\n');
  });

  it('exit codes, output and Ctrl-C', async () => {
    assert.deepEqual(
      [(await term.run('echo hello')).output, (await term.run('false')).exitCode, (await term.run('(exit 3)')).exitCode],
      ['hello\n', 1, 3],
    );
    const before = term.commands.length;
    const mark = term.output.length;
    term.type('sleep 100\r');
    await term.waitFor(() => term.output.indexOf('\x1b]633;C;', mark) !== -1, 5000, 'sleep to start');
    await term.waitFor(() => isForeground(server.dataDir, 'sleep'), 5000, 'sleep to be the foreground job');
    term.type('\x03');
    await term.waitFor(() => term.commands.length > before, 5000, 'the interrupt');
    assert.deepEqual([term.commands[before]?.commandLine, term.commands[before]?.exitCode], ['sleep 100', 130]);
  });

  it('a multi-line command and a pipeline, as typed', async () => {
    const loop = await term.run('for i in 1 2; do\recho "n=$i"\rdone');
    assert.equal(loop.commandLine, 'for i in 1 2; do\necho "n=$i"\ndone');
    assert.equal(loop.output, 'n=1\nn=2\n');
    const pipe = await term.run('echo abc | tr a-z A-Z');
    assert.deepEqual([pipe.commandLine, pipe.output], ['echo abc | tr a-z A-Z', 'ABC\n']);
  });

  it('cwd, a changed prompt, a precmd hook of the learner', async () => {
    await term.run('cd /tmp');
    assert.equal((await term.run('pwd')).cwd, '/tmp');
    await term.run("PROMPT='custom%# '");
    await term.run('precmd_functions+=(my_hook); my_hook() { echo from-hook; return 9 }');
    const failing = await term.run('(exit 7)');
    assert.equal(failing.exitCode, 7);
    assert.doesNotMatch(failing.output, /from-hook/);
    assert.equal((await term.run('echo tracked')).output, 'tracked\n');
  });

  it('nested zsh and exec zsh', async () => {
    const before = term.commands.length;
    term.type('zsh\r');
    await term.waitFor(() => term.output.lastIndexOf('\x1b]633;B;') > term.output.lastIndexOf('633;E;zsh'), 5000, 'the inner prompt');
    assert.equal((await term.run('echo inner')).output, 'inner\n');
    const outer = await term.run('exit 5');
    assert.deepEqual([outer.commandLine, outer.exitCode], ['zsh', 5]);
    assert.deepEqual(term.commands.slice(before).map((c) => c.commandLine), ['echo inner', 'zsh']);
    const exec = await term.run('exec zsh');
    assert.deepEqual([exec.commandLine, exec.exitCode], ['exec zsh', 0]);
    assert.equal((await term.run('echo again')).output, 'again\n');
  });

  it('bash inside zsh is integrated too', async () => {
    term.type('bash\r');
    await term.waitFor(() => term.output.lastIndexOf('\x1b]633;B;') > term.output.lastIndexOf('633;E;bash'), 5000, 'the bash prompt');
    assert.equal((await term.run('echo $BASH_VERSION | cut -c1')).output, '5\n');
    assert.equal((await term.run('exit 2')).exitCode, 2);
  });
});

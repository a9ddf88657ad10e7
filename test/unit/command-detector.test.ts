import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommandEvent } from '../../server/common/protocol.js';
import { escapeValue } from '../../server/common/shell-marks.js';
import { CommandDetector } from '../../server/terminal/shell-integration/command-detector.js';
import { OscParser } from '../../server/terminal/shell-integration/osc-parser.js';

const NONCE = '0123456789abcdef';

function mark(body: string, pid = 100, nonce = NONCE): string {
  return `\x1b]633;${body};${nonce}:${pid}\x07`;
}

/** What the bash integration prints around one command. */
function command(line: string, output: string, code: number, pid = 100, cwd = '/w'): string {
  return (
    `${mark(`P;Cwd=${escapeValue(cwd)}`, pid)}${mark(`E;${escapeValue(line)}`, pid)}${mark('C', pid)}` +
    `${output}${mark(`D;${code}`, pid)}${mark('A', pid)}$ ${mark('B', pid)}`
  );
}

function detect(stream: string | string[], nonce: string | null = NONCE): CommandEvent[] {
  const events: CommandEvent[] = [];
  let t = 1000;
  const detector = new CommandDetector({ nonce: nonce ?? undefined, initialCwd: '/start', onCommand: (e) => events.push(e), now: () => (t += 10) });
  const parser = new OscParser((token) => detector.feed(token));
  for (const chunk of Array.isArray(stream) ? stream : [stream]) parser.write(new TextEncoder().encode(chunk));
  return events;
}

describe('CommandDetector', () => {
  it('reports line, exit code, output and cwd of each command', () => {
    const prompt = `${mark('D;0')}${mark('A')}$ ${mark('B')}`;
    const events = detect(prompt + command('echo hello', 'hello\r\n', 0) + command('false', '', 1, 100, '/tmp/x;y'));
    assert.equal(events.length, 2);
    assert.deepEqual(
      events.map(({ commandLine, exitCode, output, cwd }) => ({ commandLine, exitCode, output, cwd })),
      [
        { commandLine: 'echo hello', exitCode: 0, output: 'hello\n', cwd: '/w' },
        { commandLine: 'false', exitCode: 1, output: '', cwd: '/tmp/x;y' },
      ],
    );
    assert.ok(events.every((e) => e.durationMs > 0 && e.startedAt > 0));
  });

  it('ignores a prompt with nothing run (Enter, Ctrl-C at the prompt)', () => {
    assert.deepEqual(detect(`${mark('D;130')}${mark('A')}$ ${mark('B')}${mark('D;130')}${mark('A')}`), []);
  });

  it('ignores marks printed by programs (no nonce, wrong nonce)', () => {
    const fake = `\x1b]633;E;rm -rf /\x07\x1b]633;C\x07\x1b]633;D;0\x07` + mark('E;evil', 100, 'ffffffffffffffff') + mark('D;0', 100, 'ffffffffffffffff');
    const events = detect(command('cat trap.txt', fake, 0));
    assert.equal(events.length, 1);
    assert.equal(events[0]?.commandLine, 'cat trap.txt');
    assert.equal(events[0]?.exitCode, 0);
  });

  it('does not let a fake finish mark end a command early', () => {
    const events = detect(command('false; printf x', mark('D;0', 100, 'ffffffffffffffff'), 1));
    assert.deepEqual(events.map((e) => e.exitCode), [1]);
  });

  it('tracks nested shells: inner commands finish inside the outer one', () => {
    const stream =
      mark('E;bash', 100) + mark('C', 100) +
      mark('D;0', 200) + mark('A', 200) + '$ ' + mark('B', 200) + // the inner shell's first prompt
      command('echo inner', 'inner\r\n', 0, 200) +
      mark('E;exit 3', 200) + mark('C', 200) + 'exit\r\n' + // the inner shell exits: no finish for `exit`
      mark('D;3', 100) + mark('A', 100);
    const events = detect(stream);
    assert.deepEqual(events.map((e) => [e.commandLine, e.exitCode]), [['echo inner', 0], ['bash', 3]]);
    assert.match(events[1]?.output ?? '', /inner/);
  });

  it('closes `exec bash` at the new shell\'s first prompt (same pid)', () => {
    const events = detect(mark('E;exec bash', 100) + mark('C', 100) + mark('D;0', 100) + mark('A', 100) + command('pwd', '/w\r\n', 0));
    assert.deepEqual(events.map((e) => [e.commandLine, e.exitCode]), [['exec bash', 0], ['pwd', 0]]);
  });

  it('works when every mark is split across chunks', () => {
    const stream = command('seq 3', '1\r\n2\r\n3\r\n', 0);
    const chunks = [...stream].map((c) => c);
    const events = detect(chunks);
    assert.equal(events[0]?.output, '1\n2\n3\n');
  });

  it('accepts plain OSC 133 from a shell kubeclass did not set up, when no nonce is expected', () => {
    const events = detect('\x1b]133;C\x07out\r\n\x1b]133;D;0\x07', null);
    assert.equal(events.length, 0, 'no command line, no event');
    const withLine = detect('\x1b]633;E;ls\x07\x1b]133;C\x07out\r\n\x1b]133;D;2\x07', null);
    assert.deepEqual(withLine.map((e) => [e.commandLine, e.exitCode, e.output]), [['ls', 2, 'out\n']]);
  });
});

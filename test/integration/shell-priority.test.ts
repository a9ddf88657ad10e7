// The command that makes a learner's shell yield the CPU, run for real: every one of many shells started at once
// ends up at the nice value, in a session whose autogroup is weighted so, even as a user without CAP_SYS_ADMIN,
// for whom the kernel takes one autogroup write per 100 ms machine-wide (a single try missed most of them).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { yieldingCommand } from '../../server/terminal/shell-priority.js';

const run = promisify(execFile);
const skip = process.getuid?.() !== 0 ? 'needs root (to start the shells as nobody)' : !existsSync('/proc/self/autogroup') ? 'this kernel has no autogroups' : undefined;

describe('yieldingCommand', { skip }, () => {
  it('weights every session of twenty started at once, as an unprivileged user, and sets their nice value', async () => {
    const probe = { file: 'sh', args: ['-c', 'sleep 3.5; echo "$(nice) $(cat /proc/self/autogroup)"'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } };
    const command = yieldingCommand(probe, 10);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        // setsid: a session, so an autogroup, of its own, as node-pty gives every shell.
        run('setsid', ['--wait', 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', command.file, ...command.args], { env: probe.env, timeout: 20_000 }),
      ),
    );
    const lines = results.map((r) => r.stdout.trim());
    for (const line of lines) assert.match(line, /^10 \/autogroup-\d+ nice 10$/, lines.join('\n'));
    assert.equal(new Set(lines.map((l) => l.split(' ')[1])).size, 20, 'each in a group of its own');
  });

  it('leaves a command alone at 0', () => {
    const plain = { file: 'bash', args: ['-l'], env: {} };
    assert.deepEqual(yieldingCommand(plain, 0), plain);
  });
});

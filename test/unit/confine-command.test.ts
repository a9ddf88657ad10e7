// The command a confined seat's shell runs: setpriv (seat user only), bwrap with its mounts in an order that
// keeps the workspace visible under /tmp and hidden dirs, prlimit with the limits, then the shell unchanged.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { confineCommand, DEFAULT_LIMITS, systemEntries, type SystemEntry } from '../../server/terminal/confine/confine-command.js';
import type { ShellCommand } from '../../server/terminal/shell-launch.js';

const SYSTEM: SystemEntry[] = [
  { path: '/usr', bind: true },
  { path: '/etc', bind: true },
  { path: '/bin', symlink: 'usr/bin' },
];

/** Where the option (its flag and values, in a row) starts in args, or -1. */
function indexOf(args: readonly string[], ...option: string[]): number {
  return args.findIndex((_, i) => option.every((part, j) => args[i + j] === part));
}

describe('confineCommand', () => {
  let root: string;
  let installDir: string;
  let dataDir: string;
  let workspace: string;
  const shell: ShellCommand = { file: '/bin/bash', args: ['--rcfile', '/x/launcher.bash', '-i'], env: { HOME: '/h', USER: 'root', PATH: '/usr/bin' } };

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'kubeclass-confine-'));
    installDir = join(root, 'kubeclass');
    dataDir = join(installDir, 'data');
    workspace = join(dataDir, 'seats', 's1', 'workspaces', 'abc');
    mkdirSync(workspace, { recursive: true });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('drops to the seat user, then sandboxes, then limits, then runs the shell as it was', () => {
    const user = { name: 'kubeclass-s1', uid: 990, gid: 991 };
    const command = confineCommand(shell, { workspace, installDir, user, system: SYSTEM });
    assert.equal(command.file, 'setpriv');
    assert.deepEqual(command.args.slice(0, 4), ['--reuid=990', '--regid=991', '--clear-groups', 'bwrap']);
    const prlimit = command.args.indexOf('prlimit');
    assert.equal(command.args[prlimit - 1], '--'); // the end of bwrap's options
    assert.deepEqual(command.args.slice(prlimit), [
      'prlimit',
      `--nproc=${DEFAULT_LIMITS.processes}`,
      `--as=${4 * 1024 ** 3}`,
      '--cpu=3600',
      `--fsize=${1024 ** 3}`,
      '--',
      '/bin/bash',
      '--rcfile',
      '/x/launcher.bash',
      '-i',
    ]);
    // The environment is the shell's, naming the seat's user.
    assert.deepEqual(command.env, { HOME: '/h', USER: 'kubeclass-s1', LOGNAME: 'kubeclass-s1', PATH: '/usr/bin' });
    assert.equal(shell.env.USER, 'root', 'the given command is left as it was');
  });

  it('runs bwrap directly when there is no seat user (the server is not root)', () => {
    const command = confineCommand(shell, { workspace, installDir, system: SYSTEM });
    assert.equal(command.file, 'bwrap');
    assert.equal(command.args.includes('setpriv'), false);
    assert.deepEqual(command.env, shell.env);
  });

  it('unshares pid, ipc and uts, never the network', () => {
    const { args } = confineCommand(shell, { workspace, installDir, system: SYSTEM });
    for (const flag of ['--unshare-pid', '--unshare-ipc', '--unshare-uts', '--die-with-parent']) assert.ok(args.includes(flag), flag);
    for (const flag of ['--unshare-net', '--unshare-all', '--new-session']) assert.equal(args.includes(flag), false, flag);
  });

  it('mounts the system, then private /proc /dev /tmp, the installation, hidden dirs, extra binds and the workspace last', () => {
    const kubeconfig = join(dataDir, 'seats', 's1', 'kubeconfig');
    mkdirSync(kubeconfig);
    const { args } = confineCommand(shell, { workspace, installDir, hidden: [dataDir], readOnly: [kubeconfig], system: SYSTEM });
    const order = [
      indexOf(args, '--ro-bind', '/usr', '/usr'),
      indexOf(args, '--ro-bind', '/etc', '/etc'),
      indexOf(args, '--symlink', 'usr/bin', '/bin'),
      indexOf(args, '--proc', '/proc'),
      indexOf(args, '--dev', '/dev'),
      indexOf(args, '--tmpfs', '/tmp'),
      indexOf(args, '--ro-bind', installDir, installDir),
      indexOf(args, '--tmpfs', dataDir),
      indexOf(args, '--ro-bind', kubeconfig, kubeconfig),
      indexOf(args, '--bind', workspace, workspace),
      indexOf(args, '--chdir', workspace),
      args.indexOf('--'),
    ];
    assert.ok(order.every((at) => at >= 0), JSON.stringify(order));
    assert.deepEqual(order, [...order].sort((x, y) => x - y));
  });

  it('leaves out hidden and read-only paths that do not exist (bwrap would refuse them)', () => {
    const missing = join(installDir, 'no-such-dir');
    const { args } = confineCommand(shell, { workspace, installDir, hidden: [missing, dataDir], readOnly: [join(root, 'nope')], system: SYSTEM });
    assert.equal(args.includes(missing), false);
    assert.equal(args.includes(join(root, 'nope')), false);
    assert.ok(indexOf(args, '--tmpfs', dataDir) >= 0);
  });

  it('takes limits, keeping the defaults for the others', () => {
    const { args } = confineCommand(shell, { workspace, installDir, system: SYSTEM, limits: { processes: 64, cpuSeconds: 60 } });
    assert.ok(args.includes('--nproc=64'));
    assert.ok(args.includes('--cpu=60'));
    assert.ok(args.includes(`--as=${DEFAULT_LIMITS.memoryBytes}`));
    assert.ok(args.includes(`--fsize=${DEFAULT_LIMITS.fileBytes}`));
  });

  it('refuses root as a seat user', () => {
    assert.throws(() => confineCommand(shell, { workspace, installDir, user: { name: 'root', uid: 0, gid: 0 }, system: SYSTEM }), /root/);
  });

  it("reads the host's layout: /usr and /etc bound, /bin as it is (a symlink into /usr on merged systems)", () => {
    const entries = systemEntries();
    assert.deepEqual(entries.slice(0, 2), [
      { path: '/usr', bind: true },
      { path: '/etc', bind: true },
    ]);
    assert.ok(entries.some((entry) => entry.path === '/bin'));
  });
});

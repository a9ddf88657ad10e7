// Two classroom seats on one host, each with its own Unix user, SessionManager and confined real shell (setpriv,
// bubblewrap, prlimit): a seat sees and signals nothing of the other seat or of the server, keeps its own /tmp,
// cannot write the system, runs under its limits, and its shell still reports commands and runs kubectl.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openHeadlessSession } from '../../server/lessons/run/headless-session.js';
import { typeCommands } from '../../server/lessons/run/type-commands.js';
import type { CommandEvent } from '../../server/common/protocol.js';
import { confineCommand, kubeclassInstallDir } from '../../server/terminal/confine/confine-command.js';
import { ensureSeatUser, killUserProcesses, removeSeatUser, userProcesses, type SeatUser } from '../../server/terminal/confine/seat-user.js';
import { SessionManager } from '../../server/terminal/session-manager.js';
import type { TerminalSession } from '../../server/terminal/terminal-session.js';
import { confinementUnavailable } from '../support/confinement.js';
import { until } from '../support/wait.js';

const skip = confinementUnavailable(process.env);
const ZSH = '/usr/bin/zsh';

type Seated = Extract<SeatUser, { kind: 'seat-user' }>;

interface Seat {
  user: Seated;
  sessions: SessionManager;
  shell: TerminalSession;
}

/** The one event of a command typed into a seat's shell. */
async function run(seat: Seat | TerminalSession, command: string): Promise<CommandEvent> {
  const shell = 'shell' in seat ? seat.shell : seat;
  const [typed] = await typeCommands(shell, [command], { limitMs: 20_000 });
  const event = typed?.events.at(-1);
  assert.ok(event, `no command event for ${command}`);
  return event;
}

/** The autogroup line of a process ("/autogroup-N nice K"), or undefined on a kernel without autogroups. */
function readAutogroup(pid: number | 'self'): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/autogroup`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Host pids of a uid's processes that run `name`. */
function processesNamed(uid: number, name: string): number[] {
  return userProcesses(uid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name;
    } catch {
      return false;
    }
  });
}

describe('a classroom seat confined with its own user, bubblewrap and prlimit', { skip }, () => {
  const installDir = kubeclassInstallDir();
  // The server's data dir lies in the installation here, as it may in a classroom: hidden from the seats but
  // for each seat's own workspace. Its parent folders must be traversable by the seat users (bwrap runs as them).
  let serverDir: string;
  const users: Seated[] = [];
  const seats: Seat[] = [];
  let a: Seat;
  let b: Seat;
  let serverGroup: string | undefined;

  function openSeat(label: string, user: Seated, shell = '/bin/bash', shellNice?: number): Seat {
    const dataDir = join(serverDir, 'seats', label);
    const sessions = new SessionManager({
      dataDir,
      shell,
      graceMs: 60_000,
      maxSessions: 2,
      serverEnv: process.env,
      log: () => undefined,
      ...(shellNice ? { shellNice } : {}),
      confine: {
        wrap: (command, workspace) => confineCommand(command, { workspace, installDir, user, hidden: [serverDir] }),
        owner: user,
      },
    });
    const seat = { user, sessions, shell: openHeadlessSession(sessions) };
    seats.push(seat);
    return seat;
  }

  before(async () => {
    const artifacts = join(installDir, 'test', 'artifacts');
    mkdirSync(artifacts, { recursive: true });
    chmodSync(artifacts, 0o755);
    serverDir = mkdtempSync(join(artifacts, 'seats-'));
    chmodSync(serverDir, 0o711); // traversable, not listable
    writeFileSync(join(serverDir, 'kubeclass.db'), 'the server database', { mode: 0o600 });
    mkdirSync(join(serverDir, 'seats'), { mode: 0o711 });
    const tag = (process.pid % 100_000).toString(36);
    for (const label of ['a', 'b']) {
      const user = await ensureSeatUser(`kubeclass-t${tag}${label}`);
      assert.equal(user.kind, 'seat-user');
      if (user.kind === 'seat-user') users.push(user);
    }
    serverGroup = readAutogroup('self');
    a = openSeat('a', users[0] as Seated);
    // b yields the CPU as a classroom's seats do (--shell-nice), a does not.
    b = openSeat('b', users[1] as Seated, '/bin/bash', 12);
  });

  after(async () => {
    await Promise.all(seats.map((seat) => seat.sessions.close()));
    for (const user of users) await removeSeatUser(user);
    if (serverDir) rmSync(serverDir, { recursive: true, force: true });
  });

  it('reuses an existing seat user', async () => {
    const again = await ensureSeatUser(a.user.name);
    assert.deepEqual(again, a.user);
  });

  it("yields the CPU when told to: the shell and all it starts run at that nice value, in a session weighted so; the server's own weight stays", async () => {
    const yielding = await run(b, 'nice; sh -c nice; cat /proc/self/autogroup 2>/dev/null || echo none');
    const plain = await run(a, 'nice; cat /proc/self/autogroup 2>/dev/null || echo none');
    assert.match(yielding.output, /^12\n12\n/);
    assert.match(plain.output, /^0\n/);
    if (serverGroup === undefined) return; // a kernel without autogroups: nice values alone
    // Written by the shell's own session (after setsid), not from the server right after spawn, when the new
    // process could still be in the server's group: that once weighted the server itself down.
    assert.match(yielding.output, /\/autogroup-\d+ nice 12\n$/);
    assert.match(plain.output, /\/autogroup-\d+ nice 0\n$/);
    assert.notEqual(yielding.output.match(/autogroup-\d+/)?.[0], serverGroup.match(/autogroup-\d+/)?.[0]);
    assert.equal(readAutogroup('self'), serverGroup);
  });

  it('runs the shell as the seat user, with command events from the shell integration', async () => {
    const event = await run(a, 'id -un; id -u; echo "$USER" "$HOME"');
    assert.equal(event.exitCode, 0);
    assert.equal(event.output, `${a.user.name}\n${a.user.uid}\n${a.user.name} ${a.shell.workspace}\n`);
    assert.equal(event.cwd, a.shell.workspace); // the host path: the sandbox binds the workspace where it is
    const failed = await run(a, 'ls /no-such-dir');
    assert.equal(failed.exitCode, 2);
    assert.match(failed.output, /No such file or directory/);
  });

  it('gives the workspace and the seat data dir to the seat user, owner-only', () => {
    for (const path of [a.shell.workspace, join(serverDir, 'seats', 'a'), join(a.shell.workspace, '.bashrc')]) {
      const stat = statSync(path);
      assert.equal(stat.uid, a.user.uid, path);
      assert.equal(stat.gid, a.user.gid, path);
    }
    assert.equal(statSync(a.shell.workspace).mode & 0o777, 0o700);
    assert.equal(statSync(join(serverDir, 'seats', 'a')).mode & 0o777, 0o700);
  });

  it("cannot read or list another seat's workspace, nor the server's data", async () => {
    assert.equal((await run(b, 'echo b-secret > secret.txt')).exitCode, 0);
    assert.equal(readFileSync(join(b.shell.workspace, 'secret.txt'), 'utf8'), 'b-secret\n');
    const read = await run(a, `cat ${b.shell.workspace}/secret.txt`);
    assert.notEqual(read.exitCode, 0);
    assert.doesNotMatch(read.output, /b-secret/);
    assert.notEqual((await run(a, `ls ${b.shell.workspace}`)).exitCode, 0);
    assert.notEqual((await run(a, `cat ${serverDir}/kubeclass.db`)).exitCode, 0);
    // The server's folder shows only the way down to the seat's own workspace.
    assert.equal((await run(a, `ls -A ${serverDir}`)).output, 'seats\n');
    assert.equal((await run(a, `ls -A ${serverDir}/seats`)).output, 'a\n');
    assert.notEqual((await run(a, 'ls /root')).exitCode, 0);
  });

  it('sees only its own processes and cannot signal the other seat', async () => {
    const ps = await run(a, 'ps -e -o comm=');
    assert.deepEqual(ps.output.trim().split('\n').sort(), ['bash', 'bwrap', 'ps']);
    const [bShell] = processesNamed(b.user.uid, 'bash');
    assert.ok(bShell, "B's shell on the host");
    for (const pid of [bShell, b.shell.pid]) {
      const kill = await run(a, `kill -9 ${pid}`);
      assert.notEqual(kill.exitCode, 0, kill.output);
    }
    assert.equal(b.shell.exited, false);
    assert.equal((await run(b, 'echo still-here')).output, 'still-here\n');
  });

  it('writes its own workspace and a private /tmp, never the system', async () => {
    const tmpName = `seat-a-${process.pid}`;
    const write = await run(a, `echo mine > own.txt && echo a-tmp > /tmp/${tmpName} && cat own.txt /tmp/${tmpName}`);
    assert.equal(write.output, 'mine\na-tmp\n');
    assert.equal(statSync(join(a.shell.workspace, 'own.txt')).uid, a.user.uid);
    assert.equal(existsSync(`/tmp/${tmpName}`), false, "the host's /tmp");
    assert.notEqual((await run(b, `cat /tmp/${tmpName}`)).exitCode, 0, "B's /tmp");
    for (const path of ['/usr/kubeclass-probe', '/etc/kubeclass-probe', `${kubeclassInstallDir()}/kubeclass-probe`]) {
      const touch = await run(a, `touch ${path}`);
      assert.notEqual(touch.exitCode, 0, path);
      assert.equal(existsSync(path), false, path);
    }
  });

  it('runs under the resource limits', async () => {
    const limits = await run(a, 'ulimit -u; ulimit -v; ulimit -t; ulimit -f');
    // ulimit -v and -f count KiB and 1 KiB blocks in bash.
    assert.equal(limits.output, `256\n${4 * 1024 * 1024}\n3600\n${1024 * 1024}\n`);
  });

  it('runs kubectl (a Go binary) and node under the address space limit', async () => {
    const help = await run(a, 'kubectl --help');
    assert.equal(help.exitCode, 0, help.output);
    assert.match(help.output, /kubectl controls the Kubernetes cluster manager/);
    const version = await run(a, 'kubectl version --client');
    assert.equal(version.exitCode, 0, version.output);
    const node = await run(a, 'node -e "console.log(1 + 1)"');
    assert.equal(node.output, '2\n');
  });

  it('reaches loopback addresses: the network is shared', async () => {
    // bash's /dev/tcp to a port nothing listens on: refused (exit 1), not unreachable.
    const probe = await run(a, '(exec 3<>/dev/tcp/127.0.0.1/9) 2>&1; echo "rc=$?"');
    assert.match(probe.output, /Connection refused[\s\S]*rc=1/);
  });

  it('keeps job control: a background job and Ctrl-C on a foreground one', async () => {
    const typed = await typeCommands(a.shell, ['sleep 30'], { limitMs: 500 });
    assert.equal(typed[0]?.interrupted, true);
    assert.equal(typed[0]?.events[0]?.exitCode, 130);
    const jobs = await run(a, 'sleep 30 & jobs; kill %1');
    assert.match(jobs.output, /\[1\]\+?\s+Running\s+sleep 30/);
  });

  it('runs zsh confined, with its command events', { skip: existsSync(ZSH) ? undefined : `${ZSH} is missing` }, async () => {
    const seat = openSeat('a-zsh', a.user, ZSH);
    const event = await run(seat, 'print -r -- $ZSH_NAME $PWD; false');
    assert.equal(event.exitCode, 1);
    assert.equal(event.output, `zsh ${seat.shell.workspace}\n`);
    assert.equal(event.cwd, seat.shell.workspace);
  });

  it("killUserProcesses ends every process of a seat's user", async () => {
    await run(a, 'sleep 1000 &');
    // The prompt may come back before the job's fork has become `sleep`.
    await until('the background sleep', () => (processesNamed(a.user.uid, 'sleep').length > 0 ? true : undefined), 5000);
    const exited = new Promise((resolve) => a.shell.onExited(resolve));
    const killed = await killUserProcesses(a.user.uid);
    assert.ok(killed >= 3, `killed ${killed}`); // bwrap, its pid 1, the shell, sleep (and the zsh seat's)
    assert.deepEqual(userProcesses(a.user.uid), []);
    await exited;
    assert.equal(b.shell.exited, false, "B's shell is not A's user's");
  });
});

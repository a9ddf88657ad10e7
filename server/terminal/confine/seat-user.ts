// A classroom seat's own Unix user: with it, file permissions keep learners out of each other's workspaces and
// the kernel refuses signals between seats, whatever the sandbox lets through. Only root can make users; a
// server that is not root confines its seats with bubblewrap alone (they all run as the server's user).
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';

// Asynchronous on purpose: a synchronous spawn from a server holding 50 seats blocks everyone's terminal for as
// long as the fork of its large process takes (9 s of a 50-learner join in the bench).
const run = promisify(execFile);

export type SeatUser =
  | { kind: 'seat-user'; name: string; uid: number; gid: number }
  | { kind: 'same-user'; reason: string };

/** What useradd accepts without surprises (and never an option: no leading dash). */
const USER_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

export function isRoot(): boolean {
  return process.geteuid?.() === 0;
}

/** uid and gid of a user, or undefined when there is none (getent: passwd files, LDAP, whatever NSS says). */
export async function lookUpUser(name: string): Promise<{ uid: number; gid: number } | undefined> {
  let line: string;
  try {
    line = (await run('getent', ['passwd', name], { encoding: 'utf8' })).stdout;
  } catch {
    return undefined; // exit code 2: no such user
  }
  const fields = line.trim().split(':');
  const uid = Number(fields[2]);
  const gid = Number(fields[3]);
  if (fields[0] !== name || !Number.isInteger(uid) || !Number.isInteger(gid)) return undefined;
  return { uid, gid };
}

function checkName(name: string): void {
  if (!USER_NAME.test(name)) throw new Error(`not a seat user name: ${JSON.stringify(name)}`);
}

/**
 * The seat's user, created (a system user with its own group, no home, no login shell) when it does not exist
 * and reused when it does. Not root: the seat runs as the server's user, confined by bubblewrap only.
 */
export async function ensureSeatUser(name: string): Promise<SeatUser> {
  if (!isRoot()) return { kind: 'same-user', reason: 'same user: confinement by bubblewrap only (the server is not root)' };
  checkName(name);
  let user = await lookUpUser(name);
  if (!user) {
    await run('useradd', ['--system', '--no-create-home', '--user-group', '--shell', '/usr/sbin/nologin', name]);
    user = await lookUpUser(name);
    if (!user) throw new Error(`useradd made no user ${name}`);
  }
  // A seat running as root would be no seat at all.
  if (user.uid === 0 || user.gid === 0) throw new Error(`${name} is root (uid ${user.uid}, gid ${user.gid}): not a seat user`);
  return { kind: 'seat-user', name, ...user };
}

/** Processes of a uid (real, effective or saved), zombies left out: they are dead and wait for their parent. */
export function userProcesses(uid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of entries) {
    if (!/^[0-9]+$/.test(name) || Number(name) === process.pid) continue;
    let status: string;
    try {
      status = readFileSync(`/proc/${name}/status`, 'utf8');
    } catch {
      continue; // gone already
    }
    if (/^State:\s+[ZX]/m.test(status)) continue;
    const ids = /^Uid:\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(status);
    if (ids && ids.slice(1, 4).some((id) => Number(id) === uid)) pids.push(Number(name));
  }
  return pids;
}

/**
 * SIGKILLs every process of the uid and returns how many it killed. Passes repeat until none is left: a
 * process may fork between the reading of /proc and its kill (RLIMIT_NPROC bounds how often).
 */
export async function killUserProcesses(uid: number): Promise<number> {
  if (!Number.isInteger(uid) || uid === 0 || uid === process.geteuid?.()) throw new Error(`refusing to kill every process of uid ${uid}`);
  const killed = new Set<number>();
  for (let pass = 0; pass < 50; pass++) {
    const pids = userProcesses(uid);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        killed.add(pid);
      } catch {
        // Gone already.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return killed.size;
}

/** Removes a seat user (its processes first: userdel refuses a user that still runs something) and its group. */
export async function removeSeatUser(user: SeatUser): Promise<void> {
  if (user.kind !== 'seat-user') return;
  checkName(user.name);
  const found = await lookUpUser(user.name);
  if (!found) return;
  if (found.uid !== user.uid) throw new Error(`${user.name} is uid ${found.uid} now, not ${user.uid}: left alone`);
  await killUserProcesses(user.uid);
  await run('userdel', [user.name]);
  // userdel removes the user's group too where USERGROUPS_ENAB is set (Debian's default); elsewhere do it here.
  try {
    await run('getent', ['group', user.name]);
    await run('groupdel', [user.name]);
  } catch {
    // No such group left.
  }
}

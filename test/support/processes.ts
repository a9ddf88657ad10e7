// What is running in a test server's sessions, read from /proc (Linux).
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of processes whose HOME is inside dataDir (every shell of a test server, and what it started). */
export function processesUnder(dataDir: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'latin1').includes(`HOME=${dataDir}/`)) pids.push(Number(name));
    } catch {
      // gone, or not readable
    }
  }
  return pids;
}

/** True when a process named `comm` of that server is the foreground job of its terminal, so Ctrl-C
 * reaches it (a shell prints its start mark before it forks the command and hands it the terminal). */
export function isForeground(dataDir: string, comm: string): boolean {
  for (const pid of processesUnder(dataDir)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[2] is the process group, fields[5] the terminal's foreground process group (proc(5)).
      if (name === comm && fields[2] === fields[5]) return true;
    } catch {
      // gone
    }
  }
  return false;
}

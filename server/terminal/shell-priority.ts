// Learners' shells yield the CPU to the server. With many learners on a few cores, their kubectl runs keep every
// core busy; the server that relays their keystrokes and sends their verdicts must still run at once.
//
// Two mechanisms, since which one the kernel uses depends on the machine:
// - Autogroups (kernel.sched_autogroup_enabled, used while the server is in the root CPU cgroup, as on these
//   machines): each session (setsid, which node-pty does for every pty) is one scheduling group, weighted equally
//   with the server's whole process whatever the processes' nice values. Fifty learners' sessions against one
//   server: the server's threads waited up to 2 s for a core. A nice value written to /proc/self/autogroup
//   weights the whole session.
// - Plain nice values, inherited by everything the shell starts, for machines where the server runs in its own
//   cgroup (a systemd service): there all threads of the cgroup share by nice.
import type { ShellCommand } from './shell-launch.js';

/** Highest nice value Linux knows: the weakest claim on the CPU. */
export const MAX_NICE = 19;

/**
 * The command started so that it, and all it runs, yields: `sh` weights its session's autogroup (it runs after
 * node-pty's setsid, so the group is the shell's own: written from the server, right after spawn, it could still
 * be the server's), then `nice -n N` (coreutils) sets the nice value that everything after inherits.
 */
export function yieldingCommand(command: ShellCommand, nice: number): ShellCommand {
  if (nice <= 0) return command;
  const n = String(Math.min(nice, MAX_NICE));
  // Without CAP_SYS_ADMIN (a server that is not root) the kernel takes one such write per 100 ms machine-wide
  // (EAGAIN otherwise), so when fifty shells start at once the later ones try again in the background, for 3 s,
  // while the shell starts. A kernel without autogroups has no such file: nothing to do, nice alone counts.
  const script = [
    `{ echo ${n} > /proc/self/autogroup; } 2>/dev/null ||`,
    `  if [ -e /proc/self/autogroup ]; then`,
    `    (i=0; while [ $i -lt 30 ]; do sleep 0.1; { echo ${n} > /proc/self/autogroup; } 2>/dev/null && break; i=$((i+1)); done) &`,
    `  fi`,
    `exec nice -n ${n} "$@"`,
  ].join('\n');
  return { file: 'sh', args: ['-c', script, 'kubeclass-shell', command.file, ...command.args], env: command.env };
}

// How seats are kept apart on this machine: each seat's shell inside bubblewrap (its own pid namespace, the
// system read-only, a private /tmp, only its own workspace) with limits, and, where the server runs as root, as
// its own Unix user (the kernel then refuses it other seats' files and signals). Without bubblewrap the
// classroom does not start unless --unconfined says the instructor accepts that.
import { confineCommand, bwrapUnavailable, kubeclassInstallDir } from '../terminal/confine/confine-command.js';
import { ensureSeatUser, isRoot, killUserProcesses } from '../terminal/confine/seat-user.js';
import type { ShellCommand } from '../terminal/shell-launch.js';
import type { SeatEnvironment, SeatUser } from './seat-environment.js';

export interface SeatConfinement {
  summary: string;
  makeUser: (name: string) => Promise<SeatUser | undefined>;
  confineFor: ((env: SeatEnvironment) => ((command: ShellCommand, workspace: string) => ShellCommand) | undefined) | undefined;
  killUser: ((uid: number) => Promise<unknown>) | undefined;
}

export class ConfinementUnavailable extends Error {}

export function seatConfinement(options: { dataDir: string; unconfined: boolean; log: (message: string) => void }): SeatConfinement {
  const problem = bwrapUnavailable();
  if (problem) {
    if (!options.unconfined) {
      throw new ConfinementUnavailable(`learners' shells cannot be confined: ${problem}. Install bubblewrap (apt-get install -y bubblewrap), or pass --unconfined to run a room where learners can read each other's files`);
    }
    return { summary: `seats are NOT confined (--unconfined): ${problem}`, makeUser: async () => undefined, confineFor: undefined, killUser: undefined };
  }
  const perUser = isRoot();
  return {
    summary: perUser ? 'each seat runs as its own Unix user inside bubblewrap, with limits' : 'seats run inside bubblewrap with limits (the server is not root: one Unix user for all seats)',
    makeUser: async (name) => {
      const user = await ensureSeatUser(`kubeclass-${name}`);
      if (user.kind !== 'seat-user') return undefined;
      // A user reused after a crash may still run something of an earlier learner.
      void killUserProcesses(user.uid).catch((error: unknown) => options.log(`seat ${name}: ${(error as Error).message}`));
      return { name: user.name, uid: user.uid, gid: user.gid };
    },
    confineFor: (env) => (command, workspace) =>
      confineCommand(command, { workspace, installDir: kubeclassInstallDir(), user: env.user, hidden: [options.dataDir] }),
    killUser: perUser ? (uid) => killUserProcesses(uid) : undefined,
  };
}

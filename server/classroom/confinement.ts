// How seats are kept apart on this machine: bubblewrap around each shell and, where the server runs as root, a
// Unix user per seat. Where neither is possible (no bwrap) the classroom still runs, and says so loudly.
import type { ShellCommand } from '../terminal/shell-launch.js';
import type { SeatEnvironment, SeatUser } from './seat-environment.js';

export interface SeatConfinement {
  summary: string;
  makeUser: (name: string) => SeatUser | undefined;
  confineFor: ((env: SeatEnvironment) => ((command: ShellCommand, workspace: string) => ShellCommand) | undefined) | undefined;
  killUser: ((uid: number) => Promise<unknown>) | undefined;
}

export function seatConfinement(_options: { dataDir: string; log: (message: string) => void }): SeatConfinement {
  return { summary: 'seats are NOT confined (bubblewrap support is not wired yet)', makeUser: () => undefined, confineFor: undefined, killUser: undefined };
}

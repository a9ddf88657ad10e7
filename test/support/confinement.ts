// Whether seats can be confined here: root (to make seat users) and a bubblewrap that sandboxes as such a
// user. In CI a missing piece is a failure, not a skip (as a missing browser or zsh is).
import { bwrapUnavailable } from '../../server/terminal/confine/confine-command.js';
import { isRoot } from '../../server/terminal/confine/seat-user.js';

export function confinementUnavailable(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const why = !isRoot() ? 'seat confinement tests make Unix users: run them as root' : bwrapUnavailable({ uid: 65534, gid: 65534 });
  if (why && env.CI) throw new Error(why);
  return why;
}

// Gives a seat's folders to the seat's user, owner-only: its data dir, the folders down to its workspace, and
// the workspace's contents (the starter rc files and state dir the server just made there are root's).
import { chmodSync, lchownSync, lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface Owner {
  uid: number;
  gid: number;
}

/**
 * Walks without following symlinks (lchown), and leaves alone a file with several hard links that the seat
 * does not own: the learner may have linked a file of someone else's into the workspace (where the kernel's
 * protected_hardlinks is off), and chowning it would hand that file over.
 */
export function chownTree(path: string, owner: Owner): void {
  const stat = lstatSync(path);
  const foreign = stat.uid !== owner.uid || stat.gid !== owner.gid;
  if (foreign && !(stat.isFile() && stat.nlink > 1)) lchownSync(path, owner.uid, owner.gid);
  if (!stat.isDirectory()) return;
  for (const name of readdirSync(path)) chownTree(join(path, name), owner);
}

/** The data dir and every folder from it down to the workspace: the seat user's, mode 0700. */
export function secureSeatDirs(dataDir: string, workspace: string, owner: Owner): void {
  const below = relative(dataDir, workspace);
  if (below === '' || below.startsWith('..') || below.startsWith(sep)) throw new Error(`${workspace} is not inside ${dataDir}`);
  let dir = dataDir;
  for (const part of ['', ...below.split(sep).slice(0, -1)]) {
    dir = join(dir, part);
    lchownSync(dir, owner.uid, owner.gid);
    chmodSync(dir, 0o700);
  }
  chownTree(workspace, owner);
  chmodSync(workspace, 0o700);
}

// Handing a seat's folders to its user must give away nothing else: not what a symlink in the workspace points
// to, not a file of someone else's hard-linked there; and the server's starter files never go through a symlink.
import assert from 'node:assert/strict';
import { existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { secureSeatDirs } from '../../server/terminal/confine/seat-dirs.js';
import { isRoot } from '../../server/terminal/confine/seat-user.js';
import { ensureWorkspace } from '../../server/terminal/workspace.js';

const SEAT = { uid: 61_234, gid: 61_235 }; // chown needs no user of that uid

describe('secureSeatDirs', { skip: isRoot() ? undefined : 'chown to another user needs root' }, () => {
  let root: string;
  let dataDir: string;
  let workspace: string;
  let outside: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'kubeclass-seat-dirs-'));
    dataDir = join(root, 'seat');
    workspace = ensureWorkspace(dataDir, 'a'.repeat(32));
    outside = join(root, 'server-file');
    writeFileSync(outside, 'the server\'s');
    mkdirSync(join(workspace, 'project', 'src'), { recursive: true });
    writeFileSync(join(workspace, 'project', 'src', 'main.go'), 'package main');
    symlinkSync(outside, join(workspace, 'link-to-server-file'));
    symlinkSync(root, join(workspace, 'link-to-dir'));
    linkSync(outside, join(workspace, 'hard-link'));
    secureSeatDirs(dataDir, workspace, SEAT);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('gives the data dir, the folders down to the workspace and its contents to the seat, owner-only', () => {
    for (const path of [dataDir, join(dataDir, 'workspaces'), workspace, join(workspace, '.bashrc'), join(workspace, '.kubeclass'), join(workspace, 'project', 'src', 'main.go')]) {
      assert.deepEqual([lstatSync(path).uid, lstatSync(path).gid], [SEAT.uid, SEAT.gid], path);
    }
    for (const path of [dataDir, join(dataDir, 'workspaces'), workspace]) assert.equal(statSync(path).mode & 0o777, 0o700, path);
    assert.equal(lstatSync(join(workspace, 'link-to-server-file')).uid, SEAT.uid, 'the link itself');
  });

  it('leaves what links point to alone', () => {
    assert.equal(statSync(outside).uid, 0);
    assert.equal(statSync(root).uid, 0);
  });

  it('ensureWorkspace never writes its starter files through a symlink the learner left', () => {
    const target = join(root, 'written-through');
    rmSync(join(workspace, '.zshrc'));
    symlinkSync(target, join(workspace, '.zshrc'));
    ensureWorkspace(dataDir, 'a'.repeat(32));
    assert.equal(existsSync(target), false);
    assert.equal(readFileSync(outside, 'utf8'), 'the server\'s');
  });
});

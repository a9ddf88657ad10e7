// A session's private directory: its HOME and working directory, so kubectl caches, shell history and the
// learner's files never mix between sessions. Workspaces outlive shells: a restarted shell finds its files.
import { constants, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_RC_FILES } from './shell-launch.js';

export const SESSION_ID_PATTERN = /^[0-9a-f]{32}$/;

export function workspacePath(dataDir: string, sessionId: string): string {
  if (!SESSION_ID_PATTERN.test(sessionId)) throw new Error(`not a session id: ${sessionId}`);
  return join(dataDir, 'workspaces', sessionId);
}

export function workspaceExists(dataDir: string, sessionId: string): boolean {
  return SESSION_ID_PATTERN.test(sessionId) && existsSync(workspacePath(dataDir, sessionId));
}

/** Small files the shell integration keeps for itself, inside the workspace (the learner's own). */
export function stateDir(workspace: string): string {
  return join(workspace, '.kubeclass');
}

/** Creates the workspace (owner-only) with starter rc files, keeping whatever is already there. */
export function ensureWorkspace(dataDir: string, sessionId: string): string {
  const dir = workspacePath(dataDir, sessionId);
  mkdirSync(stateDir(dir), { recursive: true, mode: 0o700 });
  for (const [name, source] of Object.entries(WORKSPACE_RC_FILES)) {
    // Exclusive: never through a symlink the learner left there (a confined seat's workspace is not the
    // server's user's, and the server may be root).
    try {
      copyFileSync(source, join(dir, name), constants.COPYFILE_EXCL);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return dir;
}

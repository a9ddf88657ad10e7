// How a session's shell is started: which shell, its arguments and a clean environment. The server's own
// environment (tokens, cloud credentials) is never handed to a learner's shell; only what a shell needs is.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { pathWithProjectBin } from '../tools/bin-dir.js';
import { fileURLToPath } from 'node:url';
import { SESSION_MARKER_VAR } from './process-tree.js';

const integrationDir = fileURLToPath(new URL('./shell-integration/', import.meta.url));
export const BASH_INTEGRATION = `${integrationDir}kubeclass.bash`;
export const BASH_LAUNCHER = `${integrationDir}launcher.bash`;
export const ZSH_INTEGRATION = `${integrationDir}kubeclass.zsh`;
/** ZDOTDIR for zsh: its .zshrc sources the workspace's ~/.zshrc, then the integration. */
export const ZSH_DOTDIR = `${integrationDir}zsh`;
/** Starter rc files copied into a new workspace. */
export const WORKSPACE_RC_FILES = {
  '.bashrc': `${integrationDir}workspace-bashrc.bash`,
  '.zshrc': `${integrationDir}workspace-zshrc.zsh`,
} as const;

export interface ShellCommand {
  file: string;
  args: string[];
  env: Record<string, string>;
}

/** Variables passed through from the server's environment when set. */
const PASSED_THROUGH = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'KUBECONFIG'] as const;

export type ShellKind = 'bash' | 'zsh';

export function shellKind(shell: string): ShellKind {
  return basename(shell) === 'zsh' ? 'zsh' : 'bash';
}

/** The user's shell when it is bash or zsh (both have an integration), else the first bash found. */
export function resolveShell(preferred: string | undefined): string {
  if (preferred && ['bash', 'zsh'].includes(basename(preferred)) && existsSync(preferred)) return preferred;
  for (const candidate of ['/bin/bash', '/usr/bin/bash', '/usr/local/bin/bash', '/opt/homebrew/bin/bash']) {
    if (existsSync(candidate)) return candidate;
  }
  return 'bash';
}

/** bin/tools of this installation (server/terminal/ is dist/server/terminal/ once built). */
const TOOLS_DIR = fileURLToPath(new URL('../../../bin/tools', import.meta.url));

export function shellCommand(options: {
  shell: string;
  home: string;
  nonce: string;
  marker: string;
  serverEnv: Readonly<Record<string, string | undefined>>;
  extraEnv?: Record<string, string>;
}): ShellCommand {
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = options.serverEnv[name];
    if (value) env[name] = value;
  }
  env.PATH ??= '/usr/local/bin:/usr/bin:/bin';
  // What `kubeclass tools` installed (pinned kubectl, faas-cli) comes first; kubeclass's own emulated faas-cli
  // comes last, so a real one installed on the machine wins.
  env.PATH = `${pathWithProjectBin(env.PATH)}:${TOOLS_DIR}`;
  if (!env.LANG || !/utf-?8/i.test(env.LANG)) env.LANG = 'C.UTF-8';
  let user = 'learner';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): keep the default.
  }
  Object.assign(env, {
    HOME: options.home,
    USER: user,
    LOGNAME: user,
    SHELL: options.shell,
    TERM: 'xterm-256color',
    COLORTERM: 'truecolor',
    TERM_PROGRAM: 'kubeclass',
    [SESSION_MARKER_VAR]: options.marker,
    // Nested and exec'd shells need the nonce, so it stays exported: it guards against program output that
    // imitates marks (a file being `cat`), not against the learner, who owns the shell anyway.
    KUBECLASS_SHELL_NONCE: options.nonce,
    // Both, always: a learner may start zsh inside bash or bash inside zsh.
    KUBECLASS_BASH_INTEGRATION: BASH_INTEGRATION,
    KUBECLASS_ZSH_INTEGRATION: ZSH_INTEGRATION,
    ZDOTDIR: ZSH_DOTDIR,
    ...options.extraEnv,
  });
  if (shellKind(options.shell) === 'zsh') return { file: options.shell, args: ['-i'], env };
  return { file: options.shell, args: ['--rcfile', BASH_LAUNCHER, '-i'], env };
}

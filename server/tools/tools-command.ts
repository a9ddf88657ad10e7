// `kubeclass tools [--dir DIR] [--only kind,kubectl,faas-cli,helm] [--check] [--json]`: installs the pinned
// tools for this machine into the project's bin/ (or DIR), or with --check only reports what is there.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { RunCommand } from '../clusters/kind/check.js';
import { projectBinDir } from './bin-dir.js';
import { checkTools, formatChecks } from './check-tools.js';
import { installTools, SUM_SOURCE_TEXT, type ProgressEvent, type ToolResult } from './install-tools.js';
import { manualSteps, unsupportedHint } from './manual-install.js';
import { MirrorError, parseMirror } from './mirror.js';
import { toolPlatform, type PlatformAnswer } from './platform.js';
import { progressView } from './progress.js';
import { TOOL_NAMES, TOOL_PINS, type ToolName, type ToolPin, type ToolPlatform } from './tool-pins.js';

export const TOOLS_USAGE = `Usage: kubeclass tools [--dir DIR] [--only kind,kubectl,faas-cli,helm] [--check] [--json]

Installs the pinned ${TOOL_PINS.map((p) => `${p.name} ${p.tag}`).join(', ')} for this machine (Linux or
macOS, amd64 or arm64) into DIR, checking each download's SHA-256: the one pinned in kubeclass, or, for a file
without one, the one upstream publishes beside it. A tool whose binary in DIR already reports the pinned
version is skipped. Exits 0 when every tool is in place, 1 if not (offline: it prints what to install by hand).

  --dir DIR    where to install (default: the bin/ folder of this kubeclass, ${projectBinDir()})
  --only LIST  comma-separated subset of ${TOOL_NAMES.join(',')}
  --check      download nothing: report what DIR and PATH hold against the pins; exits 0 when DIR has every
               pinned version
  --json       print the result as JSON

Environment:
  KUBECLASS_TOOLS_MIRROR  fetch from a mirror instead of upstream: a base URL or a file:// folder laid out as
                          <mirror>/<host>/<path>, e.g. <mirror>/dl.k8s.io/release/v1.34.0/bin/linux/amd64/kubectl
  KUBECLASS_MIRROR        the same, shared with \`cluster up\` and \`images\` (a folder path works too); the one
                          above wins for tools
`;

type Output = (text: string) => void;

export interface ToolsCommandDeps {
  /** Replaces the real pins (tests). */
  pins: readonly ToolPin[];
  platform: PlatformAnswer;
  /** Columns when stdout is a terminal (progress redrawn in place); undefined for plain lines. */
  terminal: { columns: number } | undefined;
  idleTimeoutMs: number;
  run: RunCommand;
}

export async function toolsCommand(argv: string[], out: Output, err: Output, env: Readonly<Record<string, string | undefined>>, deps: Partial<ToolsCommandDeps> = {}): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: { dir: { type: 'string' }, only: { type: 'string' }, check: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    err(`kubeclass: ${(error as Error).message}\n\n${TOOLS_USAGE}`);
    return 2;
  }
  if (values.help) {
    out(TOOLS_USAGE);
    return 0;
  }
  const allPins = deps.pins ?? TOOL_PINS;
  let pins: ToolPin[];
  try {
    pins = selectPins(allPins, values.only);
  } catch (error) {
    err(`kubeclass: ${(error as Error).message}\n`);
    return 2;
  }
  let mirror: string | undefined;
  try {
    // KUBECLASS_MIRROR (also read by `cluster up` and `images`, and it may be a plain folder) serves tools too.
    const shared = env.KUBECLASS_MIRROR ? (/^[a-z]+:\/\//.test(env.KUBECLASS_MIRROR) ? env.KUBECLASS_MIRROR : pathToFileURL(resolve(env.KUBECLASS_MIRROR)).href) : undefined;
    mirror = parseMirror(env.KUBECLASS_TOOLS_MIRROR || shared);
  } catch (error) {
    if (!(error instanceof MirrorError)) throw error;
    err(`kubeclass: ${error.message}\n`);
    return 2;
  }
  const dir = resolve(values.dir ?? projectBinDir());
  const json = values.json === true;
  const installCommand = `kubeclass tools${values.dir ? ` --dir ${dir}` : ''}${values.only ? ` --only ${values.only}` : ''}`;

  if (values.check) {
    const checks = await checkTools(pins, dir, env.PATH, deps.run);
    if (json) out(`${JSON.stringify({ dir, tools: checks }, null, 2)}\n`);
    else out(formatChecks(checks, dir, installCommand));
    return checks.every((c) => c.ok) ? 0 : 1;
  }

  const platform = deps.platform ?? toolPlatform();
  if (!platform.ok) {
    if (json) out(`${JSON.stringify({ dir, error: platform.reason, tools: pins.map((p) => ({ name: p.name, tag: p.tag, status: 'unsupported', docsUrl: p.docsUrl, windowsUrl: p.windowsUrl })) }, null, 2)}\n`);
    else err(unsupportedHint(pins, platform.reason, platform.windows));
    return 1;
  }

  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    err(`kubeclass: cannot create ${dir}: ${(error as Error).message}\n`);
    return 1;
  }
  if (!json) out(`Installing ${pins.map((p) => `${p.name} ${p.tag}`).join(', ')} for ${platform.platform} into ${dir}${mirror ? ` (mirror ${mirror})` : ''}\n`);
  const view = json ? undefined : progressView(out, deps.terminal, pins);
  const results = await installTools({
    dir,
    platform: platform.platform,
    pins,
    mirror,
    ...(deps.idleTimeoutMs !== undefined ? { idleTimeoutMs: deps.idleTimeoutMs, sumTimeoutMs: deps.idleTimeoutMs } : {}),
    ...(deps.run ? { run: deps.run } : {}),
    ...(view ? { onProgress: (tool: ToolName, event: ProgressEvent) => view.event(tool, event), onDone: (result: ToolResult) => view.finish(result.name, resultLine(result)) } : {}),
  });
  const failed = results.filter((r) => r.status === 'failed');
  if (json) {
    out(`${JSON.stringify({ dir, platform: platform.platform, mirror: mirror ?? null, tools: results.map((r) => ({ ...r, ...(r.status === 'failed' ? { manual: manualSteps(pinOf(pins, r.name), platform.platform, dir) } : {}) })) }, null, 2)}\n`);
    return failed.length > 0 ? 1 : 0;
  }
  out(summaryLine(results));
  if (failed.length > 0) err(manualSection(failed, pins, platform.platform, dir, mirror));
  return failed.length > 0 ? 1 : 0;
}

function selectPins(pins: readonly ToolPin[], only: string | undefined): ToolPin[] {
  if (only === undefined) return [...pins];
  const names = only.split(',').map((n) => n.trim()).filter((n) => n !== '');
  const unknown = names.filter((n) => !pins.some((p) => p.name === n));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(`--only takes a comma-separated list of ${pins.map((p) => p.name).join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`);
  }
  return pins.filter((p) => names.includes(p.name));
}

function pinOf(pins: readonly ToolPin[], name: ToolName): ToolPin {
  return pins.find((p) => p.name === name)!;
}

export function resultLine(result: ToolResult): string {
  const label = `${result.name} ${result.tag}`;
  switch (result.status) {
    case 'up-to-date':
      return `✓ ${label} already installed: ${result.path}`;
    case 'installed':
      return `✓ ${label} installed: ${result.path} (SHA-256 ${result.sha256} verified, ${SUM_SOURCE_TEXT[result.sumSource]})`;
    case 'failed':
      return `✗ ${label}: ${result.error}`;
  }
}

function summaryLine(results: readonly ToolResult[]): string {
  const count = (status: ToolResult['status']): number => results.filter((r) => r.status === status).length;
  const parts = [`${count('installed')} installed`, `${count('up-to-date')} already up to date`];
  if (count('failed') > 0) parts.push(`${count('failed')} failed`);
  return `${parts.join(', ')}.\n`;
}

/** For every tool that failed: what to do by hand. Offline gets its own heading: it is the usual cause. */
function manualSection(failed: readonly ToolResult[], pins: readonly ToolPin[], platform: ToolPlatform, dir: string, mirror: string | undefined): string {
  const offline = failed.some((r) => r.status === 'failed' && r.reason === 'offline');
  const heading = offline
    ? `kubeclass could not reach ${mirror ? `the mirror ${mirror}` : 'the download servers'} (no network, or a proxy in the way). Install ${failed.length === 1 ? 'this tool' : 'these tools'} by hand:\n`
    : `Install ${failed.length === 1 ? 'this tool' : 'these tools'} by hand instead:\n`;
  const check = `kubeclass tools --check${dir === projectBinDir() ? '' : ` --dir ${dir}`}`;
  return `\n${heading}\n${failed.map((r) => manualSteps(pinOf(pins, r.name), platform, dir)).join('\n')}\nThen \`${check}\` confirms ${failed.length === 1 ? 'it is' : 'they are'} in place.\n`;
}

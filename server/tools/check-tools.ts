// `kubeclass tools --check`: what DIR and PATH hold against the pins, without downloading anything.
import { join } from 'node:path';
import type { RunCommand } from '../clusters/kind/check.js';
import { findOnPath, installedVersion, type InstalledTool } from './installed-version.js';
import type { ToolName, ToolPin } from './tool-pins.js';

export interface ToolCheck {
  name: ToolName;
  tag: string;
  pinned: string;
  /** The binary in DIR, if any. */
  inDir: InstalledTool | undefined;
  /** The first one on PATH, if any (it may be the one in DIR). */
  onPath: InstalledTool | undefined;
  /** DIR holds the pinned version. */
  ok: boolean;
}

export async function checkTools(pins: readonly ToolPin[], dir: string, path: string | undefined, run?: RunCommand): Promise<ToolCheck[]> {
  return Promise.all(
    pins.map(async (pin) => {
      const inDir = await installedVersion(pin, join(dir, pin.name), run);
      const found = findOnPath(pin.name, path);
      const onPath = found ? await installedVersion(pin, found, run) : undefined;
      return { name: pin.name, tag: pin.tag, pinned: pin.version, inDir, onPath, ok: inDir?.version === pin.version };
    }),
  );
}

function describe(tool: InstalledTool | undefined, pin: { pinned: string }): string {
  if (!tool) return 'not found';
  if (!tool.version) return `${tool.path} (${tool.detail ?? 'no version'})`;
  return `${tool.path} (${tool.version}${tool.version === pin.pinned ? '' : `, pinned ${pin.pinned}`})`;
}

/** installCommand: what to run to install the missing ones (with its --dir, --only). */
export function formatChecks(checks: readonly ToolCheck[], dir: string, installCommand: string): string {
  const width = Math.max(...checks.map((c) => `${c.name} ${c.tag}`.length));
  const lines = checks.map((c) => {
    const mark = c.ok ? '✓' : '✗';
    const inDir = c.inDir ? describe(c.inDir, c) : `not installed in ${dir}`;
    return `${mark} ${`${c.name} ${c.tag}`.padEnd(width)}  ${inDir}; on PATH: ${describe(c.onPath, c)}\n`;
  });
  const missing = checks.filter((c) => !c.ok).length;
  const summary = missing === 0 ? `All ${checks.length} pinned tools are in ${dir}.\n` : `${missing} of ${checks.length} pinned tools missing or at another version in ${dir}: run ${installCommand} to install them.\n`;
  return `Tools in ${dir}:\n${lines.join('')}${summary}`;
}

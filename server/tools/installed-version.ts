// What an installed binary says its version is, and where a tool is found on PATH.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { firstLine, runCommand, type RunCommand } from '../clusters/kind/check.js';
import { formatVersion } from '../clusters/kind/versions.js';
import type { ToolPin } from './tool-pins.js';

export interface InstalledTool {
  path: string;
  /** X.Y.Z as reported, or undefined when the binary did not say (see detail). */
  version: string | undefined;
  detail?: string;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** undefined when there is no executable at path. */
export async function installedVersion(pin: ToolPin, path: string, run: RunCommand = runCommand): Promise<InstalledTool | undefined> {
  if (!isExecutableFile(path)) return undefined;
  try {
    const result = await run(path, pin.versionArgs);
    const version = result.code === 0 ? pin.parseVersion(result.stdout) : undefined;
    if (version) return { path, version: formatVersion(version) };
    return { path, version: undefined, detail: `\`${pin.name} ${pin.versionArgs.join(' ')}\` ${result.code === 0 ? 'printed no version' : `failed: ${firstLine(result.stderr || result.stdout) || `exit ${result.code}`}`}` };
  } catch (error) {
    return { path, version: undefined, detail: `cannot run it: ${(error as Error).message}` };
  }
}

/** The first executable called name in PATH's folders. */
export function findOnPath(name: string, path: string | undefined): string | undefined {
  for (const folder of (path ?? '').split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

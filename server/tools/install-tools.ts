// Installs pinned tools into a folder, all at once: skip a tool whose binary already reports the pinned version,
// else download to DIR/.<name>.partial, check its SHA-256 (the pinned one, or the one upstream publishes beside
// the file), and rename it into place. A failed tool leaves nothing behind.
import { chmod, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunCommand } from '../clusters/kind/check.js';
import { downloadFile, DownloadError, fetchText } from './download.js';
import { installedVersion } from './installed-version.js';
import { mirrored } from './mirror.js';
import { extractTarGzMember } from './tar-extract.js';
import type { ToolName, ToolPin, ToolPlatform } from './tool-pins.js';

export type SumSource = 'pinned' | 'upstream';
export const SUM_SOURCE_TEXT: Record<SumSource, string> = { pinned: 'pinned in kubeclass', upstream: 'published by upstream' };

export type ProgressEvent =
  | { kind: 'step'; text: string }
  | { kind: 'bytes'; received: number; total: number | undefined };

export interface InstallOptions {
  dir: string;
  platform: ToolPlatform;
  pins: readonly ToolPin[];
  /** KUBECLASS_TOOLS_MIRROR, parsed (mirror.ts). */
  mirror?: string | undefined;
  /** A download that receives nothing for this long fails (default 30 s). */
  idleTimeoutMs?: number;
  /** Fetching a published sum fails after this long (default 30 s). */
  sumTimeoutMs?: number;
  onProgress?: (tool: ToolName, event: ProgressEvent) => void;
  /** Each tool's result as soon as it is known. */
  onDone?: (result: ToolResult) => void;
  run?: RunCommand;
}

interface ResultBase {
  name: ToolName;
  tag: string;
  /** Where the binary is (or would have gone). */
  path: string;
  /** The upstream address of the file. */
  url: string;
}

export type FailureReason = 'offline' | 'refused' | 'mismatch' | 'other';

export type ToolResult =
  | (ResultBase & { status: 'up-to-date' })
  | (ResultBase & { status: 'installed'; sha256: string; sumSource: SumSource; bytes: number })
  | (ResultBase & { status: 'failed'; reason: FailureReason; error: string; expected?: string; actual?: string; sumSource?: SumSource });

const DEFAULT_TIMEOUT_MS = 30_000;

export async function installTools(options: InstallOptions): Promise<ToolResult[]> {
  await mkdir(options.dir, { recursive: true });
  return Promise.all(
    options.pins.map(async (pin) => {
      const result = await installTool(pin, options);
      options.onDone?.(result);
      return result;
    }),
  );
}

class MismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
    readonly sumSource: SumSource,
    url: string,
  ) {
    super(`SHA-256 mismatch for ${url}: expected ${expected} (${SUM_SOURCE_TEXT[sumSource]}), got ${actual}; the download was deleted`);
  }
}

async function installTool(pin: ToolPin, options: InstallOptions): Promise<ToolResult> {
  const artifact = pin.artifacts[options.platform];
  const base: ResultBase = { name: pin.name, tag: pin.tag, path: join(options.dir, pin.name), url: artifact.url };
  const step = (text: string): void => options.onProgress?.(pin.name, { kind: 'step', text });
  const current = await installedVersion(pin, base.path, options.run);
  if (current?.version === pin.version) return { ...base, status: 'up-to-date' };

  const partial = join(options.dir, `.${pin.name}.partial`);
  const member = pin.archiveMember?.(options.platform);
  // An archive is downloaded beside the binary's partial, which is then extracted from it.
  const download = member ? join(options.dir, `.${pin.name}.archive.partial`) : partial;
  const source = mirrored(artifact.url, options.mirror);
  try {
    let expected: string;
    let sumSource: SumSource;
    if (artifact.sha256) {
      expected = artifact.sha256.toLowerCase();
      sumSource = 'pinned';
    } else {
      const sumUrl = mirrored(artifact.url + pin.sumSuffix, options.mirror);
      step(`fetching the published sum ${sumUrl}`);
      const text = await fetchText(sumUrl, options.sumTimeoutMs ?? DEFAULT_TIMEOUT_MS);
      const found = /\b[0-9a-f]{64}\b/i.exec(text)?.[0];
      if (!found) throw new Error(`no SHA-256 in ${sumUrl}`);
      expected = found.toLowerCase();
      sumSource = 'upstream';
    }
    step(`downloading ${source}`);
    const got = await downloadFile(source, download, {
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      onProgress: (received, total) => options.onProgress?.(pin.name, { kind: 'bytes', received, total }),
    });
    if (got.sha256 !== expected) throw new MismatchError(expected, got.sha256, sumSource, source);
    if (member) {
      step(`extracting ${member}`);
      if (!(await extractTarGzMember(download, member, partial))) throw new Error(`${source} has no ${member}`);
      await rm(download, { force: true });
    }
    await chmod(partial, 0o755);
    await rename(partial, base.path);
    return { ...base, status: 'installed', sha256: got.sha256, sumSource, bytes: got.bytes };
  } catch (error) {
    await rm(partial, { force: true });
    await rm(download, { force: true });
    if (error instanceof MismatchError) {
      return { ...base, status: 'failed', reason: 'mismatch', error: error.message, expected: error.expected, actual: error.actual, sumSource: error.sumSource };
    }
    if (error instanceof DownloadError) return { ...base, status: 'failed', reason: error.kind, error: `cannot download ${error.url}: ${error.message}` };
    return { ...base, status: 'failed', reason: 'other', error: (error as Error).message };
  }
}

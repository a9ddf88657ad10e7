// Pinned downloads: fetched once into a cache, checked against their SHA-256 before anything uses them, and
// reused from the cache afterwards (a second `cluster up` needs no network). A mirror (a folder or a URL laid
// out as host/path, KUBECLASS_MIRROR) replaces the internet for classrooms and tests. A file whose sum is not
// pinned yet is trusted on first use: its sum is recorded and every later download must match it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { releaseFile, type PinnedFile } from './release.js';
import { StepFailure } from './step.js';

export interface DownloadOptions {
  cacheDir: string;
  /** A folder, file:// or http(s):// base laid out as `<host>/<path>` of the upstream URL. */
  mirror?: string | undefined;
  files?: readonly PinnedFile[];
  fetch?: typeof fetch;
  /** Told when a sum is recorded on first use, or a cached file is reused. */
  note?: (message: string) => void;
  timeoutMs?: number;
}

/** A download that failed or did not match: the step fails with this message and this way out. */
export class DownloadError extends StepFailure {
  constructor(message: string, fix: string) {
    super(message, '', fix);
  }
}

const TRUSTED = 'trusted-sums.json';

export class PinnedDownloads {
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(private readonly options: DownloadOptions) {}

  /** The local path of the verified file. */
  get(id: string): Promise<string> {
    let pending = this.inFlight.get(id);
    if (!pending) {
      pending = this.fetchVerified(releaseFile(id, this.options.files));
      this.inFlight.set(id, pending);
      pending.catch(() => this.inFlight.delete(id));
    }
    return pending;
  }

  /** Where the file of this pin is kept once verified. */
  cachedPath(file: PinnedFile): string {
    const url = new URL(file.url);
    return join(this.options.cacheDir, url.host, url.pathname.replace(/^\/+/, ''));
  }

  /** The address it is fetched from: the mirror's copy when there is a mirror. */
  sourceOf(file: PinnedFile): string {
    const mirror = this.options.mirror;
    if (!mirror) return file.url;
    const url = new URL(file.url);
    const rest = `${url.host}${url.pathname}`;
    if (/^https?:\/\//.test(mirror)) return `${mirror.replace(/\/+$/, '')}/${rest}`;
    const dir = mirror.startsWith('file://') ? fileURLToPath(mirror) : mirror;
    return join(dir, rest);
  }

  private async fetchVerified(file: PinnedFile): Promise<string> {
    const target = this.cachedPath(file);
    const expected = file.sha256 ?? (await this.publishedSum(file)) ?? this.trusted()[file.url];
    if (existsSync(target)) {
      const sum = sha256(readFileSync(target));
      if (!expected || sum === expected) {
        if (!expected) this.trust(file, sum);
        return target;
      }
      // A cached file that no longer matches (an edited pin, a damaged disk): fetched again.
      rmSync(target, { force: true });
    }
    const source = this.sourceOf(file);
    const body = await this.read(source, file);
    const sum = sha256(body);
    if (expected && sum !== expected) {
      throw new DownloadError(
        `${basename(file.url)} from ${source} does not match its pinned SHA-256: expected ${expected}, got ${sum}`,
        file.sha256 || file.publishedSums
          ? 'the download was altered or damaged on the way: try again; if it persists, do not use that source'
          : `the file changed since its first use; if the change is expected, remove its entry from ${join(this.options.cacheDir, TRUSTED)}`,
      );
    }
    mkdirSync(join(target, '..'), { recursive: true });
    const partial = `${target}.partial`;
    writeFileSync(partial, body);
    renameSync(partial, target);
    if (!expected) this.trust(file, sum);
    return target;
  }

  private async read(source: string, file: PinnedFile): Promise<Buffer> {
    const handFix = `put the file from ${file.url}${file.sha256 ? ` (SHA-256 ${file.sha256})` : ''} at ${this.cachedPath(file)}, or point KUBECLASS_MIRROR at a folder that has it as ${new URL(file.url).host}${new URL(file.url).pathname}`;
    if (!/^https?:\/\//.test(source)) {
      try {
        return await readFile(source);
      } catch (error) {
        throw new DownloadError(`${basename(file.url)} is not in the mirror (${source}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, handFix);
      }
    }
    const fetcher = this.options.fetch ?? fetch;
    let response: Response;
    try {
      response = await fetcher(source, { redirect: 'follow', signal: AbortSignal.timeout(this.options.timeoutMs ?? 120_000) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new DownloadError(`cannot download ${source} (${cause}): this machine looks offline or cannot reach ${new URL(source).host}`, handFix);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new DownloadError(`cannot download ${source}: HTTP ${response.status}`, handFix);
    }
    return Buffer.from(await response.arrayBuffer());
  }

  /** The file's line in its release's checksums.txt (`<sha256>  <name>`), when the release publishes one. */
  private async publishedSum(file: PinnedFile): Promise<string | undefined> {
    if (!file.publishedSums) return undefined;
    const list: PinnedFile = { id: `${file.id}-sums`, url: file.publishedSums, sha256: undefined };
    const cached = this.cachedPath(list);
    let text: string;
    if (existsSync(cached)) text = readFileSync(cached, 'utf8');
    else {
      text = (await this.read(this.sourceOf(list), list)).toString('utf8');
      mkdirSync(join(cached, '..'), { recursive: true });
      writeFileSync(cached, text);
    }
    const name = basename(new URL(file.url).pathname);
    for (const line of text.split('\n')) {
      const m = /^([0-9a-f]{64})\s+\*?(\S+)$/.exec(line.trim());
      if (m && basename(m[2]!) === name) return m[1];
    }
    throw new DownloadError(`${basename(file.publishedSums)} of the release lists no sum for ${name}`, `check the release page: ${file.publishedSums}`);
  }

  private trusted(): Record<string, string> {
    try {
      const parsed: unknown = JSON.parse(readFileSync(join(this.options.cacheDir, TRUSTED), 'utf8'));
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  }

  private trust(file: PinnedFile, sum: string): void {
    const all = this.trusted();
    if (all[file.url] === sum) return;
    all[file.url] = sum;
    mkdirSync(this.options.cacheDir, { recursive: true });
    writeFileSync(join(this.options.cacheDir, TRUSTED), `${JSON.stringify(all, null, 2)}\n`);
    this.options.note?.(`${basename(file.url)}: no SHA-256 is pinned in kubeclass yet; recorded ${sum} on first use, later downloads must match it`);
  }
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

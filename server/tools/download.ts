// Downloads with Node's own fetch (redirects followed), or reads from a file:// mirror, hashing as the bytes
// arrive. Network failures that mean "no network here" (DNS, refused, reset, timeouts) are told apart from
// answers (HTTP 404...), so the command can print hand-install steps instead of a stack trace.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** offline: nothing answered; refused: something answered no (HTTP error, missing mirror file). */
export type FailureKind = 'offline' | 'refused';

export class DownloadError extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind,
    readonly url: string,
  ) {
    super(message);
  }
}

export type OnProgress = (received: number, total: number | undefined) => void;

export interface DownloadOptions {
  /** A download that receives nothing for this long fails; a slow but moving one goes on. */
  idleTimeoutMs: number;
  onProgress?: OnProgress;
}

export interface Downloaded {
  sha256: string;
  bytes: number;
}

/** Writes url's bytes to dest (created or truncated) and returns their SHA-256. */
export async function downloadFile(url: string, dest: string, options: DownloadOptions): Promise<Downloaded> {
  if (url.startsWith('file:')) return copyFile(url, dest, options.onProgress);
  // AbortSignal.timeout would cut a large download on a slow classroom network, so the limit is on silence:
  // the timer restarts with every chunk.
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.idleTimeoutMs);
  };
  arm();
  const file = await open(dest, 'w', 0o644);
  try {
    const response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new DownloadError(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, 'refused', url);
    }
    const length = Number(response.headers.get('content-length'));
    const total = Number.isFinite(length) && length > 0 ? length : undefined;
    const hash = createHash('sha256');
    let bytes = 0;
    options.onProgress?.(0, total);
    for await (const chunk of response.body) {
      arm();
      hash.update(chunk);
      await file.write(chunk);
      bytes += chunk.byteLength;
      options.onProgress?.(bytes, total);
    }
    return { sha256: hash.digest('hex'), bytes };
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw networkError(error, url, timedOut ? options.idleTimeoutMs : undefined);
  } finally {
    clearTimeout(timer);
    await file.close();
  }
}

/** A small text file (a published sum), whole. */
export async function fetchText(url: string, timeoutMs: number): Promise<string> {
  if (url.startsWith('file:')) {
    try {
      return await readFile(fileURLToPath(url), 'utf8');
    } catch (error) {
      throw fileError(error, url);
    }
  }
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    if (!response.ok) {
      await response.body?.cancel();
      throw new DownloadError(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, 'refused', url);
    }
    return await response.text();
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw networkError(error, url, timedOut ? timeoutMs : undefined);
  }
}

async function copyFile(url: string, dest: string, onProgress: OnProgress | undefined): Promise<Downloaded> {
  const path = fileURLToPath(url);
  let total: number;
  try {
    total = (await stat(path)).size;
  } catch (error) {
    throw fileError(error, url);
  }
  const file = await open(dest, 'w', 0o644);
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    onProgress?.(0, total);
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      await file.write(chunk);
      bytes += chunk.byteLength;
      onProgress?.(bytes, total);
    }
    return { sha256: hash.digest('hex'), bytes };
  } catch (error) {
    throw fileError(error, url);
  } finally {
    await file.close();
  }
}

function fileError(error: unknown, url: string): DownloadError {
  const code = (error as NodeJS.ErrnoException).code;
  return new DownloadError(code === 'ENOENT' ? 'no such file in the mirror' : (error as Error).message, 'refused', url);
}

/** Errno codes (possibly nested in fetch's cause, or an AggregateError's errors) that mean no network. */
const OFFLINE_CODES: Record<string, string> = {
  ENOTFOUND: 'DNS lookup failed',
  EAI_AGAIN: 'DNS lookup failed',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENETDOWN: 'network down',
  EPIPE: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no answer',
  UND_ERR_BODY_TIMEOUT: 'download stalled',
  UND_ERR_SOCKET: 'connection closed',
};

function errorCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 4) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && code in OFFLINE_CODES) return code;
  const fromCause = errorCode(cause, depth + 1);
  if (fromCause) return fromCause;
  if (Array.isArray(errors)) for (const inner of errors) {
    const found = errorCode(inner, depth + 1);
    if (found) return found;
  }
  return typeof code === 'string' ? code : undefined;
}

/** Messages leave the URL out: whoever reports the error names it. */
function networkError(error: unknown, url: string, timedOutAfterMs: number | undefined): DownloadError {
  if (timedOutAfterMs !== undefined) return new DownloadError(`no data for ${timedOutAfterMs / 1000} s`, 'offline', url);
  const code = errorCode(error);
  if (code && code in OFFLINE_CODES) return new DownloadError(`${OFFLINE_CODES[code]} (${code})`, 'offline', url);
  const cause = (error as { cause?: unknown })?.cause;
  const message = cause instanceof Error ? cause.message : ((error as Error)?.message ?? String(error));
  // fetch says only "fetch failed" for most socket trouble; without a known code it is still most likely the network.
  return new DownloadError(`${code ? `${code}: ` : ''}${message}`, 'offline', url);
}

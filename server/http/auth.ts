// Access control shared by every HTTP request and websocket upgrade: one token (as Jupyter prints it), carried
// as a cookie by the page, or as a bearer header / query parameter by programs; and an Origin allowlist,
// because browsers let any site open a websocket to 127.0.0.1 (cross-site websocket hijacking).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { networkInterfaces, hostname } from 'node:os';

/** The cookie is named after the port: cookies ignore ports, and two servers must not share one. */
export function cookieName(port: number): string {
  return `kubeclass_token_${port}`;
}

/** Compares in constant time (hashing first makes the lengths equal). */
export function tokenMatches(candidate: string | undefined, token: string): boolean {
  if (candidate === undefined) return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(raw));
    } catch {
      cookies.set(name, raw);
    }
  }
  return cookies;
}

export type TokenSource = 'header' | 'cookie' | 'query';

/** Which presented token, if any, matches. */
export function authenticate(req: IncomingMessage, url: URL, token: string, port: number): TokenSource | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ') && tokenMatches(header.slice(7).trim(), token)) return 'header';
  if (tokenMatches(parseCookies(req.headers.cookie).get(cookieName(port)), token)) return 'cookie';
  const query = url.searchParams.get('token');
  if (query !== null && tokenMatches(query, token)) return 'query';
  return undefined;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Origins a page of this server can have, from the address it listens on, plus extra ones configured. */
export function allowedOrigins(host: string, port: number, extra: readonly string[]): Set<string> {
  const hosts = new Set<string>([host]);
  if (isLoopback(host)) ['127.0.0.1', 'localhost', '[::1]'].forEach((h) => hosts.add(h));
  if (host === '0.0.0.0' || host === '::') {
    ['127.0.0.1', 'localhost', '[::1]', hostname()].forEach((h) => hosts.add(h));
    for (const list of Object.values(networkInterfaces())) {
      for (const info of list ?? []) hosts.add(info.address);
    }
  }
  const origins = new Set<string>();
  for (const h of hosts) origins.add(`http://${hostForUrl(h)}:${port}`);
  for (const origin of extra) origins.add(origin.replace(/\/$/, ''));
  return origins;
}

/** A request without Origin comes from a program, not a page: the token alone decides. */
export function originAllowed(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  return origin === undefined || allowed.has(origin);
}

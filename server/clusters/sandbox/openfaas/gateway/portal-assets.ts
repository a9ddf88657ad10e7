// The gateway's portal at /ui/: kubeclass's own page (client/openfaas-portal/, bundled by scripts/build.mjs into
// dist/client/openfaas-portal/), served behind the gateway's basic auth. It speaks only the gateway's REST API,
// from the same origin, so the strict Content-Security-Policy below holds (no inline script or handler).
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { goError } from './system-api.js';

/** From dist/server/clusters/sandbox/openfaas/gateway/ to dist/client/openfaas-portal/. */
const PORTAL_DIR = fileURLToPath(new URL('../../../../../client/openfaas-portal/', import.meta.url));

const FILES: Record<string, { file: string; type: string }> = {
  '/ui/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/ui/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/ui/portal.js': { file: 'portal.js', type: 'text/javascript; charset=utf-8' },
  '/ui/portal.css': { file: 'portal.css', type: 'text/css; charset=utf-8' },
};

export const PORTAL_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const cache = new Map<string, Buffer>();

export function servePortal(res: ServerResponse, method: string, path: string): void {
  if (path === '/ui') {
    res.writeHead(301, { Location: '/ui/', 'Content-Length': '0' }).end();
    return;
  }
  const asset = FILES[path];
  if (!asset) return goError(res, 404, '404 page not found');
  if (method !== 'GET' && method !== 'HEAD') return goError(res, 405, 'Method Not Allowed');
  let body = cache.get(asset.file);
  if (!body) {
    try {
      body = readFileSync(PORTAL_DIR + asset.file);
    } catch {
      return goError(res, 500, `the portal is not built: run npm run build (${asset.file} missing)`);
    }
    cache.set(asset.file, body);
  }
  res.writeHead(200, {
    'Content-Type': asset.type,
    'Content-Length': String(body.length),
    'Content-Security-Policy': PORTAL_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  });
  res.end(method === 'HEAD' ? undefined : body);
}

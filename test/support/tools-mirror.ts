// A KUBECLASS_TOOLS_MIRROR for tests: fake kind, kubectl, faas-cli and helm builds (small shell scripts that print
// the pinned versions; helm inside a real .tar.gz) served by node:http on 127.0.0.1 under the upstream layout
// (<mirror>/<host>/<path>), with the sums the tests compute from those very bytes.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOOL_PINS, type ToolName, type ToolPin } from '../../server/tools/tool-pins.js';

export const PLATFORM = 'linux-amd64' as const;

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** What each fake prints for its version command, as the real tools do. */
const SCRIPTS: Record<ToolName, string> = {
  kind: '#!/bin/sh\necho "kind v0.30.0 go1.24.6 linux/amd64"\n',
  kubectl: `#!/bin/sh\necho '{"clientVersion":{"gitVersion":"v1.34.0","platform":"linux/amd64"}}'\n`,
  'faas-cli': '#!/bin/sh\necho 0.17.8\n',
  helm: '#!/bin/sh\necho v3.22.0+gfake000\n',
};

/** helm's release tarball has a LICENSE and README beside the binary: the reader must skip them. */
function helmTarball(script: string): Buffer {
  const stage = mkdtempSync(join(tmpdir(), 'kubeclass-helm-'));
  try {
    mkdirSync(join(stage, 'linux-amd64'));
    writeFileSync(join(stage, 'linux-amd64', 'LICENSE'), 'Apache License\n'.repeat(100));
    writeFileSync(join(stage, 'linux-amd64', 'README.md'), '# Helm\n');
    writeFileSync(join(stage, 'linux-amd64', 'helm'), script, { mode: 0o755 });
    const made = spawnSync('tar', ['-czf', join(stage, 'helm.tar.gz'), '-C', stage, 'linux-amd64/LICENSE', 'linux-amd64/README.md', 'linux-amd64/helm']);
    if (made.status !== 0) throw new Error(`tar failed: ${String(made.stderr)}`);
    return readFileSync(join(stage, 'helm.tar.gz'));
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** The fake build of each tool for linux-amd64, as downloaded (helm: the tarball). */
export function fakeBuilds(): Record<ToolName, Buffer> {
  return {
    kind: Buffer.from(SCRIPTS.kind),
    kubectl: Buffer.from(SCRIPTS.kubectl),
    'faas-cli': Buffer.from(SCRIPTS['faas-cli']),
    helm: helmTarball(SCRIPTS.helm),
  };
}

/** Upstream URL -> its path in the mirror (host first). */
export function mirrorPath(upstream: string): string {
  const url = new URL(upstream);
  return `/${url.host}${url.pathname}`;
}

/** The real pins with linux-amd64 sums replaced: the given ones, undefined for "use upstream's". */
export function pinsWithSums(sums: Partial<Record<ToolName, string | undefined>>): ToolPin[] {
  return TOOL_PINS.map((pin) =>
    pin.name in sums ? { ...pin, artifacts: { ...pin.artifacts, [PLATFORM]: { ...pin.artifacts[PLATFORM], sha256: sums[pin.name] } } } : pin,
  );
}

export interface MirrorServer {
  url: string;
  /** Every request path, in order. */
  requests: string[];
  /** path -> body; change it between runs. */
  files: Map<string, Buffer>;
  /** path -> location answered with a 302. */
  redirects: Map<string, string>;
  close(): Promise<void>;
}

/** Serves files (with Content-Length) and redirects; anything else is a 404. */
export async function startMirror(): Promise<MirrorServer> {
  const files = new Map<string, Buffer>();
  const redirects = new Map<string, string>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    const location = redirects.get(path);
    if (location) return void res.writeHead(302, { Location: location }).end();
    const body = files.get(path);
    if (!body) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    files,
    redirects,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Puts every fake build at its upstream path for linux-amd64, with upstream's published sums beside them. */
export function serveBuilds(mirror: MirrorServer, builds: Record<ToolName, Buffer>, pins: readonly ToolPin[] = TOOL_PINS): void {
  for (const pin of pins) {
    const url = pin.artifacts[PLATFORM].url;
    const body = builds[pin.name];
    mirror.files.set(mirrorPath(url), body);
    const file = url.slice(url.lastIndexOf('/') + 1);
    // kind and helm publish "<sum>  <file>", kubectl and faas-cli the sum alone or with the name: both are read.
    mirror.files.set(mirrorPath(url + pin.sumSuffix), Buffer.from(`${sha256(body)}  ${file}\n`));
  }
}

/** A port that refuses connections: bound, then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

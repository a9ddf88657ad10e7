// Stand-ins for what only Docker provides, so the CLI can be driven up to that edge on a machine without it:
// a Docker Engine API answering /_ping and /version on a unix socket, and a `kind` program that records what it
// is asked, "creates" a cluster by remembering its config, and hands out a given kubeconfig (a sandbox's).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { join } from 'node:path';

export function fakeDocker(listenOn: string | number, ping = { status: 200, body: 'OK' }): Promise<Server> {
  const server = createHttpServer((req, res) => {
    if (req.url === '/_ping') res.writeHead(ping.status, { 'Content-Type': 'text/plain' }).end(ping.body);
    else if (req.url === '/version') res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ Version: '27.3.1', ApiVersion: '1.47', Os: 'linux', Arch: 'amd64' }));
    else res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(listenOn, () => resolve(server)));
}

export interface FakeKind {
  /** Put first on PATH. */
  binDir: string;
  /** Every call's arguments, a line each. */
  log: string;
  /** The config `kind create cluster --config=-` was given. */
  config: string;
}

/**
 * A kind v0.30.0 whose clusters live in a file. `create cluster` saves its config and, as kind's --wait does,
 * returns once the cluster answers: here, once `kubeconfig` exists (the test starts a sandbox when it sees the
 * config, so the host ports are taken only after creation, as with kind). `get kubeconfig` prints it.
 */
export function writeFakeKind(dir: string, kubeconfig: string): FakeKind {
  const binDir = join(dir, 'fake-bin');
  mkdirSync(binDir, { recursive: true });
  const log = join(dir, 'kind-calls.log');
  const config = join(dir, 'kind-config.yaml');
  const clusters = join(dir, 'kind-clusters');
  const script = `#!/bin/sh
echo "$*" >> '${log}'
case "$1 $2" in
  "version ") echo "kind v0.30.0 go1.24.6 linux/amd64" ;;
  "get clusters") [ -f '${clusters}' ] && cat '${clusters}'; [ -s '${clusters}' ] || echo "No kind clusters found." >&2 ;;
  "create cluster") cat > '${config}.partial'; mv '${config}.partial' '${config}'; echo "Creating cluster \\"kubeclass\\" ..." >&2
    i=0; while [ ! -f '${kubeconfig}' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done
    echo kubeclass > '${clusters}' ;;
  "get kubeconfig") cat '${kubeconfig}' ;;
  "delete cluster") rm -f '${clusters}'; echo "Deleting cluster \\"kubeclass\\" ..." >&2 ;;
  "load image-archive") echo "loaded $3" >&2 ;;
  *) echo "fake kind: unexpected: $*" >&2; exit 1 ;;
esac
`;
  writeFileSync(join(binDir, 'kind'), script);
  chmodSync(join(binDir, 'kind'), 0o755);
  return { binDir, log, config };
}

/** A helm 3 that only says its version: enough for the preflight; anything else fails, saying it is not real. */
export function writeVersionOnlyHelm(binDir: string): void {
  writeFileSync(join(binDir, 'helm'), `#!/bin/sh
if [ "$1 $2" = "version --short" ]; then echo "v3.19.0+g3d8990f"; exit 0; fi
echo "stand-in helm: only 'version --short' is answered here" >&2; exit 1
`);
  chmodSync(join(binDir, 'helm'), 0o755);
}

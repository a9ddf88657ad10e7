// The kind edge for integration tests (apart from test/support, which the browser tests' DOM-typed build also
// compiles, and which must not pull the sandbox in).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSandboxRelease } from '../../server/clusters/kind/provision/sandbox-release.js';
import { kubeconfigYaml } from '../../server/clusters/sandbox/kubeconfig.js';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';
import { freePort } from '../support/ports.js';
import { fakeDocker, writeFakeKind, writeVersionOnlyHelm, type FakeKind } from '../support/docker-edge.js';

/**
 * Everything the CLI needs to provision "kind" here: a Docker API, the stand-in kind and helm, free host ports,
 * a mirror of release files, and a sandbox started when kind is asked to create the node (its gateways on the
 * host ports, as kind's port mappings would lead to Kourier and the OpenFaaS gateway).
 */
export class KindEdge {
  sandbox: RunningSandbox | undefined;
  private starting: Promise<void> | undefined;
  private watcher: NodeJS.Timeout | undefined;
  private docker: Server | undefined;

  private constructor(
    readonly dir: string,
    readonly kind: FakeKind,
    readonly env: NodeJS.ProcessEnv,
    readonly ingressPort: number,
    readonly gatewayPort: number,
  ) {}

  static async create(): Promise<KindEdge> {
    const dir = mkdtempSync(join(tmpdir(), 'kubeclass-kind-edge-'));
    const [ingressPort, gatewayPort] = [await freePort(), await freePort()];
    const kubeconfig = join(dir, 'sandbox-kubeconfig');
    const kind = writeFakeKind(dir, kubeconfig);
    writeVersionOnlyHelm(kind.binDir);
    const socket = join(dir, 'docker.sock');
    const release = writeSandboxRelease(join(dir, 'mirror'), '127.0.0.1');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${kind.binDir}:${process.env.PATH}`,
      HOME: join(dir, 'home'),
      LANG: 'C.UTF-8',
      DOCKER_HOST: `unix://${socket}`,
      KUBECLASS_TOKEN: '',
      KUBECLASS_DATA_DIR: join(dir, 'data'),
      KUBECLASS_CACHE_DIR: join(dir, 'cache'),
      KUBECLASS_MIRROR: release.mirror,
    };
    const edge = new KindEdge(dir, kind, env, ingressPort, gatewayPort);
    edge.docker = await fakeDocker(socket);
    edge.watcher = setInterval(() => {
      if (!existsSync(kind.config) || edge.starting) return;
      clearInterval(edge.watcher);
      edge.starting = startSandbox({ host: '127.0.0.1', ingressPort, openfaasPort: gatewayPort }).then((s) => {
        edge.sandbox = s;
        writeFileSync(kubeconfig, kubeconfigYaml(s.url, s.token, s.caPem));
      });
    }, 50);
    return edge;
  }

  get sandboxKubeconfig(): string {
    return join(this.dir, 'sandbox-kubeconfig');
  }

  async close(): Promise<void> {
    clearInterval(this.watcher);
    await this.starting;
    await this.sandbox?.close();
    await new Promise((r) => this.docker?.close(r));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// A sandbox on the network: its API behind its own HTTPS listener, CA and bearer token, on loopback.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { seedCluster } from './cluster-seed.js';
import { SandboxApi } from './sandbox-api.js';
import { errors } from './status.js';
import { allocateLoopback, releaseLoopback } from './loopback.js';
import type { Timing } from './controllers/timing.js';
import { SnapshotBaseline, restoreSnapshot, type ClusterSnapshot, type RestoreReport } from './snapshot.js';
import { createCertificates } from './tls.js';
import { KnativeGateway } from './knative/gateway/knative-gateway.js';
import { installKnative } from './knative/install/index.js';
import { OpenFaasGateway } from './openfaas/gateway/openfaas-gateway.js';
import { GATEWAY_NODE_PORT, installOpenFaas } from './openfaas/install/index.js';
import { BASIC_AUTH_SECRET, OPENFAAS_NAMESPACE } from './openfaas/install/constants.js';
import { OPENFAAS_GATEWAY_HANDLER } from './runtime/emulated/openfaas.js';

export interface RunningSandbox {
  url: string;
  /** Where the Knative gateway (Kourier's Envoy) answers: the sandbox's address, port 80 when it is free. */
  ingress: { host: string; port: number } | undefined;
  /** Where the OpenFaaS gateway answers (the gateway-external NodePort, 31112 when free) and its admin credentials. */
  openfaas: { host: string; port: number; user: string; password: string } | undefined;
  port: number;
  token: string;
  /** The sandbox's own CA (PEM): clients verify the server with it. */
  caPem: string;
  api: SandboxApi;
  /** What the learner made since the sandbox was installed (snapshot.ts), to give a new sandbox later. */
  snapshot(): ClusterSnapshot;
  /** Puts a snapshot into this (fresh) sandbox; the OpenFaaS admin password becomes the snapshot's. */
  restore(snapshot: ClusterSnapshot): RestoreReport;
  close(): Promise<void>;
}

export interface SandboxOptions {
  /** The address to serve on; by default a loopback address of the sandbox's own (see loopback.ts). */
  host?: string;
  port?: number;
  token?: string;
  /** Where containers' scratch directories go (a temporary directory by default). */
  runtimeDir?: string;
  timing?: Partial<Timing>;
  /** The Knative gateway's port (80, as kind maps Kourier there); taken ports fall back to a free one. */
  ingressPort?: number;
  /** Knative Serving with Kourier installed, as after `kn quickstart kind` (default true; false: a bare kind cluster). */
  knative?: boolean;
  /** OpenFaaS CE installed, as after `arkade install openfaas-ce` (default true). */
  openfaas?: boolean;
  /** The OpenFaaS gateway's port (31112, the NodePort a kind config maps); taken ports fall back to a free one. */
  openfaasPort?: number;
  /** The OpenFaaS admin password (random by default). */
  openfaasPassword?: string;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const ownAddress = options.host === undefined;
  const host = options.host ?? (await allocateLoopback());
  const token = options.token ?? randomBytes(24).toString('base64url');
  const api = new SandboxApi({
    token,
    serverAddress: '',
    ...(options.runtimeDir ? { runtimeDir: options.runtimeDir } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
  });
  seedCluster(api);
  const certs = await createCertificates([host === '0.0.0.0' ? '127.0.0.1' : host]);
  let closing = false;
  const server = createServer({ key: certs.keyPem, cert: certs.certPem }, (req, res) => {
    // Closing: no connection is kept alive past its answer, or server.close() would wait out its keep-alive.
    if (closing) res.setHeader('Connection', 'close');
    void api.handle(req, res);
  });
  server.on('secureConnection', (socket) => {
    if (closing) socket.destroy();
  });
  server.on('upgrade', (req, socket, head: Buffer) => api.upgrade(req, socket, head));
  // A request Node cannot parse still gets a Status, as every other error does.
  server.on('clientError', (error, socket) => {
    if (!socket.writable) return;
    const body = JSON.stringify(errors.badRequest(`malformed HTTP request: ${error.message}`).toStatus());
    socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'EADDRINUSE' ? new Error(`port ${options.port} on ${host} is in use: pass --port N`) : error),
      );
      server.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (error) {
    await api.close();
    if (ownAddress) releaseLoopback(host);
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `https://${host}:${port}`;
  api.setServerAddress(`${host}:${port}`);
  const listenHost = host === '0.0.0.0' ? '127.0.0.1' : host;
  let gateway: KnativeGateway | undefined;
  let faas: OpenFaasGateway | undefined;
  const close = async (): Promise<void> => {
    closing = true;
    await gateway?.close();
    await faas?.close();
    await api.close();
    await new Promise<void>((resolve) => {
      server.closeAllConnections(); // watches would hold the close forever
      server.close(() => resolve());
    });
    if (ownAddress) releaseLoopback(host);
  };
  let ingress: RunningSandbox['ingress'];
  let openfaas: RunningSandbox['openfaas'];
  let faasCredentials: { user: string; password: string } | undefined;
  // A failed install must not leave listeners behind: they would keep the process (and a test run) alive.
  try {
    // Knative with Kourier, as after `kn quickstart kind`: installed once the address is known (the kourier
    // LoadBalancer and config-domain carry it), and its gateway where kind maps Kourier, port 80.
    if (options.knative ?? true) {
      installKnative(api, { ingressAddress: listenHost });
      gateway = new KnativeGateway(api.controllers.ctx, api.controllers.kubelet, api.controllers.knative.autoscaler);
      let ingressPort: number;
      try {
        ingressPort = await gateway.listen(listenHost, options.ingressPort ?? 80);
      } catch {
        // Port 80 needs privileges on some systems and may be taken: any free port, said in RunningSandbox.ingress.
        ingressPort = await gateway.listen(listenHost, 0);
      }
      ingress = { host: listenHost, port: ingressPort };
    }
    if (options.openfaas ?? true) {
      const credentials = installOpenFaas(api, options.openfaasPassword === undefined ? {} : { password: options.openfaasPassword });
      faas = new OpenFaasGateway(api.controllers.ctx, api.controllers.kubelet, credentials);
      // The gateway pod's port 8080 is this same API, so `kubectl port-forward svc/gateway 8080:8080` reaches it.
      api.controllers.runtime.sandboxHandlers.set(OPENFAAS_GATEWAY_HANDLER, faas.handler);
      let faasPort: number;
      try {
        faasPort = await faas.listen(listenHost, options.openfaasPort ?? GATEWAY_NODE_PORT);
      } catch {
        faasPort = await faas.listen(listenHost, 0);
      }
      openfaas = { host: listenHost, port: faasPort, ...credentials };
      faasCredentials = credentials;
    }
  } catch (error) {
    await close();
    throw error;
  }
  const baseline = new SnapshotBaseline(api);
  return {
    url,
    ingress,
    openfaas,
    port,
    token,
    caPem: certs.caPem,
    api,
    snapshot: () => baseline.take(api),
    restore: (snapshot) => {
      const report = restoreSnapshot(api, snapshot);
      // The gateway checks the password it was installed with: it follows the restored Secret, as a restarted
      // gateway re-reading its mounted secret would.
      const password = adminPassword(api);
      if (password !== undefined && faasCredentials && openfaas) {
        faasCredentials.password = password;
        openfaas.password = password;
      }
      return report;
    },
    close,
  };
}

function adminPassword(api: SandboxApi): string | undefined {
  const secrets = api.registry.find('', 'v1', 'secrets');
  const data = secrets ? api.store.get(secrets, OPENFAAS_NAMESPACE, BASIC_AUTH_SECRET)?.data : undefined;
  const encoded = data && typeof data === 'object' ? (data as Record<string, unknown>)['basic-auth-password'] : undefined;
  return typeof encoded === 'string' ? Buffer.from(encoded, 'base64').toString('utf8') : undefined;
}

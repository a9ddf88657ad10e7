// Host ports kind maps (Kourier on 80, the OpenFaaS gateway on 31112): free on 127.0.0.1?
import { createServer } from 'node:net';
import type { CheckResult } from '../check.js';

/** Listens on the port and closes again: resolves undefined when free, else the errno code. */
export function tryListen(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

export interface PortCheckSpec {
  port: number;
  /** What the port is for, e.g. "Knative ingress (Kourier)". */
  role: string;
  /** The start option that moves it, e.g. --ingress-port. */
  flag: string;
  /** A suggestion for another port. */
  alternative: number;
}

export async function checkPort(spec: PortCheckSpec, host = '127.0.0.1', listen = tryListen): Promise<CheckResult> {
  const name = `port ${spec.port}`;
  const code = await listen(spec.port, host);
  if (code === undefined) return { ok: true, name, detail: `free on ${host} (${spec.role})` };
  const other = `pass ${spec.flag} ${spec.alternative} (or any free port)`;
  if (code === 'EADDRINUSE') {
    return {
      ok: false,
      name,
      detail: `in use on ${host}; kind maps the ${spec.role} there`,
      fix: `stop what listens there (sudo ss -ltnp 'sport = :${spec.port}' shows it; a running kubeclass sandbox takes it too), or ${other}`,
    };
  }
  if (code === 'EACCES') {
    // Ports below 1024 need privileges. A rootful Docker daemon binds them itself; rootless Docker cannot.
    return {
      ok: true,
      warning: true,
      name,
      detail: `this user may not listen on port ${spec.port} (EACCES: ports below 1024 need privileges), so whether it is free is unknown; rootful Docker binds it itself, rootless Docker cannot`,
      fix: `with rootless Docker: ${other}, or allow low ports (sudo sysctl net.ipv4.ip_unprivileged_port_start=${spec.port})`,
    };
  }
  return { ok: false, name, detail: `cannot listen on ${host}:${spec.port}: ${code}`, fix: other };
}

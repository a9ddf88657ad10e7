// What Knative's defaulting webhook fills into a revision template: the container name `user-container`, a
// TCP readiness probe, resources, no service links, the request timeout and container concurrency.
import { isRecord } from '../../kube-object.js';

export const DEFAULT_TIMEOUT_SECONDS = 300;

export function defaultRevisionSpec(input: Record<string, unknown>): Record<string, unknown> {
  const spec = structuredClone(input);
  spec.containerConcurrency ??= 0;
  spec.enableServiceLinks ??= false;
  spec.timeoutSeconds ??= DEFAULT_TIMEOUT_SECONDS;
  const containers = Array.isArray(spec.containers) ? spec.containers.filter(isRecord) : [];
  containers.forEach((c, i) => {
    if (!c.name) c.name = containers.length === 1 || i === 0 ? 'user-container' : `user-container-${i}`;
    c.resources ??= {};
    if (i === 0) c.readinessProbe ??= { successThreshold: 1, tcpSocket: { port: 0 } };
  });
  spec.containers = containers;
  return spec;
}

/** The port the user container serves on: its first declared port, else Knative's default 8080. */
export function userPort(container: Record<string, unknown>): number {
  const ports = Array.isArray(container.ports) ? container.ports.filter(isRecord) : [];
  const first = ports[0];
  return first && typeof first.containerPort === 'number' ? first.containerPort : 8080;
}

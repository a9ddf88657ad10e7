// What a container runs and with which environment, by Kubernetes' and Docker's rules.
import type { CatalogueImage } from './image-catalogue.js';
import type { ContainerLaunch } from './container-types.js';

/** command replaces ENTRYPOINT (and drops CMD); args replace CMD. */
export function containerArgv(image: CatalogueImage, command?: readonly string[], args?: readonly string[]): string[] {
  if (command !== undefined && command.length > 0) return [...command, ...(args ?? [])];
  const cmd = args !== undefined && args.length > 0 ? args : image.cmd;
  return [...image.entrypoint, ...cmd];
}

/** kubelet's `$(VAR)` expansion in command and args: defined variables are replaced, `$$` escapes, unknown
 * references stay as written. */
export function expandReferences(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string | undefined) => {
    if (whole === '$$') return '$';
    return name !== undefined && Object.hasOwn(env, name) ? (env[name] ?? '') : whole;
  });
}

/** The variables every pod gets for the `kubernetes` Service (kind's 10.96.0.1:443). */
const KUBERNETES_SERVICE_ENV: Readonly<Record<string, string>> = {
  KUBERNETES_SERVICE_HOST: '10.96.0.1',
  KUBERNETES_SERVICE_PORT: '443',
  KUBERNETES_SERVICE_PORT_HTTPS: '443',
  KUBERNETES_PORT: 'tcp://10.96.0.1:443',
  KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443',
  KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
  KUBERNETES_PORT_443_TCP_PORT: '443',
  KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
};

/** The container's environment: image ENV, HOSTNAME, the kubernetes Service variables, then the pod's. */
export function containerEnv(launch: ContainerLaunch): Record<string, string> {
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    ...launch.resolved.image.env,
    HOSTNAME: launch.podName,
    ...KUBERNETES_SERVICE_ENV,
  };
  for (const { name, value } of launch.env) env[name] = value;
  return env;
}

// A kubeconfig for a sandbox, named as kind names its clusters (`kind-<name>`), so lessons read the same.
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export const CONTEXT_NAME = 'kind-kubeclass';

export function kubeconfigYaml(server: string, token: string, caPem: string, contextName = CONTEXT_NAME): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: contextName, cluster: { 'certificate-authority-data': Buffer.from(caPem).toString('base64'), server } }],
    contexts: [{ name: contextName, context: { cluster: contextName, user: contextName } }],
    'current-context': contextName,
    preferences: {},
    users: [{ name: contextName, user: { token } }],
  });
}

/** Owner-only: the file holds the sandbox's token. */
export function writeKubeconfig(path: string, server: string, token: string, caPem: string): void {
  writeFileSync(path, kubeconfigYaml(server, token, caPem), { mode: 0o600 });
}

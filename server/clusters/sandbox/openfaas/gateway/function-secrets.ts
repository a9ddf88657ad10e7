// faas-netes' ConfigureSecrets: a function's `secrets` become one projected volume `<name>-projected-secrets`
// (every key of each Secret, at its own name) mounted read-only at /var/openfaas/secrets in each container;
// docker-config Secrets become imagePullSecrets instead.
import { isRecord, type KubeObject } from '../../kube-object.js';

export const SECRETS_MOUNT_PATH = '/var/openfaas/secrets';

export interface SecretsConfig {
  volumes: Array<Record<string, unknown>>;
  volumeMounts: Array<Record<string, unknown>>;
  imagePullSecrets: Array<{ name: string }>;
}

const PULL_TYPES = new Set(['kubernetes.io/dockercfg', 'kubernetes.io/dockerconfigjson']);

export function secretsConfig(service: string, names: readonly string[], secrets: ReadonlyMap<string, KubeObject>): SecretsConfig {
  const sources: Array<Record<string, unknown>> = [];
  const imagePullSecrets: Array<{ name: string }> = [];
  for (const name of names) {
    const secret = secrets.get(name);
    if (!secret) continue;
    if (PULL_TYPES.has(String(secret.type))) {
      imagePullSecrets.push({ name });
      continue;
    }
    const keys = Object.keys(isRecord(secret.data) ? secret.data : {});
    sources.push({ secret: { name, items: keys.map((key) => ({ key, path: key })) } });
  }
  if (sources.length === 0) return { volumes: [], volumeMounts: [], imagePullSecrets };
  const volume = `${service}-projected-secrets`;
  return {
    volumes: [{ name: volume, projected: { sources } }],
    volumeMounts: [{ name: volume, readOnly: true, mountPath: SECRETS_MOUNT_PATH }],
    imagePullSecrets,
  };
}

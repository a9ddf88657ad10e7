// What kubelet would mount from Secrets into a container, as files: `secret` volumes and the Secret sources of
// `projected` volumes (the way faas-netes mounts function secrets at /var/openfaas/secrets). The sandbox has no
// mount namespace, so the runtime writes these files under the container's scratch root, which stands for `/`.
// ConfigMaps, downward API and service account tokens are not written (yet).
import { isRecord, type KubeObject } from '../kube-object.js';
import type { ControllerContext } from './controller-context.js';

export interface ContainerFile {
  /** absolute path inside the container */
  path: string;
  data: Buffer;
}

function secretFiles(ctx: ControllerContext, namespace: string, name: string, items: unknown): Array<{ path: string; data: Buffer }> {
  const type = ctx.registry.find('', 'v1', 'secrets');
  const secret = type ? ctx.store.get(type, namespace, name) : undefined;
  const data = secret && isRecord(secret.data) ? (secret.data as Record<string, unknown>) : {};
  const wanted = Array.isArray(items) && items.length > 0 ? items.filter(isRecord).map((i) => ({ key: String(i.key), path: String(i.path ?? i.key) })) : Object.keys(data).map((key) => ({ key, path: key }));
  return wanted.filter((w) => typeof data[w.key] === 'string').map((w) => ({ path: w.path, data: Buffer.from(data[w.key] as string, 'base64') }));
}

/** The Secret-backed files a container's volumeMounts show it; missing Secrets or keys give no file. */
export function mountedSecretFiles(ctx: ControllerContext, pod: KubeObject, container: Record<string, unknown>): ContainerFile[] {
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const volumes = new Map((Array.isArray(spec.volumes) ? spec.volumes.filter(isRecord) : []).map((v) => [String(v.name), v]));
  const namespace = String(pod.metadata.namespace ?? 'default');
  const files: ContainerFile[] = [];
  for (const mount of Array.isArray(container.volumeMounts) ? container.volumeMounts.filter(isRecord) : []) {
    const volume = volumes.get(String(mount.name));
    if (!volume || typeof mount.mountPath !== 'string' || typeof mount.subPath === 'string') continue;
    const at = mount.mountPath.replace(/\/+$/, '');
    const found: Array<{ path: string; data: Buffer }> = [];
    if (isRecord(volume.secret)) found.push(...secretFiles(ctx, namespace, String(volume.secret.secretName), volume.secret.items));
    if (isRecord(volume.projected) && Array.isArray(volume.projected.sources)) {
      for (const source of volume.projected.sources.filter(isRecord)) {
        if (isRecord(source.secret)) found.push(...secretFiles(ctx, namespace, String(source.secret.name), source.secret.items));
      }
    }
    // A key path may not climb out of its volume (kubelet refuses `..` in item paths).
    for (const f of found) if (!f.path.split('/').includes('..')) files.push({ path: `${at}/${f.path}`, data: f.data });
  }
  return files;
}

// Defaults the apiserver fills in on create, so `kubectl get -o yaml` shows what a kind cluster shows.
import { isRecord, type KubeObject } from './kube-object.js';
import { defaultCronJob, defaultJob } from './batch-defaults.js';
import { defaultDaemonSet, defaultPod, defaultWorkload } from './pod-defaults.js';

/** `uid`: the one the object will be stored with (Jobs name it in their generated selector). */
export function applyDefaults(obj: KubeObject, uid?: string): void {
  switch (obj.kind) {
    case 'Pod':
      if (obj.apiVersion === 'v1') defaultPod(obj);
      return;
    case 'Deployment':
    case 'ReplicaSet':
      if (obj.apiVersion === 'apps/v1') defaultWorkload(obj);
      return;
    case 'DaemonSet':
      if (obj.apiVersion === 'apps/v1') defaultDaemonSet(obj);
      return;
    case 'Job':
      if (obj.apiVersion === 'batch/v1') defaultJob(obj, uid);
      return;
    case 'CronJob':
      if (obj.apiVersion === 'batch/v1') defaultCronJob(obj);
      return;
    case 'Secret':
      if (!obj.type) obj.type = 'Opaque';
      return;
    case 'Namespace': {
      const name = obj.metadata.name as string;
      obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': name };
      const spec = isRecord(obj.spec) ? obj.spec : {};
      obj.spec = { ...spec, finalizers: Array.isArray(spec.finalizers) ? spec.finalizers : ['kubernetes'] };
      obj.status = { phase: 'Active' };
      return;
    }
  }
}

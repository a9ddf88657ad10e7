// Defaults the apiserver fills in on create, so `kubectl get -o yaml` shows what a kind cluster shows.
import { isRecord, type KubeObject } from './kube-object.js';

export function applyDefaults(obj: KubeObject): void {
  switch (obj.kind) {
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

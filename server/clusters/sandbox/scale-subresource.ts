// The `scale` subresource: an autoscaling/v1 Scale view of a Deployment's or ReplicaSet's replicas, which
// `kubectl scale` and autoscalers read and write.
import { isRecord, type KubeObject } from './kube-object.js';
import { selectorString } from './tables/labels.js';

export const SCALE_TYPE = { apiVersion: 'autoscaling/v1', kind: 'Scale' } as const;

export function scaleOf(obj: KubeObject): Record<string, unknown> {
  const spec = isRecord(obj.spec) ? obj.spec : {};
  const status = isRecord(obj.status) ? obj.status : {};
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  return {
    ...SCALE_TYPE,
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 1 },
    status: { replicas: typeof status.replicas === 'number' ? status.replicas : 0, selector: scaleSelector(obj) },
  };
}

/** The label selector as a string, as Scale.status.selector carries it. */
export function scaleSelector(obj: KubeObject): string {
  const spec = isRecord(obj.spec) ? obj.spec : {};
  return selectorString(spec.selector) ?? '';
}

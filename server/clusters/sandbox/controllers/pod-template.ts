// A pod stamped out of an owner's pod template, as the ReplicaSet and Job controllers make them: named
// `<owner>-<5 random>` (generateName), the template's labels and annotations, a controller reference.
import { isRecord, type KubeObject } from '../kube-object.js';
import { randomSuffix } from '../names.js';
import { controllerRef } from './owner.js';

export function podFromTemplate(owner: KubeObject, template: unknown): KubeObject {
  const t = isRecord(template) ? template : {};
  const meta = isRecord(t.metadata) ? t.metadata : {};
  const prefix = `${owner.metadata.name}-`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${prefix}${randomSuffix()}`,
      generateName: prefix,
      namespace: owner.metadata.namespace,
      ...(isRecord(meta.labels) ? { labels: structuredClone(meta.labels) as Record<string, string> } : {}),
      ...(isRecord(meta.annotations) ? { annotations: structuredClone(meta.annotations) as Record<string, string> } : {}),
      ownerReferences: [controllerRef(owner)],
    },
    spec: structuredClone(isRecord(t.spec) ? t.spec : {}),
  };
}

// Reads the cluster to explain a failure: a Knative Service that is not Ready (with its reason and message,
// IngressNotConfigured explained), and pods that cannot start (ImagePullBackOff, ErrImagePull, CrashLoopBackOff).
import type { ClusterReader, KubeObject } from '../cluster-reader.js';
import { readField } from '../field-path.js';
import type { Messages } from '../messages/index.js';

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

const WAITING_TROUBLE = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'CrashLoopBackOff', 'CreateContainerConfigError']);

/** What a not-Ready object's conditions say, in words for the learner; undefined when it is Ready. */
export function explainConditions(object: KubeObject, t: Messages): string | undefined {
  const conditions = (readField(object, 'status.conditions') as Condition[] | undefined) ?? [];
  const ready = conditions.find((c) => c.type === 'Ready');
  if (!ready || ready.status === 'True') return undefined;
  const name = `${object.kind ?? 'object'} ${object.metadata?.name ?? ''}`.trim();
  const said = [ready.reason, ready.message].filter(Boolean).join(': ');
  let text = t.diagnosis.notReady(name, ready.status ?? '?', said || undefined);
  if (conditions.some((c) => c.reason === 'IngressNotConfigured' && c.status !== 'True') || ready.reason === 'IngressNotConfigured') {
    text += t.diagnosis.ingressNotConfigured;
  }
  return text;
}

/** Pods of the object that cannot start, as one sentence each. */
export async function explainPods(reader: ClusterReader, object: KubeObject, t: Messages): Promise<string[]> {
  const namespace = object.metadata?.namespace;
  const name = object.metadata?.name;
  if (!namespace || !name) return [];
  const selector = podSelector(object);
  if (!selector) return [];
  const podType = await reader.resolve('v1', 'pods');
  const pods = await reader.list(podType, namespace, selector);
  const found: string[] = [];
  for (const pod of pods) {
    const statuses = (readField(pod, 'status.containerStatuses') as Array<{ name?: string; image?: string; state?: { waiting?: { reason?: string; message?: string } } }> | undefined) ?? [];
    for (const status of statuses) {
      const waiting = status.state?.waiting;
      if (waiting?.reason && WAITING_TROUBLE.has(waiting.reason)) {
        const why = waiting.reason === 'ImagePullBackOff' || waiting.reason === 'ErrImagePull' ? t.diagnosis.cannotPull(status.image ?? '') : waiting.message ?? '';
        found.push(t.diagnosis.pod(pod.metadata?.name ?? '', waiting.reason, status.name ?? '', why));
      }
    }
  }
  return found;
}

/** The label selector of the pods an object runs. */
function podSelector(object: KubeObject): string | undefined {
  const name = object.metadata?.name ?? '';
  if (object.apiVersion?.startsWith('serving.knative.dev/')) {
    const key = { Service: 'service', Configuration: 'configuration', Revision: 'revision' }[object.kind ?? ''];
    return key ? `serving.knative.dev/${key}=${name}` : undefined;
  }
  const matchLabels = readField(object, 'spec.selector.matchLabels') as Record<string, string> | undefined;
  if (matchLabels && Object.keys(matchLabels).length) return Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
  return undefined;
}

/** Everything the cluster says about why the object is not working yet. */
export async function diagnose(reader: ClusterReader, object: KubeObject, t: Messages): Promise<string | undefined> {
  const parts = [explainConditions(object, t)];
  try {
    parts.push(...(await explainPods(reader, object, t)));
  } catch {
    // The diagnosis is a bonus: a failed look leaves the plain message.
  }
  const said = parts.filter((p): p is string => Boolean(p));
  return said.length ? t.list(said) : undefined;
}

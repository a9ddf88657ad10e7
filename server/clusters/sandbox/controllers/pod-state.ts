// Reading pods the way controllers do: active, ready, available (ready for minReadySeconds), terminating.
import { isRecord, type KubeObject } from '../kube-object.js';

function conditions(pod: KubeObject): Array<Record<string, unknown>> {
  const status = isRecord(pod.status) ? pod.status : {};
  return Array.isArray(status.conditions) ? status.conditions.filter(isRecord) : [];
}

export function podPhase(pod: KubeObject): string {
  return isRecord(pod.status) && typeof pod.status.phase === 'string' ? pod.status.phase : 'Pending';
}

/** Counted by its ReplicaSet: not finished and not being deleted. */
export function isActive(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

export function isReady(pod: KubeObject): boolean {
  return conditions(pod).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Ready for at least minReadySeconds. */
export function isAvailable(pod: KubeObject, minReadySeconds: number, now = Date.now()): boolean {
  const ready = conditions(pod).find((c) => c.type === 'Ready' && c.status === 'True');
  if (!ready) return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(String(ready.lastTransitionTime ?? ''));
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now;
}

export function podIp(pod: KubeObject): string | undefined {
  return isRecord(pod.status) && typeof pod.status.podIP === 'string' && pod.status.podIP ? pod.status.podIP : undefined;
}

// The apiserver merges a Secret's stringData into data (base64) on every write and never stores stringData, so
// `kubectl apply` of a Secret written with stringData reads back as data, as on kind.
import { isRecord, type KubeObject } from './kube-object.js';

export function mergeStringData(secret: KubeObject): void {
  const plain = (secret as { stringData?: unknown }).stringData;
  if (plain === undefined) return;
  const data: Record<string, unknown> = isRecord((secret as { data?: unknown }).data) ? { ...((secret as { data: Record<string, unknown> }).data) } : {};
  if (isRecord(plain)) for (const [key, value] of Object.entries(plain)) if (typeof value === 'string') data[key] = Buffer.from(value).toString('base64');
  (secret as { data?: unknown }).data = data;
  delete (secret as { stringData?: unknown }).stringData;
}

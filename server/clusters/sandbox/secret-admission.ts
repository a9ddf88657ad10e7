// The apiserver merges a Secret's stringData into data (base64) on every write and never stores stringData, so
// `kubectl apply` of a Secret written with stringData reads back as data, as on kind.
import { isRecord, type KubeObject } from './kube-object.js';

export function mergeStringData(secret: KubeObject): void {
  const fields = secret as KubeObject & { data?: unknown; stringData?: unknown };
  if (fields.stringData === undefined) return;
  const data: Record<string, unknown> = isRecord(fields.data) ? { ...fields.data } : {};
  if (isRecord(fields.stringData)) {
    for (const [key, value] of Object.entries(fields.stringData)) if (typeof value === 'string') data[key] = Buffer.from(value).toString('base64');
  }
  fields.data = data;
  delete fields.stringData;
}

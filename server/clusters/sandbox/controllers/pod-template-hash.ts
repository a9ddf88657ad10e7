// The pod-template-hash a Deployment gives each ReplicaSet: FNV-1a (32 bit) of the pod template, plus the
// collision count when there is one, written in kube's safe alphabet. Same template, same name: an unchanged
// Deployment finds its ReplicaSet again, and a rollback revives the old one.
import { safeEncode } from '../names.js';

function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** JSON with sorted keys, so that equal templates hash equally whatever order their fields came in. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function podTemplateHash(template: unknown, collisionCount?: number): string {
  const text = stableJson(template) + (collisionCount ? String(collisionCount) : '');
  return safeEncode(String(fnv1a32(text)));
}

// Small helpers the Knative reconcilers share: create-or-update of a child object, and status writes that only
// happen when something changed (a write is a watch event; needless ones would loop).
import { isDeepStrictEqual } from 'node:util';
import { isRecord, type KubeObject } from '../../kube-object.js';
import type { ControllerContext } from '../../controllers/controller-context.js';
import type { ResourceType } from '../../resource-types.js';
import { applyDefaults } from '../../defaults.js';

/** The object as desired: created when missing, its `fields` and labels replaced when they differ. */
export function ensure(ctx: ControllerContext, type: ResourceType, desired: KubeObject, fields: string[]): { obj: KubeObject; created: boolean } {
  const { namespace, name } = desired.metadata;
  const current = ctx.store.get(type, namespace, name as string);
  if (!current) return { obj: ctx.createObject(type, desired), created: true };
  // Compare with what the apiserver would store: its defaults filled in (a Deployment's strategy, a pod
  // template's pull policy...), or every reconcile would look like a change.
  applyDefaults(desired);
  // Labels and annotations the controller sets are kept as it wants them; others' are left alone.
  const labels = { ...current.metadata.labels, ...desired.metadata.labels };
  const annotations = { ...current.metadata.annotations, ...desired.metadata.annotations };
  const metaDiffers =
    !isDeepStrictEqual(current.metadata.labels ?? {}, labels) || !isDeepStrictEqual(current.metadata.annotations ?? {}, annotations);
  const changed = fields.filter((f) => !isDeepStrictEqual(current[f], desired[f]));
  if (changed.length === 0 && !metaDiffers) return { obj: current, created: false };
  const next: KubeObject = {
    ...current,
    metadata: { ...current.metadata, labels, ...(Object.keys(annotations).length ? { annotations } : {}) },
  };
  for (const f of fields) {
    if (desired[f] === undefined) delete next[f];
    else next[f] = desired[f];
  }
  return { obj: ctx.store.update(type, next), created: false };
}

/** Writes status when it differs from what is stored. */
export function writeStatus(ctx: ControllerContext, type: ResourceType, obj: KubeObject, status: Record<string, unknown>): void {
  if (isDeepStrictEqual(obj.status, status)) return;
  ctx.store.modify(type, obj.metadata.namespace, obj.metadata.name as string, (o) => {
    o.status = status;
  });
}

export function spec(obj: KubeObject | undefined): Record<string, unknown> {
  return obj && isRecord(obj.spec) ? obj.spec : {};
}

export function status(obj: KubeObject | undefined): Record<string, unknown> {
  return obj && isRecord(obj.status) ? obj.status : {};
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

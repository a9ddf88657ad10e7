// Events as controllers and the kubelet record them (core/v1 Event), so `kubectl describe` and
// `kubectl get events` tell the story a kind cluster tells. Repeats of the same event (same object, reason,
// message and source) are folded into one with a count, as client-go's event correlator does; the oldest go
// when a sandbox holds too many (kube drops events after an hour).
import type { KubeObject } from '../kube-object.js';
import type { ObjectStore } from '../object-store.js';
import type { ResourceType } from '../resource-types.js';
import { nowTimestamp } from './time.js';

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
  component: string;
  /** The node, for the kubelet. */
  host?: string;
}

/** Events a sandbox keeps before dropping the oldest. */
const MAX_EVENTS = 2_000;

export class EventRecorder {
  /** Event name by correlation key, for folding repeats. */
  private readonly byKey = new Map<string, { namespace: string; name: string }>();
  private readonly order: Array<{ namespace: string; name: string; key: string }> = [];
  private sequence = 0n;

  constructor(
    private readonly store: ObjectStore,
    private readonly eventsType: ResourceType,
  ) {}

  record(involved: KubeObject, type: EventType, reason: string, message: string, source: EventSource, fieldPath?: string): void {
    const namespace = involved.metadata.namespace ?? 'default';
    const key = [involved.metadata.uid, fieldPath ?? '', reason, message, source.component, type].join('\u0000');
    const now = nowTimestamp();
    const existing = this.byKey.get(key);
    if (existing && this.store.get(this.eventsType, existing.namespace, existing.name)) {
      this.store.modify(this.eventsType, existing.namespace, existing.name, (event) => {
        event.count = (typeof event.count === 'number' ? event.count : 1) + 1;
        event.lastTimestamp = now;
      });
      return;
    }
    // kube names an event <object>.<unix nanoseconds in hex>.
    const name = `${involved.metadata.name ?? 'unknown'}.${(BigInt(Date.now()) * 1_000_000n + this.sequence++).toString(16)}`;
    this.store.create(this.eventsType, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: involved.apiVersion,
        kind: involved.kind,
        name: involved.metadata.name,
        namespace: involved.metadata.namespace,
        uid: involved.metadata.uid,
        resourceVersion: involved.metadata.resourceVersion,
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason,
      message,
      source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    });
    this.byKey.set(key, { namespace, name });
    this.order.push({ namespace, name, key });
    while (this.order.length > MAX_EVENTS) {
      const oldest = this.order.shift() as { namespace: string; name: string; key: string };
      this.byKey.delete(oldest.key);
      if (this.store.get(this.eventsType, oldest.namespace, oldest.name)) this.store.delete(this.eventsType, oldest.namespace, oldest.name);
    }
  }
}

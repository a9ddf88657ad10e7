// Knative's conditions (knative.dev/pkg apis.Condition): type, status, reason, message, lastTransitionTime, and
// severity for the ones that do not make their object unready (Active).
import { isRecord, type KubeObject } from '../../kube-object.js';
import { nowTimestamp } from '../../controllers/time.js';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Condition {
  type: string;
  status: ConditionStatus;
  reason?: string;
  message?: string;
  severity?: 'Info' | 'Warning';
  lastTransitionTime: string;
}

export interface ConditionInput {
  status: ConditionStatus;
  reason?: string;
  message?: string;
  severity?: 'Info' | 'Warning';
}

export function conditionsOf(obj: KubeObject | undefined): Condition[] {
  const status = obj && isRecord(obj.status) ? obj.status : {};
  return Array.isArray(status.conditions) ? (status.conditions.filter(isRecord) as unknown as Condition[]) : [];
}

export function condition(obj: KubeObject | undefined, type: string): Condition | undefined {
  return conditionsOf(obj).find((c) => c.type === type);
}

export function isTrue(obj: KubeObject | undefined, type = 'Ready'): boolean {
  return condition(obj, type)?.status === 'True';
}

/**
 * The conditions, sorted by type as knative.dev/pkg keeps them, each keeping its lastTransitionTime while its
 * status stays the same.
 */
export function buildConditions(previous: Condition[], wanted: Record<string, ConditionInput>): Condition[] {
  const now = nowTimestamp();
  return Object.keys(wanted)
    .sort()
    .map((type) => {
      const w = wanted[type] as ConditionInput;
      const old = previous.find((c) => c.type === type);
      const same = old && old.status === w.status && old.reason === w.reason && old.message === w.message;
      return {
        type,
        status: w.status,
        ...(w.severity ? { severity: w.severity } : {}),
        ...(w.reason ? { reason: w.reason } : {}),
        ...(w.message ? { message: w.message } : {}),
        lastTransitionTime: same ? old.lastTransitionTime : old && old.status === w.status ? old.lastTransitionTime : now,
      };
    });
}

/** The aggregate of dependent conditions as a Ready condition: False wins, then Unknown, else True. */
export function readyOf(parts: ConditionInput[]): ConditionInput {
  return parts.find((p) => p.status === 'False') ?? parts.find((p) => p.status === 'Unknown') ?? { status: 'True' };
}

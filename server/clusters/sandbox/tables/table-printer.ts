// What every Table printer is: the column definitions the apiserver sends, and one row's cells for an object.
// The cells carry every column, wide ones too: the real apiserver prints with Wide=true and lets kubectl hide
// the columns of priority > 0 unless it was asked for `-o wide`.

import type { KubeObject } from '../kube-object.js';
import { parseTime } from './fields.js';

/** meta.k8s.io/v1 TableColumnDefinition; every field is always serialized (none is omitempty). */
export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** meta.k8s.io/v1 TableRowCondition: the pod printer marks finished pods with one, as the real one does. */
export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface TablePrinter {
  columns: ColumnDefinition[];
  cells(obj: KubeObject, now: number): unknown[];
  /** Row conditions, for the few printers that set them (pods). */
  conditions?(obj: KubeObject): TableRowCondition[] | undefined;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * k8s.io/apimachinery/pkg/util/duration.HumanDuration, branch for branch: ~2-3 significant figures, every
 * division truncating as Go's integer division does. Up to a second in the future still reads "0s" (clock skew).
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const dy = days % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${years}y`;
}

/** The printers' translateTimestampSince: '<unknown>' for a zero (absent) time. */
export function timestampSince(value: unknown, now: number): string {
  const at = parseTime(value);
  return at === undefined ? '<unknown>' : humanDuration(now - at);
}

/** The AGE cell: time since metadata.creationTimestamp. */
export function age(obj: KubeObject, now: number): string {
  return timestampSince(obj.metadata.creationTimestamp, now);
}

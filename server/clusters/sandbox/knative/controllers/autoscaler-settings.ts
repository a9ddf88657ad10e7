// config-autoscaler as the KPA reads it: the keys a lesson edits, with Knative's defaults when a key is absent.
import { isRecord } from '../../kube-object.js';
import type { ControllerContext } from '../../controllers/controller-context.js';

export interface AutoscalerSettings {
  containerConcurrencyTargetDefault: number;
  targetUtilization: number;
  stableWindowMs: number;
  scaleToZeroGracePeriodMs: number;
  scaleToZeroPodRetentionMs: number;
  enableScaleToZero: boolean;
  initialScale: number;
  allowZeroInitialScale: boolean;
  maxScale: number;
  minScale: number;
}

export const AUTOSCALER_DEFAULTS: AutoscalerSettings = {
  containerConcurrencyTargetDefault: 100,
  targetUtilization: 0.7,
  stableWindowMs: 60_000,
  scaleToZeroGracePeriodMs: 30_000,
  scaleToZeroPodRetentionMs: 0,
  enableScaleToZero: true,
  initialScale: 1,
  allowZeroInitialScale: false,
  maxScale: 0,
  minScale: 0,
};

/** Go durations as Knative's config parses them: `60s`, `1m30s`, `500ms`, `2h`. */
export function parseDuration(text: string): number | undefined {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text.trim()) return undefined;
  return parts.reduce((ms, p) => ms + Number(p[1]) * (units[p[2] as string] as number), 0);
}

export function autoscalerSettings(ctx: ControllerContext): AutoscalerSettings {
  const cm = ctx.registry.find('', 'v1', 'configmaps');
  const obj = cm ? ctx.store.get(cm, 'knative-serving', 'config-autoscaler') : undefined;
  const data = obj && isRecord(obj.data) ? obj.data : {};
  const text = (key: string): string | undefined => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
  const num = (key: string, fallback: number): number => {
    const v = Number(text(key));
    return text(key) !== undefined && Number.isFinite(v) ? v : fallback;
  };
  const dur = (key: string, fallback: number): number => {
    const v = text(key);
    return v !== undefined ? parseDuration(v) ?? fallback : fallback;
  };
  const d = AUTOSCALER_DEFAULTS;
  return {
    containerConcurrencyTargetDefault: num('container-concurrency-target-default', d.containerConcurrencyTargetDefault),
    targetUtilization: num('container-concurrency-target-percentage', d.targetUtilization * 100) / 100,
    stableWindowMs: dur('stable-window', d.stableWindowMs),
    scaleToZeroGracePeriodMs: dur('scale-to-zero-grace-period', d.scaleToZeroGracePeriodMs),
    scaleToZeroPodRetentionMs: dur('scale-to-zero-pod-retention-period', d.scaleToZeroPodRetentionMs),
    enableScaleToZero: (text('enable-scale-to-zero') ?? 'true') !== 'false',
    initialScale: num('initial-scale', d.initialScale),
    allowZeroInitialScale: text('allow-zero-initial-scale') === 'true',
    maxScale: num('max-scale', d.maxScale),
    minScale: num('min-scale', d.minScale),
  };
}

// config-autoscaler: Knative's defaults (upstream ships only `_example`, so these apply until a key is set),
// and the parser the autoscaler uses on the ConfigMap's data. Keys, defaults and bounds as in Serving 1.18.
import { formatGoDuration, parseGoDuration } from './duration.js';

export interface AutoscalerConfig {
  containerConcurrencyTargetPercentage: number;
  containerConcurrencyTargetDefault: number;
  requestsPerSecondTargetDefault: number;
  targetBurstCapacity: number;
  stableWindowMs: number;
  panicWindowPercentage: number;
  panicThresholdPercentage: number;
  maxScaleUpRate: number;
  maxScaleDownRate: number;
  enableScaleToZero: boolean;
  scaleToZeroGracePeriodMs: number;
  scaleToZeroPodRetentionPeriodMs: number;
  podAutoscalerClass: string;
  activatorCapacity: number;
  initialScale: number;
  allowZeroInitialScale: boolean;
  minScale: number;
  maxScale: number;
  scaleDownDelayMs: number;
  maxScaleLimit: number;
}

export const autoscalerDefaults: Readonly<AutoscalerConfig> = Object.freeze({
  containerConcurrencyTargetPercentage: 70,
  containerConcurrencyTargetDefault: 100,
  requestsPerSecondTargetDefault: 200,
  targetBurstCapacity: 211,
  stableWindowMs: 60_000,
  panicWindowPercentage: 10,
  panicThresholdPercentage: 200,
  maxScaleUpRate: 1000,
  maxScaleDownRate: 2,
  enableScaleToZero: true,
  scaleToZeroGracePeriodMs: 30_000,
  scaleToZeroPodRetentionPeriodMs: 0,
  podAutoscalerClass: 'kpa.autoscaling.knative.dev',
  activatorCapacity: 100,
  initialScale: 1,
  allowZeroInitialScale: false,
  minScale: 0,
  maxScale: 0,
  scaleDownDelayMs: 0,
  maxScaleLimit: 0,
});

type Kind = 'float' | 'int' | 'bool' | 'duration' | 'string';
/** ConfigMap key -> field and how its text is read. */
const KEYS: ReadonlyArray<[string, keyof AutoscalerConfig, Kind]> = [
  ['container-concurrency-target-percentage', 'containerConcurrencyTargetPercentage', 'float'],
  ['container-concurrency-target-default', 'containerConcurrencyTargetDefault', 'float'],
  ['requests-per-second-target-default', 'requestsPerSecondTargetDefault', 'float'],
  ['target-burst-capacity', 'targetBurstCapacity', 'float'],
  ['stable-window', 'stableWindowMs', 'duration'],
  ['panic-window-percentage', 'panicWindowPercentage', 'float'],
  ['panic-threshold-percentage', 'panicThresholdPercentage', 'float'],
  ['max-scale-up-rate', 'maxScaleUpRate', 'float'],
  ['max-scale-down-rate', 'maxScaleDownRate', 'float'],
  ['enable-scale-to-zero', 'enableScaleToZero', 'bool'],
  ['scale-to-zero-grace-period', 'scaleToZeroGracePeriodMs', 'duration'],
  ['scale-to-zero-pod-retention-period', 'scaleToZeroPodRetentionPeriodMs', 'duration'],
  ['pod-autoscaler-class', 'podAutoscalerClass', 'string'],
  ['activator-capacity', 'activatorCapacity', 'float'],
  ['initial-scale', 'initialScale', 'int'],
  ['allow-zero-initial-scale', 'allowZeroInitialScale', 'bool'],
  ['min-scale', 'minScale', 'int'],
  ['max-scale', 'maxScale', 'int'],
  ['scale-down-delay', 'scaleDownDelayMs', 'duration'],
  ['max-scale-limit', 'maxScaleLimit', 'int'],
];

/** The keys a reader knows, for `_example` and for tests. */
export const AUTOSCALER_KEYS: readonly string[] = KEYS.map(([key]) => key);

function parseValue(key: string, kind: Kind, text: string): number | boolean | string {
  const value = text.trim();
  switch (kind) {
    case 'string':
      return value;
    case 'bool':
      // Go's strconv.ParseBool, as Knative's cm.AsBool reads it.
      if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
      if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
      throw new Error(`failed to parse "${key}": strconv.ParseBool: parsing "${text}": invalid syntax`);
    case 'int':
      if (!/^[+-]?\d+$/.test(value)) throw new Error(`failed to parse "${key}": strconv.ParseInt: parsing "${text}": invalid syntax`);
      return Number(value);
    case 'float': {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n)) throw new Error(`failed to parse "${key}": strconv.ParseFloat: parsing "${text}": invalid syntax`);
      return n;
    }
    case 'duration': {
      const ms = parseGoDuration(value);
      if (ms === undefined) throw new Error(`failed to parse "${key}": time: invalid duration "${text}"`);
      return ms;
    }
  }
}

/**
 * The autoscaler's configuration from config-autoscaler's data: defaults for absent keys, `_example` ignored.
 * Throws on a value that does not parse or is out of bounds, as Knative refuses such a ConfigMap; a caller
 * keeps its previous configuration then, as Knative's config store does.
 */
export function readAutoscalerConfig(data: Readonly<Record<string, string>> | undefined): AutoscalerConfig {
  const config: AutoscalerConfig = { ...autoscalerDefaults };
  const target = config as unknown as Record<string, number | boolean | string>; // fields set by key below
  for (const [key, field, kind] of KEYS) {
    const text = data?.[key];
    if (text !== undefined) target[field] = parseValue(key, kind, text);
  }
  // A percentage up to 1 is a fraction of legacy configs (0.7 means 70%).
  if (config.containerConcurrencyTargetPercentage <= 1) config.containerConcurrencyTargetPercentage *= 100;
  validate(config);
  return config;
}

function validate(c: AutoscalerConfig): void {
  const fail = (message: string): never => {
    throw new Error(message);
  };
  if (c.stableWindowMs < 6_000 || c.stableWindowMs > 3_600_000) fail(`stable-window = ${formatGoDuration(c.stableWindowMs)}, must be in [6s; 1h0m0s] range`);
  if (c.stableWindowMs % 1000 !== 0) fail(`stable-window = ${formatGoDuration(c.stableWindowMs)}, must be specified with at most second precision`);
  if (c.scaleToZeroGracePeriodMs < 6_000) fail(`scale-to-zero-grace-period must be at least 6s, was: ${formatGoDuration(c.scaleToZeroGracePeriodMs)}`);
  if (c.scaleToZeroPodRetentionPeriodMs < 0) fail(`scale-to-zero-pod-retention-period cannot be negative, was: ${formatGoDuration(c.scaleToZeroPodRetentionPeriodMs)}`);
  if (c.scaleDownDelayMs < 0) fail(`scale-down-delay cannot be negative, was: ${formatGoDuration(c.scaleDownDelayMs)}`);
  if (c.targetBurstCapacity < 0 && c.targetBurstCapacity !== -1) fail(`target-burst-capacity must be either non-negative or -1 (for unlimited), was: ${c.targetBurstCapacity}`);
  if (c.containerConcurrencyTargetPercentage <= 0 || c.containerConcurrencyTargetPercentage > 100) {
    fail(`container-concurrency-target-percentage = ${c.containerConcurrencyTargetPercentage} is outside of valid range of (0, 100]`);
  }
  if (c.containerConcurrencyTargetDefault < 0.01) fail(`container-concurrency-target-default = ${c.containerConcurrencyTargetDefault}, must be at least 0.01`);
  if (c.requestsPerSecondTargetDefault < 0.01) fail(`requests-per-second-target-default = ${c.requestsPerSecondTargetDefault}, must be at least 0.01`);
  if (c.panicWindowPercentage < 1 || c.panicWindowPercentage > 100) fail(`panic-window-percentage = ${c.panicWindowPercentage}, must be in [1, 100] interval`);
  if (c.panicThresholdPercentage < 110 || c.panicThresholdPercentage > 1000) fail(`panic-threshold-percentage = ${c.panicThresholdPercentage}, must be in [110, 1000] interval`);
  if (c.maxScaleUpRate <= 1) fail(`max-scale-up-rate = ${c.maxScaleUpRate}, must be greater than 1.0`);
  if (c.maxScaleDownRate <= 1) fail(`max-scale-down-rate = ${c.maxScaleDownRate}, must be greater than 1.0`);
  if (c.activatorCapacity < 1) fail(`activator-capacity = ${c.activatorCapacity}, must be at least 1`);
  if (c.initialScale < 0 || (c.initialScale === 0 && !c.allowZeroInitialScale)) {
    fail(`initial-scale = ${c.initialScale}, must be at least 0 (or at least 1 when allow-zero-initial-scale is false)`);
  }
  if (c.minScale < 0) fail(`min-scale = ${c.minScale} must be at least 0`);
  if (c.maxScale < 0) fail(`max-scale = ${c.maxScale} must be at least 0`);
  if (c.maxScale > 0 && c.minScale > c.maxScale) fail(`min-scale (${c.minScale}) must be less than max-scale (${c.maxScale})`);
  if (c.maxScaleLimit < 0) fail(`max-scale-limit = ${c.maxScaleLimit} must be at least 0`);
  if (c.maxScaleLimit > 0 && (c.maxScale === 0 || c.maxScale > c.maxScaleLimit)) {
    fail(`max-scale = ${c.maxScale} must be in [1, max-scale-limit (${c.maxScaleLimit})] range`);
  }
}

/** `_example` for config-autoscaler: every key with its default, in our own words. */
export function autoscalerExample(): string {
  const d = autoscalerDefaults;
  const lines: Array<[string, string, string]> = [
    ['Share of a container\'s concurrency limit the autoscaler aims for (percent).', 'container-concurrency-target-percentage', String(d.containerConcurrencyTargetPercentage)],
    ['Concurrent requests per pod to aim for when a revision sets no limit.', 'container-concurrency-target-default', String(d.containerConcurrencyTargetDefault)],
    ['Requests per second per pod to aim for with the rps metric.', 'requests-per-second-target-default', String(d.requestsPerSecondTargetDefault)],
    ['Spare capacity below which the activator stays in the request path (-1: always, 0: only at zero).', 'target-burst-capacity', String(d.targetBurstCapacity)],
    ['Window over which concurrency is averaged in stable mode (whole seconds).', 'stable-window', '60s'],
    ['Panic window, as a percentage of the stable window.', 'panic-window-percentage', '10.0'],
    ['Load, as a percentage of the target, that switches to panic mode.', 'panic-threshold-percentage', '200.0'],
    ['Largest factor by which one evaluation may multiply the pod count.', 'max-scale-up-rate', '1000.0'],
    ['Largest factor by which one evaluation may divide the pod count.', 'max-scale-down-rate', '2.0'],
    ['Whether idle revisions go down to zero pods.', 'enable-scale-to-zero', String(d.enableScaleToZero)],
    ['Longest wait, once idle, before the last pod is removed.', 'scale-to-zero-grace-period', '30s'],
    ['Least time the last pod stays after the decision to scale to zero.', 'scale-to-zero-pod-retention-period', '0s'],
    ['Autoscaler used when a revision names none.', 'pod-autoscaler-class', d.podAutoscalerClass],
    ['Concurrent requests one activator takes on.', 'activator-capacity', '100.0'],
    ['Pods a new revision starts with.', 'initial-scale', String(d.initialScale)],
    ['Whether initial-scale (or the initialScale annotation) may be 0.', 'allow-zero-initial-scale', String(d.allowZeroInitialScale)],
    ['Fewest pods of a revision, unless its minScale annotation says otherwise.', 'min-scale', String(d.minScale)],
    ['Most pods of a revision (0: no limit), unless its maxScale annotation says otherwise.', 'max-scale', String(d.maxScale)],
    ['How long lower load must last before pods are removed.', 'scale-down-delay', '0s'],
    ['Highest max-scale a revision may ask for (0: any).', 'max-scale-limit', String(d.maxScaleLimit)],
  ];
  const body = lines.map(([why, key, value]) => `# ${why}\n${key}: "${value}"`).join('\n\n');
  return `${EXAMPLE_HEADER}\n${body}\n`;
}

/** The banner every Knative `_example` starts with, in our words: the block is documentation only. */
export const EXAMPLE_HEADER = [
  '################################',
  '#                              #',
  '#    EXAMPLE CONFIGURATION     #',
  '#                              #',
  '################################',
  '',
  '# Nothing in this block takes effect. Copy a key out of it, one',
  '# level up into data, to change the setting it describes.',
  '',
].join('\n');

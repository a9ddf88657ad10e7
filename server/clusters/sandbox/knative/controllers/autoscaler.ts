// The KPA: scales each revision's Deployment from the concurrency the gateway measures. It keeps the initial
// scale, scales up with load (ceil(concurrency / (target x utilization)), at once when the current load
// needs it), down on the stable window's average, and to zero after a stable window without requests plus the
// scale-to-zero grace period; min-scale / max-scale / initial-scale / target annotations and config-autoscaler
// (read at every tick, so a lesson can shorten the windows) apply. The activator asks for a pod with
// `wake()`. PodAutoscaler status says what it decided.
import type { KubeObject } from '../../kube-object.js';
import type { ControllerContext } from '../../controllers/controller-context.js';
import { isReady } from '../../controllers/pod-state.js';
import { autoscalerSettings, type AutoscalerConfig } from './autoscaler-settings.js';
import { buildConditions, conditionsOf } from './conditions.js';
import { ANNOTATION, knativeType, LABEL } from './knative-types.js';
import { spec, writeStatus } from './reconcile.js';

const TICK_MS = 1_000;

interface RevisionLoad {
  namespace: string;
  name: string;
  inFlight: number;
  /** The busiest moment since the last tick. */
  peak: number;
  /** One sample per tick: concurrency during that second. */
  samples: number[];
  /** Last time a request arrived or was in flight. */
  lastActive: number;
  /** When the autoscaler last wanted zero with no traffic (the grace period runs from here). */
  idleSince?: number;
  desired: number;
}

export class Autoscaler {
  private readonly loads = new Map<string, RevisionLoad>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly ctx: ControllerContext) {
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
  }

  /** The scale a new revision starts with: initial-scale (annotation or config), at least min-scale. */
  initialScale(rev: KubeObject): number {
    const settings = autoscalerSettings(this.ctx);
    const a = rev.metadata.annotations ?? {};
    const initial = a[ANNOTATION.initialScale] !== undefined ? Number(a[ANNOTATION.initialScale]) : settings.initialScale;
    const min = this.bounds(rev, settings).min;
    const allowZero = settings.allowZeroInitialScale;
    return Math.max(min, Number.isFinite(initial) ? (initial === 0 && !allowZero ? 1 : initial) : 1);
  }

  track(rev: KubeObject): void {
    this.load(rev.metadata.namespace as string, rev.metadata.name as string, this.initialScale(rev));
  }

  requestStarted(namespace: string, revision: string): void {
    const load = this.load(namespace, revision);
    load.inFlight++;
    load.peak = Math.max(load.peak, load.inFlight);
    load.lastActive = Date.now();
    load.idleSince = undefined;
    if (load.desired === 0) this.wake(namespace, revision);
  }

  requestEnded(namespace: string, revision: string): void {
    const load = this.load(namespace, revision);
    load.inFlight = Math.max(0, load.inFlight - 1);
    load.lastActive = Date.now();
  }

  /** The activator holds a request for a revision at zero: scale it to one now. */
  wake(namespace: string, revision: string): void {
    const load = this.load(namespace, revision);
    load.lastActive = Date.now();
    load.idleSince = undefined;
    if (load.desired < 1) this.apply(load, 1);
  }

  private load(namespace: string, name: string, initial = 1): RevisionLoad {
    const key = `${namespace}/${name}`;
    let load = this.loads.get(key);
    if (!load) {
      load = { namespace, name, inFlight: 0, peak: 0, samples: [], lastActive: Date.now(), desired: initial };
      this.loads.set(key, load);
    }
    return load;
  }

  private bounds(rev: KubeObject, settings: AutoscalerConfig): { min: number; max: number } {
    const a = rev.metadata.annotations ?? {};
    const min = Number(a[ANNOTATION.minScale] ?? settings.minScale) || 0;
    const max = Number(a[ANNOTATION.maxScale] ?? settings.maxScale) || 0;
    return { min, max };
  }

  private tick(): void {
    if (this.closed) return;
    const revType = knativeType(this.ctx.registry, 'revisions');
    if (!revType) return;
    const settings = autoscalerSettings(this.ctx);
    const now = Date.now();
    for (const [key, load] of this.loads) {
      const rev = this.ctx.store.get(revType, load.namespace, load.name);
      if (!rev) {
        this.loads.delete(key);
        continue;
      }
      load.samples.push(Math.max(load.peak, load.inFlight));
      load.peak = load.inFlight;
      if (load.inFlight > 0) load.lastActive = now;
      const windowSamples = Math.max(1, Math.round(settings.stableWindowMs / TICK_MS));
      if (load.samples.length > windowSamples) load.samples.splice(0, load.samples.length - windowSamples);
      const average = load.samples.reduce((a, b) => a + b, 0) / load.samples.length;
      const cc = typeof spec(rev).containerConcurrency === 'number' ? (spec(rev).containerConcurrency as number) : 0;
      const target = Number(rev.metadata.annotations?.[ANNOTATION.target]) || (cc > 0 ? cc : settings.containerConcurrencyTargetDefault);
      const perPod = Math.max(0.01, (target * settings.containerConcurrencyTargetPercentage) / 100);
      const { min, max } = this.bounds(rev, settings);
      let desired = Math.max(Math.ceil(average / perPod), Math.ceil(load.inFlight / perPod));
      const idleFor = now - load.lastActive;
      if (desired === 0) {
        if (idleFor < settings.stableWindowMs || !settings.enableScaleToZero || min > 0) {
          desired = 1;
          load.idleSince = undefined;
        } else {
          load.idleSince ??= now;
          const graceOver = now - load.idleSince >= settings.scaleToZeroGracePeriodMs && idleFor >= settings.scaleToZeroPodRetentionPeriodMs;
          desired = graceOver ? 0 : Math.min(load.desired, 1);
        }
      }
      desired = Math.max(desired, min);
      if (max > 0) desired = Math.min(desired, max);
      if (desired !== load.desired) this.apply(load, desired);
      this.writeStatus(rev, load);
    }
  }

  /** Sets the Deployment's replicas. */
  private apply(load: RevisionLoad, desired: number): void {
    load.desired = desired;
    const d = this.ctx.store.get(this.ctx.types.deployments, load.namespace, `${load.name}-deployment`);
    if (!d || spec(d).replicas === desired) return;
    this.ctx.store.update(this.ctx.types.deployments, { ...d, spec: { ...spec(d), replicas: desired } });
    const revType = knativeType(this.ctx.registry, 'revisions');
    const rev = revType ? this.ctx.store.get(revType, load.namespace, load.name) : undefined;
    if (rev) this.writeStatus(rev, load);
  }

  private writeStatus(rev: KubeObject, load: RevisionLoad): void {
    const paType = knativeType(this.ctx.registry, 'podAutoscalers');
    const pa = paType ? this.ctx.store.get(paType, load.namespace, load.name) : undefined;
    if (!paType || !pa) return;
    const ready = this.ctx.store.count(this.ctx.types.pods, load.namespace, (p) => p.metadata.labels?.[LABEL.revision] === load.name && isReady(p as KubeObject) && !p.metadata.deletionTimestamp);
    const active = load.desired > 0;
    writeStatus(this.ctx, paType, pa, {
      observedGeneration: pa.metadata.generation ?? 1,
      actualScale: ready,
      desiredScale: load.desired,
      metricsServiceName: `${load.name}-private`,
      serviceName: load.name,
      conditions: buildConditions(conditionsOf(pa), {
        Active: active ? { status: ready > 0 ? 'True' : 'Unknown', ...(ready > 0 ? {} : { reason: 'Queued', message: 'Requests to the target are being buffered as resources are provisioned.' }) } : { status: 'False', reason: 'NoTraffic', message: 'The target is not receiving traffic.' },
        Ready: ready > 0 || !active ? { status: 'True' } : { status: 'Unknown', reason: 'Queued' },
        SKSReady: { status: 'True' },
        // Initialized once the target first had a ready pod; it stays so through scale to zero.
        ScaleTargetInitialized: ready > 0 || conditionsOf(pa).some((c) => c.type === 'ScaleTargetInitialized' && c.status === 'True') ? { status: 'True' } : { status: 'Unknown' },
      }),
    });
  }
}

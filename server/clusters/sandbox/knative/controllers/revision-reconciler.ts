// A Revision becomes what runs it: the Deployment `<revision>-deployment` (the user's container as
// `user-container` plus the `queue-proxy` sidecar), a PodAutoscaler and a ServerlessService of its name, and the
// Services `<revision>` and `<revision>-private`. Its status follows them: ResourcesAvailable, ContainerHealthy,
// Active (scaled to zero is NoTraffic), Ready, the replica counts and the resolved image digest.
import { isRecord, type KubeObject } from '../../kube-object.js';
import { controllerRef } from '../../controllers/owner.js';
import type { ControllerContext } from '../../controllers/controller-context.js';
import { isReady } from '../../controllers/pod-state.js';
import { buildConditions, conditionsOf, readyOf, type ConditionInput } from './conditions.js';
import { resolveDigest } from './digest-resolution.js';
import { knativeType, LABEL } from './knative-types.js';
import { configMapData } from './knative-config.js';
import { ensure, spec, status, writeStatus } from './reconcile.js';
import { DEFAULT_TIMEOUT_SECONDS, userPort } from './revision-defaults.js';
import type { Autoscaler } from './autoscaler.js';
import { QUEUE_PROXY_IMAGE, queueProxyContainer } from './queue-proxy.js';

export function reconcileRevision(ctx: ControllerContext, autoscaler: Autoscaler, namespace: string, name: string): void {
  const revType = knativeType(ctx.registry, 'revisions');
  const paType = knativeType(ctx.registry, 'podAutoscalers');
  const sksType = knativeType(ctx.registry, 'serverlessServices');
  if (!revType || !paType || !sksType) return;
  const rev = ctx.store.get(revType, namespace, name);
  if (!rev || rev.metadata.deletionTimestamp) return;
  const s = spec(rev);
  const containers = Array.isArray(s.containers) ? s.containers.filter(isRecord) : [];
  const user = containers[0] ?? {};
  const image = typeof user.image === 'string' ? user.image : '';
  const previous = conditionsOf(rev);
  const resolution = resolveDigest(image);
  if (!resolution.ok) {
    writeStatus(ctx, revType, rev, {
      observedGeneration: rev.metadata.generation ?? 1,
      conditions: buildConditions(previous, {
        ContainerHealthy: { status: 'False', reason: 'ContainerMissing', message: resolution.message },
        Ready: { status: 'False', reason: 'ContainerMissing', message: resolution.message },
        ResourcesAvailable: { status: 'Unknown' },
      }),
    });
    return;
  }
  const owner = controllerRef(rev);
  const labels = childLabels(rev);
  const deploymentName = `${name}-deployment`;
  // The autoscaler owns the replicas once the Deployment exists; the rest of its spec follows the Revision.
  const existing = ctx.store.get(ctx.types.deployments, namespace, deploymentName);
  const replicas = existing ? Number(spec(existing).replicas ?? 0) : autoscaler.initialScale(rev);
  const deployment = ensure(ctx, ctx.types.deployments, deploymentFor(rev, deploymentName, labels, user, resolution.digestRef, replicas, queueImage(ctx)), ['spec']);
  if (deployment.created) autoscaler.track(rev);
  const pa = ensure(ctx, paType, {
    apiVersion: 'autoscaling.internal.knative.dev/v1alpha1',
    kind: 'PodAutoscaler',
    metadata: { name, namespace, labels, annotations: { 'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev', 'autoscaling.knative.dev/metric': 'concurrency', ...autoscalingAnnotations(rev) }, ownerReferences: [owner] },
    spec: { containerConcurrency: s.containerConcurrency ?? 0, protocolType: 'http1', reachability: 'Unknown', scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deploymentName } },
  }, ['spec']);
  ensure(ctx, sksType, {
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'ServerlessService',
    metadata: { name, namespace, labels, ownerReferences: [owner] },
    spec: { mode: 'Serve', numActivators: 2, objectRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deploymentName }, protocolType: 'http1' },
  }, []);
  for (const svc of servicesFor(rev, labels)) ensure(ctx, ctx.types.services, svc, []);

  // Status from the deployment's pods and the autoscaler.
  const pods = ctx.store.select(ctx.types.pods, namespace, (p) => p.metadata.labels?.[LABEL.revision] === name && !p.metadata.deletionTimestamp);
  const ready = pods.filter(isReady).length;
  const desired = numberOr(status(pa.obj).desiredScale, autoscaler.initialScale(rev));
  const everReady = previous.some((c) => c.type === 'ResourcesAvailable' && c.status === 'True');
  const crashed = pods.map(userContainerFailure).find((f) => f !== undefined);
  const resources: ConditionInput = ready > 0 || everReady ? { status: 'True' } : { status: 'Unknown', reason: 'Deploying' };
  const health: ConditionInput = crashed ? { status: 'False', reason: crashed.reason, message: crashed.message } : ready > 0 || everReady ? { status: 'True' } : { status: 'Unknown', reason: 'Deploying' };
  const active: ConditionInput =
    ready > 0
      ? { status: 'True', severity: 'Info' }
      : desired === 0
        ? { status: 'False', reason: 'NoTraffic', message: 'The target is not receiving traffic.', severity: 'Info' }
        : { status: 'Unknown', reason: everReady ? 'Queued' : 'Deploying', ...(everReady ? { message: 'Requests to the target are being buffered as resources are provisioned.' } : {}), severity: 'Info' };
  writeStatus(ctx, revType, rev, {
    observedGeneration: rev.metadata.generation ?? 1,
    conditions: buildConditions(previous, { Active: active, ContainerHealthy: health, Ready: readyOf([resources, health]), ResourcesAvailable: resources }),
    actualReplicas: ready,
    desiredReplicas: desired,
    containerStatuses: [{ name: String(user.name ?? 'user-container'), imageDigest: resolution.imageId }],
  });
}

/** config-deployment's queue-sidecar-image, as Knative's revision reconciler reads it. */
function queueImage(ctx: ControllerContext): string {
  const data = configMapData(ctx, 'config-deployment');
  const image = data['queue-sidecar-image'] ?? data.queueSidecarImage;
  return image || QUEUE_PROXY_IMAGE;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

/** A crashed user container, as Knative reports it on the Revision (ContainerHealthy False, ExitCode<n>). */
function userContainerFailure(pod: KubeObject): { reason: string; message: string } | undefined {
  const statuses = isRecord(pod.status) && Array.isArray(pod.status.containerStatuses) ? pod.status.containerStatuses.filter(isRecord) : [];
  const user = statuses.find((c) => c.name === 'user-container');
  if (!user) return undefined;
  const last = isRecord(user.lastState) && isRecord(user.lastState.terminated) ? user.lastState.terminated : undefined;
  const waiting = isRecord(user.state) && isRecord(user.state.waiting) ? user.state.waiting : undefined;
  if (waiting?.reason === 'CrashLoopBackOff' && last) {
    return { reason: `ExitCode${String(last.exitCode)}`, message: `Container failed with: ${String(last.message ?? '').trim() || `exit code ${String(last.exitCode)}`}` };
  }
  return undefined;
}

function childLabels(rev: KubeObject): Record<string, string> {
  const l = rev.metadata.labels ?? {};
  const out: Record<string, string> = {
    [LABEL.configuration]: l[LABEL.configuration] ?? '',
    [LABEL.configurationGeneration]: l[LABEL.configurationGeneration] ?? '',
    [LABEL.configurationUid]: l[LABEL.configurationUid] ?? '',
    [LABEL.revision]: rev.metadata.name as string,
    [LABEL.revisionUid]: rev.metadata.uid as string,
  };
  const service = l[LABEL.service];
  if (service) {
    out[LABEL.service] = service;
    out[LABEL.serviceUid] = l[LABEL.serviceUid] ?? '';
  }
  return out;
}

function autoscalingAnnotations(rev: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rev.metadata.annotations ?? {})) if (k.startsWith('autoscaling.knative.dev/')) out[k] = v;
  return out;
}

function deploymentFor(rev: KubeObject, name: string, labels: Record<string, string>, user: Record<string, unknown>, digestRef: string, replicas: number, queue: string): KubeObject {
  const s = spec(rev);
  const port = userPort(user);
  const revName = rev.metadata.name as string;
  const l = rev.metadata.labels ?? {};
  const env = [
    ...(Array.isArray(user.env) ? user.env : []),
    { name: 'PORT', value: String(port) },
    { name: 'K_REVISION', value: revName },
    { name: 'K_CONFIGURATION', value: l[LABEL.configuration] ?? '' },
    ...(l[LABEL.service] ? [{ name: 'K_SERVICE', value: l[LABEL.service] }] : []),
  ];
  const { readinessProbe: _probe, ...userRest } = user;
  const userContainer = {
    ...userRest,
    image: digestRef,
    ports: [{ name: 'user-port', containerPort: port, protocol: 'TCP' }],
    env,
    lifecycle: { preStop: { httpGet: { path: '/wait-for-drain', port: 8022, scheme: 'HTTP' } } },
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
  const timeout = typeof s.timeoutSeconds === 'number' ? s.timeoutSeconds : DEFAULT_TIMEOUT_SECONDS;
  const podLabels = { ...labels, app: revName };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: rev.metadata.namespace, labels: { ...labels, app: revName }, ownerReferences: [controllerRef(rev)] },
    spec: {
      replicas,
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 0,
      selector: { matchLabels: { [LABEL.revisionUid]: rev.metadata.uid as string } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: podLabels, annotations: { 'serving.knative.dev/creator': rev.metadata.annotations?.['serving.knative.dev/creator'] ?? 'kubernetes-admin' } },
        spec: {
          containers: [userContainer, queueProxyContainer(rev, port, timeout, queue)],
          enableServiceLinks: false,
          terminationGracePeriodSeconds: timeout,
        },
      },
    },
  };
}

function servicesFor(rev: KubeObject, labels: Record<string, string>): KubeObject[] {
  const name = rev.metadata.name as string;
  const meta = (n: string, extra: Record<string, string>): KubeObject['metadata'] => ({
    name: n,
    namespace: rev.metadata.namespace,
    labels: { ...labels, [LABEL.serverlessService]: name, ...extra },
    ownerReferences: [controllerRef(rev)],
  });
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(name, { [LABEL.sksServiceType]: 'Public' }),
      spec: { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8012 }, { name: 'https', port: 443, protocol: 'TCP', targetPort: 8112 }], type: 'ClusterIP' },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(`${name}-private`, { [LABEL.sksServiceType]: 'Private' }),
      spec: {
        ports: [
          { name: 'http', port: 80, protocol: 'TCP', targetPort: 8012 },
          { name: 'https', port: 443, protocol: 'TCP', targetPort: 8112 },
          { name: 'http-autometric', port: 9090, protocol: 'TCP', targetPort: 9090 },
          { name: 'http-usermetric', port: 9091, protocol: 'TCP', targetPort: 9091 },
          { name: 'http-queueadm', port: 8022, protocol: 'TCP', targetPort: 8022 },
        ],
        selector: { [LABEL.revisionUid]: rev.metadata.uid as string },
        type: 'ClusterIP',
      },
    },
  ];
}

export { QUEUE_PROXY_IMAGE };

// A Route resolves its traffic targets (a Configuration's latest ready Revision, or a named Revision), gives
// them URLs (`<name>.<namespace>.<domain>`, `<tag>-<name>...` for tags), and programs them into a KIngress of
// the configured class, plus the placeholder ExternalName Service. Its conditions: AllTrafficAssigned,
// IngressReady (IngressNotConfigured when no ingress controller takes the class), CertificateProvisioned.
import { isRecord, type KubeObject } from '../../kube-object.js';
import { controllerRef } from '../../controllers/owner.js';
import type { ControllerContext } from '../../controllers/controller-context.js';
import { buildConditions, condition, conditionsOf, isTrue, readyOf, type ConditionInput } from './conditions.js';
import { domainFor, ingressClass } from './knative-config.js';
import { ANNOTATION, knativeType, LABEL } from './knative-types.js';
import { ensure, spec, status, str, writeStatus } from './reconcile.js';

interface Target {
  tag?: string;
  revisionName: string;
  configurationName?: string;
  latestRevision: boolean;
  percent?: number;
}

export function reconcileRoute(ctx: ControllerContext, namespace: string, name: string): void {
  const routeType = knativeType(ctx.registry, 'routes');
  const cfgType = knativeType(ctx.registry, 'configurations');
  const revType = knativeType(ctx.registry, 'revisions');
  const ingressType = knativeType(ctx.registry, 'ingresses');
  if (!routeType || !cfgType || !revType || !ingressType) return;
  const route = ctx.store.get(routeType, namespace, name);
  if (!route || route.metadata.deletionTimestamp) return;
  const labels = route.metadata.labels ?? {};
  const domain = labels[LABEL.visibility] === 'cluster-local' ? 'svc.cluster.local' : domainFor(ctx, labels);
  const host = (prefix: string): string => `${prefix}.${namespace}.${domain}`;
  const url = `http://${host(name)}`;
  const entries = Array.isArray(spec(route).traffic) ? (spec(route).traffic as unknown[]).filter(isRecord) : [];

  // Resolve every target; the first that cannot be is the reason traffic is not assigned.
  const targets: Target[] = [];
  let unassigned: ConditionInput | undefined;
  for (const t of entries) {
    const tag = str(t.tag);
    const percent = typeof t.percent === 'number' ? t.percent : undefined;
    const revisionName = str(t.revisionName);
    const configurationName = str(t.configurationName);
    if (revisionName) {
      const rev = ctx.store.get(revType, namespace, revisionName);
      if (!rev) {
        unassigned ??= { status: 'False', reason: 'RevisionMissing', message: `Revision "${revisionName}" referenced in traffic not found.` };
        continue;
      }
      if (!isTrue(rev)) {
        unassigned ??= { status: 'Unknown', reason: 'RevisionMissing', message: `Revision "${revisionName}" is not yet ready.` };
        continue;
      }
      targets.push({ ...(tag ? { tag } : {}), revisionName, latestRevision: false, ...(percent !== undefined ? { percent } : {}) });
    } else if (configurationName) {
      const cfg = ctx.store.get(cfgType, namespace, configurationName);
      const ready = cfg ? str(status(cfg).latestReadyRevisionName) : undefined;
      if (!cfg) {
        unassigned ??= { status: 'False', reason: 'ConfigurationMissing', message: `Configuration "${configurationName}" referenced in traffic not found.` };
        continue;
      }
      if (!ready) {
        const failed = condition(cfg, 'Ready')?.status === 'False';
        unassigned ??= { status: failed ? 'False' : 'Unknown', reason: 'RevisionMissing', message: `Configuration "${configurationName}" does not have any ready Revision.` };
        continue;
      }
      targets.push({ ...(tag ? { tag } : {}), revisionName: ready, configurationName, latestRevision: true, ...(percent !== undefined ? { percent } : {}) });
    }
  }

  const cls = route.metadata.annotations?.[ANNOTATION.ingressClass] ?? ingressClass(ctx);
  let ingressReady: ConditionInput = { status: 'Unknown', reason: 'IngressNotConfigured', message: 'Ingress has not yet been reconciled.' };
  if (!unassigned) {
    const ingress = ensure(ctx, ingressType, ingressFor(route, cls, targets, domain), ['spec']);
    ensure(ctx, ctx.types.services, placeholderService(route), []);
    markRevisions(ctx, namespace, name, targets);
    const ready = condition(ingress.obj, 'Ready');
    if (ready?.status === 'True' && status(ingress.obj).observedGeneration === ingress.obj.metadata.generation) ingressReady = { status: 'True' };
    else if (ready?.status === 'False') ingressReady = { status: 'False', reason: ready.reason ?? 'IngressNotReady', message: ready.message ?? '' };
  }
  const assigned: ConditionInput = unassigned ?? { status: 'True' };
  const certificate: ConditionInput = { status: 'True', reason: 'TLSNotEnabled', message: 'autoTLS is not enabled' };
  const trafficStatus = targets.map((t) => ({
    ...(t.tag ? { tag: t.tag } : {}),
    revisionName: t.revisionName,
    ...(t.configurationName ? { configurationName: undefined } : {}),
    latestRevision: t.latestRevision,
    percent: t.percent ?? 0,
    ...(t.tag ? { url: `http://${host(`${t.tag}-${name}`)}` } : {}),
  })).map(({ configurationName: _c, ...rest }) => rest);
  const previousTraffic = status(route).traffic;
  writeStatus(ctx, routeType, route, {
    observedGeneration: route.metadata.generation ?? 1,
    conditions: buildConditions(conditionsOf(route), {
      AllTrafficAssigned: assigned,
      CertificateProvisioned: certificate,
      IngressReady: ingressReady,
      Ready: readyOf([assigned, ingressReady]),
    }),
    url,
    address: { url: `http://${name}.${namespace}.svc.cluster.local` },
    // Until traffic is assigned again the last programmed split stays (the ingress keeps serving it).
    ...(unassigned ? (previousTraffic ? { traffic: previousTraffic } : {}) : { traffic: trafficStatus }),
  });
}

function ingressFor(route: KubeObject, cls: string, targets: Target[], domain: string): KubeObject {
  const namespace = route.metadata.namespace as string;
  const name = route.metadata.name as string;
  const splitsOf = (list: Target[], whole: boolean): unknown[] =>
    list.map((t) => ({
      appendHeaders: { 'Knative-Serving-Namespace': namespace, 'Knative-Serving-Revision': t.revisionName },
      percent: whole ? 100 : t.percent ?? 0,
      serviceName: t.revisionName,
      serviceNamespace: namespace,
      servicePort: 80,
    }));
  const main = targets.filter((t) => (t.percent ?? 0) > 0);
  const rules: unknown[] = [];
  const rule = (prefix: string, splits: unknown[]): void => {
    rules.push({ hosts: [`${prefix}.${namespace}`, `${prefix}.${namespace}.svc`, `${prefix}.${namespace}.svc.cluster.local`], http: { paths: [{ splits }] }, visibility: 'ClusterLocal' });
    if (domain !== 'svc.cluster.local') rules.push({ hosts: [`${prefix}.${namespace}.${domain}`], http: { paths: [{ splits }] }, visibility: 'ExternalIP' });
  };
  rule(name, splitsOf(main, false));
  for (const t of targets) if (t.tag) rule(`${t.tag}-${name}`, splitsOf([t], true));
  return {
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'Ingress',
    metadata: {
      name,
      namespace,
      labels: { [LABEL.route]: name, 'serving.knative.dev/routeNamespace': namespace, ...(route.metadata.labels?.[LABEL.service] ? { [LABEL.service]: route.metadata.labels[LABEL.service] } : {}) },
      annotations: { [ANNOTATION.ingressClass]: cls },
      ownerReferences: [controllerRef(route)],
    },
    spec: { httpOption: 'Enabled', rules },
  };
}

/** The Service of the route's name: an ExternalName to Kourier's internal gateway, for in-cluster callers. */
function placeholderService(route: KubeObject): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: route.metadata.name, namespace: route.metadata.namespace, labels: { [LABEL.route]: route.metadata.name as string, ...(route.metadata.labels?.[LABEL.service] ? { [LABEL.service]: route.metadata.labels[LABEL.service] } : {}) }, ownerReferences: [controllerRef(route)] },
    spec: { externalName: 'kourier-internal.kourier-system.svc.cluster.local', ports: [{ name: 'http2', port: 80, protocol: 'TCP', targetPort: 80 }], sessionAffinity: 'None', type: 'ExternalName' },
  };
}

/** Revisions a route sends traffic to are `active` (and name the route); the configuration's others `reserve`. */
function markRevisions(ctx: ControllerContext, namespace: string, route: string, targets: Target[]): void {
  const revType = knativeType(ctx.registry, 'revisions');
  if (!revType) return;
  const routed = new Set(targets.map((t) => t.revisionName));
  const configurations = new Set(targets.map((t) => t.configurationName).filter(Boolean));
  const concerned = (rev: Readonly<KubeObject>): boolean => {
    const cfg = rev.metadata.labels?.[LABEL.configuration];
    return routed.has(rev.metadata.name as string) || (cfg !== undefined && configurations.has(cfg));
  };
  for (const rev of ctx.store.select(revType, namespace, concerned)) {
    const state = routed.has(rev.metadata.name as string) ? 'active' : 'reserve';
    const routes = state === 'active' ? route : undefined;
    if (rev.metadata.labels?.[LABEL.routingState] === state && rev.metadata.annotations?.[ANNOTATION.routes] === routes) continue;
    ctx.store.modify(revType, namespace, rev.metadata.name as string, (o) => {
      o.metadata.labels = { ...o.metadata.labels, [LABEL.routingState]: state };
      const annotations = { ...o.metadata.annotations };
      if (routes) annotations[ANNOTATION.routes] = routes;
      else delete annotations[ANNOTATION.routes];
      annotations[ANNOTATION.routingStateModified] = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      o.metadata.annotations = annotations;
    });
  }
}

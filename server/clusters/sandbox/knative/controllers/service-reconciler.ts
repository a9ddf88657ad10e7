// A Knative Service owns a Configuration and a Route of its name and reports them: ConfigurationsReady,
// RoutesReady and Ready, the URL and address, the latest created and ready Revisions, and the traffic.
import { isRecord, type KubeObject } from '../../kube-object.js';
import { controllerRef } from '../../controllers/owner.js';
import type { ControllerContext } from '../../controllers/controller-context.js';
import { buildConditions, condition, conditionsOf, type ConditionInput } from './conditions.js';
import { knativeType, LABEL } from './knative-types.js';
import { ensure, spec, status, writeStatus } from './reconcile.js';

const SOURCE = { component: 'service-controller' };

export function reconcileService(ctx: ControllerContext, namespace: string, name: string): void {
  const types = { ksvc: knativeType(ctx.registry, 'services'), cfg: knativeType(ctx.registry, 'configurations'), route: knativeType(ctx.registry, 'routes') };
  if (!types.ksvc || !types.cfg || !types.route) return;
  const ksvc = ctx.store.get(types.ksvc, namespace, name);
  if (!ksvc || ksvc.metadata.deletionTimestamp) return;
  const s = spec(ksvc);
  const labels = { ...ksvc.metadata.labels, [LABEL.service]: name, [LABEL.serviceUid]: ksvc.metadata.uid as string };
  const annotations = ksvc.metadata.annotations ?? {};
  const child = (kind: string): KubeObject => ({
    apiVersion: 'serving.knative.dev/v1',
    kind,
    metadata: { name, namespace, labels, ...(Object.keys(annotations).length ? { annotations } : {}), ownerReferences: [controllerRef(ksvc)] },
  });
  const cfg = ensure(ctx, types.cfg, { ...child('Configuration'), spec: { template: s.template ?? {} } }, ['spec']);
  if (cfg.created) ctx.events.record(ksvc, 'Normal', 'Created', `Created Configuration "${name}"`, SOURCE);
  // Traffic without a revision name follows this Service's Configuration (the webhook's defaulting).
  const given = Array.isArray(s.traffic) && s.traffic.length > 0 ? s.traffic.filter(isRecord) : [{ latestRevision: true, percent: 100 }];
  const traffic = given.map((t) => (t.revisionName ? { latestRevision: false, ...t } : { configurationName: name, latestRevision: true, ...t }));
  const route = ensure(ctx, types.route, { ...child('Route'), spec: { traffic } }, ['spec']);
  if (route.created) ctx.events.record(ksvc, 'Normal', 'Created', `Created Route "${name}"`, SOURCE);

  const configurationsReady = fromChild(cfg.obj, 'The Configuration is still working to reflect the latest desired specification.');
  const routesReady = fromChild(route.obj, 'The Route is still working to reflect the latest desired specification.');
  // Knative marks Ready from each dependent in turn; the Route is looked at last, so its reason wins a tie.
  const ready = [configurationsReady, routesReady].filter((c) => c.status === 'False').pop() ??
    [configurationsReady, routesReady].filter((c) => c.status === 'Unknown').pop() ?? { status: 'True' as const };
  const cfgStatus = status(cfg.obj);
  const routeStatus = status(route.obj);
  const next: Record<string, unknown> = {
    observedGeneration: ksvc.metadata.generation ?? 1,
    conditions: buildConditions(conditionsOf(ksvc), { ConfigurationsReady: configurationsReady, RoutesReady: routesReady, Ready: ready }),
    ...(cfgStatus.latestReadyRevisionName ? { latestReadyRevisionName: cfgStatus.latestReadyRevisionName } : {}),
    ...(cfgStatus.latestCreatedRevisionName ? { latestCreatedRevisionName: cfgStatus.latestCreatedRevisionName } : {}),
    ...(routeStatus.url ? { url: routeStatus.url } : {}),
    ...(routeStatus.address ? { address: routeStatus.address } : {}),
    ...(routeStatus.traffic ? { traffic: routeStatus.traffic } : {}),
  };
  writeStatus(ctx, types.ksvc, ksvc, next);
}

/** A child's Ready condition as this Service's view of it; a child behind its spec is "OutOfDate". */
function fromChild(child: KubeObject, outOfDate: string): ConditionInput {
  const observed = status(child).observedGeneration;
  if (observed !== child.metadata.generation) return { status: 'Unknown', reason: 'OutOfDate', message: outOfDate };
  const ready = condition(child, 'Ready');
  if (!ready) return { status: 'Unknown' };
  return { status: ready.status, ...(ready.reason ? { reason: ready.reason } : {}), ...(ready.message ? { message: ready.message } : {}) };
}

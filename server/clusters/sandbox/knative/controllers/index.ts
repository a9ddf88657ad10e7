// Knative Serving's reconcilers in the sandbox, watch-driven as the real ones: Service -> Configuration and
// Route; Configuration -> Revisions; Revision -> Deployment, PodAutoscaler, ServerlessService, Services;
// Route -> KIngress; Kourier's KIngress status; and the KPA autoscaler. They stay idle until the Knative CRDs
// are served.
import { isRecord, type KubeObject } from '../../kube-object.js';
import type { StoreEvent } from '../../object-store.js';
import { resourceKey } from '../../object-store.js';
import type { ControllerContext } from '../../controllers/controller-context.js';
import { controllerOf } from '../../controllers/owner.js';
import { keyOf, splitKey, WorkQueue } from '../../controllers/work-queue.js';
import { Autoscaler } from './autoscaler.js';
import { reconcileConfiguration } from './configuration-reconciler.js';
import { KEYS, knativeType, LABEL } from './knative-types.js';
import { reconcileKourierIngress } from './kourier-ingress-reconciler.js';
import { reconcileRevision } from './revision-reconciler.js';
import { reconcileRoute } from './route-reconciler.js';
import { reconcileService } from './service-reconciler.js';
import { SYSTEM_NAMESPACE } from './knative-config.js';

export interface KnativeControllers {
  autoscaler: Autoscaler;
  close(): void;
}

export function startKnativeControllers(ctx: ControllerContext): KnativeControllers {
  const autoscaler = new Autoscaler(ctx);
  const run = (f: (ns: string, name: string) => void) => (key: string): void => {
    const { namespace, name } = splitKey(key);
    f(namespace as string, name);
  };
  const queues = {
    services: new WorkQueue('knative-service', run((ns, n) => reconcileService(ctx, ns, n))),
    configurations: new WorkQueue('knative-configuration', run((ns, n) => reconcileConfiguration(ctx, ns, n))),
    revisions: new WorkQueue('knative-revision', run((ns, n) => reconcileRevision(ctx, autoscaler, ns, n))),
    routes: new WorkQueue('knative-route', run((ns, n) => reconcileRoute(ctx, ns, n))),
    ingresses: new WorkQueue('kourier-ingress', run((ns, n) => reconcileKourierIngress(ctx, ns, n))),
  };
  const key = (o: KubeObject): string => keyOf(o.metadata.namespace, o.metadata.name as string);
  /** Routes that send traffic to this configuration or revision: the one of its name, and any naming it. */
  const routesOf = (namespace: string | undefined, configuration: string | undefined, revision?: string): void => {
    if (configuration) queues.routes.add(keyOf(namespace, configuration));
    const routeType = knativeType(ctx.registry, 'routes');
    if (!routeType) return;
    const names = (r: Readonly<KubeObject>): boolean => {
      const traffic = isRecord(r.spec) && Array.isArray(r.spec.traffic) ? r.spec.traffic.filter(isRecord) : [];
      return traffic.some((t) => (configuration && t.configurationName === configuration) || (revision && t.revisionName === revision));
    };
    for (const r of ctx.store.select(routeType, namespace, names)) queues.routes.add(key(r));
  };
  /** Every route: the domain or the ingress class changed. */
  const allRoutes = (): void => {
    const routeType = knativeType(ctx.registry, 'routes');
    if (routeType) for (const r of ctx.store.select(routeType, undefined, () => true)) queues.routes.add(key(r));
  };
  const ownerKey = (o: KubeObject, kind: string): string | undefined => {
    const owner = controllerOf(o);
    return owner?.kind === kind ? keyOf(o.metadata.namespace, owner.name) : undefined;
  };

  ctx.store.subscribe((event: StoreEvent) => {
    const o = event.object;
    const ns = o.metadata.namespace;
    switch (event.resource) {
      case KEYS.services:
        queues.services.add(key(o));
        return;
      case KEYS.configurations: {
        queues.configurations.add(key(o));
        const svc = ownerKey(o, 'Service');
        if (svc) queues.services.add(svc);
        routesOf(ns, o.metadata.name);
        return;
      }
      case KEYS.revisions: {
        queues.revisions.add(key(o));
        const cfg = ownerKey(o, 'Configuration');
        if (cfg) queues.configurations.add(cfg);
        routesOf(ns, o.metadata.labels?.[LABEL.configuration], o.metadata.name);
        return;
      }
      case KEYS.routes: {
        queues.routes.add(key(o));
        const svc = ownerKey(o, 'Service');
        if (svc) queues.services.add(svc);
        return;
      }
      case KEYS.ingresses: {
        queues.ingresses.add(key(o));
        const route = ownerKey(o, 'Route');
        if (route) queues.routes.add(route);
        return;
      }
      case KEYS.podAutoscalers: {
        const rev = ownerKey(o, 'Revision');
        if (rev) queues.revisions.add(rev);
        return;
      }
      case resourceKey(ctx.types.deployments):
      case resourceKey(ctx.types.pods): {
        const rev = o.metadata.labels?.[LABEL.revision];
        if (rev) queues.revisions.add(keyOf(ns, rev));
        return;
      }
      case '/configmaps':
        // config-network and config-domain change every route; config-deployment new revisions' pods.
        if (ns === SYSTEM_NAMESPACE && (o.metadata.name === 'config-network' || o.metadata.name === 'config-domain')) allRoutes();
        return;
      default:
        return;
    }
  });
  return {
    autoscaler,
    close: () => {
      autoscaler.close();
      for (const q of Object.values(queues)) q.close();
    },
  };
}

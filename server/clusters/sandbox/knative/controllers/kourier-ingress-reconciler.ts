// net-kourier-controller's part: a KIngress of Kourier's class is programmed into the gateway (the sandbox's
// gateway reads KIngresses directly) and marked Ready with Kourier's load balancer names. Ingresses of another
// class are left alone: no controller takes them, as on a cluster whose config-network names a missing class.
import type { ControllerContext } from '../../controllers/controller-context.js';
import { buildConditions, conditionsOf } from './conditions.js';
import { ANNOTATION, KOURIER_CLASS, knativeType } from './knative-types.js';
import { writeStatus } from './reconcile.js';

export function reconcileKourierIngress(ctx: ControllerContext, namespace: string, name: string): void {
  const type = knativeType(ctx.registry, 'ingresses');
  if (!type) return;
  const ingress = ctx.store.get(type, namespace, name);
  if (!ingress || ingress.metadata.annotations?.[ANNOTATION.ingressClass] !== KOURIER_CLASS) return;
  writeStatus(ctx, type, ingress, {
    observedGeneration: ingress.metadata.generation ?? 1,
    conditions: buildConditions(conditionsOf(ingress), {
      LoadBalancerReady: { status: 'True' },
      NetworkConfigured: { status: 'True' },
      Ready: { status: 'True' },
    }),
    privateLoadBalancer: { ingress: [{ domainInternal: 'kourier-internal.kourier-system.svc.cluster.local' }] },
    publicLoadBalancer: { ingress: [{ domainInternal: 'kourier.kourier-system.svc.cluster.local' }] },
  });
}

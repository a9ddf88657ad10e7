// Knative's ConfigMaps as the controllers read them, live: the ingress class (config-network) and the domain
// (config-domain). Editing them changes routes at once, as on a real cluster.
import { isRecord } from '../../kube-object.js';
import type { ControllerContext } from '../../controllers/controller-context.js';
import { KOURIER_CLASS } from './knative-types.js';

export { KNATIVE_SERVING_NAMESPACE as SYSTEM_NAMESPACE } from '../install/constants.js';
import { KNATIVE_SERVING_NAMESPACE as SYSTEM_NAMESPACE } from '../install/constants.js';

/** A knative-serving ConfigMap's string data (empty when the ConfigMap is missing). */
export function configMapData(ctx: ControllerContext, name: string): Record<string, string> {
  const cm = ctx.registry.find('', 'v1', 'configmaps');
  const obj = cm ? ctx.store.get(cm, SYSTEM_NAMESPACE, name) : undefined;
  const d = obj && isRecord(obj.data) ? obj.data : {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** config-network's ingress-class (older key ingress.class); Knative's own default is Istio's class. */
export function ingressClass(ctx: ControllerContext): string {
  const d = configMapData(ctx, 'config-network');
  return d['ingress-class'] ?? d['ingress.class'] ?? 'istio.ingress.networking.knative.dev';
}

/**
 * The domain for a route: config-domain's keys are domains, each with an optional selector; the one without a
 * selector applies to every route. With no domain configured Knative uses svc.cluster.local.
 */
export function domainFor(ctx: ControllerContext, routeLabels: Record<string, string>): string {
  return domainFromConfig(configMapData(ctx, 'config-domain'), routeLabels);
}

/**
 * The domain config-domain's data gives a route with these labels; with no labels, the default domain (the
 * checkers' `{knativeDomain}` reads it so).
 */
export function domainFromConfig(d: Readonly<Record<string, string>>, routeLabels: Readonly<Record<string, string>>): string {
  let fallback: string | undefined;
  for (const [domain, selector] of Object.entries(d)) {
    if (domain.startsWith('_')) continue;
    const wanted = parseSelector(selector);
    if (Object.keys(wanted).length === 0) fallback ??= domain;
    else if (Object.entries(wanted).every(([k, v]) => routeLabels[k] === v)) return domain;
  }
  return fallback ?? 'svc.cluster.local';
}

/** A config-domain value: `selector:\n  app: x` YAML, or empty. Only flat label maps are read. */
function parseSelector(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s+([\w./-]+):\s*"?([^"]*)"?\s*$/.exec(line);
    if (m) out[m[1] as string] = m[2] as string;
  }
  return out;
}

export { KOURIER_CLASS };

// The Knative kinds the controllers read and write, found in the registry when their CRDs are served (the
// install creates them; a sandbox without Knative has none, and the controllers stay idle).
import type { ResourceRegistry, ResourceType } from '../../resource-types.js';

export const SERVING = 'serving.knative.dev';
export const AUTOSCALING = 'autoscaling.internal.knative.dev';
export const NETWORKING = 'networking.internal.knative.dev';

export const KEYS = {
  services: `${SERVING}/services`,
  configurations: `${SERVING}/configurations`,
  revisions: `${SERVING}/revisions`,
  routes: `${SERVING}/routes`,
  podAutoscalers: `${AUTOSCALING}/podautoscalers`,
  serverlessServices: `${NETWORKING}/serverlessservices`,
  ingresses: `${NETWORKING}/ingresses`,
} as const;

export type KnativeKind = keyof typeof KEYS;

const VERSIONS: Record<KnativeKind, [string, string, string]> = {
  services: [SERVING, 'v1', 'services'],
  configurations: [SERVING, 'v1', 'configurations'],
  revisions: [SERVING, 'v1', 'revisions'],
  routes: [SERVING, 'v1', 'routes'],
  podAutoscalers: [AUTOSCALING, 'v1alpha1', 'podautoscalers'],
  serverlessServices: [NETWORKING, 'v1alpha1', 'serverlessservices'],
  ingresses: [NETWORKING, 'v1alpha1', 'ingresses'],
};

/** The served type of a Knative kind, or undefined while its CRD is not there. */
export function knativeType(registry: ResourceRegistry, kind: KnativeKind): ResourceType | undefined {
  const [group, version, plural] = VERSIONS[kind];
  return registry.find(group, version, plural);
}

/** Labels and annotations Knative puts on what it creates. */
export const LABEL = {
  service: 'serving.knative.dev/service',
  serviceUid: 'serving.knative.dev/serviceUID',
  configuration: 'serving.knative.dev/configuration',
  configurationUid: 'serving.knative.dev/configurationUID',
  configurationGeneration: 'serving.knative.dev/configurationGeneration',
  revision: 'serving.knative.dev/revision',
  revisionUid: 'serving.knative.dev/revisionUID',
  route: 'serving.knative.dev/route',
  routingState: 'serving.knative.dev/routingState',
  visibility: 'networking.knative.dev/visibility',
  ingressClass: 'networking.knative.dev/ingress.class',
  sksServiceType: 'networking.internal.knative.dev/serviceType',
  serverlessService: 'networking.internal.knative.dev/serverlessservice',
} as const;

export const ANNOTATION = {
  creator: 'serving.knative.dev/creator',
  lastModifier: 'serving.knative.dev/lastModifier',
  routes: 'serving.knative.dev/routes',
  routingStateModified: 'serving.knative.dev/routingStateModified',
  minScale: 'autoscaling.knative.dev/min-scale',
  maxScale: 'autoscaling.knative.dev/max-scale',
  initialScale: 'autoscaling.knative.dev/initial-scale',
  target: 'autoscaling.knative.dev/target',
  ingressClass: 'networking.knative.dev/ingress.class',
} as const;

/** The ingress class Kourier serves, and the one the sandbox's gateway answers for. */
export { KOURIER_INGRESS_CLASS as KOURIER_CLASS } from '../install/constants.js';

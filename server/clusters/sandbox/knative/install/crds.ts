// The CustomResourceDefinitions of serving-crds.yaml (Serving, networking, caching), as the release defines
// their names, versions, scope, short names, categories, printer columns and status subresource. Upstream's
// generated schemas are long; here spec and status keep unknown fields (upstream's own choice for
// ServerlessService and Image), so nothing a controller writes is pruned.
import type { KubeObject } from '../../kube-object.js';
import { KNATIVE_SERVING_VERSION } from './constants.js';

interface Column {
  name: string;
  type: 'string' | 'integer';
  jsonPath: string;
}

interface CrdFacts {
  group: string;
  version: string;
  kind: string;
  plural: string;
  scope?: 'Namespaced' | 'Cluster';
  shortNames?: string[];
  categories: string[];
  columns?: Column[];
  /** upstream leaves the whole object unstructured (no spec/status properties) */
  opaque?: boolean;
  labels?: Record<string, string>;
}

const ready = (quote = "'"): Column[] => [
  { name: 'Ready', type: 'string', jsonPath: `.status.conditions[?(@.type==${quote}Ready${quote})].status` },
  { name: 'Reason', type: 'string', jsonPath: `.status.conditions[?(@.type==${quote}Ready${quote})].reason` },
];
const URL_COLUMN: Column = { name: 'URL', type: 'string', jsonPath: '.status.url' };
const LATEST: Column[] = [
  { name: 'LatestCreated', type: 'string', jsonPath: '.status.latestCreatedRevisionName' },
  { name: 'LatestReady', type: 'string', jsonPath: '.status.latestReadyRevisionName' },
];

const SERVING = 'serving.knative.dev';
const AUTOSCALING = 'autoscaling.internal.knative.dev';
const NETWORKING = 'networking.internal.knative.dev';
const PUBLIC = ['all', 'knative', 'serving'];

export const KNATIVE_CRDS: readonly CrdFacts[] = [
  { group: NETWORKING, version: 'v1alpha1', kind: 'Certificate', plural: 'certificates', shortNames: ['kcert'], categories: ['knative-internal', 'networking'], columns: ready('"'), labels: { 'app.kubernetes.io/component': 'networking' } },
  { group: SERVING, version: 'v1', kind: 'Configuration', plural: 'configurations', shortNames: ['config', 'cfg'], categories: PUBLIC, columns: [...LATEST, ...ready()], labels: { 'duck.knative.dev/podspecable': 'true' } },
  { group: NETWORKING, version: 'v1alpha1', kind: 'ClusterDomainClaim', plural: 'clusterdomainclaims', scope: 'Cluster', shortNames: ['cdc'], categories: ['knative-internal', 'networking'], labels: { 'app.kubernetes.io/component': 'networking' } },
  { group: SERVING, version: 'v1beta1', kind: 'DomainMapping', plural: 'domainmappings', shortNames: ['dm'], categories: PUBLIC, columns: [URL_COLUMN, ...ready()] },
  { group: NETWORKING, version: 'v1alpha1', kind: 'Ingress', plural: 'ingresses', shortNames: ['kingress', 'king'], categories: ['knative-internal', 'networking'], columns: ready(), labels: { 'app.kubernetes.io/component': 'networking' } },
  { group: AUTOSCALING, version: 'v1alpha1', kind: 'Metric', plural: 'metrics', categories: ['knative-internal', 'autoscaling'], columns: ready() },
  {
    group: AUTOSCALING,
    version: 'v1alpha1',
    kind: 'PodAutoscaler',
    plural: 'podautoscalers',
    shortNames: ['kpa', 'pa'],
    categories: ['knative-internal', 'autoscaling'],
    columns: [{ name: 'DesiredScale', type: 'integer', jsonPath: '.status.desiredScale' }, { name: 'ActualScale', type: 'integer', jsonPath: '.status.actualScale' }, ...ready()],
  },
  {
    group: SERVING,
    version: 'v1',
    kind: 'Revision',
    plural: 'revisions',
    shortNames: ['rev'],
    categories: PUBLIC,
    columns: [
      { name: 'Config Name', type: 'string', jsonPath: ".metadata.labels['serving\\.knative\\.dev/configuration']" },
      // upstream types it string: the label holds the generation as text
      { name: 'Generation', type: 'string', jsonPath: ".metadata.labels['serving\\.knative\\.dev/configurationGeneration']" },
      ...ready(),
      { name: 'Actual Replicas', type: 'integer', jsonPath: '.status.actualReplicas' },
      { name: 'Desired Replicas', type: 'integer', jsonPath: '.status.desiredReplicas' },
    ],
  },
  { group: SERVING, version: 'v1', kind: 'Route', plural: 'routes', shortNames: ['rt'], categories: PUBLIC, columns: [URL_COLUMN, ...ready()], labels: { 'duck.knative.dev/addressable': 'true' } },
  {
    group: NETWORKING,
    version: 'v1alpha1',
    kind: 'ServerlessService',
    plural: 'serverlessservices',
    shortNames: ['sks'],
    categories: ['knative-internal', 'networking'],
    opaque: true,
    columns: [
      { name: 'Mode', type: 'string', jsonPath: '.spec.mode' },
      { name: 'Activators', type: 'integer', jsonPath: '.spec.numActivators' },
      { name: 'ServiceName', type: 'string', jsonPath: '.status.serviceName' },
      { name: 'PrivateServiceName', type: 'string', jsonPath: '.status.privateServiceName' },
      ...ready(),
    ],
    labels: { 'app.kubernetes.io/component': 'networking' },
  },
  {
    group: SERVING,
    version: 'v1',
    kind: 'Service',
    plural: 'services',
    shortNames: ['kservice', 'ksvc'],
    categories: PUBLIC,
    columns: [URL_COLUMN, ...LATEST, ...ready()],
    labels: { 'duck.knative.dev/addressable': 'true', 'duck.knative.dev/podspecable': 'true' },
  },
  { group: 'caching.internal.knative.dev', version: 'v1alpha1', kind: 'Image', plural: 'images', shortNames: ['img'], categories: ['knative-internal', 'caching'], opaque: true },
];

const OPEN_OBJECT = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

function schema(facts: CrdFacts): Record<string, unknown> {
  if (facts.opaque) return OPEN_OBJECT;
  return {
    type: 'object',
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: OPEN_OBJECT, status: OPEN_OBJECT },
  };
}

export function crdName(facts: Pick<CrdFacts, 'plural' | 'group'>): string {
  return `${facts.plural}.${facts.group}`;
}

export function knativeCrd(facts: CrdFacts): KubeObject {
  const version: Record<string, unknown> = {
    name: facts.version,
    served: true,
    storage: true,
    subresources: { status: {} },
    schema: { openAPIV3Schema: schema(facts) },
  };
  if (facts.columns) version.additionalPrinterColumns = facts.columns;
  const singular = facts.kind.toLowerCase();
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: crdName(facts),
      labels: { 'app.kubernetes.io/name': 'knative-serving', 'app.kubernetes.io/version': KNATIVE_SERVING_VERSION, 'knative.dev/crd-install': 'true', ...facts.labels },
    },
    spec: {
      group: facts.group,
      names: {
        kind: facts.kind,
        listKind: `${facts.kind}List`,
        plural: facts.plural,
        singular,
        categories: facts.categories,
        ...(facts.shortNames ? { shortNames: facts.shortNames } : {}),
      },
      scope: facts.scope ?? 'Namespaced',
      versions: [version],
      conversion: { strategy: 'None' },
    },
  };
}

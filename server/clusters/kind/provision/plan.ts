// The whole plan, in order of display; the runner starts each step once those it comes after are done, so the
// Knative chain and the OpenFaaS chain run side by side after the cluster exists.
import { DEFAULT_GATEWAY_PORT, DEFAULT_INGRESS_PORT, KIND_CLUSTER_NAME } from '../pins.js';
import { UPSTREAM_WAITS, type PlanOptions } from './plan-options.js';
import type { ProvisionStep } from './step.js';
import { hostAddressSteps } from './steps/host-addresses.js';
import { kindClusterStep, loadImagesStep } from './steps/kind-cluster.js';
import { knativeSteps } from './steps/knative.js';
import { openfaasSteps } from './steps/openfaas.js';
import { releaseFilesStep } from './steps/release-files.js';

export const DEFAULT_PLAN_OPTIONS: PlanOptions = {
  clusterName: KIND_CLUSTER_NAME,
  ingressPort: DEFAULT_INGRESS_PORT,
  gatewayPort: DEFAULT_GATEWAY_PORT,
  listenAddress: '127.0.0.1',
  createCluster: true,
  openfaasFrom: 'helm',
  probeHostPorts: true,
  waits: UPSTREAM_WAITS,
};

export function buildPlan(partial: Partial<PlanOptions> = {}): ProvisionStep[] {
  const options: PlanOptions = { ...DEFAULT_PLAN_OPTIONS, ...partial };
  const steps: ProvisionStep[] = [];
  if (options.createCluster) steps.push(kindClusterStep(options));
  if (options.imageArchive) {
    if (!options.createCluster) throw new Error('an image archive is loaded by kind: it needs the kind-cluster step');
    steps.push(loadImagesStep(options, options.imageArchive));
  }
  steps.push(
    releaseFilesStep('knative-release', 'Knative release files', ['serving-crds', 'serving-core', 'kourier']),
    releaseFilesStep('openfaas-release', 'OpenFaaS release files', ['openfaas-namespaces', options.openfaasFrom === 'helm' ? 'openfaas-chart' : 'openfaas-manifest']),
  );
  // Installs wait for the images when there are some to load, so no pod pulls what the archive brings.
  const cluster = options.imageArchive ? ['load-images'] : options.createCluster ? ['kind-cluster'] : [];
  steps.push(
    ...knativeSteps(options, [...cluster, 'knative-release']),
    ...openfaasSteps(options, [...cluster, 'openfaas-release']),
    ...hostAddressSteps(options),
  );
  return steps;
}

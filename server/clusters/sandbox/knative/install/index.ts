// A sandbox as `kn quickstart kind` leaves a kind cluster: Knative Serving's CRDs, the knative-serving and
// kourier-system namespaces with their ConfigMaps, Deployments and Services, config-network and config-domain
// patched for Kourier and sslip.io, and the kourier-ingress NodePort. Everything goes through the API's
// create path, so the sandbox's own controllers roll the Deployments out into pods and fill the endpoints.
import type { KubeObject } from '../../kube-object.js';
import type { SandboxApi } from '../../sandbox-api.js';
import { knativeConfigMaps } from './configmaps.js';
import { KNATIVE_CRDS, knativeCrd } from './crds.js';
import { KNATIVE_SERVING_NAMESPACE, KNATIVE_SERVING_VERSION, KOURIER_NAMESPACE, kourierLabels } from './constants.js';
import { knativeDeployments, knativeServiceAccounts, knativeServices, queueProxyImage } from './workloads.js';

export interface KnativeInstallOptions {
  /** The address the kourier LoadBalancer gets and config-domain names (`<address>.sslip.io`). */
  ingressAddress: string;
}

export function installKnative(api: SandboxApi, options: KnativeInstallOptions): void {
  const create = (obj: KubeObject): void => {
    const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
    const type = api.registry.all().find((t) => t.group === group && t.version === version && t.kind === obj.kind);
    if (!type) throw new Error(`installKnative: the sandbox serves no ${obj.apiVersion} ${obj.kind}`);
    api.createObject(type, obj);
  };
  // serving-crds.yaml first: the CRD controller serves each kind as its CRD is stored.
  for (const facts of KNATIVE_CRDS) create(knativeCrd(facts));
  create(namespace(KNATIVE_SERVING_NAMESPACE, { 'app.kubernetes.io/name': 'knative-serving', 'app.kubernetes.io/version': KNATIVE_SERVING_VERSION }));
  create(namespace(KOURIER_NAMESPACE, kourierLabels()));
  for (const obj of knativeServiceAccounts()) create(obj);
  for (const obj of knativeConfigMaps(options.ingressAddress)) create(obj);
  create(queueProxyImage());
  for (const obj of knativeDeployments()) create(obj);
  for (const obj of knativeServices()) create(obj);
}

function namespace(name: string, labels: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export { readAutoscalerConfig, autoscalerDefaults, type AutoscalerConfig } from './config-autoscaler.js';
export * from './constants.js';

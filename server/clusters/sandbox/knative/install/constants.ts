// Names and versions of the installed Knative state that the Knative controllers and data plane read too.
// Pinned release: Knative Serving knative-v1.18.1 with net-kourier knative-v1.18.0 and its Envoy
// (image digests as that release's manifests name them; the manifests' layout checked against
// serving-core.yaml of knative-v1.20.0, which is the same for everything installed here).

export const KNATIVE_SERVING_VERSION = '1.18.1';
export const NET_KOURIER_VERSION = '1.18.0';

export const KNATIVE_SERVING_NAMESPACE = 'knative-serving';
export const KOURIER_NAMESPACE = 'kourier-system';

/** config-network's `ingress-class` once the quickstart has patched it. */
export const KOURIER_INGRESS_CLASS = 'kourier.ingress.networking.knative.dev';
/** The ConfigMaps the controllers read (all in knative-serving, config-kourier too, as net-kourier ships it). */
export const CONFIG_NETWORK = 'config-network';
export const CONFIG_DOMAIN = 'config-domain';
export const CONFIG_AUTOSCALER = 'config-autoscaler';
export const CONFIG_DEFAULTS = 'config-defaults';
export const CONFIG_DEPLOYMENT = 'config-deployment';
export const CONFIG_FEATURES = 'config-features';
export const CONFIG_KOURIER = 'config-kourier';
/** config-network's key for the ingress class, and config-deployment's for the sidecar image. */
export const INGRESS_CLASS_KEY = 'ingress-class';
export const QUEUE_SIDECAR_IMAGE_KEY = 'queue-sidecar-image';

/** Without a config-domain entry Knative uses the cluster-local suffix (not reachable from outside). */
export const DEFAULT_DOMAIN = 'svc.cluster.local';
/** The config-domain key the quickstart adds: `<address>.sslip.io` (kind: 127.0.0.1.sslip.io). */
export function sslipDomain(ingressAddress: string): string {
  return `${ingressAddress}.sslip.io`;
}

const RELEASES = 'gcr.io/knative-releases/knative.dev';
export const IMAGES = {
  activator: `${RELEASES}/serving/cmd/activator@sha256:031408ec516f374636a77ce1c689accfcfa13154abfef96716e636405f64464c`,
  autoscaler: `${RELEASES}/serving/cmd/autoscaler@sha256:3502bb5aa60f485ec702f98f0391fa54d91a30e905a1b7ad0adddcd31205c79c`,
  controller: `${RELEASES}/serving/cmd/controller@sha256:5b93308a392c00381f0ac48e7f55806bce7b4d30c34cf399fc7dae3ec538b23d`,
  webhook: `${RELEASES}/serving/cmd/webhook@sha256:50831d9aaa69c4d2a8277d35650d3e2ad4832b4a04c0a089e715fd190fd8c273`,
  queue: `${RELEASES}/serving/cmd/queue@sha256:d0be939fdfb469e52e999eb65f39466d18f029984a782affa26322c9fec6db78`,
  kourier: `${RELEASES}/net-kourier/cmd/kourier@sha256:15a601147ef4574386e296c4b2456bb1e230d2dc110254295dddb56e5118b5a8`,
  envoy: 'docker.io/envoyproxy/envoy:v1.34-latest',
} as const;
/** The queue-proxy sidecar every revision pod gets (config-deployment's queue-sidecar-image). */
export const QUEUE_PROXY_IMAGE = IMAGES.queue;

/** Kourier's gateway: the pods' label, its Services, and the NodePort the quickstart maps to host port 80. */
export const KOURIER_GATEWAY_APP = '3scale-kourier-gateway';
export const KOURIER_SERVICE = 'kourier';
export const KOURIER_INTERNAL_SERVICE = 'kourier-internal';
export const KOURIER_INGRESS_SERVICE = 'kourier-ingress';
export const KOURIER_INGRESS_NODE_PORT = 31080;
/** The activator's Service: where a scaled-to-zero revision's traffic goes. */
export const ACTIVATOR_SERVICE = 'activator-service';

/** Labels of knative-serving's own objects. */
export function servingLabels(component?: string): Record<string, string> {
  return {
    ...(component ? { 'app.kubernetes.io/component': component } : {}),
    'app.kubernetes.io/name': 'knative-serving',
    'app.kubernetes.io/version': KNATIVE_SERVING_VERSION,
  };
}

/** Labels of net-kourier's objects (they carry the knative-serving name with Kourier's own version). */
export function kourierLabels(): Record<string, string> {
  return {
    'networking.knative.dev/ingress-provider': 'kourier',
    'app.kubernetes.io/component': 'net-kourier',
    'app.kubernetes.io/version': NET_KOURIER_VERSION,
    'app.kubernetes.io/name': 'knative-serving',
  };
}

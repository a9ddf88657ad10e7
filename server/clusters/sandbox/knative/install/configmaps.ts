// The ConfigMaps of knative-serving after `kn quickstart kind`: serving-core's (mostly only `_example`, so
// Knative's defaults apply), config-network and config-domain as the quickstart patched them, config-kourier
// from net-kourier, and kourier-bootstrap for the gateway. The `_example` texts are our own, short.
import type { KubeObject } from '../../kube-object.js';
import { autoscalerExample, EXAMPLE_HEADER } from './config-autoscaler.js';
import {
  CONFIG_AUTOSCALER,
  CONFIG_DEFAULTS,
  CONFIG_DEPLOYMENT,
  CONFIG_DOMAIN,
  CONFIG_FEATURES,
  CONFIG_KOURIER,
  CONFIG_NETWORK,
  INGRESS_CLASS_KEY,
  KNATIVE_SERVING_NAMESPACE,
  KOURIER_INGRESS_CLASS,
  KOURIER_NAMESPACE,
  kourierLabels,
  QUEUE_PROXY_IMAGE,
  QUEUE_SIDECAR_IMAGE_KEY,
  servingLabels,
  sslipDomain,
} from './constants.js';

/** An `_example` block: the banner, then `# why` and `key: "value"` pairs. */
function example(entries: ReadonlyArray<[string, string, string]>): string {
  return `${EXAMPLE_HEADER}\n${entries.map(([why, key, value]) => `# ${why}\n${key}: "${value}"`).join('\n\n')}\n`;
}

function configMap(name: string, component: string, data: Record<string, string>, namespace = KNATIVE_SERVING_NAMESPACE): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels: servingLabels(component) }, data };
}

export function knativeConfigMaps(ingressAddress: string): KubeObject[] {
  return [
    configMap(CONFIG_AUTOSCALER, 'autoscaler', { _example: autoscalerExample() }),
    configMap(CONFIG_DEFAULTS, 'controller', {
      _example: example([
        ['Per-request timeout of a revision that sets none, in seconds.', 'revision-timeout-seconds', '300'],
        ['Largest timeout a revision may set, in seconds.', 'max-revision-timeout-seconds', '600'],
        ['Name given to a revision\'s container when it has none.', 'container-name-template', 'user-container'],
        ['Default in-flight request limit per container (0: no limit).', 'container-concurrency', '0'],
        ['Highest containerConcurrency a revision may set.', 'container-concurrency-max-limit', '1000'],
        ['Whether pods get service-link environment variables by default.', 'enable-service-links', 'false'],
      ]),
    }),
    configMap(CONFIG_DEPLOYMENT, 'controller', {
      [QUEUE_SIDECAR_IMAGE_KEY]: QUEUE_PROXY_IMAGE,
      _example: example([
        ['Registries whose tags are not resolved to digests.', 'registries-skipping-tag-resolving', 'kind.local,ko.local,dev.local'],
        ['How long digest resolution may take.', 'digest-resolution-timeout', '10s'],
        ['How long a revision\'s Deployment may take to become ready.', 'progress-deadline', '600s'],
        ['CPU the queue-proxy sidecar requests.', 'queue-sidecar-cpu-request', '25m'],
      ]),
    }),
    configMap(CONFIG_DOMAIN, 'controller', {
      // What the quickstart adds: every Route gets <name>.<namespace>.<address>.sslip.io.
      [sslipDomain(ingressAddress)]: '',
      _example: example([
        ['Suffix for every Route no other entry selects (an empty value means no selector).', 'example.com', ''],
        ['Routes labelled networking.knative.dev/visibility=cluster-local stay on this suffix.', 'svc.cluster.local', ''],
      ]),
    }),
    configMap(CONFIG_FEATURES, 'controller', {
      _example: example([
        ['Several containers in one revision.', 'multi-container', 'enabled'],
        ['Routing by the Knative-Serving-Tag header.', 'tag-header-based-routing', 'disabled'],
        ['emptyDir volumes in revisions.', 'kubernetes.podspec-volumes-emptydir', 'enabled'],
        ['Init containers in revisions.', 'kubernetes.podspec-init-containers', 'disabled'],
        ['Secure defaults for pods\' security contexts.', 'secure-pod-defaults', 'disabled'],
      ]),
    }),
    configMap('config-gc', 'controller', {
      _example: example([
        ['Age after which an inactive revision may be collected.', 'retain-since-create-time', '48h'],
        ['Time since it last took traffic after which it may be collected.', 'retain-since-last-active-time', '15h'],
        ['Inactive revisions always kept.', 'min-non-active-revisions', '20'],
        ['Inactive revisions kept at most.', 'max-non-active-revisions', '1000'],
      ]),
    }),
    configMap('config-leader-election', 'controller', {
      _example: example([
        ['How long a lease is held without renewal.', 'lease-duration', '60s'],
        ['How long a leader keeps trying to renew.', 'renew-deadline', '40s'],
        ['Pause between attempts.', 'retry-period', '10s'],
        ['Buckets the reconcilers\' keys are split into.', 'buckets', '1'],
      ]),
    }),
    configMap('config-logging', 'logging', {
      _example: example([
        ['Log level of the controller.', 'loglevel.controller', 'info'],
        ['Log level of the autoscaler.', 'loglevel.autoscaler', 'info'],
        ['Log level of queue-proxy (read when its pods start).', 'loglevel.queueproxy', 'info'],
        ['Log level of the webhook.', 'loglevel.webhook', 'info'],
        ['Log level of the activator.', 'loglevel.activator', 'info'],
        ['Log level of Kourier\'s controller.', 'loglevel.net-kourier-controller', 'info'],
      ]),
    }),
    configMap(CONFIG_NETWORK, 'networking', {
      // The quickstart's patch: Kourier serves every Route.
      [INGRESS_CLASS_KEY]: KOURIER_INGRESS_CLASS,
      _example: example([
        ['Ingress implementation used when a Route does not name one.', 'ingress-class', 'istio.ingress.networking.knative.dev'],
        ['Template of a Route\'s host name.', 'domain-template', '{{.Name}}.{{.Namespace}}.{{.Domain}}'],
        ['Template of a traffic tag\'s name.', 'tag-template', '{{.Tag}}-{{.Name}}'],
        ['Certificates for external domains.', 'external-domain-tls', 'Disabled'],
        ['Scheme of external URLs when TLS is off.', 'default-external-scheme', 'http'],
      ]),
    }),
    configMap('config-observability', 'observability', {
      _example: example([
        ['Whether queue-proxy logs each request.', 'logging.enable-request-log', 'false'],
        ['Where metrics go (none, prometheus, ...).', 'metrics.backend-destination', 'prometheus'],
        ['Whether profiling endpoints are served on port 8008.', 'profiling.enable', 'false'],
      ]),
    }),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      // net-kourier ships config-kourier in the Knative namespace (its controller runs there).
      metadata: { name: CONFIG_KOURIER, namespace: KNATIVE_SERVING_NAMESPACE, labels: kourierLabels() },
      data: {
        _example: example([
          ['Whether the gateway logs each request.', 'enable-service-access-logging', 'true'],
          ['Whether the gateway expects the PROXY protocol.', 'enable-proxy-protocol', 'false'],
          ['Secret with the gateway\'s internal TLS certificate (empty: none).', 'cluster-cert-secret', ''],
          ['How long an idle stream stays open.', 'stream-idle-timeout', '300s'],
        ]),
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kourier-bootstrap', namespace: KOURIER_NAMESPACE, labels: kourierLabels() },
      data: { 'envoy-bootstrap.yaml': ENVOY_BOOTSTRAP },
    },
  ];
}

/** The gateway's Envoy bootstrap, reduced to what the sandbox's gateway reads: admin and the xDS source. */
const ENVOY_BOOTSTRAP = `# Envoy starts with an admin listener and takes every route from net-kourier-controller over xDS.
node:
  id: 3scale-kourier-gateway
  cluster: kourier-knative
admin:
  address:
    socket_address: { address: 127.0.0.1, port_value: 9901 }
dynamic_resources:
  ads_config:
    api_type: GRPC
    transport_api_version: V3
    grpc_services:
      - envoy_grpc: { cluster_name: xds_cluster }
  cds_config: { ads: {}, resource_api_version: V3 }
  lds_config: { ads: {}, resource_api_version: V3 }
static_resources:
  clusters:
    - name: xds_cluster
      type: STRICT_DNS
      connect_timeout: 1s
      load_assignment:
        cluster_name: xds_cluster
        endpoints:
          - lb_endpoints:
              - endpoint:
                  address:
                    socket_address: { address: net-kourier-controller.knative-serving, port_value: 18000 }
`;

// What `arkade install openfaas-ce` (the openfaas chart) pins and names: chart 15.0.1, the newest whose .tgz
// digest could be read from the chart repository's index here (the kind provisioner verifies it), with the
// image tags its values.yaml names. (The facts sheet mentions 15.0.6, whose digest is not known here.)
export const OPENFAAS_CHART_VERSION = '15.0.1';
export const GATEWAY_VERSION = '0.27.13';
export const FAAS_NETES_VERSION = '0.18.16';
export const OPENFAAS_NAMESPACE = 'openfaas';
export const FUNCTION_NAMESPACE = 'openfaas-fn';
/** kind maps the gateway-external NodePort here (`extraPortMappings`), so the lesson's address is :31112. */
export const GATEWAY_NODE_PORT = 31112;
export const BASIC_AUTH_SECRET = 'basic-auth';
export const BASIC_AUTH_USER = 'admin';

export const OPENFAAS_IMAGES = {
  gateway: `ghcr.io/openfaas/gateway:${GATEWAY_VERSION}`,
  faasNetes: `ghcr.io/openfaas/faas-netes:${FAAS_NETES_VERSION}`,
  queueWorker: 'ghcr.io/openfaas/queue-worker:0.14.2',
  nats: 'nats-streaming:0.25.6',
  prometheus: 'prom/prometheus:v3.10.0',
  alertmanager: 'prom/alertmanager:v0.31.1',
} as const;

/** The chart's labels on what it renders (the pods' own labels are just `app: <component>`). */
export function chartLabels(component: string): Record<string, string> {
  return { app: 'openfaas', chart: `openfaas-${OPENFAAS_CHART_VERSION}`, component, heritage: 'Helm', release: 'openfaas' };
}

/** OpenFaaS CE's limits (faas-netes' CE build). */
export const CE_MAX_FUNCTIONS = 15;
export const CE_MAX_REPLICAS = 5;

// OpenFaaS CE as upstream documents it: faas-netes' namespaces.yml, the basic-auth Secret (a generated admin
// password, as arkade makes it), then the openfaas chart (pinned .tgz, verified) with the gateway on NodePort
// 31112, or the same chart rendered to manifests where there is no helm. Runs beside Knative: it only needs the
// cluster.
import { OPENFAAS_CHART_VERSION } from '../release.js';
import { generatePassword } from '../../../sandbox/openfaas/install/index.js';
import { BASIC_AUTH_SECRET, BASIC_AUTH_USER, FUNCTION_NAMESPACE, OPENFAAS_NAMESPACE } from '../../../sandbox/openfaas/install/constants.js';
import { GATEWAY_NODE_PORT } from '../kind-config.js';
import { readMarker, writeMarker } from '../marker.js';
import type { PlanOptions } from '../plan-options.js';
import type { ProvisionStep } from '../step.js';
import type { ProvisionTools } from '../provision-tools.js';
import { applyManifestStep, applyWithRetries, fingerprint } from './apply-manifest.js';

export function openfaasSteps(options: PlanOptions, first: readonly string[]): ProvisionStep[] {
  return [
    applyManifestStep(
      {
        id: 'openfaas-namespaces',
        title: 'OpenFaaS namespaces',
        after: first,
        file: 'openfaas-namespaces',
        ready: async () => true,
        fix: '`kubectl get ns openfaas openfaas-fn` shows what is there',
      },
      options.waits,
    ),
    basicAuthStep(),
    chartStep(options),
    gatewayNodePortStep(),
  ];
}

function basicAuthStep(): ProvisionStep {
  return {
    id: 'openfaas-auth',
    title: 'OpenFaaS admin password',
    after: ['openfaas-namespaces'],
    fix: `\`kubectl get secret ${BASIC_AUTH_SECRET} -n ${OPENFAAS_NAMESPACE}\` shows whether it is there`,
    async inPlace(tools) {
      // An existing password is kept: learners may have logged in with it.
      const got = await tools.kubectl(['get', 'secret', BASIC_AUTH_SECRET, '-n', OPENFAAS_NAMESPACE, '-o', 'jsonpath={.data.basic-auth-user} {.data.basic-auth-password}'], { quiet: true });
      return got.code === 0 && /^\S+ \S+$/.test(got.stdout.trim());
    },
    async run(tools) {
      const secret = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: BASIC_AUTH_SECRET, namespace: OPENFAAS_NAMESPACE },
        type: 'Opaque',
        stringData: { 'basic-auth-user': BASIC_AUTH_USER, 'basic-auth-password': generatePassword() },
      };
      // On stdin, never on a command line other users' `ps` can read.
      await tools.mustKubectl(['apply', '-f', '-'], { input: JSON.stringify(secret), quiet: true });
    },
  };
}

/**
 * The chart's values kubeclass sets (15.0.1's defaults, said out loud so a new chart cannot change them), with
 * the Secret made above instead of a generated one. openfaasImagePullPolicy stays IfNotPresent (the default), so
 * images loaded from an archive are used; CE pulls functions Always.
 */
export function chartValues(): string[] {
  return [`functionNamespace=${FUNCTION_NAMESPACE}`, 'basic_auth=true', 'generateBasicAuth=false', 'exposeServices=true', 'serviceType=NodePort', `gateway.nodePort=${GATEWAY_NODE_PORT}`];
}

function chartStep(options: PlanOptions): ProvisionStep {
  const file = options.openfaasFrom === 'helm' ? 'openfaas-chart' : 'openfaas-manifest';
  const gatewayAvailable = async (tools: ProvisionTools, timeout: string): Promise<boolean> => {
    const waited = await tools.kubectl(['wait', 'deployment', '--all', '-n', OPENFAAS_NAMESPACE, '--for=condition=Available', `--timeout=${timeout}`]);
    return waited.code === 0;
  };
  return {
    id: 'openfaas',
    title: `OpenFaaS CE (chart ${OPENFAAS_CHART_VERSION})`,
    after: ['openfaas-auth'],
    fix: '`kubectl get pods -n openfaas` shows what is not running; OpenFaaS CE needs the internet when it starts (faas-netes checks its licence terms online)',
    async inPlace(tools) {
      const path = await tools.download(file);
      const marker = await readMarker(tools);
      return marker['openfaas'] === fingerprint(path) && (await gatewayAvailable(tools, '0s'));
    },
    async run(tools) {
      tools.detail(`downloading ${file}`);
      const path = await tools.download(file);
      if (options.openfaasFrom === 'helm') {
        tools.detail('helm upgrade --install openfaas');
        const set = chartValues().flatMap((v) => ['--set', v]);
        await tools.retry({ attempts: options.waits.applyAttempts, delayMs: options.waits.applyDelayMs, what: 'helm could not install the chart' }, async () => {
          const installed = await tools.run('helm', ['upgrade', 'openfaas', path, '--install', '--namespace', OPENFAAS_NAMESPACE, '--kubeconfig', tools.kubeconfig, ...set], { timeoutMs: 10 * 60_000 });
          return installed.code === 0;
        });
      } else {
        await applyWithRetries(tools, path, options.waits);
      }
      tools.detail('waiting for the OpenFaaS Deployments to be Available');
      if (!(await gatewayAvailable(tools, options.waits.podTimeout))) throw new Error('the OpenFaaS Deployments did not become Available');
      await writeMarker(tools, 'openfaas', fingerprint(path));
    },
  };
}

function gatewayNodePortStep(): ProvisionStep {
  return {
    id: 'gateway-nodeport',
    title: `OpenFaaS gateway on NodePort ${GATEWAY_NODE_PORT}`,
    after: ['openfaas'],
    fix: `another Service may hold NodePort ${GATEWAY_NODE_PORT}: \`kubectl get svc -A | grep ${GATEWAY_NODE_PORT}\``,
    async inPlace(tools) {
      const got = await tools.kubectl(['get', 'service', 'gateway-external', '-n', OPENFAAS_NAMESPACE, '-o', 'jsonpath={.spec.type} {.spec.ports[0].nodePort}']);
      return got.code === 0 && got.stdout.trim() === `NodePort ${GATEWAY_NODE_PORT}`;
    },
    async run(tools) {
      await tools.mustKubectl(['patch', 'service', 'gateway-external', '-n', OPENFAAS_NAMESPACE, '--type', 'json', '-p', JSON.stringify([
        { op: 'replace', path: '/spec/type', value: 'NodePort' },
        { op: 'replace', path: '/spec/ports/0/nodePort', value: GATEWAY_NODE_PORT },
      ])]);
    },
  };
}

// Knative Serving with Kourier, in kn quickstart's order: CRDs (Established), core (pods Ready, then the
// webhook's endpoints), Kourier, then the config-network and config-domain patches and the NodePort that kind
// maps to the host. The two patches run beside Kourier: they only need the webhook, which serving-core waited for.
import { KOURIER_INGRESS_CLASS, sslipDomain } from '../../../sandbox/knative/install/constants.js';
import { KOURIER_NODE_PORT } from '../kind-config.js';
import type { PlanOptions } from '../plan-options.js';
import type { ProvisionStep } from '../step.js';
import type { ProvisionTools } from '../provision-tools.js';
import { applyManifestStep } from './apply-manifest.js';

const SERVING = 'knative-serving';
const KOURIER = 'kourier-system';

export function knativeSteps(options: PlanOptions, first: readonly string[]): ProvisionStep[] {
  const w = options.waits;
  const podsReady = (namespaces: string[]) => async (tools: ProvisionTools, once: boolean) => {
    for (const ns of namespaces) if (!(await waitPodsReady(tools, ns, once ? '0s' : w.podTimeout, once ? 1 : w.applyAttempts * 4, w.applyDelayMs / 4))) return false;
    return true;
  };
  return [
    applyManifestStep(
      {
        id: 'serving-crds',
        title: 'Knative Serving CRDs',
        after: first,
        file: 'serving-crds',
        ready: async (tools, once) => {
          const path = await tools.download('serving-crds');
          const waited = await tools.kubectl(['wait', '--for=condition=Established', '-f', path, `--timeout=${once ? '0s' : '120s'}`]);
          return waited.code === 0;
        },
        fix: 'the API server refused the CRDs: read the output above; `kubectl get crd | grep knative` shows what is there',
      },
      w,
    ),
    applyManifestStep(
      {
        id: 'serving-core',
        title: 'Knative Serving',
        after: ['serving-crds'],
        file: 'serving-core',
        ready: async (tools, once) => (await podsReady([SERVING])(tools, once)) && (await webhookReady(tools, once ? 1 : w.webhookAttempts, w.webhookDelayMs)),
        fix: 'pods that are not Ready: `kubectl get pods -n knative-serving` and `kubectl describe pod -n knative-serving <name>` say why (ImagePullBackOff: see `kubeclass images`)',
      },
      w,
    ),
    applyManifestStep(
      {
        id: 'kourier',
        title: 'Kourier ingress',
        after: ['serving-core'],
        file: 'kourier',
        ready: podsReady([KOURIER, SERVING]),
        fix: '`kubectl get pods -n kourier-system` shows the gateway (Envoy); Docker Hub rate limits can keep its image from pulling: see `kubeclass images`',
      },
      w,
    ),
    patchStep({
      id: 'config-network',
      title: 'Kourier as the ingress class',
      after: ['serving-core'],
      configMap: 'config-network',
      data: { 'ingress-class': KOURIER_INGRESS_CLASS },
      waits: w,
    }),
    patchStep({
      id: 'config-domain',
      title: `Domain ${sslipDomain(options.listenAddress)}`,
      after: ['serving-core'],
      configMap: 'config-domain',
      data: { [sslipDomain(options.listenAddress)]: '' },
      waits: w,
    }),
    kourierNodePortStep(),
  ];
}

/** `kubectl wait pod --for=condition=Ready -l '!job-name'`, retried while the pods do not exist yet. */
async function waitPodsReady(tools: ProvisionTools, namespace: string, timeout: string, attempts: number, delayMs: number): Promise<boolean> {
  tools.detail(`waiting for the pods in ${namespace} to be Ready`);
  for (let n = 1; n <= attempts; n += 1) {
    const waited = await tools.kubectl(['wait', 'pod', `--timeout=${timeout}`, '--for=condition=Ready', '-l', '!job-name', '-n', namespace]);
    if (waited.code === 0) return true;
    // "no matching resources found": the Deployments have not made their pods yet; anything else is final.
    if (!/no matching resources/.test(waited.stderr) || n === attempts) return false;
    await tools.pause(delayMs);
  }
  return false;
}

/** The webhook Service has a ready endpoint: before that, applies and patches that go through it fail. */
async function webhookReady(tools: ProvisionTools, attempts: number, delayMs: number): Promise<boolean> {
  tools.detail("waiting for the webhook's endpoints");
  for (let n = 1; n <= attempts; n += 1) {
    const slices = await tools.kubectl(['get', 'endpointslices', '-n', SERVING, '-l', 'kubernetes.io/service-name=webhook', '-o', 'jsonpath={range .items[*].endpoints[*]}{.conditions.ready}{"\\n"}{end}']);
    if (slices.code === 0 && slices.stdout.split('\n').includes('true')) return true;
    if (n < attempts) await tools.pause(delayMs);
  }
  return false;
}

interface PatchSpec {
  id: string;
  title: string;
  after: readonly string[];
  configMap: string;
  data: Record<string, string>;
  waits: PlanOptions['waits'];
}

function patchStep(spec: PatchSpec): ProvisionStep {
  return {
    id: spec.id,
    title: spec.title,
    after: spec.after,
    fix: `\`kubectl get configmap ${spec.configMap} -n ${SERVING} -o yaml\` shows what is set; the patch goes through Knative's webhook, which must be running`,
    async inPlace(tools) {
      const got = await tools.kubectl(['get', 'configmap', spec.configMap, '-n', SERVING, '-o', 'json']);
      if (got.code !== 0) return false;
      const data = (JSON.parse(got.stdout) as { data?: Record<string, string> }).data ?? {};
      return Object.entries(spec.data).every(([k, v]) => data[k] === v);
    },
    async run(tools) {
      await tools.retry({ attempts: spec.waits.applyAttempts, delayMs: spec.waits.applyDelayMs, what: `patching ${spec.configMap} was refused` }, async () => {
        const patched = await tools.kubectl(['patch', 'configmap', spec.configMap, '-n', SERVING, '--type', 'merge', '-p', JSON.stringify({ data: spec.data })]);
        return patched.code === 0;
      });
    },
  };
}

/** quickstart's kourier-ingress: Envoy's port 8080 on NodePort 31080, which the kind config maps to the host. */
export function kourierIngressService(): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kourier-ingress', namespace: KOURIER, labels: { 'networking.knative.dev/ingress-provider': 'kourier' } },
    spec: { type: 'NodePort', selector: { app: '3scale-kourier-gateway' }, ports: [{ name: 'http2', port: 80, targetPort: 8080, nodePort: KOURIER_NODE_PORT }] },
  };
}

function kourierNodePortStep(): ProvisionStep {
  return {
    id: 'kourier-ingress',
    title: `Kourier on NodePort ${KOURIER_NODE_PORT}`,
    after: ['kourier'],
    fix: `another Service may hold NodePort ${KOURIER_NODE_PORT}: \`kubectl get svc -A | grep ${KOURIER_NODE_PORT}\``,
    async inPlace(tools) {
      const got = await tools.kubectl(['get', 'service', 'kourier-ingress', '-n', KOURIER, '-o', 'jsonpath={.spec.type} {.spec.ports[0].nodePort} {.spec.selector.app}']);
      return got.code === 0 && got.stdout.trim() === `NodePort ${KOURIER_NODE_PORT} 3scale-kourier-gateway`;
    },
    async run(tools) {
      await tools.mustKubectl(['apply', '-f', '-'], { input: JSON.stringify(kourierIngressService()) });
    },
  };
}

// Release files made from the sandbox's own picture of the releases (the objects it installs for Knative,
// Kourier and OpenFaaS), laid out as a mirror with their sums pinned. Where there is no internet (these machines,
// CI) the Kubernetes half of provisioning runs against a bare sandbox with these: the same steps, downloads,
// checks, applies, waits and patches as on kind, only the bytes differ. config-network and config-domain come
// unpatched and kourier-ingress absent, as upstream ships them, so the plan's own patches are what sets them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { KubeObject } from '../../sandbox/kube-object.js';
import { knativeConfigMaps } from '../../sandbox/knative/install/configmaps.js';
import { KNATIVE_CRDS, knativeCrd } from '../../sandbox/knative/install/crds.js';
import { CONFIG_DOMAIN, CONFIG_NETWORK, INGRESS_CLASS_KEY, KNATIVE_SERVING_NAMESPACE, KNATIVE_SERVING_VERSION, KOURIER_INGRESS_SERVICE, KOURIER_NAMESPACE, kourierLabels } from '../../sandbox/knative/install/constants.js';
import { knativeDeployments, knativeServiceAccounts, knativeServices, queueProxyImage } from '../../sandbox/knative/install/workloads.js';
import { FUNCTION_NAMESPACE, OPENFAAS_NAMESPACE } from '../../sandbox/openfaas/install/constants.js';
import { openfaasConfigMaps, openfaasDeployments, openfaasServiceAccounts, openfaasServices } from '../../sandbox/openfaas/install/workloads.js';
import { sha256 } from './downloads.js';
import { RELEASE_FILES, type PinnedFile } from './release.js';

/** The URL of the rendered OpenFaaS chart: not an upstream file (no helm here), so only this mirror has it. */
const OPENFAAS_MANIFEST_URL = 'https://kubeclass.invalid/openfaas/openfaas-rendered.yaml';

export interface SandboxRelease {
  /** The mirror folder (KUBECLASS_MIRROR layout: <host>/<path>). */
  mirror: string;
  /** RELEASE_FILES with these files' sums, plus `openfaas-manifest`. */
  files: PinnedFile[];
}

export function writeSandboxRelease(dir: string, ingressAddress = '127.0.0.1'): SandboxRelease {
  const isKourier = (o: KubeObject): boolean =>
    o.metadata.namespace === KOURIER_NAMESPACE || o.metadata.labels?.['networking.knative.dev/ingress-provider'] === 'kourier';
  const coreConfigMaps = knativeConfigMaps(ingressAddress).map((cm) => unpatched(cm));
  const serving = [
    ...knativeServiceAccounts(),
    ...coreConfigMaps,
    queueProxyImage(),
    ...knativeDeployments(),
    ...knativeServices().filter((s) => s.metadata.name !== KOURIER_INGRESS_SERVICE),
  ];
  const contents: Record<string, string> = {
    'serving-crds': yamlStream(KNATIVE_CRDS.map((f) => knativeCrd(f))),
    'serving-core': yamlStream([namespace(KNATIVE_SERVING_NAMESPACE, { 'app.kubernetes.io/name': 'knative-serving', 'app.kubernetes.io/version': KNATIVE_SERVING_VERSION }), ...serving.filter((o) => !isKourier(o))]),
    kourier: yamlStream([namespace(KOURIER_NAMESPACE, kourierLabels()), ...serving.filter(isKourier)]),
    'openfaas-namespaces': yamlStream([namespace(OPENFAAS_NAMESPACE, { role: 'openfaas-system', access: 'openfaas-system' }), namespace(FUNCTION_NAMESPACE, {})]),
    'openfaas-manifest': yamlStream([...openfaasServiceAccounts(), ...openfaasConfigMaps(), ...openfaasDeployments(), ...openfaasServices()]),
  };
  const pins: PinnedFile[] = [...RELEASE_FILES.filter((f) => f.id !== 'openfaas-chart'), { id: 'openfaas-manifest', url: OPENFAAS_MANIFEST_URL, sha256: undefined }];
  const files = pins.map((pin) => {
    const text = contents[pin.id]!;
    const url = new URL(pin.url);
    const path = join(dir, url.host, url.pathname);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return { id: pin.id, url: pin.url, sha256: sha256(text) };
  });
  // Each release's checksums.txt, as Knative publishes it: the pinned list (no sums) verifies against these.
  const lists = new Map<string, string[]>();
  for (const pin of pins) {
    if (!pin.publishedSums) continue;
    const lines = lists.get(pin.publishedSums) ?? [];
    lines.push(`${sha256(contents[pin.id]!)}  ${new URL(pin.url).pathname.split('/').pop()}`);
    lists.set(pin.publishedSums, lines);
  }
  for (const [url, lines] of lists) {
    const u = new URL(url);
    writeFileSync(join(dir, u.host, u.pathname), `${lines.join('\n')}\n`);
  }
  return { mirror: dir, files };
}

function namespace(name: string, labels: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** config-network without ingress-class, config-domain without a domain: as serving-core.yaml ships them. */
function unpatched(cm: KubeObject): KubeObject {
  const data = { ...((cm as { data?: Record<string, string> }).data ?? {}) };
  if (cm.metadata.name === CONFIG_NETWORK) delete data[INGRESS_CLASS_KEY];
  if (cm.metadata.name === CONFIG_DOMAIN) for (const key of Object.keys(data)) if (key !== '_example') delete data[key];
  return { ...cm, data } as KubeObject;
}

function yamlStream(objects: readonly KubeObject[]): string {
  return objects.map((o) => stringify(o)).join('---\n');
}

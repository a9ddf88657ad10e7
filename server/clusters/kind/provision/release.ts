// Every file the provisioner downloads, pinned: the upstream URL of one release and its SHA-256. Versions are the
// ones the sandbox emulates (its constants), so a lesson sees the same Knative and OpenFaaS on both clusters.
// A sum is pinned here when it could be read from upstream (the chart repository's index.yaml digest). Knative's
// release files are checked against the checksums.txt of their release instead (no copy of it could be read
// here), and a file with neither is trusted on first use: its sum is recorded and enforced from then on.
// See downloads.ts and docs/kind.md.
import { KNATIVE_SERVING_VERSION, NET_KOURIER_VERSION } from '../../sandbox/knative/install/constants.js';
import { FAAS_NETES_VERSION, OPENFAAS_CHART_VERSION } from '../../sandbox/openfaas/install/constants.js';

export interface PinnedFile {
  id: string;
  url: string;
  /** Lower-case hex; undefined: not known here (see `publishedSums`, then trust on first use). */
  sha256: string | undefined;
  /**
   * The release's own `sha256sum` list (Knative publishes checksums.txt, cosign-signed, with every release):
   * used when no sum is pinned.
   */
  publishedSums?: string | undefined;
}

const SERVING = `https://github.com/knative/serving/releases/download/knative-v${KNATIVE_SERVING_VERSION}`;
const KOURIER = `https://github.com/knative-extensions/net-kourier/releases/download/knative-v${NET_KOURIER_VERSION}`;

export const RELEASE_FILES: readonly PinnedFile[] = [
  { id: 'serving-crds', url: `${SERVING}/serving-crds.yaml`, sha256: undefined, publishedSums: `${SERVING}/checksums.txt` },
  { id: 'serving-core', url: `${SERVING}/serving-core.yaml`, sha256: undefined, publishedSums: `${SERVING}/checksums.txt` },
  { id: 'kourier', url: `${KOURIER}/kourier.yaml`, sha256: undefined, publishedSums: `${KOURIER}/checksums.txt` },
  // faas-netes' namespaces.yml at the release the chart ships, not master: a later edit cannot change an install.
  { id: 'openfaas-namespaces', url: `https://raw.githubusercontent.com/openfaas/faas-netes/${FAAS_NETES_VERSION}/namespaces.yml`, sha256: undefined },
  // The `digest` of openfaas 15.0.1 in https://openfaas.github.io/faas-netes/index.yaml.
  { id: 'openfaas-chart', url: `https://openfaas.github.io/faas-netes/openfaas-${OPENFAAS_CHART_VERSION}.tgz`, sha256: '74ff99775798ee599f282eed49dc202668ecd376cfa8fbde84bbfa335be73f79' },
];

export function releaseFile(id: string, files: readonly PinnedFile[] = RELEASE_FILES): PinnedFile {
  const file = files.find((f) => f.id === id);
  if (!file) throw new Error(`no pinned file named ${id}`);
  return file;
}

export { KNATIVE_SERVING_VERSION, NET_KOURIER_VERSION, OPENFAAS_CHART_VERSION };

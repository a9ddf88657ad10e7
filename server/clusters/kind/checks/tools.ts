// kind, kubectl and helm: present, and recent enough for the pinned kind node image.
import { firstLine, type CheckResult, type RunCommand } from '../check.js';
import { HELM_MIN_VERSION, KIND_MIN_VERSION, KUBERNETES_VERSION } from '../pins.js';
import { compareVersions, formatVersion, kubectlSkew, parseHelmVersion, parseKindVersion, parseKubectlVersion, parseVersion, type Version } from '../versions.js';

const MISSING_TOOL_FIX = {
  kind: `run \`kubeclass tools\` (pinned kind, checksummed, into kubeclass's bin/), or install kind >= ${KIND_MIN_VERSION}: https://kind.sigs.k8s.io/docs/user/quick-start/#installation`,
  kubectl: `run \`kubeclass tools\`, or install kubectl ${minor(KUBERNETES_VERSION, -1)} to ${minor(KUBERNETES_VERSION, 1)}: https://kubernetes.io/docs/tasks/tools/#kubectl`,
  helm: `run \`kubeclass tools\`, or install Helm 3: https://helm.sh/docs/intro/install/`,
};

function minor(version: string, delta: number): string {
  const v = parseVersion(version)!;
  return `${v[0]}.${v[1] + delta}`;
}

/** Runs the tool's version command; undefined when it is not installed. */
async function toolVersion(run: RunCommand, command: string, args: string[], parse: (stdout: string) => Version | undefined) {
  try {
    const result = await run(command, args);
    return { version: result.code === 0 ? parse(result.stdout) : undefined, result };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    return { version: undefined, result: { code: null, stdout: '', stderr: (error as Error).message } };
  }
}

export async function checkKind(run: RunCommand): Promise<CheckResult> {
  const name = 'kind';
  const found = await toolVersion(run, 'kind', ['version'], parseKindVersion);
  if (!found) return { ok: false, name, detail: 'not installed (kind is not on PATH)', fix: MISSING_TOOL_FIX.kind };
  if (!found.version) return { ok: false, name, detail: `\`kind version\` failed: ${firstLine(found.result.stderr || found.result.stdout) || `exit ${found.result.code}`}`, fix: MISSING_TOOL_FIX.kind };
  const min = parseVersion(KIND_MIN_VERSION)!;
  if (compareVersions(found.version, min) < 0) {
    return { ok: false, name, detail: `v${formatVersion(found.version)} is older than the v${KIND_MIN_VERSION} Knative's quickstart needs`, fix: MISSING_TOOL_FIX.kind };
  }
  return { ok: true, name, detail: `v${formatVersion(found.version)} (>= v${KIND_MIN_VERSION})` };
}

export async function checkKubectl(run: RunCommand): Promise<CheckResult> {
  const name = 'kubectl';
  const found = await toolVersion(run, 'kubectl', ['version', '--client', '-o', 'json'], parseKubectlVersion);
  if (!found) return { ok: false, name, detail: 'not installed (kubectl is not on PATH)', fix: MISSING_TOOL_FIX.kubectl };
  if (!found.version) return { ok: false, name, detail: `\`kubectl version --client -o json\` failed: ${firstLine(found.result.stderr || found.result.stdout) || `exit ${found.result.code}`}`, fix: MISSING_TOOL_FIX.kubectl };
  const server = parseVersion(KUBERNETES_VERSION)!;
  const skew = kubectlSkew(found.version, server);
  const shown = `v${formatVersion(found.version)}`;
  if (skew === 'supported') return { ok: true, name, detail: `${shown} (within one minor version of the cluster's Kubernetes v${KUBERNETES_VERSION})` };
  // Outside the skew policy kubectl mostly still works: a warning, not a failure.
  return {
    ok: true,
    warning: true,
    name,
    detail: `${shown} is ${skew === 'too-old' ? 'older' : 'newer'} than the supported skew for Kubernetes v${KUBERNETES_VERSION} (${minor(KUBERNETES_VERSION, -1)} to ${minor(KUBERNETES_VERSION, 1)}); most commands still work`,
    fix: MISSING_TOOL_FIX.kubectl,
  };
}

export async function checkHelm(run: RunCommand): Promise<CheckResult> {
  const name = 'helm';
  const why = 'OpenFaaS CE is installed from its Helm chart';
  const found = await toolVersion(run, 'helm', ['version', '--short'], parseHelmVersion);
  if (!found) return { ok: false, name, detail: `not installed (${why})`, fix: MISSING_TOOL_FIX.helm };
  if (!found.version) return { ok: false, name, detail: `\`helm version --short\` failed: ${firstLine(found.result.stderr || found.result.stdout) || `exit ${found.result.code}`}`, fix: MISSING_TOOL_FIX.helm };
  const min = parseVersion(HELM_MIN_VERSION)!;
  if (compareVersions(found.version, min) < 0) {
    return { ok: false, name, detail: `v${formatVersion(found.version)} is older than Helm 3, which the OpenFaaS chart needs`, fix: MISSING_TOOL_FIX.helm };
  }
  return { ok: true, name, detail: `v${formatVersion(found.version)} (>= v${HELM_MIN_VERSION})` };
}

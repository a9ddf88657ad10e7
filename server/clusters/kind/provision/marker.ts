// What kubeclass installed, recorded in the cluster itself (ConfigMap kube-system/kubeclass-provision: step id ->
// the SHA-256 of what it applied). A step is in place only when its record matches the pinned file AND the
// objects are there and ready, so a new pin re-applies and a deleted Deployment is repaired.
import type { ProvisionTools } from './provision-tools.js';

export const MARKER_NAMESPACE = 'kube-system';
export const MARKER_NAME = 'kubeclass-provision';

export async function readMarker(tools: ProvisionTools): Promise<Record<string, string>> {
  const got = await tools.kubectl(['get', 'configmap', MARKER_NAME, '-n', MARKER_NAMESPACE, '-o', 'json']);
  if (got.code !== 0) return {};
  try {
    const data = (JSON.parse(got.stdout) as { data?: Record<string, string> }).data;
    return data ?? {};
  } catch {
    return {};
  }
}

export async function writeMarker(tools: ProvisionTools, key: string, value: string): Promise<void> {
  const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: MARKER_NAME, namespace: MARKER_NAMESPACE, labels: { 'app.kubernetes.io/managed-by': 'kubeclass' } } });
  // Created once (an existing one is left as it is), then each step merges its own key: parallel steps do not
  // overwrite each other's records.
  const created = await tools.kubectl(['create', '-f', '-'], { input: body });
  if (created.code !== 0 && !/AlreadyExists|already exists/.test(created.stderr)) await tools.mustKubectl(['create', '-f', '-'], { input: body });
  await tools.mustKubectl(['patch', 'configmap', MARKER_NAME, '-n', MARKER_NAMESPACE, '--type', 'merge', '-p', JSON.stringify({ data: { [key]: value } })]);
}

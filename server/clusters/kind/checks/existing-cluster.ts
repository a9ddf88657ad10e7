// An existing kind cluster of the same name: reused, or removed by hand.
import { firstLine, type CheckResult, type RunCommand } from '../check.js';

export async function checkExistingCluster(run: RunCommand, clusterName: string): Promise<CheckResult> {
  const name = 'existing cluster';
  let result;
  try {
    result = await run('kind', ['get', 'clusters']);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: true, warning: true, name, detail: `cannot list kind clusters: ${code === 'ENOENT' ? 'kind is not installed' : (error as Error).message}` };
  }
  if (result.code !== 0) {
    return { ok: true, warning: true, name, detail: `cannot list kind clusters: \`kind get clusters\` failed: ${firstLine(result.stderr || result.stdout) || `exit ${result.code}`}` };
  }
  const clusters = kindClusters(result.stdout);
  if (clusters.includes(clusterName)) {
    return {
      ok: true,
      warning: true,
      name,
      detail: `a kind cluster named ${clusterName} exists: it will be reused (what is installed is kept, what is missing added)`,
      fix: `to start from scratch: kind delete cluster --name ${clusterName}`,
    };
  }
  return { ok: true, name, detail: `no kind cluster named ${clusterName} yet${clusters.length ? ` (others: ${clusters.join(', ')})` : ''}` };
}

/** The cluster names `kind get clusters` printed (it says "No kind clusters found." on stderr when there are none). */
export function kindClusters(stdout: string): string[] {
  return stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

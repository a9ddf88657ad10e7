// Workloads through @kubernetes/client-node, as checkers will read them: create a Deployment, watch its pods
// become Ready, scale it through the scale subresource with a merge patch, read a pod's log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppsV1Api, CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions, Watch, type V1Pod } from '@kubernetes/client-node';
import { kubeconfigYaml } from '../../server/clusters/sandbox/kubeconfig.js';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';

describe('workloads through @kubernetes/client-node', () => {
  let sandbox: RunningSandbox;
  let kc: KubeConfig;
  let core: CoreV1Api;
  let apps: AppsV1Api;

  before(async () => {
    sandbox = await startSandbox();
    kc = new KubeConfig();
    kc.loadFromString(kubeconfigYaml(sandbox.url, sandbox.token, sandbox.caPem));
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
  });
  after(async () => {
    await sandbox?.close();
  });

  /** Resolves once `count` pods with the label are Ready, seen through a watch. */
  function readyPods(count: number): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const ready = new Set<string>();
      let request: { abort(): void } | undefined;
      const timer = setTimeout(() => reject(new Error(`only ${ready.size} of ${count} pods became Ready`)), 15_000);
      void new Watch(kc)
        .watch('/api/v1/namespaces/default/pods', { labelSelector: 'app=hello' }, (type, pod: V1Pod) => {
          const name = pod.metadata?.name ?? '';
          const isReady = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
          if (type !== 'DELETED' && isReady) ready.add(name);
          else ready.delete(name);
          if (ready.size === count) {
            clearTimeout(timer);
            request?.abort();
            resolve([...ready].sort());
          }
        }, () => undefined)
        .then((r) => {
          request = r;
        }, reject);
    });
  }

  it('creates a Deployment, watches its pods become Ready, scales it and reads a log', async () => {
    const watching = readyPods(2);
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'hello' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'hello' } },
          template: { metadata: { labels: { app: 'hello' } }, spec: { containers: [{ name: 'hello', image: 'gcr.io/google-samples/hello-app:1.0' }] } },
        },
      },
    });
    const names = await watching;
    assert.equal(names.length, 2);
    assert.ok(names.every((n) => /^hello-[a-z0-9]+-[a-z0-9]{5}$/.test(n)), names.join(' '));

    const scaled = readyPods(4);
    const scale = await apps.patchNamespacedDeploymentScale(
      { name: 'hello', namespace: 'default', body: { spec: { replicas: 4 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    assert.equal(scale.spec?.replicas, 4);
    assert.equal(scale.status?.selector, 'app=hello');
    assert.equal((await scaled).length, 4);
    const read = await apps.readNamespacedDeploymentScale({ name: 'hello', namespace: 'default' });
    assert.equal(read.status?.replicas, 4);

    const log = await core.readNamespacedPodLog({ name: names[0] as string, namespace: 'default' });
    assert.match(log, /Server listening on port 8080/);
    const deployment = await apps.readNamespacedDeployment({ name: 'hello', namespace: 'default' });
    assert.equal(deployment.status?.availableReplicas, 4);
    assert.equal(deployment.status?.observedGeneration, deployment.metadata?.generation);
  });
});

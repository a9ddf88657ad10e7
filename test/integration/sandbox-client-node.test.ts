// The sandbox through @kubernetes/client-node (what checkers will use), and watch resumption at the wire.
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions, Watch } from '@kubernetes/client-node';
import { kubeconfigYaml } from '../../server/clusters/sandbox/kubeconfig.js';
import { EVENT_LOG_SIZE } from '../../server/clusters/sandbox/object-store.js';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';

/** Reads watch lines until `count` events arrived (or the stream ended). */
function watchLines(sandbox: RunningSandbox, path: string, count: number): Promise<Array<{ type: string; object: { metadata?: { name?: string }; code?: number; reason?: string } }>> {
  return new Promise((resolve, reject) => {
    const events: Array<{ type: string; object: { metadata?: { name?: string }; code?: number; reason?: string } }> = [];
    let buffer = '';
    const req = httpsRequest(`${sandbox.url}${path}`, { headers: { Authorization: `Bearer ${sandbox.token}` }, ca: sandbox.caPem }, (res) => {
      res.on('data', (d: Buffer) => {
        buffer += d.toString();
        let nl: number;
        while ((nl = buffer.indexOf('\n')) !== -1) {
          events.push(JSON.parse(buffer.slice(0, nl)));
          buffer = buffer.slice(nl + 1);
          if (events.length >= count) {
            req.destroy();
            resolve(events);
            return;
          }
        }
      });
      res.on('end', () => resolve(events));
    });
    req.on('error', (e) => (events.length >= count ? undefined : reject(e)));
    req.end();
  });
}

describe('sandbox through @kubernetes/client-node', () => {
  let sandbox: RunningSandbox;
  let kc: KubeConfig;
  let core: CoreV1Api;

  before(async () => {
    sandbox = await startSandbox({ knative: false, openfaas: false }); // asserts a bare kind cluster's exact contents;
    kc = new KubeConfig();
    kc.loadFromString(kubeconfigYaml(sandbox.url, sandbox.token, sandbox.caPem));
    core = kc.makeApiClient(CoreV1Api);
  });
  after(async () => {
    await sandbox?.close();
  });

  it('lists, creates, reads and patches', async () => {
    const namespaces = await core.listNamespace();
    assert.deepEqual(namespaces.items.map((n) => n.metadata?.name), ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'local-path-storage']);
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'from-client' }, data: { a: '1' } } });
    assert.equal(created.metadata?.name, 'from-client');
    assert.match(created.metadata?.uid ?? '', /^[0-9a-f-]{36}$/);
    const patched = await core.patchNamespacedConfigMap(
      { name: 'from-client', namespace: 'default', body: { data: { b: '2' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    assert.deepEqual(patched.data, { a: '1', b: '2' });
    assert.ok(Number(patched.metadata?.resourceVersion) > Number(created.metadata?.resourceVersion));
    await assert.rejects(core.readNamespacedConfigMap({ name: 'missing', namespace: 'default' }), (e: { code?: number }) => e.code === 404);
  });

  it('watches from a list resourceVersion and sees later changes', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    const seen: string[] = [];
    const watch = new Watch(kc);
    const done = new Promise<void>((resolve) => {
      void watch
        .watch('/api/v1/namespaces/default/configmaps', { resourceVersion: list.metadata?.resourceVersion }, (type, obj: { metadata: { name: string } }) => {
          seen.push(`${type} ${obj.metadata.name}`);
          if (seen.length === 2) resolve();
        }, () => undefined)
        .then((req) => done.then(() => req.abort()));
    });
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'watched' } } });
    await core.deleteNamespacedConfigMap({ name: 'watched', namespace: 'default' });
    await done;
    assert.deepEqual(seen, ['ADDED watched', 'DELETED watched']);
  });

  it('replays exactly the changes after a resourceVersion, and says 410 Gone when that is too old', async () => {
    const cm = sandbox.api.registry.find('', 'v1', 'configmaps');
    assert.ok(cm);
    const from = sandbox.api.store.resourceVersion;
    sandbox.api.store.create(cm, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'r1', namespace: 'default' } });
    sandbox.api.store.create(cm, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'r2', namespace: 'kube-system' } });
    const replay = await watchLines(sandbox, `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${from}`, 1);
    assert.deepEqual(replay.map((e) => `${e.type} ${e.object.metadata?.name}`), ['ADDED r1']);
    for (let i = 0; i < EVENT_LOG_SIZE + 1; i++) {
      sandbox.api.store.create(cm, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `bulk-${i}`, namespace: 'kube-public' } });
    }
    const gone = await watchLines(sandbox, `/api/v1/configmaps?watch=true&resourceVersion=${from}`, 1);
    assert.equal(gone[0]?.type, 'ERROR');
    assert.deepEqual([gone[0]?.object.code, gone[0]?.object.reason], [410, 'Expired']);
  });
});

// A sandbox's state carried into a new sandbox (what a classroom restart does for each seat), checked through the
// real kubectl and curl: what the learner made comes back and runs; what controllers make is made again; an
// installed object the learner changed or deleted stays changed or deleted; the OpenFaaS password is the same.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';
import { parseSnapshot, type ClusterSnapshot } from '../../server/clusters/sandbox/snapshot.js';
import { Kubectl } from '../support/kubectl.js';
import { curl } from '../support/run-process.js';
import { until } from '../support/wait.js';

const MADE = `apiVersion: v1
kind: Namespace
metadata:
  name: team
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: team
data:
  colour: blue
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: team
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: team
spec:
  selector: {app: web}
  ports:
  - port: 80
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
  namespace: default
spec:
  template:
    spec:
      containers:
      - image: gcr.io/knative-samples/helloworld-go
        env:
        - name: TARGET
          value: "restored"
`;

describe('sandbox snapshots: a new sandbox given what the learner made', () => {
  let first: RunningSandbox;
  let second: RunningSandbox | undefined;
  let kubectl: Kubectl;
  const sandboxes: RunningSandbox[] = [];

  const ok = async (k: Kubectl, args: string[], input?: string): Promise<string> => {
    const r = await k.run(args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const faas = async (sandbox: RunningSandbox, path: string, init: { method?: string; body?: string } = {}): Promise<{ status: string; body: string }> => {
    const gw = sandbox.openfaas!;
    const r = await curl(['-s', '-w', '\n%{http_code}', '-u', `admin:${gw.password}`, ...(init.method ? ['-X', init.method] : []), ...(init.body ? ['--data-binary', init.body] : []), `http://${gw.host}:${gw.port}${path}`]);
    const cut = r.stdout.lastIndexOf('\n');
    return { status: r.stdout.slice(cut + 1), body: r.stdout.slice(0, cut) };
  };

  before(async () => {
    first = await startSandbox();
    sandboxes.push(first);
    kubectl = new Kubectl(first.url, first.token, first.caPem);
  });
  after(async () => {
    kubectl?.dispose();
    for (const s of sandboxes) await s.close();
  });

  it('holds nothing but the admin password for a sandbox nobody touched, however long its controllers ran', async () => {
    await ok(kubectl, ['wait', '--for=condition=Available', 'deploy', '--all', '-n', 'knative-serving', '--timeout=30s']);
    await ok(kubectl, ['wait', '--for=condition=Available', 'deploy', '--all', '-n', 'openfaas', '--timeout=30s']);
    const snapshot = first.snapshot();
    assert.deepEqual(
      snapshot.objects.map((o) => `${o.metadata.namespace}/${o.kind}/${o.metadata.name}`),
      ['openfaas/Secret/basic-auth'],
    );
    assert.deepEqual(snapshot.deleted, []);
  });

  it('carries objects, changes, deletions and functions into a new sandbox, where they run', async () => {
    assert.match(await ok(kubectl, ['apply', '-f', '-'], MADE), /namespace\/team created/);
    await ok(kubectl, ['wait', '--for=condition=Ready', 'ksvc/hello', '--timeout=30s']);
    await ok(kubectl, ['rollout', 'status', '-n', 'team', 'deployment/web', '--timeout=30s']);
    // Changed and deleted installed objects.
    await ok(kubectl, ['patch', 'configmap', 'config-autoscaler', '-n', 'knative-serving', '--type=merge', '-p', '{"data":{"enable-scale-to-zero":"false"}}']);
    await ok(kubectl, ['delete', 'deployment', 'alertmanager', '-n', 'openfaas']);
    // A function, deployed as faas-cli does.
    const deployed = await faas(first, '/system/functions', {
      method: 'POST',
      body: JSON.stringify({ service: 'shout', image: 'ghcr.io/openfaas/alpine:latest', namespace: 'openfaas-fn', envProcess: 'tr a-z A-Z', envVars: {}, labels: {}, annotations: {}, secrets: [] }),
    });
    assert.equal(deployed.status, '202', deployed.body);

    // Through text, as the classroom keeps it.
    const snapshot: ClusterSnapshot = parseSnapshot(JSON.stringify(first.snapshot()));
    const kept = snapshot.objects.map((o) => `${o.metadata.namespace ?? ''}/${o.kind}/${o.metadata.name}`);
    for (const k of ['/Namespace/team', 'team/ConfigMap/settings', 'team/Deployment/web', 'team/Service/web', 'default/Service/hello', 'knative-serving/ConfigMap/config-autoscaler', 'openfaas-fn/Deployment/shout', 'openfaas-fn/Service/shout']) {
      assert.ok(kept.includes(k), `${k} is kept (kept: ${kept.join(', ')})`);
    }
    // Nothing a controller makes: ReplicaSets, pods, Revisions, Routes, endpoints, events.
    assert.deepEqual(kept.filter((k) => /\/(ReplicaSet|Pod|Revision|Route|Configuration|Endpoints|EndpointSlice|Event)\//.test(k)), []);
    assert.ok(snapshot.objects.every((o) => o.status === undefined && o.metadata.uid === undefined && o.metadata.resourceVersion === undefined));
    assert.deepEqual(snapshot.deleted.map((r) => `${r.namespace}/${r.kind}/${r.name}`), ['openfaas/Deployment/alertmanager']);

    second = await startSandbox();
    sandboxes.push(second);
    assert.notEqual(second.openfaas?.password, first.openfaas?.password, 'a new sandbox starts with its own password');
    const report = second.restore(snapshot);
    assert.deepEqual(report.failed, []);
    assert.ok(report.created >= 7 && report.updated >= 2 && report.deleted === 1, JSON.stringify(report));

    const k2 = new Kubectl(second.url, second.token, second.caPem);
    try {
      assert.equal(await ok(k2, ['get', 'configmap', 'settings', '-n', 'team', '-o', 'jsonpath={.data.colour}']), 'blue');
      await ok(k2, ['rollout', 'status', '-n', 'team', 'deployment/web', '--timeout=30s']);
      assert.match(await ok(k2, ['get', 'pods', '-n', 'team', '-l', 'app=web']), /web-\S+\s+1\/1\s+Running[\s\S]*web-\S+\s+1\/1\s+Running/);
      await until('the web Service has endpoints', async () => ((await k2.run(['get', 'endpoints', 'web', '-n', 'team', '-o', 'jsonpath={.subsets[*].addresses[*].ip}'])).stdout.trim().split(/\s+/).length === 2 ? true : undefined));
      // The Knative Service is served again, with a revision of its own, at the new sandbox's address.
      await ok(k2, ['wait', '--for=condition=Ready', 'ksvc/hello', '--timeout=30s']);
      assert.equal(await ok(k2, ['get', 'rev', '-l', 'serving.knative.dev/service=hello', '-o', 'jsonpath={.items[*].metadata.name}']), 'hello-00001');
      const host = new URL(await ok(k2, ['get', 'ksvc', 'hello', '-o', 'jsonpath={.status.url}'])).host;
      const answer = await curl(['-s', '-H', `Host: ${host}`, `http://${second.ingress!.host}:${second.ingress!.port}`]);
      assert.equal(answer.stdout, 'Hello restored!\n');
      assert.equal(await ok(k2, ['get', 'configmap', 'config-autoscaler', '-n', 'knative-serving', '-o', 'jsonpath={.data.enable-scale-to-zero}']), 'false');
      assert.equal((await k2.run(['get', 'deployment', 'alertmanager', '-n', 'openfaas'])).code, 1, 'the deleted Deployment stays deleted');
      // The learner's password works on the new gateway, and the function answers.
      assert.equal(second.openfaas?.password, first.openfaas?.password);
      const secret = await ok(k2, ['get', 'secret', 'basic-auth', '-n', 'openfaas', '-o', 'jsonpath={.data.basic-auth-password}']);
      assert.equal(Buffer.from(secret, 'base64').toString(), first.openfaas?.password);
      const listed = await faas(second, '/system/functions');
      assert.equal(listed.status, '200');
      assert.deepEqual((JSON.parse(listed.body) as Array<{ name: string }>).map((f) => f.name), ['shout']);
      await until('the function is ready', async () => ((await faas(second!, '/function/shout', { method: 'POST', body: 'quiet' })).body === 'QUIET' ? true : undefined), 30_000);
      // A snapshot of the restored sandbox holds the same things again.
      const again = second.snapshot().objects.map((o) => `${o.metadata.namespace ?? ''}/${o.kind}/${o.metadata.name}`);
      assert.deepEqual(again.sort(), [...kept].sort());
    } finally {
      k2.dispose();
    }
  });

  it('refuses text that is not a snapshot, and reports an object the new sandbox cannot take while restoring the rest', async () => {
    assert.throws(() => parseSnapshot('{"format":"other"}'), /not a sandbox snapshot/);
    assert.throws(() => parseSnapshot(JSON.stringify({ format: 'kubeclass.dev/sandbox-snapshot/v1', takenAt: '', objects: [{ kind: 'X' }], deleted: [] })), /not an object/);
    const third = await startSandbox({ knative: false, openfaas: false });
    sandboxes.push(third);
    const report = third.restore({
      format: 'kubeclass.dev/sandbox-snapshot/v1',
      takenAt: new Date().toISOString(),
      objects: [
        { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'still-here', namespace: 'default' }, data: { a: '1' } },
      ],
      deleted: [],
    });
    assert.equal(report.created, 1);
    assert.deepEqual(report.failed.map((f) => f.ref.kind), ['Widget']);
    assert.match(report.failed[0]?.message ?? '', /no resource Widget in example\.com\/v1/);
  });
});

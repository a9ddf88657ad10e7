// kubectl's typed commands (`create deployment|service`, `expose`, `run`, `scale`) against a sandbox, through
// the real kubectl on PATH: what each sends on the wire, and what the sandbox stores from it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';
import { createCertificates } from '../../server/clusters/sandbox/tls.js';
import { Kubectl, sandboxRequest } from '../support/kubectl.js';
import { bytes, kubeEnvelope } from '../support/protobuf-writer.js';
import { startRecordingProxy, type RecordedRequest, type RecordingProxy } from '../support/recording-proxy.js';

type Json = Record<string, unknown>;

describe('kubectl typed commands against the sandbox', () => {
  let sandbox: RunningSandbox;
  let proxy: RecordingProxy;
  let kubectl: Kubectl;

  before(async () => {
    sandbox = await startSandbox();
    proxy = await startRecordingProxy(sandbox, await createCertificates(['127.0.0.1']));
    kubectl = new Kubectl(proxy.url, sandbox.token, proxy.caPem);
  });
  after(async () => {
    kubectl?.dispose();
    await proxy?.close();
    await sandbox?.close();
  });

  /** Runs kubectl, expecting success, and returns the write requests it sent. */
  async function run(args: string[], expected: string): Promise<RecordedRequest[]> {
    const seen = proxy.requests.length;
    const result = await kubectl.run(args);
    assert.equal(result.stdout.trim(), expected, result.stderr);
    return proxy.requests.slice(seen).filter((r) => r.method !== 'GET');
  }

  async function getJson(...args: string[]): Promise<Json> {
    const result = await kubectl.run(['get', ...args, '-o', 'json']);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as Json;
  }

  it('kubectl create deployment sends protobuf, and the Deployment is stored with its pod template', async () => {
    const writes = await run(['create', 'deployment', 'web', '--image=nginx', '--replicas=2', '--port=80'], 'deployment.apps/web created');
    assert.deepEqual(
      writes.map((w) => [w.method, w.path, w.contentType]),
      [['POST', '/apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-create&fieldValidation=Strict', 'application/vnd.kubernetes.protobuf']],
    );
    const deployment = await getJson('deployment', 'web');
    assert.deepEqual(deployment.metadata && (deployment.metadata as Json).labels, { app: 'web' });
    // What kubectl sent is all there; the apiserver's defaults (strategy, history, pull policy...) come on top.
    assertContains(deployment.spec, {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], resources: {} }] } },
      strategy: {},
    });
  });

  it('kubectl create deployment --replicas=0 stores replicas 0, and a command becomes the container command', async () => {
    await run(['create', 'deployment', 'idle', '--image=busybox', '--replicas=0', '--', 'sleep', '3600'], 'deployment.apps/idle created');
    const spec = (await getJson('deployment', 'idle')).spec as Json;
    assert.equal(spec.replicas, 0);
    const template = spec.template as { spec: { containers: Json[] } };
    assert.deepEqual(template.spec.containers[0]?.command, ['sleep', '3600']);
  });

  it('kubectl create service clusterip|nodeport|loadbalancer send protobuf and get their ports, IPs and node ports', async () => {
    const writes = await run(['create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080'], 'service/np created');
    assert.equal(writes[0]?.contentType, 'application/vnd.kubernetes.protobuf');
    const np = (await getJson('service', 'np')).spec as Json;
    assert.deepEqual(np.ports, [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }]);
    assert.equal(np.type, 'NodePort');
    assert.deepEqual(np.selector, { app: 'np' });

    await run(['create', 'service', 'clusterip', 'cip', '--tcp=443:https'], 'service/cip created');
    const cip = (await getJson('service', 'cip')).spec as Json;
    assert.deepEqual(cip.ports, [{ name: '443-https', protocol: 'TCP', port: 443, targetPort: 'https' }]);
    assert.match(String(cip.clusterIP), /^10\.(9[6-9]|1[01]\d)\.\d+\.\d+$/);

    await run(['create', 'service', 'clusterip', 'headless', '--clusterip=None'], 'service/headless created');
    assert.equal(((await getJson('service', 'headless')).spec as Json).clusterIP, 'None');

    await run(['create', 'service', 'loadbalancer', 'lb', '--tcp=80'], 'service/lb created');
    const lb = (await getJson('service', 'lb')).spec as { type: string; ports: Json[] };
    assert.equal(lb.type, 'LoadBalancer');
    assert.ok(Number(lb.ports[0]?.nodePort) >= 30000, JSON.stringify(lb.ports));
  });

  it('kubectl expose sends JSON, and the Service selects the deployment with the target port asked for', async () => {
    const writes = await run(['expose', 'deployment', 'web', '--port=80', '--target-port=8080', '--type=NodePort'], 'service/web exposed');
    assert.deepEqual(
      writes.map((w) => [w.method, w.path, w.contentType]),
      [['POST', '/api/v1/namespaces/default/services?fieldManager=kubectl-expose', 'application/json']],
    );
    const spec = (await getJson('service', 'web')).spec as { selector: Json; type: string; ports: Json[] };
    assert.deepEqual(spec.selector, { app: 'web' });
    assert.equal(spec.type, 'NodePort');
    assert.equal(spec.ports[0]?.port, 80);
    assert.equal(spec.ports[0]?.targetPort, 8080);
  });

  it('kubectl run sends JSON, and the Pod keeps its args, restart policy, labels, port and env', async () => {
    const solo = await run(['run', 'solo', '--image=busybox', '--restart=Never', '--', 'echo', 'hi'], 'pod/solo created');
    assert.equal(solo[0]?.contentType, 'application/json');
    const pod = await getJson('pod', 'solo');
    assert.deepEqual((pod.metadata as Json).labels, { run: 'solo' });
    assertContains(pod.spec, { containers: [{ name: 'solo', image: 'busybox', args: ['echo', 'hi'], resources: {} }], restartPolicy: 'Never', dnsPolicy: 'ClusterFirst' });

    await run(['run', 'webpod', '--image=nginx', '--port=80', '--labels=app=web', '--env=A=b'], 'pod/webpod created');
    const web = await getJson('pod', 'webpod');
    assert.deepEqual((web.metadata as Json).labels, { app: 'web' });
    assertContains((web.spec as { containers: Json[] }).containers[0], { name: 'webpod', image: 'nginx', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: 'b' }], resources: {} });
  });

  it('kubectl scale sends a JSON merge patch to the scale subresource', async () => {
    const seen = proxy.requests.length;
    await kubectl.run(['scale', 'deployment', 'web', '--replicas=3']);
    const writes = proxy.requests.slice(seen).filter((r) => r.method !== 'GET');
    assert.deepEqual(
      writes.map((w) => [w.method, w.path, w.contentType, w.body.toString()]),
      [['PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', 'application/merge-patch+json', '{"spec":{"replicas":3}}']],
    );
  });

  it('a protobuf body of a kind the sandbox has no schema for gets 415 with the hint to use kubectl apply', async () => {
    const body = kubeEnvelope('v1', 'Endpoints', [bytes(1, [bytes(1, 'ep')])]);
    const res = await sandboxRequest(`${sandbox.url}/api/v1/namespaces/default/endpoints`, sandbox.caPem, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sandbox.token}`, 'Content-Type': 'application/vnd.kubernetes.protobuf' },
      body,
    });
    assert.equal(res.status, 415, res.body);
    assert.equal((JSON.parse(res.body) as { message: string }).message, 'the kubeclass sandbox does not read protobuf for Endpoints (v1) yet: use kubectl apply -f with a manifest');
  });
});

/** Every field of `expected` is in `actual` with the same value (arrays element by element); `actual` may have more. */
function assertContains(actual: unknown, expected: unknown, path = ''): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path} is not a list: ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${path} length`);
    expected.forEach((e, i) => assertContains(actual[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object' && !Array.isArray(actual), `${path} is not an object: ${JSON.stringify(actual)}`);
    for (const [k, v] of Object.entries(expected)) assertContains((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

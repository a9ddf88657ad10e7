// The Kubernetes half of `kubeclass cluster up` (everything after `kind create cluster`) run for real: the
// provisioner's own steps, downloads (from a mirror, sums verified), kubectl applies, waits and patches, through
// the real kubectl, against a bare sandbox (no Knative, no OpenFaaS) standing in for a fresh kind node. Then
// again (everything already in place), and after damage (repaired).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';
import { PinnedDownloads } from '../../server/clusters/kind/provision/downloads.js';
import { buildPlan } from '../../server/clusters/kind/provision/plan.js';
import { ProvisionTools } from '../../server/clusters/kind/provision/provision-tools.js';
import { runPlan, type ProvisionView } from '../../server/clusters/kind/provision/runner.js';
import { writeSandboxRelease, type SandboxRelease } from '../../server/clusters/kind/provision/sandbox-release.js';
import { Kubectl } from '../support/kubectl.js';

const FAST_WAITS = { applyAttempts: 3, applyDelayMs: 200, webhookAttempts: 40, webhookDelayMs: 250, podTimeout: '120s', probeAttempts: 3, probeDelayMs: 100 };

describe('provisioning the Kubernetes half against a bare sandbox, with real kubectl', () => {
  let sandbox: RunningSandbox;
  let kubectl: Kubectl;
  let dir: string;
  let release: SandboxRelease;
  let address: string;
  const notes: string[] = [];

  const provision = async (files = release.files): Promise<{ view: ProvisionView; changes: ProvisionView[] }> => {
    const downloads = new PinnedDownloads({ cacheDir: join(dir, 'cache'), mirror: release.mirror, files, note: (m) => notes.push(m) });
    const tools = new ProvisionTools({ env: kubectl.env, kubeconfig: kubectl.kubeconfig, download: (id) => downloads.get(id) });
    const plan = buildPlan({ createCluster: false, openfaasFrom: 'manifest', probeHostPorts: false, listenAddress: address, waits: FAST_WAITS });
    const changes: ProvisionView[] = [];
    const view = await runPlan(plan, tools, { onChange: (v) => changes.push(v) });
    return { view, changes };
  };
  const states = (view: ProvisionView): Record<string, string> => Object.fromEntries(view.steps.map((s) => [s.id, s.state]));
  const describeFailure = (view: ProvisionView): string =>
    view.steps.filter((s) => s.state === 'failed').map((s) => `${s.id}: ${s.detail}\n${s.output}\n-> ${s.fix}`).join('\n\n');

  before(async () => {
    sandbox = await startSandbox({ knative: false, openfaas: false });
    address = new URL(sandbox.url).hostname;
    kubectl = new Kubectl(sandbox.url, sandbox.token, sandbox.caPem);
    dir = mkdtempSync(join(tmpdir(), 'kubeclass-provision-'));
    release = writeSandboxRelease(join(dir, 'mirror'), address);
  });
  after(async () => {
    kubectl?.dispose();
    await sandbox?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installs Knative, Kourier and OpenFaaS in dependency order, both chains side by side', async () => {
    const before = await kubectl.run(['get', 'ns', 'knative-serving']);
    assert.notEqual(before.code, 0, 'the sandbox starts bare');
    const { view, changes } = await provision();
    assert.equal(view.state, 'done', describeFailure(view));
    // What the manifests already bring (the chart's NodePort, the sandbox's load balancer address) is in place.
    for (const step of view.steps) assert.equal(step.state, ['gateway-nodeport', 'kourier-address'].includes(step.id) ? step.state : 'done', `${step.id} ran`);
    for (const step of view.steps) assert.ok(['done', 'skipped'].includes(step.state));
    // OpenFaaS's chain started before Knative's finished: they are independent after the cluster.
    const firstRunning = (id: string) => changes.findIndex((c) => c.steps.find((s) => s.id === id)?.state === 'running');
    const firstDone = (id: string) => changes.findIndex((c) => c.steps.find((s) => s.id === id)?.state === 'done');
    assert.ok(firstRunning('openfaas-namespaces') < firstDone('serving-core'), 'OpenFaaS starts while Knative installs');
    assert.ok(firstRunning('serving-core') > firstDone('serving-crds'), 'core waits for the CRDs');
    assert.ok(firstRunning('kourier') > firstDone('serving-core'), 'Kourier waits for core');
  });

  it('leaves the cluster as a lesson expects it: patched ConfigMaps, NodePorts, addresses, a working Knative Service', async () => {
    const network = await kubectl.run(['get', 'cm', 'config-network', '-n', 'knative-serving', '-o', 'jsonpath={.data.ingress-class}']);
    assert.equal(network.stdout, 'kourier.ingress.networking.knative.dev');
    const domain = await kubectl.run(['get', 'cm', 'config-domain', '-n', 'knative-serving', '-o', 'jsonpath={.data}']);
    assert.match(domain.stdout, new RegExp(`"${address.replace(/\./g, '\\.')}\\.sslip\\.io":""`));
    const ingress = await kubectl.run(['get', 'svc', 'kourier-ingress', '-n', 'kourier-system', '-o', 'jsonpath={.spec.type} {.spec.ports[0].nodePort}']);
    assert.equal(ingress.stdout, 'NodePort 31080');
    const lb = await kubectl.run(['get', 'svc', 'kourier', '-n', 'kourier-system', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}']);
    assert.equal(lb.stdout, address);
    const gateway = await kubectl.run(['get', 'svc', 'gateway-external', '-n', 'openfaas', '-o', 'jsonpath={.spec.type} {.spec.ports[0].nodePort}']);
    assert.equal(gateway.stdout, 'NodePort 31112');
    const secret = await kubectl.run(['get', 'secret', 'basic-auth', '-n', 'openfaas', '-o', 'jsonpath={.data.basic-auth-user}']);
    assert.equal(Buffer.from(secret.stdout, 'base64').toString(), 'admin');
    const marker = await kubectl.run(['get', 'cm', 'kubeclass-provision', '-n', 'kube-system', '-o', 'jsonpath={.data}']);
    for (const id of ['serving-crds', 'serving-core', 'kourier', 'openfaas-namespaces', 'openfaas']) assert.match(marker.stdout, new RegExp(`"${id}":"[0-9a-f]{64}"`));

    const ksvc = join(dir, 'hello.yaml');
    writeFileSync(ksvc, 'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: hello\nspec:\n  template:\n    spec:\n      containers:\n        - image: ghcr.io/knative/helloworld-go:latest\n');
    assert.equal((await kubectl.run(['apply', '-f', ksvc])).code, 0);
    const ready = await kubectl.run(['wait', 'ksvc/hello', '--for=condition=Ready', '--timeout=60s']);
    assert.equal(ready.code, 0, ready.stderr);
    const url = await kubectl.run(['get', 'ksvc', 'hello', '-o', 'jsonpath={.status.url}']);
    assert.equal(url.stdout, `http://hello.default.${address}.sslip.io`);
  });

  it('skips everything on a second run', async () => {
    const started = Date.now();
    const { view } = await provision();
    assert.equal(view.state, 'done', describeFailure(view));
    // Only the cached release files are verified again; everything else is in place.
    const ran = Object.entries(states(view)).filter(([, state]) => state !== 'skipped').map(([id]) => id);
    assert.deepEqual(ran, ['knative-release', 'openfaas-release'], JSON.stringify(states(view)));
    assert.ok(Date.now() - started < 60_000);
  });

  it('repairs what was removed and leaves the rest', async () => {
    assert.equal((await kubectl.run(['delete', 'deployment', '3scale-kourier-gateway', '-n', 'kourier-system'])).code, 0);
    assert.equal((await kubectl.run(['delete', 'svc', 'kourier-ingress', '-n', 'kourier-system'])).code, 0);
    assert.equal((await kubectl.run(['patch', 'cm', 'config-network', '-n', 'knative-serving', '--type', 'merge', '-p', '{"data":{"ingress-class":"istio.ingress.networking.knative.dev"}}'])).code, 0);
    // As on kind, where nothing gives kourier's LoadBalancer an address: the plan patches its status.
    const cleared = await kubectl.run(['patch', 'svc', 'kourier', '-n', 'kourier-system', '--subresource=status', '--type=json', '-p', '[{"op":"remove","path":"/status/loadBalancer/ingress"}]']);
    assert.equal(cleared.code, 0, cleared.stderr);
    const { view } = await provision();
    assert.equal(view.state, 'done', describeFailure(view));
    const s = states(view);
    assert.equal(s['kourier-address'], 'done');
    const lb = await kubectl.run(['get', 'svc', 'kourier', '-n', 'kourier-system']);
    assert.match(lb.stdout, new RegExp(String.raw`kourier\s+LoadBalancer\s+\S+\s+${address.replace(/\./g, "\\.")}\s+80:`));
    assert.equal(s['kourier'], 'done');
    assert.equal(s['kourier-ingress'], 'done');
    assert.equal(s['config-network'], 'done');
    assert.equal(s['serving-core'], 'skipped');
    assert.equal(s['openfaas'], 'skipped');
    const gateway = await kubectl.run(['get', 'deploy', '3scale-kourier-gateway', '-n', 'kourier-system', '-o', 'name']);
    assert.equal(gateway.stdout.trim(), 'deployment.apps/3scale-kourier-gateway');
  });

  it('refuses a release file that does not match its pinned sum, and says which', async () => {
    const tampered = release.files.map((f) => (f.id === 'kourier' ? { ...f, sha256: '0'.repeat(64) } : f));
    rmSync(join(dir, 'cache'), { recursive: true, force: true });
    const { view } = await provision(tampered);
    assert.equal(view.state, 'failed');
    const failed = view.steps.find((s) => s.state === 'failed');
    assert.equal(failed?.id, 'knative-release');
    // The OpenFaaS chain does not need it and is (still) in place; nothing of Knative was touched.
    assert.equal(states(view)['openfaas'], 'skipped');
    assert.equal(states(view)['serving-crds'], 'waiting');
    assert.match(failed?.detail ?? '', /kourier\.yaml .* does not match its pinned SHA-256: expected 0{64}, got [0-9a-f]{64}/);
    assert.ok(failed?.fix);
  });
});

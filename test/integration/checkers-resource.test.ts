// `resource` checks and the engine's cluster watch against a real sandbox, read through @kubernetes/client-node.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { writeKubeconfig } from '../../server/clusters/sandbox/kubeconfig.js';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';
import type { CheckSpec, Verdict } from '../../server/lessons/check-spec.js';
import { CheckerEngine, type VerdictChange } from '../../server/lessons/checkers/checker-engine.js';
import { ClusterReader } from '../../server/lessons/checkers/cluster-reader.js';
import { evaluateCheck } from '../../server/lessons/checkers/evaluate.js';
import { checkContext } from '../support/check-context.js';

describe('resource checks against the sandbox', () => {
  let sandbox: RunningSandbox;
  let dir: string;
  let kubeconfigPath: string;
  let kc: KubeConfig;
  let reader: ClusterReader;

  before(async () => {
    sandbox = await startSandbox({ openfaas: false, timing: { pullMs: 50, errImagePullMs: 150, sandboxMs: 20 } });
    dir = mkdtempSync(join(tmpdir(), 'kubeclass-checkers-'));
    kubeconfigPath = join(dir, 'kubeconfig');
    writeKubeconfig(kubeconfigPath, sandbox.url, sandbox.token, sandbox.caPem);
    kc = new KubeConfig();
    kc.loadFromFile(kubeconfigPath);
    reader = new ClusterReader(kc);
  });
  after(async () => {
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const check = (spec: CheckSpec): Promise<Verdict> => evaluateCheck(spec, checkContext({ cluster: reader }));

  it('exists and absent, by plural, kind or short name', async () => {
    assert.equal((await check({ kind: 'resource', apiVersion: 'v1', resource: 'namespaces', name: 'knative-serving' })).passed, true);
    assert.equal((await check({ kind: 'resource', apiVersion: 'v1', resource: 'ns', name: 'kourier-system' })).passed, true);
    const missing = await check({ kind: 'resource', apiVersion: 'v1', resource: 'Namespace', name: 'istio-system' });
    assert.deepEqual([missing.passed, missing.message], [false, 'expected Namespace istio-system to exist, saw none']);
    assert.equal((await check({ kind: 'resource', apiVersion: 'v1', resource: 'namespaces', name: 'istio-system', absent: true })).passed, true);
    const noType = await check({ kind: 'resource', apiVersion: 'serving.knative.dev/v1', resource: 'widgets', name: 'x' });
    assert.match(noType.message ?? '', /could not run: the cluster serves no "widgets" in serving.knative.dev\/v1/);
  });

  it('fields, counts and label selectors say what they saw', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'settings', labels: { app: 'demo' } }, data: { colour: 'blue' } } });
    assert.equal((await check({ kind: 'resource', apiVersion: 'v1', resource: 'configmaps', name: 'settings', field: 'data.colour', equals: 'blue' })).passed, true);
    const wrong = await check({ kind: 'resource', apiVersion: 'v1', resource: 'configmaps', name: 'settings', field: 'data.colour', equals: 'green' });
    assert.equal(wrong.message, 'ConfigMap settings in namespace default: expected data.colour to be green, saw blue');
    assert.equal((await check({ kind: 'resource', apiVersion: 'v1', resource: 'configmaps', labelSelector: 'app=demo', count: { min: 1, max: 1 } })).passed, true);
    const tooFew = await check({ kind: 'resource', apiVersion: 'v1', resource: 'configmaps', labelSelector: 'app=demo', count: { min: 2 } });
    assert.equal(tooFew.message, 'expected at least 2 configmaps with labels app=demo in namespace default, saw 1 (settings)');
  });

  it('a Knative Service: Ready condition and status.url; a missing image explained from its conditions', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    const ksvc = (name: string, image: string) => ({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name }, spec: { template: { spec: { containers: [{ image }] } } } });
    await custom.createNamespacedCustomObject({ group: 'serving.knative.dev', version: 'v1', namespace: 'default', plural: 'services', body: ksvc('hello', 'ghcr.io/knative/helloworld-go:latest') });
    await custom.createNamespacedCustomObject({ group: 'serving.knative.dev', version: 'v1', namespace: 'default', plural: 'services', body: ksvc('broken', 'ghcr.io/knative/helloworld-go:nope') });
    const ready: CheckSpec = { kind: 'resource', apiVersion: 'serving.knative.dev/v1', resource: 'ksvc', name: 'hello', condition: { type: 'Ready' } };
    const until = Date.now() + 20_000;
    let verdict = await check(ready);
    while (!verdict.passed && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
      verdict = await check(ready);
    }
    assert.equal(verdict.passed, true, verdict.message);
    const url = await check({ kind: 'resource', apiVersion: 'serving.knative.dev/v1', resource: 'services', name: 'hello', field: 'status.url', matches: '/^http:\\/\\/hello\\.default\\./' });
    assert.equal(url.passed, true, url.message);
    const broken = await check({ kind: 'resource', apiVersion: 'serving.knative.dev/v1', resource: 'ksvc', name: 'broken', condition: { type: 'Ready' } });
    assert.equal(broken.passed, false);
    assert.match(broken.message ?? '', /^Service broken in namespace default: expected condition Ready=True, saw Ready=(False|Unknown).*Service broken is not Ready \(Ready=/);
    console.log(`    broken ksvc: ${broken.message}`);
  });

  it("an http check reaches that Knative Service through Kourier, by config-domain's domain ({knativeDomain})", async () => {
    const context = checkContext({ cluster: reader, gateways: { ingress: sandbox.ingress } });
    const spec: CheckSpec = { kind: 'http', url: 'http://{ingress}/', headers: { Host: 'hello.default.{knativeDomain}' }, body: 'Hello World!' };
    const verdict = await evaluateCheck(spec, context);
    assert.equal(verdict.passed, true, verdict.message);
    const nobody = await evaluateCheck({ ...spec, headers: { Host: 'nobody.default.{knativeDomain}' } }, context);
    assert.match(nobody.message ?? '', /^expected GET http:\/\/\{ingress\}\/ to answer 200, saw 404/);
  });

  it('a Deployment whose image cannot be pulled: the pod in ImagePullBackOff is named', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: { metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:no-such-tag' }] } } } },
    });
    const spec: CheckSpec = { kind: 'resource', apiVersion: 'apps/v1', resource: 'deployments', name: 'web', condition: { type: 'Available' } };
    const until = Date.now() + 20_000;
    let verdict = await check(spec);
    while (!/ImagePullBackOff/.test(verdict.message ?? '') && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
      verdict = await check(spec);
    }
    assert.match(verdict.message ?? '', /pod web-[a-z0-9]+-[a-z0-9]+ is in ImagePullBackOff \(container web\): cannot pull the image nginx:no-such-tag/);
  });

  it('the engine sees a change through its watch and reports it within 100 ms of the event', async () => {
    const engine = new CheckerEngine({ kubeconfigPath });
    const changes: Array<VerdictChange & { reportedAt: number }> = [];
    engine.onVerdict((change) => changes.push({ ...change, reportedAt: Date.now() }));
    try {
      await engine.startStep('s1', { stepId: 'step', checks: [{ id: 'cm', check: { kind: 'resource', apiVersion: 'v1', resource: 'configmaps', name: 'watched', field: 'data.a', equals: '1' } }] }, { workspace: dir });
      while (changes.length === 0) await new Promise((r) => setTimeout(r, 10));
      assert.equal(changes[0]?.verdict.passed, false);
      const core = kc.makeApiClient(CoreV1Api);
      const createdAt = Date.now();
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'watched' }, data: { a: '1' } } });
      const until = Date.now() + 3000;
      while (!changes.some((c) => c.verdict.passed) && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      const passed = changes.find((c) => c.verdict.passed);
      assert.ok(passed, 'no passing verdict after the ConfigMap was created (no command was run: only the watch can tell)');
      const delay = passed.reportedAt - passed.evidenceAt;
      console.log(`    watch event -> verdict: ${delay} ms (create call -> verdict: ${passed.reportedAt - createdAt} ms)`);
      assert.ok(delay < 100, `verdict ${delay} ms after the watch event`);
      assert.deepEqual(engine.verdicts('s1').cm?.passed, true);
      assert.equal(engine.stepPassed('s1'), true);
    } finally {
      engine.close();
    }
  });

  it('an evaluation a watch event triggers reads the object the event delivered; one after a command asks the API, once', async () => {
    // Counts the API's GETs of the one ConfigMap the check names.
    const gets: string[] = [];
    const handle = sandbox.api.handle.bind(sandbox.api);
    sandbox.api.handle = (req, res) => {
      if (req.method === 'GET' && req.url?.startsWith('/api/v1/namespaces/default/configmaps/counted')) gets.push(req.url);
      return handle(req, res);
    };
    const engine = new CheckerEngine({ kubeconfigPath, retryDelaysMs: [100, 200] });
    const changes: VerdictChange[] = [];
    engine.onVerdict((change) => changes.push(change));
    const core = kc.makeApiClient(CoreV1Api);
    const settled = async (passed: boolean): Promise<void> => {
      const until = Date.now() + 3000;
      while (engine.verdicts('s2').cm?.passed !== passed && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      assert.equal(engine.verdicts('s2').cm?.passed, passed, engine.verdicts('s2').cm?.message);
    };
    try {
      await engine.startStep('s2', { stepId: 'step', checks: [{ id: 'cm', check: { kind: 'resource', apiVersion: 'v1', resource: 'configmaps', name: 'counted', field: 'data.a', equals: '2' } }] }, { workspace: dir });
      await settled(false);
      assert.equal(gets.length, 1, 'the first evaluation asks the API');
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'counted' }, data: { a: '1' } } });
      await new Promise((r) => setTimeout(r, 300));
      assert.match(engine.verdicts('s2').cm?.message ?? '', /expected data\.a to be 2, saw 1/, 'judged on the created object');
      await core.replaceNamespacedConfigMap({ namespace: 'default', name: 'counted', body: { metadata: { name: 'counted' }, data: { a: '2' } } });
      await settled(true);
      assert.equal(gets.length, 1, `the watch's events were enough: ${gets.join(', ')}`);
      await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'counted' });
      await settled(false);
      assert.match(engine.verdicts('s2').cm?.message ?? '', /expected ConfigMap counted .*to exist/);
      assert.equal(gets.length, 1, 'a deletion is known from its event too');
      // A command's evidence: the API is asked (kubectl has returned; its event may not have arrived yet).
      engine.commandFinished('s2', { commandLine: 'kubectl get cm counted', exitCode: 1, output: '', outputTruncated: false, cwd: dir, startedAt: Date.now(), durationMs: 80 });
      const until = Date.now() + 3000;
      while (gets.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      assert.equal(gets.length, 2);
      // No timed looks again after it: the open watch re-evaluates the check on every change it could pass on.
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(gets.length, 2, `no retries for a watched check: ${gets.join(', ')}`);
    } finally {
      engine.close();
      sandbox.api.handle = handle;
    }
  });
});

// The provisioning plan as data and its runner, with a recorder in place of the programs: order and dependencies,
// the kind config and the commands each step runs, retries for the webhook races, failures that block only
// what needs them, in-place checks, and the secret kept off command lines and out of logs.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { kindConfig } from '../../server/clusters/kind/provision/kind-config.js';
import { buildPlan } from '../../server/clusters/kind/provision/plan.js';
import { UPSTREAM_WAITS } from '../../server/clusters/kind/provision/plan-options.js';
import { ProvisionTools, type CommandOutcome, type Exec } from '../../server/clusters/kind/provision/provision-tools.js';
import { PlanError, runPlan, validatePlan } from '../../server/clusters/kind/provision/runner.js';
import { StepFailure, type ProvisionStep } from '../../server/clusters/kind/provision/step.js';
import { chartValues } from '../../server/clusters/kind/provision/steps/openfaas.js';

const scratch = mkdtempSync(join(tmpdir(), 'kubeclass-plan-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Call {
  line: string;
  input: string | undefined;
}

/** An Exec answering by the first matching rule; unmatched commands succeed with no output. */
function recorder(rules: [RegExp, (call: Call, n: number) => Partial<CommandOutcome>][] = []): { exec: Exec; calls: Call[] } {
  const calls: Call[] = [];
  const counts = new Map<RegExp, number>();
  const exec: Exec = async (program, args, options) => {
    const call = { line: [program, ...args].join(' '), input: options.input };
    calls.push(call);
    for (const [pattern, answer] of rules) {
      if (!pattern.test(call.line)) continue;
      const n = (counts.get(pattern) ?? 0) + 1;
      counts.set(pattern, n);
      return { code: 0, stdout: '', stderr: '', ...answer(call, n) };
    }
    return { code: 0, stdout: '', stderr: '' };
  };
  return { exec, calls };
}

function toolsWith(exec: Exec, kubeconfig = join(scratch, 'kubeconfig')): ProvisionTools {
  const files: Record<string, string> = {};
  return new ProvisionTools({
    exec,
    env: {},
    kubeconfig,
    delayScale: 0,
    download: async (id) => {
      files[id] ??= join(scratch, `${id}.yaml`);
      writeFileSync(files[id]!, `# ${id}\n`);
      return files[id]!;
    },
    probeHttp: async () => ({ status: 404, server: 'envoy' }),
  });
}

describe('the plan', () => {
  it('has every step, in display order, each after what it needs', () => {
    const plan = buildPlan();
    const graph = Object.fromEntries(plan.map((s) => [s.id, s.after.join(',')]));
    assert.deepEqual(graph, {
      'kind-cluster': '',
      'knative-release': '',
      'openfaas-release': '',
      'serving-crds': 'kind-cluster,knative-release',
      'serving-core': 'serving-crds',
      kourier: 'serving-core',
      'config-network': 'serving-core',
      'config-domain': 'serving-core',
      'kourier-ingress': 'kourier',
      'openfaas-namespaces': 'kind-cluster,openfaas-release',
      'openfaas-auth': 'openfaas-namespaces',
      openfaas: 'openfaas-auth',
      'gateway-nodeport': 'openfaas',
      'kourier-address': 'kourier',
      'ingress-answers': 'kourier-ingress,config-network,config-domain',
      'gateway-answers': 'gateway-nodeport',
    });
    validatePlan(plan);
  });

  it('loads an image archive before anything installs; the Kubernetes half alone has no kind steps', () => {
    const withImages = buildPlan({ imageArchive: '/tmp/images.tar' });
    assert.deepEqual(withImages.find((s) => s.id === 'serving-crds')?.after, ['load-images', 'knative-release']);
    assert.deepEqual(withImages.find((s) => s.id === 'load-images')?.after, ['kind-cluster']);
    const half = buildPlan({ createCluster: false, probeHostPorts: false });
    assert.equal(half.some((s) => s.id === 'kind-cluster' || s.id.endsWith('-answers')), false);
    assert.throws(() => buildPlan({ createCluster: false, imageArchive: '/tmp/x.tar' }), /needs the kind-cluster step/);
  });

  it('refuses unknown and circular dependencies', () => {
    const step = (id: string, after: string[]): ProvisionStep => ({ id, title: id, after, fix: '', run: async () => undefined });
    assert.throws(() => validatePlan([step('a', ['b'])]), PlanError);
    assert.throws(() => validatePlan([step('a', ['b']), step('b', ['a'])]), /wait for each other: a -> b -> a/);
    assert.throws(() => validatePlan([step('a', []), step('a', [])]), /two steps are named a/);
  });

  it('writes a kind config with both NodePorts mapped on the listen address, and the pinned node', () => {
    const config = parse(kindConfig({ name: 'kubeclass', ingressPort: 8080, gatewayPort: 31113, listenAddress: '127.0.0.1' })) as Record<string, unknown>;
    assert.deepEqual(config, {
      kind: 'Cluster',
      apiVersion: 'kind.x-k8s.io/v1alpha4',
      name: 'kubeclass',
      nodes: [
        {
          role: 'control-plane',
          image: 'kindest/node:v1.34.0@sha256:7416a61b42b1662ca6ca89f02028ac133a309a2a30ba309614e8ec94d976dc5a',
          extraPortMappings: [
            { containerPort: 31080, hostPort: 8080, listenAddress: '127.0.0.1', protocol: 'TCP' },
            { containerPort: 31112, hostPort: 31113, listenAddress: '127.0.0.1', protocol: 'TCP' },
          ],
        },
      ],
    });
  });

  it('sets the chart values arkade sets, with the Secret made by kubeclass', () => {
    assert.deepEqual(chartValues(), ['functionNamespace=openfaas-fn', 'basic_auth=true', 'generateBasicAuth=false', 'exposeServices=true', 'serviceType=NodePort', 'gateway.nodePort=31112']);
  });
});

describe('steps and their commands', () => {
  const stepOf = (id: string, options = {}): ProvisionStep => buildPlan(options).find((s) => s.id === id)!;

  it('kind cluster: created with the config on stdin, then its kubeconfig written for this user only', async () => {
    const kubeconfig = join(scratch, 'kind', 'kubeconfig');
    const { exec, calls } = recorder([
      [/^kind get clusters$/, () => ({ stdout: '' })],
      [/^kind get kubeconfig/, () => ({ stdout: 'apiVersion: v1\nkind: Config\n' })],
    ]);
    const tools = toolsWith(exec, kubeconfig);
    const step = stepOf('kind-cluster', { ingressPort: 8080 });
    assert.equal(await step.inPlace!(tools), false);
    await step.run(tools);
    assert.deepEqual(calls.map((c) => c.line), ['kind get clusters', 'kind create cluster --name kubeclass --config=- --wait=120s', 'kind get kubeconfig --name kubeclass']);
    assert.match(calls[1]!.input ?? '', /hostPort: 8080/);
    assert.equal(readFileSync(kubeconfig, 'utf8'), 'apiVersion: v1\nkind: Config\n');
    assert.equal(statSync(kubeconfig).mode & 0o777, 0o600);
    assert.doesNotMatch(tools.output(), /kind: Config/, 'the kubeconfig (a credential) stays out of the log');
  });

  it('kind cluster: an existing one with other host ports is refused with the ports it has', async () => {
    const bindings = JSON.stringify({ '31080/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '31112/tcp': [{ HostIp: '127.0.0.1', HostPort: '31112' }] });
    const { exec } = recorder([
      [/^kind get clusters$/, () => ({ stdout: 'kubeclass\n' })],
      [/^docker inspect kubeclass-control-plane/, () => ({ stdout: bindings })],
    ]);
    await assert.rejects(stepOf('kind-cluster').inPlace!(toolsWith(exec)), (error: StepFailure) => {
      assert.match(error.message, /other port mappings: NodePort 31080 is on host port 8080, not 80 \(--ingress-port\)/);
      assert.match(error.fix ?? '', /--ingress-port 8080/);
      return true;
    });
  });

  it('applies are retried for the webhook races, 3 times, then fail with kubectl\'s words', async () => {
    const webhookUp: [RegExp, () => Partial<CommandOutcome>] = [/get endpointslices/, () => ({ stdout: 'true\n' })];
    const flaky = recorder([[/ apply -f /, (_c, n) => (n < 3 ? { code: 1, stderr: 'Error from server (InternalError): failed calling webhook "webhook.serving.knative.dev": connection refused' } : {})], webhookUp]);
    const step = stepOf('serving-core');
    await assert.doesNotReject(step.run(toolsWith(flaky.exec)));
    assert.equal(flaky.calls.filter((c) => / apply -f /.test(c.line)).length, 3);
    const broken = recorder([[/ apply -f /, () => ({ code: 1, stderr: 'Error from server (InternalError): failed calling webhook' })], webhookUp]);
    await assert.rejects(step.run(toolsWith(broken.exec)), (error: StepFailure) => {
      assert.match(error.message, /kubectl apply was refused .*gave up after 3 attempts/);
      assert.match(error.output, /failed calling webhook/);
      return true;
    });
  });

  it('a webhook that never gets a ready endpoint fails the step after upstream\'s 12 polls, saying so', async () => {
    const { exec, calls } = recorder([[/get endpointslices/, () => ({ stdout: 'false\n' })]]);
    await assert.rejects(stepOf('serving-core').run(toolsWith(exec)), /Knative Serving did not become ready: waiting for the webhook's endpoints/);
    assert.equal(calls.filter((c) => /get endpointslices/.test(c.line)).length, 12);
  });

  it('waits for pods that do not exist yet, then for the webhook\'s ready endpoint', async () => {
    const { exec, calls } = recorder([
      [/wait pod/, (_c, n) => (n === 1 ? { code: 1, stderr: 'error: no matching resources found' } : {})],
      [/get endpointslices/, (_c, n) => ({ stdout: n < 3 ? '' : 'true\n' })],
    ]);
    await stepOf('serving-core').run(toolsWith(exec));
    const lines = calls.map((c) => c.line);
    assert.equal(lines.filter((l) => /wait pod --timeout=10m --for=condition=Ready -l !job-name -n knative-serving/.test(l)).length, 2);
    assert.equal(lines.filter((l) => /get endpointslices -n knative-serving -l kubernetes.io\/service-name=webhook/.test(l)).length, 3);
    assert.match(lines.at(-1)!, /patch configmap kubeclass-provision -n kube-system --type merge -p \{"data":\{"serving-core":"[0-9a-f]{64}"\}\}/);
  });

  it('OpenFaaS: the chart through helm with the values; the password only on stdin and never logged', async () => {
    const { exec, calls } = recorder([[/get secret basic-auth/, () => ({ code: 1, stderr: 'Error from server (NotFound): secrets "basic-auth" not found' })]]);
    const tools = toolsWith(exec, '/k/config');
    const auth = stepOf('openfaas-auth');
    assert.equal(await auth.inPlace!(tools), false);
    await auth.run(tools);
    const secret = JSON.parse(calls.at(-1)!.input!) as { stringData: Record<string, string> };
    assert.match(secret.stringData['basic-auth-password']!, /^[A-Za-z0-9]{25}$/);
    assert.equal(calls.some((c) => c.line.includes(secret.stringData['basic-auth-password']!)), false);
    assert.equal(tools.output().includes(secret.stringData['basic-auth-password']!), false);
    await stepOf('openfaas').run(tools);
    const helm = calls.find((c) => c.line.startsWith('helm '))!.line;
    assert.equal(
      helm,
      `helm upgrade openfaas ${join(scratch, 'openfaas-chart.yaml')} --install --namespace openfaas --kubeconfig /k/config --set functionNamespace=openfaas-fn --set basic_auth=true --set generateBasicAuth=false --set exposeServices=true --set serviceType=NodePort --set gateway.nodePort=31112`,
    );
    assert.ok(calls.some((c) => c.line === 'kubectl --kubeconfig /k/config wait deployment --all -n openfaas --for=condition=Available --timeout=10m'));
  });

  it('the host-port probes want Envoy on the ingress port and 200 from the gateway', async () => {
    const answers: Record<string, { status: number; server: string | undefined }> = {};
    const tools = new ProvisionTools({ env: {}, kubeconfig: '/k', delayScale: 0, download: async () => '', probeHttp: async (url) => answers[url] ?? Promise.reject(new Error('connect ECONNREFUSED')) });
    const plan = buildPlan({ ingressPort: 8080, waits: { ...UPSTREAM_WAITS, probeAttempts: 2 } });
    const ingress = plan.find((s) => s.id === 'ingress-answers')!;
    await assert.rejects(ingress.run(tools), /gave up after 2 attempts: connect ECONNREFUSED/);
    answers['http://127.0.0.1:8080/'] = { status: 404, server: 'nginx' };
    await assert.rejects(ingress.run(tools), /HTTP 404 from nginx/);
    answers['http://127.0.0.1:8080/'] = { status: 404, server: 'envoy' };
    await ingress.run(tools);
    answers['http://127.0.0.1:31112/healthz'] = { status: 200, server: undefined };
    await plan.find((s) => s.id === 'gateway-answers')!.run(tools);
  });
});

describe('the runner', () => {
  const fake = (id: string, after: string[], behaviour: { inPlace?: boolean; fail?: string; ms?: number } = {}): ProvisionStep & { ran: boolean } => {
    const step = {
      id,
      title: `Step ${id}`,
      after,
      fix: `fix ${id}`,
      ran: false,
      ...(behaviour.inPlace === undefined ? {} : { inPlace: async () => behaviour.inPlace! }),
      async run(tools: ProvisionTools) {
        step.ran = true;
        await new Promise((r) => setTimeout(r, behaviour.ms ?? 5));
        if (behaviour.fail) {
          await tools.run('kubectl', ['apply', '-f', 'x']);
          throw new StepFailure(behaviour.fail, '', behaviour.fail === 'known' ? 'the known fix' : undefined);
        }
      },
    };
    return step;
  };
  const tools = (): ProvisionTools => toolsWith(recorder([[/apply/, () => ({ code: 1, stderr: 'line 1\nline 2' })]]).exec);

  it('runs independent steps side by side and dependents after', async () => {
    const order: string[] = [];
    const steps = [fake('a', [], { ms: 40 }), fake('b', [], { ms: 5 }), fake('c', ['a', 'b'])];
    const view = await runPlan(steps, tools(), { onChange: (v) => order.push(v.steps.map((s) => s.state[0]).join('')) });
    assert.equal(view.state, 'done');
    assert.ok(order.includes('rrw'), `a and b ran together: ${order.join(' ')}`);
    assert.equal(order.at(-1), 'ddd');
  });

  it('a failure blocks only what needs it, keeping the output and the advice', async () => {
    const steps = [fake('a', [], { fail: 'boom' }), fake('b', ['a']), fake('c', []), fake('d', ['c']), fake('e', [], { fail: 'known' })];
    const view = await runPlan(steps, tools());
    assert.equal(view.state, 'failed');
    assert.deepEqual(view.steps.map((s) => s.state), ['failed', 'waiting', 'done', 'done', 'failed']);
    assert.equal(steps[1]!.ran, false);
    const a = view.steps[0]!;
    assert.equal(a.detail, 'boom');
    assert.match(a.output ?? '', /\$ kubectl apply -f x\nline 1\nline 2\n\(exit 1\)/);
    assert.equal(a.fix, 'fix a');
    assert.equal(view.steps[4]!.fix, 'the known fix');
  });

  it('skips steps in place, unless forced', async () => {
    const steps = [fake('a', [], { inPlace: true }), fake('b', ['a'], { inPlace: false })];
    const view = await runPlan(steps, tools());
    assert.deepEqual(view.steps.map((s) => [s.state, s.detail]), [['skipped', 'already in place'], ['done', undefined]]);
    assert.equal(steps[0]!.ran, false);
    await runPlan(steps, tools(), { force: true });
    assert.equal(steps[0]!.ran, true);
  });
});

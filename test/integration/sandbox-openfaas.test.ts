// OpenFaaS CE in the sandbox, as the documented workflow uses it, through the real kubectl and the real curl:
// the installed state, the password read from the basic-auth Secret, the gateway's REST API with basic auth,
// functions deployed as faas-cli sends them that run real programs (cat, wc, base64, sha512sum), CE's limits,
// removal, async calls with a callback, and the same API through `kubectl port-forward svc/gateway`.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';
import { Kubectl, normaliseAges } from '../support/kubectl.js';
import { curl } from '../support/run-process.js';



/** What a program on this machine prints for some input: the expected output of a real fprocess. */
function real(program: string, input: string): string {
  return spawnSync(program, { input, encoding: 'utf8' }).stdout;
}

const deployBody = (name: string, fprocess: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ service: name, image: 'ghcr.io/openfaas/alpine:latest', namespace: 'openfaas-fn', envProcess: fprocess, envVars: {}, labels: {}, annotations: {}, secrets: [], ...extra });

describe('OpenFaaS CE in the sandbox, through real kubectl and curl', () => {
  let sandbox: RunningSandbox;
  let kubectl: Kubectl;
  let gateway: string;
  let password: string;
  const ok = async (args: string[], input?: string): Promise<string> => {
    const r = await kubectl.run(args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const auth = (): string[] => ['-u', `admin:${password}`];
  /** status code and body of a curl call */
  const call = async (args: string[], input?: string): Promise<{ status: string; body: string }> => {
    const r = await curl(['-w', '\n%{http_code}', ...args], input);
    assert.equal(r.code, 0, r.stderr);
    const cut = r.stdout.lastIndexOf('\n');
    return { status: r.stdout.slice(cut + 1), body: r.stdout.slice(0, cut) };
  };
  const deploy = (name: string, fprocess: string, extra: Record<string, unknown> = {}): Promise<{ status: string; body: string }> =>
    call([...auth(), '-X', 'POST', '--data-binary', '@-', '-H', 'Content-Type: application/json', `${gateway}/system/functions`], deployBody(name, fprocess, extra));
  const invoke = (name: string, input: string): Promise<{ status: string; body: string }> => call(['--data-binary', '@-', `${gateway}/function/${name}`], input);

  before(async () => {
    sandbox = await startSandbox({ knative: false });
    kubectl = new Kubectl(sandbox.url, sandbox.token, sandbox.caPem);
    assert.ok(sandbox.openfaas, 'OpenFaaS is installed by default');
    gateway = `http://${sandbox.openfaas.host}:${sandbox.openfaas.port}`;
  });
  after(async () => {
    kubectl?.dispose();
    await sandbox?.close();
  });

  it('is installed as the chart leaves it; the password comes from the basic-auth Secret', async () => {
    const started = Date.now();
    await ok(['rollout', 'status', '-n', 'openfaas', 'deploy/gateway', '--timeout=30s']);
    await ok(['wait', '--for=condition=Available', 'deploy', '--all', '-n', 'openfaas', '--timeout=30s']);
    assert.ok(Date.now() - started < 15_000, 'the chart\'s pods are up within seconds');
    const deployments = normaliseAges(await ok(['get', 'deploy', '-n', 'openfaas']));
    for (const name of ['alertmanager', 'gateway', 'nats', 'prometheus', 'queue-worker']) assert.match(deployments, new RegExp(`^${name}\\s+1/1\\s+1\\s+1\\s`, 'm'));
    assert.match(await ok(['get', 'pods', '-n', 'openfaas', '-l', 'app=gateway']), /gateway-\S+\s+2\/2\s+Running/);
    assert.equal(await ok(['get', 'deploy', 'gateway', '-n', 'openfaas', '-o', 'jsonpath={.spec.template.spec.containers[*].name}']), 'gateway faas-netes');
    assert.match(await ok(['get', 'svc', 'gateway-external', '-n', 'openfaas']), /gateway-external\s+NodePort\s+\S+\s+<none>\s+8080:31112\/TCP/);
    assert.match(await ok(['get', 'ns', 'openfaas', '--show-labels']), /access=openfaas-system,.*role=openfaas-system/);
    await ok(['get', 'ns', 'openfaas-fn']);
    // The facts sheet's command, through a real shell (asynchronously: the sandbox answers from this process).
    password = await new Promise<string>((resolve, reject) => {
      const child = spawn('sh', ['-c', 'kubectl -n openfaas get secret basic-auth -o jsonpath="{.data.basic-auth-password}" | base64 --decode'], { env: kubectl.env });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
    assert.equal(password, sandbox.openfaas?.password);
    assert.match(password, /^[A-Za-z0-9]{25}$/);
    assert.equal(await ok(['-n', 'openfaas', 'get', 'secret', 'basic-auth', '-o', 'jsonpath={.data.basic-auth-user}']), Buffer.from('admin').toString('base64'));
  });

  it('answers /healthz and /system/info; /system/* without credentials is 401 invalid credentials', async () => {
    assert.deepEqual(await call([`${gateway}/healthz`]), { status: '200', body: 'OK' });
    const refused = await curl(['-i', `${gateway}/system/functions`]);
    assert.match(refused.stdout, /^HTTP\/1\.1 401 Unauthorized\r\n/);
    assert.match(refused.stdout, /\r\nWWW-Authenticate: Basic realm="Restricted"\r\n/i);
    assert.ok(refused.stdout.endsWith('\r\n\r\ninvalid credentials'));
    assert.equal((await call(['-u', 'admin:wrong', `${gateway}/system/info`])).status, '401');
    const info = JSON.parse((await call([...auth(), `${gateway}/system/info`])).body) as { provider: { provider: string; orchestration: string }; arch: string };
    assert.equal(info.provider.provider, 'faas-netes-ce');
    assert.equal(info.provider.orchestration, 'kubernetes');
    assert.deepEqual(JSON.parse((await call([...auth(), `${gateway}/system/namespaces`])).body), ['openfaas-fn']);
    assert.deepEqual(await call([...auth(), `${gateway}/system/functions`]), { status: '200', body: '[]' });
  });

  it('deploys a function as faas-netes does; it runs its fprocess for real', async () => {
    assert.deepEqual(await deploy('echoit', 'cat'), { status: '202', body: '' });
    assert.match(await ok(['get', 'deploy,svc', '-n', 'openfaas-fn']), /deployment\.apps\/echoit[\s\S]*service\/echoit\s+ClusterIP\s+\S+\s+<none>\s+8080\/TCP/);
    const template = JSON.parse(await ok(['get', 'deploy', 'echoit', '-n', 'openfaas-fn', '-o', 'json'])) as {
      metadata: { labels: Record<string, string>; annotations: Record<string, string> };
      spec: { template: { spec: { containers: Array<{ name: string; env: Array<{ name: string; value: string }>; readinessProbe: { httpGet: { path: string; port: number } } }> } } };
    };
    assert.deepEqual(template.metadata.labels, { faas_function: 'echoit' });
    assert.equal(template.metadata.annotations['prometheus.io.scrape'], 'false');
    const container = template.spec.template.spec.containers[0];
    assert.equal(container?.name, 'echoit');
    assert.deepEqual(container?.env, [{ name: 'fprocess', value: 'cat' }]);
    assert.deepEqual(container?.readinessProbe.httpGet, { path: '/_/health', port: 8080 });
    // The first call waits for the pod to be Ready, as the gateway's scale-from-zero check does.
    assert.deepEqual(await invoke('echoit', 'hello'), { status: '200', body: 'hello' });
    assert.match(await ok(['get', 'pods', '-n', 'openfaas-fn', '-l', 'faas_function=echoit']), /echoit-\S+\s+1\/1\s+Running/);
    const listed = JSON.parse((await call([...auth(), `${gateway}/system/functions`])).body) as Array<Record<string, unknown>>;
    assert.equal(listed[0]?.name, 'echoit');
    assert.equal(listed[0]?.envProcess, 'cat');
    assert.equal(listed[0]?.invocationCount, 1);
    assert.equal(listed[0]?.availableReplicas, 1);
    assert.match(await ok(['logs', '-n', 'openfaas-fn', 'deploy/echoit']), /Forking fprocess\.\n.*Wrote 5 Bytes - Duration: /);
  });

  it('wc, base64 and sha512sum answer what the real programs answer; a failing fprocess is a 500', async () => {
    const text = 'The quick brown fox\njumps over the lazy dog\n';
    for (const [name, program] of [['wordcount', 'wc'], ['base64', 'base64'], ['shasum', 'sha512sum']] as const) {
      assert.equal((await deploy(name, program)).status, '202');
      assert.deepEqual(await invoke(name, text), { status: '200', body: real(program, text) });
    }
    assert.equal((await invoke('shasum', text)).body, `${createHash('sha512').update(text).digest('hex')}  -\n`);
    // The watchdog's CGI variables reach the process.
    assert.equal((await deploy('env', 'env')).status, '202');
    const env = (await call(['-H', 'X-Custom: yes', `${gateway}/function/env/sub/path?q=1`])).body;
    assert.match(env, /^Http_Method=GET$/m);
    assert.match(env, /^Http_Path=\/sub\/path$/m);
    assert.match(env, /^Http_Query=q=1$/m);
    assert.match(env, /^Http_X_Custom=yes$/m);
    assert.match(env, /^Http_X_Call_Id=[0-9a-f-]{36}$/m);
    assert.equal((await deploy('failing', 'false')).status, '202');
    assert.deepEqual(await invoke('failing', 'x'), { status: '500', body: 'exit status 1\n' });
    assert.equal((await deploy('missing', 'no-such-program')).status, '202');
    assert.deepEqual(await invoke('missing', 'x'), { status: '500', body: 'exec: "no-such-program": executable file not found in $PATH\n' });
    assert.deepEqual(await invoke('nope', 'x'), { status: '404', body: 'error finding function nope.openfaas-fn: server returned non-200 status code (404) for function, nope, body: ' });
  });

  it("enforces CE's limits with CE's messages", async () => {
    assert.deepEqual(await deploy('elsewhere', 'cat', { namespace: 'default' }), { status: '400', body: 'namespace must be: openfaas-fn\n' });
    assert.deepEqual(await deploy('toomany', 'cat', { labels: { 'com.openfaas.scale.max': '10' } }), { status: '400', body: 'validation failed: com.openfaas.scale.max is set too high for Community Edition\n' });
    const scale = (replicas: number): Promise<{ status: string; body: string }> =>
      call([...auth(), '-X', 'POST', '-d', JSON.stringify({ serviceName: 'echoit', namespace: 'openfaas-fn', replicas }), `${gateway}/system/scale-function/echoit`]);
    assert.deepEqual(await scale(0), { status: '400', body: 'replicas cannot be set to 0 in OpenFaaS CE\n' });
    assert.equal((await scale(6)).status, '202');
    assert.equal(await ok(['get', 'deploy', 'echoit', '-n', 'openfaas-fn', '-o', 'jsonpath={.spec.replicas}']), '5', 'CE caps replicas at 5');
    assert.equal((await scale(1)).status, '202');
    const existing = (JSON.parse((await call([...auth(), `${gateway}/system/functions`])).body) as unknown[]).length;
    for (let i = existing; i < 15; i += 1) assert.equal((await deploy(`fn${i}`, 'cat')).status, '202');
    assert.deepEqual(await deploy('sixteenth', 'cat'), { status: '400', body: 'unable to create function, maximum: 15, visit https://openfaas.com/pricing to upgrade to OpenFaaS Standard\n' });
  });

  it('DELETE removes the Deployment and the Service', async () => {
    const remove = (name: string): Promise<{ status: string; body: string }> => call([...auth(), '-X', 'DELETE', '-d', JSON.stringify({ functionName: name }), `${gateway}/system/functions`]);
    assert.deepEqual(await remove('fn13'), { status: '202', body: '' });
    assert.deepEqual(await remove('fn13'), { status: '404', body: 'deployments.apps "fn13" not found' });
    const left = await ok(['get', 'deploy,svc', '-n', 'openfaas-fn', '-o', 'name']);
    assert.doesNotMatch(left, /fn13/);
    assert.match(left, /deployment\.apps\/echoit/);
  });

  it('an async call is accepted with its call id, then runs and calls back', async () => {
    let received: { headers: IncomingHttpHeaders; body: string } | undefined;
    const callback = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received = { headers: req.headers, body };
        res.end();
      });
    });
    await new Promise<void>((r) => callback.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/done`;
      const accepted = await curl(['-i', '--data-binary', 'async hello', '-H', `X-Callback-Url: ${url}`, `${gateway}/async-function/echoit`]);
      assert.match(accepted.stdout, /^HTTP\/1\.1 202 Accepted\r\n/);
      const callId = /\r\nX-Call-Id: ([0-9a-f-]{36})\r\n/i.exec(accepted.stdout)?.[1];
      assert.ok(callId, accepted.stdout);
      const end = Date.now() + 20_000;
      while (!received && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      assert.ok(received, 'the callback was called');
      assert.equal(received.body, 'async hello');
      assert.equal(received.headers['x-call-id'], callId);
      assert.equal(received.headers['x-function-status'], '200');
    } finally {
      callback.close();
    }
  });

  it('the same API answers through `kubectl port-forward -n openfaas svc/gateway`', async () => {
    const forward = kubectl.start(['port-forward', '-n', 'openfaas', 'svc/gateway', '0:8080']);
    try {
      const end = Date.now() + 20_000;
      let local: string | undefined;
      while (!local && Date.now() < end) {
        local = /Forwarding from 127\.0\.0\.1:(\d+) -> 8080/.exec(forward.output())?.[1];
        if (!local) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(local, forward.output());
      assert.deepEqual(await call([`http://127.0.0.1:${local}/healthz`]), { status: '200', body: 'OK' });
      assert.equal((await call([`http://127.0.0.1:${local}/system/functions`])).status, '401');
      assert.deepEqual(await call(['--data-binary', 'via port-forward', `http://127.0.0.1:${local}/function/echoit`]), { status: '200', body: 'via port-forward' });
    } finally {
      forward.stop();
    }
  });
});

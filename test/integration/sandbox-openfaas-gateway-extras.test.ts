// The rest of the gateway, through the real curl and kubectl: /system/secrets as faas-netes CE keeps them
// (labelled Secrets in openfaas-fn) and mounted into functions that ask for them; /system/logs as
// newline-delimited JSON from the function pods' logs (history, tail, since, follow); the /ui/ portal's files
// behind basic auth with a strict CSP (the page itself is driven in Chromium by test/browser/openfaas-portal).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';
import { Kubectl } from '../support/kubectl.js';

interface Reply {
  status: string;
  body: string;
  headers: string;
}

/** The real curl: status, headers and body. */
function curl(args: string[], input = ''): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['-sS', '-D', '-', '--max-time', '30', '-w', '\n%{http_code}', ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const cut = stdout.lastIndexOf('\n');
      const head = stdout.indexOf('\r\n\r\n');
      if (head < 0) return reject(new Error(`curl ${args.join(' ')} exited ${code}: ${stderr}`));
      resolve({ status: stdout.slice(cut + 1), body: stdout.slice(head + 4, cut), headers: stdout.slice(0, head + 2) });
    });
    child.stdin.end(input);
  });
}

const LOG_KEYS = ['name', 'namespace', 'instance', 'timestamp', 'text'];

describe('OpenFaaS gateway: secrets, logs and the portal, through real curl and kubectl', () => {
  let sandbox: RunningSandbox;
  let kubectl: Kubectl;
  let gateway: string;
  let auth: string[];
  const ok = async (args: string[]): Promise<string> => {
    const r = await kubectl.run(args);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const system = (method: string, path: string, body?: unknown): Promise<Reply> =>
    curl([...auth, '-X', method, ...(body === undefined ? [] : ['--data-binary', '@-', '-H', 'Content-Type: application/json']), `${gateway}${path}`], body === undefined ? '' : JSON.stringify(body));
  const deploy = (service: string, fprocess: string, secrets: string[] = []): Promise<Reply> =>
    system('POST', '/system/functions', { service, image: 'ghcr.io/openfaas/alpine:latest', envProcess: fprocess, secrets, labels: {}, annotations: {} });
  const invoke = (name: string, input: string): Promise<Reply> => curl(['--data-binary', '@-', `${gateway}/function/${name}`], input);
  const logLines = (body: string): Array<Record<string, string>> =>
    body
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, string>);

  before(async () => {
    sandbox = await startSandbox({ knative: false });
    kubectl = new Kubectl(sandbox.url, sandbox.token, sandbox.caPem);
    assert.ok(sandbox.openfaas);
    gateway = `http://${sandbox.openfaas.host}:${sandbox.openfaas.port}`;
    auth = ['-u', `admin:${sandbox.openfaas.password}`];
  });
  after(async () => {
    kubectl?.dispose();
    await sandbox?.close();
  });

  it('creates, lists, replaces and deletes secrets as labelled Secrets in openfaas-fn', async () => {
    assert.equal((await curl([`${gateway}/system/secrets`])).status, '401');
    assert.deepEqual([(await system('GET', '/system/secrets')).status, (await system('GET', '/system/secrets')).body], ['200', '[]']);
    assert.equal((await system('POST', '/system/secrets', { name: 'api-key', value: 's3cr3t-value' })).status, '202');
    assert.equal((await system('POST', '/system/secrets', { name: 'api-key', value: 'again' })).status, '409');
    assert.equal(await ok(['get', 'secret', 'api-key', '-n', 'openfaas-fn', '-o', 'jsonpath={.metadata.labels.app\\.kubernetes\\.io/managed-by} {.type} {.data.api-key}']), `openfaas Opaque ${Buffer.from('s3cr3t-value').toString('base64')}`);
    // rawValue is base64 bytes, as Go decodes []byte.
    assert.equal((await system('POST', '/system/secrets', { name: 'raw', rawValue: Buffer.from([0, 1, 2]).toString('base64') })).status, '202');
    assert.equal(await ok(['get', 'secret', 'raw', '-n', 'openfaas-fn', '-o', 'jsonpath={.data.raw}']), 'AAEC');
    // A Secret made without faas-netes' label is not a function secret.
    await ok(['create', 'secret', 'generic', 'other', '-n', 'openfaas-fn', '--from-literal=a=b']);
    assert.deepEqual(JSON.parse((await system('GET', '/system/secrets')).body), [{ name: 'api-key', namespace: 'openfaas-fn' }, { name: 'raw', namespace: 'openfaas-fn' }]);
    assert.deepEqual([(await system('GET', '/system/secrets?namespace=default')).status, (await system('POST', '/system/secrets', { name: 'x', value: 'y', namespace: 'default' })).status], ['400', '400']);
    assert.equal((await system('PUT', '/system/secrets', { name: 'api-key', value: 'rotated' })).status, '202');
    assert.equal(await ok(['get', 'secret', 'api-key', '-n', 'openfaas-fn', '-o', 'jsonpath={.data.api-key}']), Buffer.from('rotated').toString('base64'));
    assert.equal((await system('PUT', '/system/secrets', { name: 'nope', value: 'x' })).status, '404');
    assert.equal((await system('DELETE', '/system/secrets', { name: 'raw' })).status, '202');
    assert.equal((await system('DELETE', '/system/secrets', { name: 'raw' })).status, '404');
    assert.equal((await system('POST', '/system/secrets', 'not an object')).status, '400');
  });

  it("mounts a function's secrets where its watchdog's processes read them; a missing one is refused", async () => {
    assert.deepEqual(await deploy('needs', 'cat', ['missing']).then((r) => [r.status, r.body]), ['400', 'unable to fetch secrets: secrets "missing" not found\n']);
    // The process runs in the container's scratch root, which stands for `/`: the mount is at var/openfaas/secrets.
    assert.equal((await deploy('reader', 'cat var/openfaas/secrets/api-key', ['api-key'])).status, '202');
    const spec = JSON.parse(await ok(['get', 'deploy', 'reader', '-n', 'openfaas-fn', '-o', 'jsonpath={.spec.template.spec}'])) as {
      volumes: unknown[];
      containers: Array<{ volumeMounts: unknown[] }>;
    };
    assert.deepEqual(spec.volumes, [{ name: 'reader-projected-secrets', projected: { sources: [{ secret: { name: 'api-key', items: [{ key: 'api-key', path: 'api-key' }] } }] } }]);
    assert.deepEqual(spec.containers[0]?.volumeMounts, [{ name: 'reader-projected-secrets', readOnly: true, mountPath: '/var/openfaas/secrets' }]);
    assert.deepEqual(await invoke('reader', '').then((r) => [r.status, r.body]), ['200', 'rotated']);
  });

  it('serves the function logs as newline-delimited JSON: history, tail, since, and errors', async () => {
    assert.equal((await deploy('echoit', 'cat')).status, '202');
    assert.equal((await invoke('echoit', 'one')).body, 'one');
    assert.equal((await invoke('echoit', 'two')).body, 'two');
    const pod = await ok(['get', 'pods', '-n', 'openfaas-fn', '-l', 'faas_function=echoit', '-o', 'jsonpath={.items[0].metadata.name}']);
    const all = await system('GET', '/system/logs?name=echoit&namespace=openfaas-fn');
    assert.equal(all.status, '200');
    assert.match(all.headers, /\r\nContent-Type: application\/x-ndjson\r\n/i);
    const lines = logLines(all.body);
    const kubectlLines = (await ok(['logs', '-n', 'openfaas-fn', pod])).split(/(?<=\n)/);
    assert.deepEqual(lines.map((l) => l.text), kubectlLines, 'the same lines kubectl logs shows');
    for (const line of lines) {
      assert.deepEqual(Object.keys(line), LOG_KEYS);
      assert.equal(line.name, 'echoit');
      assert.equal(line.instance, pod);
      assert.match(line.timestamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/);
    }
    assert.equal(lines.filter((l) => / Forking fprocess\.\n$/.test(l.text ?? '')).length, 2);
    const tail = logLines((await system('GET', '/system/logs?name=echoit&tail=1')).body);
    assert.deepEqual(tail, lines.slice(-1));
    const future = new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    assert.deepEqual(logLines((await system('GET', `/system/logs?name=echoit&since=${future}`)).body), []);
    assert.deepEqual(await system('GET', '/system/logs?name=nope').then((r) => [r.status, r.body]), ['500', 'function log request failed']);
    assert.deepEqual(await system('GET', '/system/logs?name=echoit&tail=x').then((r) => [r.status, r.body]), ['422', 'could not parse the log request']);
  });

  it('follows the logs: lines written while the request is open arrive on it', async () => {
    const following = curl(['-N', '--max-time', '4', ...auth, `${gateway}/system/logs?name=echoit&tail=1&follow=true`]);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal((await invoke('echoit', 'three')).body, 'three');
    const streamed = await following;
    const lines = logLines(streamed.body);
    assert.ok(lines.length >= 3, streamed.body);
    assert.match(lines.at(-2)?.text ?? '', / Forking fprocess\.\n$/);
    assert.match(lines.at(-1)?.text ?? '', /Wrote 5 Bytes/);
  });

  it('serves the portal behind basic auth, with a strict CSP and the store in its script', async () => {
    const refused = await curl([`${gateway}/ui/`]);
    assert.equal(refused.status, '401');
    assert.match(refused.headers, /WWW-Authenticate: Basic realm="Restricted"/i);
    assert.match((await curl([...auth, `${gateway}/ui`])).headers, /^HTTP\/1\.1 301 [\s\S]*\r\nLocation: \/ui\/\r\n/i);
    const page = await curl([...auth, `${gateway}/ui/`]);
    assert.equal(page.status, '200');
    assert.match(page.headers, /\r\nContent-Security-Policy: default-src 'self'; script-src 'self';/i);
    assert.match(page.body, /<script type="module" src="portal\.js"><\/script>/);
    assert.doesNotMatch(page.body, /\son[a-z]+=/i, 'no inline event handlers');
    const script = await curl([...auth, `${gateway}/ui/portal.js`]);
    assert.equal(script.status, '200');
    assert.match(script.headers, /Content-Type: text\/javascript/i);
    assert.match(script.body, /ghcr\.io\/openfaas\/figlet:latest/, 'the store list is bundled from server/faas-cli/store.ts');
    assert.equal((await curl([...auth, `${gateway}/ui/portal.css`])).status, '200');
    assert.equal((await curl([...auth, `${gateway}/ui/nothing.js`])).status, '404');
  });
});

// The store functions beyond the alpine ones (nodeinfo, sleep, markdown) deployed with kubeclass's
// `faas-cli store deploy` and called through the gateway with the real curl; and the lesson's stack file
// (lessons/serverless-on-kubernetes/stack.yml) deployed with `faas-cli deploy -f`, every function answering.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { arch, cpus, platform, totalmem, uptime } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';
import { Kubectl } from '../support/kubectl.js';
import { curl, runProcess, type ProcessResult } from '../support/run-process.js';

const FAAS_CLI = fileURLToPath(new URL('../../../bin/tools/faas-cli', import.meta.url));
const STACK = fileURLToPath(new URL('../../../lessons/serverless-on-kubernetes/stack.yml', import.meta.url));

function openfaasSandbox(): { faas(args: string[], input?: string): Promise<ProcessResult>; curl(args: string[], input?: string): Promise<{ status: number; body: string; type: string }>; kubectl(): Kubectl; gateway(): string; start(): Promise<void>; stop(): Promise<void> } {
  let sandbox: RunningSandbox | undefined;
  let kubectl: Kubectl | undefined;
  let home = '';
  let gateway = '';
  const faas = (args: string[], input = ''): Promise<ProcessResult> => runProcess(process.execPath, [FAAS_CLI, ...args], { input, env: { PATH: process.env.PATH, HOME: home, OPENFAAS_URL: gateway }, cwd: home });
  return {
    faas,
    async curl(args, input = '') {
      const r = await curl(['-w', '\n%{http_code} %{content_type}', '--data-binary', '@-', ...args], input);
      assert.equal(r.code, 0, r.stderr);
      const cut = r.stdout.lastIndexOf('\n');
      const [status, ...type] = r.stdout.slice(cut + 1).split(' ');
      return { status: Number(status), body: r.stdout.slice(0, cut), type: type.join(' ') };
    },
    kubectl: () => kubectl as Kubectl,
    gateway: () => gateway,
    async start() {
      sandbox = await startSandbox({ knative: false });
      assert.ok(sandbox.openfaas);
      gateway = `http://${sandbox.openfaas.host}:${sandbox.openfaas.port}`;
      kubectl = new Kubectl(sandbox.url, sandbox.token, sandbox.caPem);
      home = mkdtempSync(join(tmpdir(), 'kubeclass-store-'));
      const login = await faas(['login', '--username', 'admin', '--password-stdin'], sandbox.openfaas.password);
      assert.equal(login.code, 0, login.stderr);
    },
    async stop() {
      kubectl?.dispose();
      if (home) rmSync(home, { recursive: true, force: true });
      await sandbox?.close();
    },
  };
}

describe('store functions: nodeinfo, sleep, markdown', () => {
  const env = openfaasSandbox();
  before(async () => {
    await env.start();
    for (const name of ['nodeinfo', 'sleep', 'markdown']) {
      const deployed = await env.faas(['store', 'deploy', name]);
      assert.equal(deployed.stdout, `\nDeployed. 202 Accepted.\nURL: ${env.gateway()}/function/${name}\n\n`, deployed.stderr);
    }
  });
  after(() => env.stop());

  it('store list names them', async () => {
    const listed = (await env.faas(['store', 'list'])).stdout;
    assert.match(listed, /\nnodeinfo\s+openfaas\s+NodeInfo\n/);
    assert.match(listed, /\nsleep\s+openfaas\s+sleep\n/);
    assert.match(listed, /\nmarkdown\s+openfaas\s+Markdown Renderer\n/);
  });

  it('nodeinfo reports the pod as hostname and the machine it runs on', async () => {
    const r = await env.curl([`${env.gateway()}/function/nodeinfo`]);
    assert.equal(r.status, 200, r.body);
    const pods = await env.kubectl().run(['get', 'pods', '-n', 'openfaas-fn', '-l', 'faas_function=nodeinfo', '-o', 'jsonpath={.items[0].metadata.name}']);
    assert.match(pods.stdout, /^nodeinfo-[a-z0-9]+-[a-z0-9]{5}$/);
    const m = /^Hostname: (.*)\n\nArch: (.*)\nCPUs: (\d+)\nTotal mem: (\d+)MB\nPlatform: (.*)\nUptime: ([\d.]+)\n$/.exec(r.body);
    assert.ok(m, r.body);
    assert.deepEqual(m.slice(1, 6), [pods.stdout, arch(), String(cpus().length), (totalmem() / 1024 / 1024).toFixed(0), platform()]);
    assert.ok(Math.abs(Number(m[6]) - uptime()) < 60, `uptime ${m[6]} is the machine's`);
    const verbose = await env.curl([`${env.gateway()}/function/nodeinfo`], 'verbose');
    assert.match(verbose.body, /model:/);
    assert.match(verbose.body, /eth0: \[/);
  });

  it('sleep sleeps 2s by default, X-Sleep otherwise, and refuses a bad duration', async () => {
    let t0 = Date.now();
    const short = await env.curl(['-H', 'X-Sleep: 300ms', `${env.gateway()}/function/sleep`]);
    assert.equal(short.body, 'Slept for: 0.300000s');
    assert.ok(Date.now() - t0 >= 300);
    t0 = Date.now();
    const plain = await env.curl([`${env.gateway()}/function/sleep`]);
    assert.equal(plain.status, 200);
    assert.equal(plain.body, 'Slept for: 2.000000s');
    assert.ok(Date.now() - t0 >= 2000, 'the store sets sleep_duration=2s');
    const bad = await env.curl(['-H', 'X-Sleep: soon', `${env.gateway()}/function/sleep`]);
    assert.equal(bad.status, 400);
    assert.equal(bad.body, 'Error parsing X-Sleep header: time: invalid duration "soon"');
  });

  it('markdown renders the body as HTML', async () => {
    const r = await env.curl([`${env.gateway()}/function/markdown`], '# Hello\n\nSome *serverless* text and a [link](https://example.com).\n\n- one\n- two\n');
    assert.equal(r.status, 200);
    assert.equal(r.type, 'text/html');
    assert.equal(r.body, '<h1>Hello</h1>\n<p>Some <em>serverless</em> text and a <a href="https://example.com">link</a>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n');
  });
});

describe("the lesson's stack file", () => {
  const env = openfaasSandbox();
  before(() => env.start());
  after(() => env.stop());

  it('deploys all six classic functions with faas-cli deploy -f, and each answers', async () => {
    const names = ['nodeinfo', 'echoit', 'wordcount', 'base64', 'markdown', 'figlet'];
    const deployed = await env.faas(['deploy', '-f', STACK]);
    assert.equal(deployed.code, 0, deployed.stderr);
    assert.equal(deployed.stdout, names.map((n) => `Deploying: ${n}.\n\nDeployed. 202 Accepted.\nURL: ${env.gateway()}/function/${n}\n\n`).join(''));
    const call = (name: string, input: string): Promise<{ status: number; body: string }> => env.curl([`${env.gateway()}/function/${name}`], input);
    assert.match((await call('nodeinfo', '')).body, /^Hostname: nodeinfo-/);
    assert.equal((await call('echoit', 'hello')).body, 'hello');
    assert.equal((await call('wordcount', 'one two\n')).body, spawnSync('wc', { input: 'one two\n' }).stdout.toString());
    assert.equal((await call('base64', 'kube')).body, 'a3ViZQ==\n');
    assert.equal((await call('markdown', '**bold**')).body, '<p><strong>bold</strong></p>\n');
    const art = await call('figlet', 'hi');
    if (spawnSync('figlet', ['hi']).status === 0) assert.equal(art.body, spawnSync('figlet', { input: 'hi' }).stdout.toString());
    else assert.equal(art.status, 500, 'without figlet on the host the function fails as a missing program does');
    const listed = (await env.faas(['list'])).stdout;
    for (const name of names) assert.match(listed, new RegExp(`\\n${name} +\\t1 +\\t1 +\\n`));
  });
});

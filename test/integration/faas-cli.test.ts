// kubeclass's faas-cli against the sandbox's OpenFaaS gateway: the documented flow (read the password, log in,
// deploy a stack file, list, invoke, describe, store deploy, remove) with faas-cli's lines, and its refusals
// (no credentials, a wrong password, bad stack files, the article's dead URL answering 404).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';
import { Kubectl } from '../support/kubectl.js';
import { runProcess, type ProcessResult } from '../support/run-process.js';

const FAAS_CLI = fileURLToPath(new URL('../../../bin/tools/faas-cli', import.meta.url));

const STACK = `version: 1.0
provider:
  name: openfaas
functions:
  echoit:
    lang: dockerfile
    image: ghcr.io/openfaas/alpine:latest
    fprocess: cat
    skip_build: true
  wordcount:
    lang: dockerfile
    image: ghcr.io/openfaas/alpine:latest
    fprocess: wc
    skip_build: true
`;

describe('faas-cli against the sandbox gateway', () => {
  let sandbox: RunningSandbox;
  let kubectl: Kubectl;
  let home: string;
  let gateway: string;
  let notFound: Server;

  /** Runs kubeclass's faas-cli (asynchronously: the gateway answers from this process). */
  const faas = (args: string[], input = ''): Promise<ProcessResult> =>
    runProcess(process.execPath, [FAAS_CLI, ...args], { input, env: { PATH: process.env.PATH, HOME: home, OPENFAAS_URL: gateway }, cwd: home });

  before(async () => {
    sandbox = await startSandbox({ knative: false });
    assert.ok(sandbox.openfaas, 'OpenFaaS is installed');
    gateway = `http://${sandbox.openfaas.host}:${sandbox.openfaas.port}`;
    kubectl = new Kubectl(sandbox.url, sandbox.token, sandbox.caPem);
    home = mkdtempSync(join(tmpdir(), 'kubeclass-faas-'));
    writeFileSync(join(home, 'stack.yml'), STACK);
    notFound = createServer((_req, res) => res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404: Not Found'));
    await new Promise<void>((r) => notFound.listen(0, '127.0.0.1', () => r()));
    const rollout = await kubectl.run(['rollout', 'status', '-n', 'openfaas', 'deploy/gateway', '--timeout=60s']);
    assert.equal(rollout.code, 0, rollout.stderr);
  });
  after(async () => {
    notFound?.close();
    kubectl?.dispose();
    if (home) rmSync(home, { recursive: true, force: true });
    await sandbox?.close();
  });

  it('refuses without credentials, then logs in with the password from the basic-auth secret', async () => {
    const anonymous = await faas(['list']);
    assert.equal(anonymous.code, 1);
    assert.equal(anonymous.stderr, 'Error: unauthorized access, run "faas-cli login" to setup authentication for this server\n');
    const secret = await kubectl.run(['-n', 'openfaas', 'get', 'secret', 'basic-auth', '-o', 'jsonpath={.data.basic-auth-password}']);
    const password = Buffer.from(secret.stdout, 'base64').toString();
    const wrong = await faas(['login', '--username', 'admin', '--password-stdin'], 'not-the-password');
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /unable to login, either username or password is incorrect/);
    const ok = await faas(['login', '--username', 'admin', '--password-stdin'], password);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, `Calling the OpenFaaS server to validate the credentials...\ncredentials saved for admin ${gateway}\n`);
  });

  it('deploys a stack file, lists, invokes and describes its functions', async () => {
    const deployed = await faas(['deploy', '-f', 'stack.yml']);
    assert.equal(deployed.code, 0, deployed.stderr);
    assert.equal(deployed.stdout, `Deploying: echoit.\n\nDeployed. 202 Accepted.\nURL: ${gateway}/function/echoit\n\nDeploying: wordcount.\n\nDeployed. 202 Accepted.\nURL: ${gateway}/function/wordcount\n\n`);
    const wait = await kubectl.run(['rollout', 'status', '-n', 'openfaas-fn', 'deploy/echoit', '--timeout=60s']);
    assert.equal(wait.code, 0, wait.stderr);
    await kubectl.run(['rollout', 'status', '-n', 'openfaas-fn', 'deploy/wordcount', '--timeout=60s']);
    const echoed = await faas(['invoke', 'echoit'], 'hello from faas-cli');
    assert.equal(echoed.stdout, 'hello from faas-cli');
    const counted = await faas(['invoke', 'wordcount'], 'one two three\n');
    const expected = spawnSync('wc', { input: 'one two three\n' }).stdout.toString();
    assert.equal(counted.stdout, expected);
    const listed = await faas(['list']);
    assert.match(listed.stdout, /^Function {22}\tInvocations {4}\tReplicas\n/);
    assert.match(listed.stdout, /\nechoit {24}\t1 {14}\t1 {4}\n/);
    assert.match(listed.stdout, /\nwordcount {21}\t1 {14}\t1 {4}\n/);
    const described = await faas(['describe', 'echoit']);
    assert.match(described.stdout, /^Name:\s+echoit\nStatus:\s+Ready\nReplicas:\s+1\nAvailable Replicas:\s+1\nInvocations:\s+1\nImage:\s+ghcr\.io\/openfaas\/alpine:latest\nFunction Process:\s+cat\n/);
    assert.match(described.stdout, new RegExp(`URL:\\s+${gateway.replace(/\./g, '\\.')}/function/echoit\\n`));
  });

  it('store list and store deploy figlet, which runs the real figlet', async () => {
    assert.match((await faas(['store', 'list'])).stdout, /\nfiglet\s+openfaas\s+figlet\n/);
    const deployed = await faas(['store', 'deploy', 'figlet']);
    assert.equal(deployed.stdout, `\nDeployed. 202 Accepted.\nURL: ${gateway}/function/figlet\n\n`);
    await kubectl.run(['rollout', 'status', '-n', 'openfaas-fn', 'deploy/figlet', '--timeout=60s']);
    const art = await faas(['invoke', 'figlet'], 'kube');
    const figlet = spawnSync('figlet', ['kube']);
    if (figlet.status === 0) assert.equal(art.stdout, spawnSync('figlet', { input: 'kube' }).stdout.toString());
    else assert.equal(art.code, 1, 'without figlet on the host the function fails as a missing program does');
  });

  it('removes a function and its objects', async () => {
    const removed = await faas(['remove', 'echoit']);
    assert.equal(removed.stdout, 'Deleting: echoit.\nRemoving old function.\n');
    const gone = await kubectl.run(['get', 'deploy,svc', '-n', 'openfaas-fn', 'echoit', '-o', 'name']);
    assert.notEqual(gone.code, 0);
    const again = await faas(['remove', 'echoit']);
    assert.equal(again.stdout, 'Deleting: echoit.\nNo existing function to remove\n');
  });

  it('refuses bad stack files with faas-cli\'s messages, including the 404 page of a dead URL', async () => {
    writeFileSync(join(home, 'v2.yml'), STACK.replace('version: 1.0', 'version: 2.0'));
    const v2 = await faas(['deploy', '-f', 'v2.yml']);
    assert.equal(v2.code, 1);
    assert.equal(v2.stderr, "Error: ['1.0'] are the only valid versions for the stack file - found: 2.0\n");
    writeFileSync(join(home, 'provider.yml'), STACK.replace('name: openfaas', 'name: faas'));
    const provider = await faas(['deploy', '-f', 'provider.yml']);
    assert.equal(provider.stderr, `Error: ['openfaas'] is the only valid "provider.name" for the OpenFaaS CLI, but you gave: faas\n`);
    const dead = await faas(['deploy', '-f', `http://127.0.0.1:${(notFound.address() as AddressInfo).port}/openfaas/faas/master/stack.yaml`]);
    assert.equal(dead.code, 1);
    assert.equal(dead.stderr, `Error: ['openfaas'] is the only valid "provider.name" for the OpenFaaS CLI, but you gave: \n`);
    const missing = await faas(['deploy', '-f', 'nope.yml']);
    assert.equal(missing.stderr, 'Error: open nope.yml: no such file or directory\n');
  });
});

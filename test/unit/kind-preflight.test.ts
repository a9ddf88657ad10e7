// The kind preflight's checks with injected probes: a fake Docker Engine API on a real unix socket, ports this
// test occupies itself, fake tool outputs, and version comparison.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { RunCommand } from '../../server/clusters/kind/check.js';
import { fakeDocker } from '../support/docker-edge.js';
import { checkDocker, dockerEndpoint } from '../../server/clusters/kind/checks/docker.js';
import { checkExistingCluster } from '../../server/clusters/kind/checks/existing-cluster.js';
import { checkPort } from '../../server/clusters/kind/checks/ports.js';
import { checkCpus, checkMemory } from '../../server/clusters/kind/checks/resources.js';
import { checkHelm, checkKind, checkKubectl } from '../../server/clusters/kind/checks/tools.js';
import { chooseCluster, formatPreflight, runPreflight } from '../../server/clusters/kind/preflight.js';
import { ClusterUnavailable, resolveCluster } from '../../server/clusters/resolve-cluster.js';
import { compareVersions, kubectlSkew, parseHelmVersion, parseKindVersion, parseKubectlVersion } from '../../server/clusters/kind/versions.js';

const scratch = mkdtempSync(join(tmpdir(), 'kubeclass-preflight-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A RunCommand answering from a table; a missing program rejects with ENOENT as execFile does. */
function fakeRun(answers: Record<string, { code?: number; stdout?: string; stderr?: string }>): RunCommand {
  return async (command, args) => {
    const answer = answers[[command, ...args].join(' ')] ?? answers[command];
    if (!answer) throw Object.assign(new Error(`spawn ${command} ENOENT`), { code: 'ENOENT' });
    return { code: answer.code ?? 0, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '' };
  };
}

describe('Docker check', () => {
  it('passes against a Docker Engine API on a unix socket (DOCKER_HOST), with the version', async () => {
    const socket = join(scratch, 'docker.sock');
    const server = await fakeDocker(socket);
    try {
      const check = await checkDocker({ DOCKER_HOST: `unix://${socket}` });
      assert.equal(check.ok, true, check.detail);
      assert.equal(check.detail, `Docker Engine 27.3.1 (API 1.47), linux/amd64 answers at ${socket}`);
    } finally {
      server.close();
    }
  });

  it('passes over plain tcp://', async () => {
    const server = await fakeDocker(0);
    try {
      const port = (server.address() as AddressInfo).port;
      const check = await checkDocker({ DOCKER_HOST: `tcp://127.0.0.1:${port}` });
      assert.equal(check.ok, true, check.detail);
    } finally {
      server.close();
    }
  });

  it('fails with the fix when the socket is missing, refuses, or answers wrongly', async () => {
    const missing = await checkDocker({ DOCKER_HOST: `unix://${join(scratch, 'none.sock')}` });
    assert.equal(missing.ok, false);
    assert.match(missing.detail, /^no Docker daemon answers at .*none\.sock: connect ENOENT$/);
    assert.match(missing.fix!, /sudo systemctl start docker/);
    assert.match(missing.fix!, /--cluster sandbox/);

    // A socket file nobody listens on: bound, then its process exits.
    const dead = join(scratch, 'dead.sock');
    const bound = spawnSync('python3', ['-c', `import socket; socket.socket(socket.AF_UNIX).bind(${JSON.stringify(dead)})`]);
    assert.equal(bound.status, 0, String(bound.stderr));
    const refused = await checkDocker({ DOCKER_HOST: `unix://${dead}` });
    assert.equal(refused.ok, false);
    assert.match(refused.detail, /connect ECONNREFUSED/);
    assert.match(refused.fix!, /not running/);

    const socket = join(scratch, 'sick.sock');
    const server = await fakeDocker(socket, { status: 500, body: 'down' });
    try {
      const sick = await checkDocker({ DOCKER_HOST: `unix://${socket}` });
      assert.equal(sick.ok, false);
      assert.match(sick.detail, /answered \/_ping with 500 "down"/);
    } finally {
      server.close();
    }
  });

  it('times out on a daemon that never answers', async () => {
    const socket = join(scratch, 'stuck.sock');
    const server = createNetServer(() => {});
    await new Promise<void>((r) => server.listen(socket, r));
    try {
      const stuck = await checkDocker({ DOCKER_HOST: `unix://${socket}` }, 200);
      assert.equal(stuck.ok, false);
      assert.match(stuck.detail, /ETIMEDOUT/);
      assert.match(stuck.fix!, /restart/);
    } finally {
      server.close();
    }
  });

  it('reads DOCKER_HOST: default socket, unix, tcp, and what it does not support', () => {
    assert.deepEqual(dockerEndpoint({}), { kind: 'unix', socketPath: '/var/run/docker.sock', shown: '/var/run/docker.sock' });
    assert.equal(dockerEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5:2376' }).kind, 'tcp');
    assert.equal(dockerEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1' }).kind, 'unsupported');
    assert.equal(dockerEndpoint({ DOCKER_HOST: 'ssh://me@host' }).kind, 'unsupported');
  });

  it('an unsupported DOCKER_HOST fails with what to do', async () => {
    const check = await checkDocker({ DOCKER_HOST: 'ssh://me@host' });
    assert.equal(check.ok, false);
    assert.match(check.detail, /not supported/);
    assert.match(check.fix!, /unix:\/\//);
  });
});

describe('port check', () => {
  it('fails on a port this test occupies, offering the flag; passes on a free one', async () => {
    const holder = createNetServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as AddressInfo).port;
    try {
      const taken = await checkPort({ port, role: 'Knative ingress', flag: '--ingress-port', alternative: 8080 });
      assert.equal(taken.ok, false);
      assert.match(taken.detail, /in use on 127\.0\.0\.1/);
      assert.match(taken.fix!, /--ingress-port 8080/);
    } finally {
      await new Promise<void>((r) => holder.close(() => r()));
    }
    const free = await checkPort({ port, role: 'Knative ingress', flag: '--ingress-port', alternative: 8080 });
    assert.equal(free.ok, true, free.detail);
  });

  it('EACCES on port 80 is its own warning with the fix', async () => {
    const check = await checkPort({ port: 80, role: 'Knative ingress', flag: '--ingress-port', alternative: 8080 }, '127.0.0.1', async () => 'EACCES');
    assert.equal(check.ok, true);
    assert.equal(check.warning, true);
    assert.match(check.detail, /may not listen on port 80 \(EACCES/);
    assert.match(check.fix!, /--ingress-port 8080/);
    assert.match(check.fix!, /ip_unprivileged_port_start=80/);
  });
});

describe('tool checks', () => {
  it('kind: missing, too old, recent enough', async () => {
    const missing = await checkKind(fakeRun({}));
    assert.equal(missing.ok, false);
    assert.match(missing.fix!, /install kind >= 0\.30\.0/);
    const old = await checkKind(fakeRun({ 'kind version': { stdout: 'kind v0.29.0 go1.24.2 linux/amd64\n' } }));
    assert.equal(old.ok, false);
    assert.match(old.detail, /v0\.29\.0 is older than the v0\.30\.0/);
    const good = await checkKind(fakeRun({ 'kind version': { stdout: 'kind v0.30.0 go1.24.6 linux/amd64\n' } }));
    assert.equal(good.ok, true);
    assert.equal(good.warning, undefined);
  });

  it('kubectl: within the skew passes, outside warns, missing fails', async () => {
    const json = (v: string) => ({ stdout: JSON.stringify({ clientVersion: { gitVersion: v } }) });
    assert.equal((await checkKubectl(fakeRun({ 'kubectl version --client -o json': json('v1.33.2') }))).warning, undefined);
    const old = await checkKubectl(fakeRun({ 'kubectl version --client -o json': json('v1.31.0') }));
    assert.equal(old.ok, true);
    assert.equal(old.warning, true);
    assert.match(old.detail, /older than the supported skew/);
    assert.equal((await checkKubectl(fakeRun({}))).ok, false);
  });

  it('helm 3 is needed for the OpenFaaS chart; kubeclass tools installs it', async () => {
    const missing = await checkHelm(fakeRun({}));
    assert.equal(missing.ok, false);
    assert.match(missing.detail, /not installed \(OpenFaaS CE is installed from its Helm chart\)/);
    assert.match(missing.fix ?? '', /kubeclass tools/);
    const present = await checkHelm(fakeRun({ 'helm version --short': { stdout: 'v3.19.0+g3d8990f\n' } }));
    assert.equal(present.ok, true);
    assert.equal(present.detail, 'v3.19.0 (>= v3.0.0)');
    const helm2 = await checkHelm(fakeRun({ 'helm version --short': { stdout: 'v2.17.0+ga690bad\n' } }));
    assert.equal(helm2.ok, false);
    assert.match(helm2.detail, /older than Helm 3/);
  });

  it('an existing kind cluster of the same name: reuse, or how to remove it', async () => {
    const exists = await checkExistingCluster(fakeRun({ 'kind get clusters': { stdout: 'other\nkubeclass\n' } }), 'kubeclass');
    assert.equal(exists.warning, true);
    assert.match(exists.detail, /exists: it will be reused/);
    assert.equal(exists.fix, 'to start from scratch: kind delete cluster --name kubeclass');
    const none = await checkExistingCluster(fakeRun({ 'kind get clusters': { stdout: 'other\n' } }), 'kubeclass');
    assert.equal(none.warning, undefined);
    assert.match(none.detail, /no kind cluster named kubeclass yet \(others: other\)/);
  });
});

describe('resources, versions, the whole preflight and auto', () => {
  it('memory under 4 GiB fails; CPUs under 2 warn', () => {
    assert.equal(checkMemory(3 * 1024 ** 3).ok, false);
    assert.equal(checkMemory(8 * 1024 ** 3).ok, true);
    assert.equal(checkCpus(1).warning, true);
    assert.equal(checkCpus(4).warning, undefined);
  });

  it('parses and compares versions', () => {
    assert.deepEqual(parseKindVersion('kind v0.30.0 go1.24.6 linux/amd64'), [0, 30, 0]);
    assert.deepEqual(parseKubectlVersion('{"clientVersion":{"gitVersion":"v1.32.4-dispatcher"}}'), [1, 32, 4]);
    assert.equal(parseKubectlVersion('not json'), undefined);
    assert.deepEqual(parseHelmVersion('v3.19.0+g3d8990f'), [3, 19, 0]);
    assert.ok(compareVersions([0, 30, 0], [0, 29, 9]) > 0);
    assert.ok(compareVersions([0, 9, 0], [0, 30, 0]) < 0);
    assert.equal(compareVersions([1, 2, 3], [1, 2, 3]), 0);
    assert.equal(kubectlSkew([1, 33, 0], [1, 34, 0]), 'supported');
    assert.equal(kubectlSkew([1, 35, 9], [1, 34, 0]), 'supported');
    assert.equal(kubectlSkew([1, 32, 4], [1, 34, 0]), 'too-old');
    assert.equal(kubectlSkew([1, 36, 0], [1, 34, 0]), 'too-new');
  });

  it('runs every check, prints ✓ ✗ ! and a summary; auto picks kind only with Docker and kind', async () => {
    const socket = join(scratch, 'whole.sock');
    const server = await fakeDocker(socket);
    try {
      const checks = await runPreflight(
        { env: { DOCKER_HOST: `unix://${socket}` } },
        {
          run: fakeRun({ 'kind version': { stdout: 'kind v0.30.0 go1.24.6 linux/amd64' }, 'kubectl version --client -o json': { stdout: '{"clientVersion":{"gitVersion":"v1.34.1"}}' }, 'kind get clusters': { stdout: 'kubeclass\n' }, 'helm version --short': { stdout: 'v3.19.0+g3d8990f\n' } }),
          memory: () => 8 * 1024 ** 3,
          cpus: () => 4,
          listen: async () => undefined,
        },
      );
      assert.deepEqual(checks.map((c) => c.name), ['Docker daemon', 'kind', 'kubectl', 'helm', 'memory', 'CPUs', 'port 80', 'port 31112', 'existing cluster']);
      const text = formatPreflight(checks);
      assert.match(text, /✓ Docker daemon/);
      assert.match(text, /! existing cluster/);
      assert.match(text, /-> to start from scratch: kind delete cluster --name kubeclass/);
      assert.match(text, /Preflight passed \(8 passed, 1 warning, 0 failed\)\.\n$/);
      assert.equal(chooseCluster(checks[0]!, checks[1]!).cluster, 'kind');
      const noKind = chooseCluster(checks[0]!, { ok: false, name: 'kind', detail: 'not installed' });
      assert.equal(noKind.cluster, 'sandbox');
      assert.match(noKind.reason, /kind: not installed; --cluster kind needs Docker and kind/);
    } finally {
      server.close();
    }
  });
});

describe('resolveCluster', () => {
  const tools = fakeRun({
    'kind version': { stdout: 'kind v0.30.0 go1.24.6 linux/amd64' },
    'kubectl version --client -o json': { stdout: '{"clientVersion":{"gitVersion":"v1.34.1"}}' },
    'helm version --short': { stdout: 'v3.19.0+g3d8990f\n' },
    'kind get clusters': { stdout: '' },
  });

  it('auto chooses kind when Docker and kind are there and the preflight passes; else the sandbox, saying why', async () => {
    const socket = join(scratch, 'resolve.sock');
    const server = await fakeDocker(socket);
    try {
      const config = { cluster: 'auto' as const, env: { DOCKER_HOST: `unix://${socket}` }, ingressPort: 80, gatewayPort: 31112 };
      const probes = { run: tools, memory: () => 8 * 1024 ** 3, cpus: () => 4, listen: async () => undefined };
      const kind = await resolveCluster(config, probes);
      assert.equal(kind.cluster, 'kind');
      assert.match(kind.why, /^Docker and kind are here: Docker Engine 27\.3\.1/);
      const lowMemory = await resolveCluster(config, { ...probes, memory: () => 1024 ** 3 });
      assert.equal(lowMemory.cluster, 'sandbox');
      assert.match(lowMemory.why, /the kind preflight failed \(memory: .*\); `kubeclass cluster status` shows what to do/);
      await assert.rejects(resolveCluster({ ...config, cluster: 'kind' }, { ...probes, memory: () => 1024 ** 3 }), ClusterUnavailable);
      assert.equal((await resolveCluster({ ...config, cluster: 'kind' }, probes)).cluster, 'kind');
    } finally {
      server.close();
    }
  });
});

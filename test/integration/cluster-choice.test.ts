// Choosing the cluster through the real CLI on a machine with no Docker daemon: --cluster kind stops with the
// preflight's Docker message and its fix, --cluster auto serves with the sandbox and says why, and
// `kubeclass cluster status` prints the failing check.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli, startServer } from '../support/server-process.js';

const scratch = mkdtempSync(join(tmpdir(), 'kubeclass-cluster-choice-'));
/** A Docker socket that does not exist, so the answer is the same whether or not this machine has Docker. */
const NO_DOCKER = { DOCKER_HOST: `unix://${join(scratch, 'docker.sock')}` };
after(() => rmSync(scratch, { recursive: true, force: true }));


describe('choosing the cluster', () => {
  it('start --cluster kind exits non-zero with the Docker message and what to do', async () => {
    const dataDir = join(scratch, 'kind-data');
    const result = await runCli(['start', '--cluster', 'kind', '--port', '0', '--token', 'kind-test-token', '--data-dir', dataDir], NO_DOCKER);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /preflight failed/);
    assert.match(result.stderr, /✗ Docker daemon +no Docker daemon answers at \S+docker\.sock: connect ENOENT/);
    assert.match(result.stderr, /-> start Docker \(Linux: sudo systemctl start docker/);
    assert.match(result.stderr, /--cluster sandbox runs without Docker/);
    assert.doesNotMatch(result.stdout, /kubeclass is running/);
  });

  it('start --cluster auto falls back to the sandbox, says why, and serves', async () => {
    const server = await startServer(['--cluster', 'auto'], NO_DOCKER);
    try {
      assert.match(server.stderr(), /kubeclass: cluster: sandbox \(no Docker daemon answers at \S+docker\.sock: connect ENOENT;.*--cluster kind needs Docker and kind\) at https:\/\/127\.0\.0\.1:\d+/);
      const res = await fetch(`${server.origin}/healthz?token=${server.token}`);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'ok\n');
      const refused = await fetch(`${server.origin}/healthz`);
      assert.equal(refused.status, 401);
    } finally {
      await server.stop();
    }
  });

  it('start without --cluster is auto', async () => {
    const server = await startServer([], NO_DOCKER);
    try {
      assert.match(server.stderr(), /cluster: sandbox \(no Docker daemon answers/);
    } finally {
      await server.stop();
    }
  });

  it('cluster status prints the failing Docker check and what auto would choose', async () => {
    const result = await runCli(['cluster', 'status', '--ingress-port', '18080', '--gateway-port', '18081'], NO_DOCKER);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /✗ Docker daemon +no Docker daemon answers at \S+docker\.sock: connect ENOENT/);
    assert.match(result.stdout, /✓ memory|✗ memory/);
    assert.match(result.stdout, /port 18080/);
    assert.match(result.stdout, /Preflight failed \(\d+ passed, \d+ warnings?, \d+ failed\)/);
    assert.match(result.stdout, /--cluster auto would choose: sandbox \(no Docker daemon answers/);
    assert.match(result.stdout, /kind cluster kubeclass: /);
  });

  it('cluster up stops at the preflight without Docker, exit 1; down without kind says so; a bad --cluster is refused', async () => {
    const up = await runCli(['cluster', 'up', '--ingress-port', '18080', '--gateway-port', '18081'], NO_DOCKER);
    assert.equal(up.code, 1);
    assert.match(up.stderr, /cannot create the kind cluster, the preflight failed:\n.*✗ Docker daemon +no Docker daemon answers/s);
    assert.match(up.stderr, /`kubeclass start --cluster sandbox` runs without Docker/);
    const down = await runCli(['cluster', 'down'], { ...NO_DOCKER, PATH: '/usr/bin:/bin' });
    assert.equal(down.code, 1);
    assert.match(down.stderr, /kind is not installed, so there is no kind cluster to remove/);
    const classroom = await runCli(['classroom', '--lesson', 'serverless-on-kubernetes', '--cluster', 'kind', '--port', '0', '--data-dir', join(scratch, 'classroom')], NO_DOCKER);
    assert.equal(classroom.code, 1);
    assert.match(classroom.stderr, /--cluster kind: the preflight failed:\n.*✗ Docker daemon/s);
    const bad = await runCli(['start', '--cluster', 'minikube'], NO_DOCKER);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--cluster takes auto, kind, sandbox, none, not "minikube"/);
  });
});

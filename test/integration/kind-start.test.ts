// `kubeclass start --cluster kind` up to the edge of Docker (see support/docker-edge.ts): the server provisions
// in the background, the page's lesson socket gets the plan's steps as the progress bar's phases (the OpenFaaS
// chart, not in the offline mirror, failing with its output and what to do), and the learner's shell reaches
// the kind cluster through the kubeconfig kubeclass wrote, with the same commands as on the sandbox.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KindEdge } from './kind-edge.js';
import { LessonClient } from '../support/lesson-client.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { TerminalClient } from '../support/terminal-client.js';

describe('start --cluster kind', () => {
  let edge: KindEdge;
  let server: ServerProcess;
  let term: TerminalClient;
  let lesson: LessonClient;

  before(async () => {
    edge = await KindEdge.create();
    server = await startServer(['--cluster', 'kind', '--ingress-port', String(edge.ingressPort), '--gateway-port', String(edge.gatewayPort)], edge.env);
    term = await TerminalClient.connect(server);
    await term.waitForPrompt();
    lesson = await LessonClient.connect(server, { sessionId: term.ready.sessionId });
  });
  after(async () => {
    await lesson?.close();
    await term?.close();
    await server?.stop();
    await edge?.close();
  });

  it('says it chose kind, and the page follows the plan step by step to the failing step', async () => {
    assert.match(server.stderr(), /cluster: kind \(--cluster kind, the preflight passed\); provisioning it, the page shows each step/);
    const first = await lesson.next('cluster', (m) => m.cluster.kind === 'kind');
    assert.ok(first.cluster.phases.some((p) => p.id === 'serving-core' && p.title === 'Knative Serving'));
    const settled = await lesson.next('cluster', (m) => m.cluster.state === 'failed', 180_000);
    const phase = (id: string) => settled.cluster.phases.find((p) => p.id === id);
    for (const id of ['kind-cluster', 'serving-crds', 'serving-core', 'kourier', 'config-network', 'kourier-ingress', 'ingress-answers']) assert.equal(phase(id)?.state, 'done', id);
    const failed = phase('openfaas-release')!;
    assert.equal(failed.state, 'failed');
    assert.match(failed.detail ?? '', /openfaas-15\.0\.1\.tgz is not in the mirror/);
    assert.match(failed.fix ?? '', /put the file from https:\/\/openfaas\.github\.io\/faas-netes\/openfaas-15\.0\.1\.tgz \(SHA-256 74ff/);
    assert.equal(phase('openfaas')?.state, 'waiting');
    assert.match(server.stderr(), /cluster: OpenFaaS release files failed: /);
  });

  it('gives the learner\'s shell the kind kubeconfig: the lesson\'s commands work as on the sandbox', async () => {
    const where = await term.run('echo "$KUBECONFIG"');
    assert.equal(where.output.trim(), `${server.dataDir}/kind/kubeconfig`);
    const network = await term.run("kubectl get cm config-network -n knative-serving -o jsonpath='{.data.ingress-class}'", 30_000);
    assert.equal(network.exitCode, 0, network.output);
    assert.equal(network.output.trim(), 'kourier.ingress.networking.knative.dev');
    const ip = await term.run("kubectl get svc kourier -n kourier-system -o jsonpath='{.status.loadBalancer.ingress[0].ip}'", 30_000);
    assert.equal(ip.output.trim(), '127.0.0.1');
  });
});

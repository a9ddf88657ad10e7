// `kubeclass start` gives learners' shells the embedded cluster: kubectl in the terminal reaches the sandbox
// (KUBECONFIG in the data directory), with Knative's and OpenFaaS's namespaces installed; `--cluster none`
// gives shells no cluster.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { TerminalClient } from '../support/terminal-client.js';

describe('the playground cluster in the terminal', () => {
  let server: ServerProcess;
  let term: TerminalClient;

  before(async () => {
    server = await startServer();
    term = await TerminalClient.connect(server);
    await term.waitForPrompt();
  });
  after(async () => {
    await term?.close();
    await server?.stop();
  });

  it('kubectl in the learner shell reaches the sandbox', async () => {
    const nodes = await term.run('kubectl get nodes');
    assert.equal(nodes.exitCode, 0, nodes.output);
    assert.match(nodes.output, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\nkubeclass-control-plane\s+Ready\s+control-plane\s+\S+\s+v1\.32\.2\n$/);
    const context = await term.run('kubectl config current-context');
    assert.equal(context.output, 'kind-kubeclass\n');
    const namespaces = await term.run('kubectl get ns -o name');
    assert.match(namespaces.output, /namespace\/knative-serving\n/);
    assert.match(namespaces.output, /namespace\/openfaas-fn\n/);
  });

  it('the kubeconfig is in the data directory, readable only by its owner', async () => {
    const where = await term.run('echo "$KUBECONFIG"; stat -c %a "$KUBECONFIG"');
    assert.equal(where.output, `${server.dataDir}/kubeconfig\n600\n`);
  });
});

// Knative Serving in the sandbox, as the article walks it, through the real kubectl and the real curl: a
// Knative Service becomes Ready, its route's domain and the Kourier address are looked up as the article does,
// and curl with a Host header is answered by the revision's container. Then revisions, traffic splits, tags,
// scale to zero and back, failures and clean-up.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';
import { Kubectl, normaliseAges } from '../support/kubectl.js';
import { until } from '../support/wait.js';
import { curl } from '../support/run-process.js';

const HELLO = (target: string, extra = ''): string => `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: helloworld
  namespace: default
spec:
  template:
    spec:
      containers:
      - image: gcr.io/knative-samples/helloworld-go
        env:
        - name: TARGET
          value: "${target}"
${extra}`;



describe('Knative Serving in the sandbox, through real kubectl and curl', () => {
  let sandbox: RunningSandbox;
  let kubectl: Kubectl;
  let address: string;
  let domain: string;
  const ok = async (args: string[], input?: string): Promise<string> => {
    const r = await kubectl.run(args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  /** The gateway's port: 80 as on kind, unless it was taken. */
  const port = (): number => {
    assert.ok(sandbox.ingress, 'a sandbox with Knative has a gateway');
    return sandbox.ingress.port;
  };
  const get = (host: string): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    curl(['-H', `Host: ${host}`, `http://${address}${port() === 80 ? '' : `:${port()}`}`]);

  before(async () => {
    sandbox = await startSandbox();
    kubectl = new Kubectl(sandbox.url, sandbox.token, sandbox.caPem);
    await ok(['wait', '--for=condition=Ready', 'pod', '--all', '-n', 'knative-serving', '--timeout=30s']);
  });
  after(async () => {
    kubectl?.dispose();
    await sandbox?.close();
  });

  it("the article's flow: apply, wait Ready, get ksvc, find the domain and the address, curl with a Host header", async () => {
    assert.equal(await ok(['apply', '-f', '-'], HELLO('Go Sample v1')), 'service.serving.knative.dev/helloworld created\n');
    assert.equal(await ok(['wait', '--for=condition=Ready', 'ksvc/helloworld', '--timeout=30s']), 'service.serving.knative.dev/helloworld condition met\n');
    address = (await ok(['get', 'svc', 'kourier', '--namespace', 'kourier-system', '--output', 'jsonpath={.status.loadBalancer.ingress[0].ip}'])).trim();
    assert.equal(address, new URL(sandbox.url).hostname);
    const ksvc = normaliseAges(await ok(['get', 'ksvc']));
    domain = `${address}.sslip.io`;
    assert.match(ksvc, new RegExp(`^NAME\\s+URL\\s+LATESTCREATED\\s+LATESTREADY\\s+READY\\s+REASON\\nhelloworld\\s+http://helloworld\\.default\\.${domain.replace(/\./g, '\\.')}\\s+helloworld-00001\\s+helloworld-00001\\s+True\\s*\\n$`));
    const columns = await ok(['get', 'ksvc', 'helloworld', '--output=custom-columns=NAME:.metadata.name,DOMAIN:.status.url']);
    assert.match(columns, new RegExp(`^NAME\\s+DOMAIN\\nhelloworld\\s+http://helloworld\\.default\\.${domain.replace(/\./g, '\\.')}\\n$`));
    // The article's outdated .status.domain prints <none>, as on a real cluster.
    assert.match(await ok(['get', 'ksvc', 'helloworld', '--output=custom-columns=NAME:.metadata.name,DOMAIN:.status.domain']), /helloworld\s+<none>/);
    const answer = await get(`helloworld.default.${domain}`);
    assert.equal(answer.code, 0, answer.stderr);
    assert.equal(answer.stdout, 'Hello Go Sample v1!\n');
    const unknown = await curl(['-o', '/dev/null', '-w', '%{http_code}', '-H', 'Host: nothing.default.example.com', `http://${address}:${port()}`]);
    assert.equal(unknown.stdout, '404');
    // Its children, named as Knative names them.
    assert.match(await ok(['get', 'deploy', 'helloworld-00001-deployment', '-o', 'jsonpath={.spec.template.spec.containers[*].name}']), /^user-container queue-proxy$/);
    assert.match(normaliseAges(await ok(['get', 'pods', '-l', 'serving.knative.dev/service=helloworld'])), /helloworld-00001-deployment-\S+\s+2\/2\s+Running/);
    assert.match(await ok(['logs', '-l', 'serving.knative.dev/service=helloworld', '-c', 'user-container']), /helloworld: received a request/);
    const rev = normaliseAges(await ok(['get', 'rev']));
    assert.match(rev, /^NAME\s+CONFIG NAME\s+GENERATION\s+READY\s+REASON\s+ACTUAL REPLICAS\s+DESIRED REPLICAS\nhelloworld-00001\s+helloworld\s+1\s+True\s+1\s+1\n$/);
    const describe = await ok(['describe', 'ksvc', 'helloworld']);
    assert.match(describe, /Created Configuration "helloworld"/);
    assert.match(describe, /Created Route "helloworld"/);
  });

  it('a new template makes revision 00002 and moves the traffic; a 50/50 split answers both; a tag gets its URL', async () => {
    await ok(['apply', '-f', '-'], HELLO('Knative'));
    await until('revision 00002 ready and routed', async () => {
      const traffic = await ok(['get', 'ksvc', 'helloworld', '-o', 'jsonpath={.status.traffic[0].revisionName} {.status.conditions[?(@.type=="Ready")].status}']);
      return traffic === 'helloworld-00002 True' ? true : undefined;
    });
    assert.equal((await get(`helloworld.default.${domain}`)).stdout, 'Hello Knative!\n');
    const split = `  traffic:
  - revisionName: helloworld-00001
    percent: 50
  - revisionName: helloworld-00002
    percent: 50
    tag: candidate
`;
    await ok(['apply', '-f', '-'], HELLO('Knative', split));
    await until('the split programmed', async () => ((await ok(['get', 'ksvc', 'helloworld', '-o', 'jsonpath={.status.traffic[1].url}'])) !== '' ? true : undefined));
    const answers = new Set<string>();
    for (let i = 0; i < 40 && answers.size < 2; i++) answers.add((await get(`helloworld.default.${domain}`)).stdout);
    assert.deepEqual([...answers].sort(), ['Hello Go Sample v1!\n', 'Hello Knative!\n']);
    assert.equal(await ok(['get', 'ksvc', 'helloworld', '-o', 'jsonpath={.status.traffic[1].url}']), `http://candidate-helloworld.default.${domain}`);
    for (let i = 0; i < 5; i++) assert.equal((await get(`candidate-helloworld.default.${domain}`)).stdout, 'Hello Knative!\n');
  });

  it('scales to zero after the (shortened) stable window, and the next request brings a pod back and is answered', async () => {
    // Knative's config webhook refuses values out of bounds, as on a real cluster.
    const refused = await kubectl.run(['patch', 'configmap', 'config-autoscaler', '-n', 'knative-serving', '--type', 'merge', '-p', '{"data":{"stable-window":"2s"}}']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /admission webhook "config\.webhook\.serving\.knative\.dev" denied the request: validation failed: stable-window = 2s, must be in \[6s; 1h0m0s\] range/);
    await ok(['patch', 'configmap', 'config-autoscaler', '-n', 'knative-serving', '--type', 'merge', '-p', '{"data":{"stable-window":"6s","scale-to-zero-grace-period":"6s"}}']);
    const watch = kubectl.start(['get', 'pods', '-l', 'serving.knative.dev/revision=helloworld-00002', '-w']);
    try {
      await until('no pods of revision 00002', async () => ((await ok(['get', 'pods', '-l', 'serving.knative.dev/revision=helloworld-00002', '-o', 'name'])) === '' ? true : undefined), 40_000);
      assert.match(await ok(['get', 'rev', 'helloworld-00002', '-o', 'jsonpath={.status.conditions[?(@.type=="Active")].reason}']), /^NoTraffic$/);
      const cold = await get(`candidate-helloworld.default.${domain}`);
      assert.equal(cold.stdout, 'Hello Knative!\n', cold.stderr);
      await until('the watch to show the cold start', async () => (/Pending[\s\S]*ContainerCreating[\s\S]*Running/.test(watch.output()) ? true : undefined));
    } finally {
      watch.stop();
      await ok(['patch', 'configmap', 'config-autoscaler', '-n', 'knative-serving', '--type', 'json', '-p', '[{"op":"remove","path":"/data/stable-window"},{"op":"remove","path":"/data/scale-to-zero-grace-period"}]']);
    }
  });

  it('scales up with concurrent load within max-scale (target 1), and keeps min-scale', async () => {
    const load = `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: load
spec:
  template:
    metadata:
      annotations:
        autoscaling.knative.dev/target: "1"
        autoscaling.knative.dev/min-scale: "1"
        autoscaling.knative.dev/max-scale: "3"
    spec:
      containers:
      - image: gcr.io/knative-samples/autoscale-go:0.1
`;
    await ok(['apply', '-f', '-'], load);
    await ok(['wait', '--for=condition=Ready', 'ksvc/load', '--timeout=30s']);
    const requests = Array.from({ length: 6 }, () => curl(['-H', `Host: load.default.${domain}`, `http://${address}:${port()}/?sleep=3000&prime=1000`]));
    const pods = await until('three pods under load', async () => {
      const names = (await ok(['get', 'pods', '-l', 'serving.knative.dev/service=load', '-o', 'name'])).trim().split('\n').filter(Boolean);
      return names.length === 3 ? names : undefined;
    }, 10_000);
    assert.equal(pods.length, 3);
    for (const r of await Promise.all(requests)) assert.match(r.stdout + r.stderr, /^The largest prime less than 1000 is 997\.\nSlept for 3\d{3}\.\d{2} milliseconds\.\n$/);
    assert.equal(await ok(['get', 'kpa', 'load-00001', '-o', 'jsonpath={.status.desiredScale}']), '3');
  });

  it('an image the sandbox cannot run fails the revision as digest resolution does; a bad template is refused by the webhook', async () => {
    await ok(['create', 'namespace', 'demo']);
    const bad = HELLO('x').replace('namespace: default', 'namespace: demo').replace('gcr.io/knative-samples/helloworld-go', 'gcr.io/knative-samples/helloworld-goo');
    await ok(['apply', '-f', '-'], bad);
    const reason = await until('the failure', async () => {
      const r = await ok(['get', 'ksvc', 'helloworld', '-n', 'demo', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].reason}']);
      return r === 'RevisionMissing' ? r : undefined;
    });
    assert.equal(reason, 'RevisionMissing');
    const message = await ok(['get', 'ksvc', 'helloworld', '-n', 'demo', '-o', 'jsonpath={.status.conditions[?(@.type=="ConfigurationsReady")].message}']);
    assert.match(message, /^Revision "helloworld-00001" failed with message: Unable to fetch image "gcr\.io\/knative-samples\/helloworld-goo": failed to resolve image to digest: /);
    assert.match(await ok(['get', 'rev', '-n', 'demo', '-o', 'jsonpath={.items[0].status.conditions[?(@.type=="Ready")].reason}']), /^ContainerMissing$/);
    // The same Service with an image the sandbox knows, in that other namespace, is served at its own host.
    await ok(['apply', '-f', '-'], HELLO('demo').replace('namespace: default', 'namespace: demo'));
    await ok(['wait', '--for=condition=Ready', 'ksvc/helloworld', '-n', 'demo', '--timeout=30s']);
    assert.equal((await get(`helloworld.demo.${domain}`)).stdout, 'Hello demo!\n');
    const refused = await kubectl.run(['apply', '-f', '-'], HELLO('x').replace('      - image: gcr.io/knative-samples/helloworld-go\n', '      - name: app\n'));
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /admission webhook "validation\.webhook\.serving\.knative\.dev" denied the request: validation failed: missing field\(s\): spec\.template\.spec\.containers\[0\]\.image/);
  });

  it('a wrong ingress class leaves the route IngressNotConfigured; deleting a ksvc takes its children', async () => {
    await ok(['patch', 'configmap', 'config-network', '-n', 'knative-serving', '--type', 'merge', '-p', '{"data":{"ingress-class":"istio.ingress.networking.knative.dev"}}']);
    try {
      await ok(['apply', '-f', '-'], HELLO('other').replace('name: helloworld', 'name: other'));
      const reason = await until('IngressNotConfigured', async () => {
        const r = await ok(['get', 'ksvc', 'other', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].reason}']);
        return r === 'IngressNotConfigured' ? r : undefined;
      });
      assert.equal(reason, 'IngressNotConfigured');
    } finally {
      await ok(['patch', 'configmap', 'config-network', '-n', 'knative-serving', '--type', 'merge', '-p', '{"data":{"ingress-class":"kourier.ingress.networking.knative.dev"}}']);
    }
    await ok(['wait', '--for=condition=Ready', 'ksvc/other', '--timeout=30s']);
    assert.equal(await ok(['delete', 'ksvc', 'other']), 'service.serving.knative.dev "other" deleted\n');
    await until('children gone', async () => {
      const left = await ok(['get', 'configurations,routes,revisions,deployments,kingress', '-l', 'serving.knative.dev/service=other', '-o', 'name']);
      return left === '' ? true : undefined;
    });
  });
});

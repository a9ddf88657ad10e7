// The sandbox API through the real kubectl on PATH: what a learner types, and what a kind cluster would print.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';
import { Kubectl, normaliseAges, sandboxRequest } from '../support/kubectl.js';

const CONFIGMAP = (data: Record<string, string>, extra = ''): string => `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
  labels:
    app: web
data:
${Object.entries(data).map(([k, v]) => `  ${k}: "${v}"`).join('\n')}
${extra}`;

const DEPLOYMENT = (image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
        ports:
        - containerPort: 80
        env:
        - name: MODE
          value: demo
`;

/** A ConfigMap manifest for `kubectl apply -f -`. */
const configMap = (name: string, data: Record<string, string> = {}, namespace = 'default'): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data });

describe('sandbox API through real kubectl', () => {
  let sandbox: RunningSandbox;
  let kubectl: Kubectl;

  before(async () => {
    sandbox = await startSandbox({ knative: false, openfaas: false }); // asserts a bare kind cluster's exact contents;
    kubectl = new Kubectl(sandbox.url, sandbox.token, sandbox.caPem);
  });
  after(async () => {
    kubectl?.dispose();
    await sandbox?.close();
  });

  it('reports a 1.32 server', async () => {
    const r = await kubectl.run(['version']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Server Version: v1\.32\.2/);
  });

  it('lists the namespaces and the node of a fresh kind cluster, with their real columns', async () => {
    const ns = await kubectl.run(['get', 'namespaces']);
    assert.equal(ns.code, 0, ns.stderr);
    assert.equal(
      normaliseAges(ns.stdout),
      [
        'NAME                 STATUS   AGE',
        'default              Active   <age>',
        'kube-node-lease      Active   <age>',
        'kube-public          Active   <age>',
        'kube-system          Active   <age>',
        'local-path-storage   Active   <age>',
        '',
      ].join('\n'),
    );
    const nodes = await kubectl.run(['get', 'nodes']);
    assert.equal(nodes.code, 0, nodes.stderr);
    assert.match(nodes.stdout, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n/);
    assert.match(nodes.stdout, /kubeclass-control-plane\s+Ready\s+control-plane\s+\S+\s+v1\.32\.2/);
  });

  it('says so when there is nothing, on stderr', async () => {
    const r = await kubectl.run(['get', 'pods']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim(), 'No resources found in default namespace.');
  });

  it('resolves short names and -A across namespaces', async () => {
    const r = await kubectl.run(['get', 'cm', '-A']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^NAMESPACE\s+NAME\s+DATA\s+AGE\n/);
    assert.equal((r.stdout.match(/kube-root-ca\.crt/g) ?? []).length, 5);
  });

  it('kubectl apply: created, unchanged, configured', async () => {
    assert.equal((await kubectl.run(['apply', '-f', '-'], CONFIGMAP({ color: 'blue' }))).stdout.trim(), 'configmap/app-config created');
    assert.equal((await kubectl.run(['apply', '-f', '-'], CONFIGMAP({ color: 'blue' }))).stdout.trim(), 'configmap/app-config unchanged');
    const changed = await kubectl.run(['apply', '-f', '-'], CONFIGMAP({ color: 'green', size: 'L' }));
    assert.equal(changed.stdout.trim(), 'configmap/app-config configured', changed.stderr);
    const data = await kubectl.run(['get', 'configmap', 'app-config', '-o', 'jsonpath={.data.color},{.data.size}']);
    assert.equal(data.stdout, 'green,L');
  });

  it('kubectl apply of a Deployment merges containers by name (strategic merge patch)', async () => {
    assert.equal((await kubectl.run(['apply', '-f', '-'], DEPLOYMENT('nginx:1.25'))).stdout.trim(), 'deployment.apps/web created');
    const r = await kubectl.run(['apply', '-f', '-'], DEPLOYMENT('nginx:1.27'));
    assert.equal(r.stdout.trim(), 'deployment.apps/web configured', r.stderr);
    const got = await kubectl.run(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env[0].value} {.metadata.generation}']);
    assert.equal(got.stdout, 'nginx:1.27 demo 2');
  });

  it('errors read as on a real cluster', async () => {
    const missing = await kubectl.run(['get', 'configmap', 'nope']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.trim(), 'Error from server (NotFound): configmaps "nope" not found');
    const noNamespace = await kubectl.run(['get', 'svc', 'x', '-n', 'istio-system']);
    assert.equal(noNamespace.stderr.trim(), 'Error from server (NotFound): namespaces "istio-system" not found');
    const unknownField = await kubectl.run(['apply', '-f', '-'], CONFIGMAP({ a: 'b' }, 'colour: red\n').replace('app-config', 'typo'));
    assert.equal(unknownField.code, 1);
    assert.match(unknownField.stderr, /Error from server \(BadRequest\): error when creating "STDIN": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "colour"/);
    const badName = await kubectl.run(['apply', '-f', '-'], configMap('Bad_Name'));
    assert.equal(badName.code, 1);
    assert.match(badName.stderr, /The ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    const wrongNamespace = await kubectl.run(['apply', '-f', '-'], configMap('x', {}, 'nowhere'));
    assert.equal(wrongNamespace.code, 1);
    assert.match(wrongNamespace.stderr, /namespaces "nowhere" not found/);
  });

  it('label and field selectors, and output formats', async () => {
    await kubectl.run(['apply', '-f', '-'], configMap('other', { x: '1' }));
    const byLabel = await kubectl.run(['get', 'cm', '-l', 'app=web', '-o', 'name']);
    assert.equal(byLabel.stdout, 'configmap/app-config\n');
    const notWeb = await kubectl.run(['get', 'cm', '-l', 'app!=web', '-o', 'name']);
    assert.equal(notWeb.stdout, 'configmap/kube-root-ca.crt\nconfigmap/other\n');
    const byField = await kubectl.run(['get', 'cm', '--field-selector', 'metadata.name=other', '-o', 'json']);
    const list = JSON.parse(byField.stdout) as { kind: string; items: Array<{ metadata: { name: string } }> };
    assert.equal(list.kind, 'List');
    assert.deepEqual(list.items.map((i) => i.metadata.name), ['other']);
    const yaml = await kubectl.run(['get', 'cm', 'other', '-o', 'yaml']);
    assert.match(yaml.stdout, /^apiVersion: v1\ndata:\n {2}x: "1"\nkind: ConfigMap\n/);
    assert.match(yaml.stdout, /uid: [0-9a-f-]{36}/);
    const cols = await kubectl.run(['get', 'cm', 'other', '-o', 'custom-columns=NAME:.metadata.name,X:.data.x']);
    assert.equal(cols.stdout, 'NAME    X\nother   1\n');
  });

  it('kubectl get -w streams changes', async () => {
    const watch = kubectl.start(['get', 'configmaps', '-w', '--output-watch-events']);
    await waitFor(() => /ADDED\s+other/.test(watch.output()), 10_000, () => watch.output());
    await kubectl.run(['apply', '-f', '-'], configMap('watched'));
    await waitFor(() => /ADDED\s+watched/.test(watch.output()), 10_000, () => watch.output());
    await kubectl.run(['delete', 'configmap', 'watched']);
    await waitFor(() => /DELETED\s+watched/.test(watch.output()), 10_000, () => watch.output());
    watch.stop();
  });

  it('a namespace brings its default ServiceAccount, and deleting it takes its contents', async () => {
    const ns = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    assert.equal((await kubectl.run(['apply', '-f', '-'], ns)).stdout.trim(), 'namespace/team created');
    await kubectl.run(['apply', '-f', '-'], configMap('inside', {}, 'team'));
    assert.match((await kubectl.run(['get', 'serviceaccounts', '-n', 'team'])).stdout, /^NAME\s+SECRETS\s+AGE\ndefault\s+0\s+/);
    const del = await kubectl.run(['delete', 'namespace', 'team']);
    assert.equal(del.stdout.trim(), 'namespace "team" deleted', del.stderr);
    assert.equal((await kubectl.run(['get', 'configmap', 'inside', '-n', 'team'])).code, 1);
  });

  it('kubectl create (protobuf bodies) for configmaps, secrets, namespaces and service accounts', async () => {
    assert.equal((await kubectl.run(['create', 'configmap', 'made', '--from-literal=a=1', '--from-literal=b=2'])).stdout.trim(), 'configmap/made created');
    assert.equal((await kubectl.run(['get', 'cm', 'made', '-o', 'jsonpath={.data.a}{.data.b}'])).stdout, '12');
    assert.equal((await kubectl.run(['create', 'secret', 'generic', 'pw', '--from-literal=password=hunter2'])).stdout.trim(), 'secret/pw created');
    const secret = await kubectl.run(['get', 'secret', 'pw', '-o', 'jsonpath={.type} {.data.password}']);
    const [type, b64] = secret.stdout.split(' ');
    assert.deepEqual([type, Buffer.from(b64 ?? '', 'base64').toString()], ['Opaque', 'hunter2']);
    assert.equal((await kubectl.run(['create', 'namespace', 'made-ns'])).stdout.trim(), 'namespace/made-ns created');
    assert.equal((await kubectl.run(['create', 'serviceaccount', 'robot', '-n', 'made-ns'])).stdout.trim(), 'serviceaccount/robot created');
    assert.match((await kubectl.run(['get', 'sa', '-n', 'made-ns', '-o', 'name'])).stdout, /serviceaccount\/default\nserviceaccount\/robot/);
    const again = await kubectl.run(['create', 'configmap', 'made']);
    assert.equal(again.stderr.trim(), 'error: failed to create configmap: configmaps "made" already exists');
    const badName = await kubectl.run(['create', 'configmap', 'Bad_Name']);
    assert.match(badName.stderr, /^error: failed to create configmap: ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
  });

  it('a CRD becomes a served resource with its printer columns and short name, and goes with the CRD', async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wdg], categories: [all]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
    additionalPrinterColumns:
    - {name: Color, type: string, jsonPath: .spec.color}
    - {name: Ready, type: string, jsonPath: '.status.conditions[?(@.type=="Ready")].status'}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
`;
    assert.equal((await kubectl.run(['apply', '-f', '-'], crd)).stdout.trim(), 'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created');
    const established = await kubectl.run(['wait', '--for=condition=established', 'crd/widgets.example.com', '--timeout=10s']);
    assert.equal(established.stdout.trim(), 'customresourcedefinition.apiextensions.k8s.io/widgets.example.com condition met', established.stderr);
    const crds = await kubectl.run(['get', 'crd']);
    assert.match(crds.stdout, /^NAME\s+CREATED AT\nwidgets\.example\.com\s+\d{4}-\d\d-\d\dT/);
    const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: blue-one}\nspec: {color: blue}\n';
    assert.equal((await kubectl.run(['apply', '-f', '-'], widget)).stdout.trim(), 'widget.example.com/blue-one created');
    const listed = await kubectl.run(['get', 'wdg']);
    assert.equal(normaliseAges(listed.stdout), 'NAME       COLOR   READY   AGE\nblue-one   blue            <age>\n', listed.stderr);
    const changed = await kubectl.run(['apply', '-f', '-'], widget.replace('blue}', 'green}'));
    assert.equal(changed.stdout.trim(), 'widget.example.com/blue-one configured', changed.stderr);
    assert.equal((await kubectl.run(['get', 'widgets', 'blue-one', '-o', 'jsonpath={.spec.color} {.metadata.generation}'])).stdout, 'green 2');
    assert.equal((await kubectl.run(['delete', 'crd', 'widgets.example.com'])).stdout.trim(), 'customresourcedefinition.apiextensions.k8s.io "widgets.example.com" deleted');
    const gone = await kubectl.run(['get', 'widgets']);
    assert.equal(gone.code, 1);
    // With discovery still cached kubectl lists and gets 404; with a fresh cache it finds no such type.
    assert.match(gone.stderr, /Unable to list "example\.com\/v1, Resource=widgets": the server could not find the requested resource|the server doesn't have a resource type "widgets"/);
    // A custom kind that shares a built-in's name is not checked against the built-in's fields.
    const lookalike = crd.replaceAll('widgets', 'configmaps').replaceAll('widget', 'configmap').replace('Widget', 'ConfigMap').replace('[wdg]', '[xcm]').replace('[all]', '[]');
    assert.equal((await kubectl.run(['apply', '-f', '-'], lookalike)).code, 0);
    await kubectl.run(['wait', '--for=condition=established', 'crd/configmaps.example.com', '--timeout=10s']);
    const custom = await kubectl.run(['apply', '-f', '-'], 'apiVersion: example.com/v1\nkind: ConfigMap\nmetadata: {name: spec-ok}\nspec: {color: red}\n');
    assert.equal(custom.stdout.trim(), 'configmap.example.com/spec-ok created', custom.stderr);
    await kubectl.run(['delete', 'crd', 'configmaps.example.com']);
    const fresh = new Kubectl(sandbox.url, sandbox.token, sandbox.caPem);
    const uncached = await fresh.run(['get', 'widgets']);
    fresh.dispose();
    assert.match(uncached.stderr, /the server doesn't have a resource type "widgets"/);
  });

  it('Services get a ClusterIP, NodePorts and, as LoadBalancers, the address the article looks up', async () => {
    const svc = (name: string, type: string, extra = ''): string => `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  type: ${type}
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: 8080${extra}}
`;
    assert.equal((await kubectl.run(['apply', '-f', '-'], svc('web', 'ClusterIP'))).stdout.trim(), 'service/web created');
    const web = await kubectl.run(['get', 'svc', 'web']);
    assert.match(web.stdout, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nweb\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+80\/TCP\s+/);
    assert.equal((await kubectl.run(['apply', '-f', '-'], svc('web', 'ClusterIP'))).stdout.trim(), 'service/web unchanged');
    assert.equal((await kubectl.run(['apply', '-f', '-'], svc('gateway', 'NodePort', ', nodePort: 31112'))).stdout.trim(), 'service/gateway created');
    assert.match((await kubectl.run(['get', 'svc', 'gateway'])).stdout, /NodePort\s+10\.96\.\d+\.\d+\s+<none>\s+80:31112\/TCP/);
    const clash = await kubectl.run(['apply', '-f', '-'], svc('other', 'NodePort', ', nodePort: 31112'));
    assert.equal(clash.code, 1);
    assert.match(clash.stderr, /The Service "other" is invalid: spec\.ports\[0\]\.nodePort: Invalid value: 31112: provided port is already allocated/);
    assert.equal((await kubectl.run(['apply', '-f', '-'], svc('kourier', 'LoadBalancer'))).stdout.trim(), 'service/kourier created');
    await kubectl.run(['wait', '--for=jsonpath={.status.loadBalancer.ingress[0].ip}', 'service/kourier', '--timeout=10s']);
    const ip = await kubectl.run(['get', 'svc', 'kourier', '--output', 'jsonpath={.status.loadBalancer.ingress[0].ip}']);
    // The sandbox's own loopback address, as cloud-provider-kind gives a LoadBalancer the address it serves on.
    const own = new URL(sandbox.url).hostname;
    assert.match(own, /^127\.\d+\.\d+\.\d+$/);
    assert.equal(ip.stdout, own);
    assert.match((await kubectl.run(['get', 'svc', 'kourier'])).stdout, new RegExp(`LoadBalancer\\s+10\\.96\\.\\d+\\.\\d+\\s+${own.replace(/\./g, '\\.')}\\s+80:3\\d{4}/TCP`));
    const ips = (await kubectl.run(['get', 'svc', '-o', 'jsonpath={.items[*].spec.clusterIP}'])).stdout.split(' ');
    assert.equal(new Set(ips).size, ips.length, `ClusterIPs are unique: ${ips.join(' ')}`);
  });

  it('kubectl delete', async () => {
    assert.equal((await kubectl.run(['delete', 'configmap', 'other'])).stdout.trim(), 'configmap "other" deleted');
    assert.equal((await kubectl.run(['get', 'configmap', 'other'])).code, 1);
  });
});

describe('sandbox isolation and hostile requests', () => {
  let a: RunningSandbox;
  let b: RunningSandbox;
  before(async () => {
    [a, b] = await Promise.all([startSandbox(), startSandbox()]);
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('each sandbox serves on a loopback address of its own', () => {
    const hostA = new URL(a.url).hostname;
    const hostB = new URL(b.url).hostname;
    assert.match(hostA, /^127\./);
    assert.match(hostB, /^127\./);
    assert.notEqual(hostA, hostB);
  });

  it('a token of one sandbox never reaches another', async () => {
    const k = new Kubectl(a.url, a.token, a.caPem);
    try {
      assert.equal((await k.run(['apply', '-f', '-'], configMap('only-in-a'))).code, 0);
      const crossed = new Kubectl(b.url, a.token, b.caPem);
      const r = await crossed.run(['get', 'configmaps']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /You must be logged in to the server|Unauthorized/);
      crossed.dispose();
      const own = new Kubectl(b.url, b.token, b.caPem);
      assert.doesNotMatch((await own.run(['get', 'configmaps'])).stdout, /only-in-a/);
      own.dispose();
    } finally {
      k.dispose();
    }
  });

  it('answers malformed bodies, unknown paths and huge bodies with a Status, and keeps serving', async () => {
    const headers = { Authorization: `Bearer ${a.token}`, 'Content-Type': 'application/json' };
    const send = (path: string, body?: string | Buffer) =>
      sandboxRequest(`${a.url}${path}`, a.caPem, body === undefined ? { headers } : { method: 'POST', headers, body });
    const cases: Array<[string, string | Buffer | undefined, number, string]> = [
      ['/api/v1/namespaces/default/configmaps', '{not json', 400, 'BadRequest'],
      ['/api/v1/namespaces/default/configmaps', '[]', 400, 'BadRequest'],
      ['/api/v1/namespaces/default/configmaps', '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"x"}}', 400, 'BadRequest'],
      ['/api/v1/namespaces/default/widgets', '{}', 404, 'NotFound'],
      ['/api/v1/%2e%2e/%2e%2e/etc/passwd', undefined, 404, 'NotFound'],
      ['/api/v1/namespaces/default/configmaps', Buffer.alloc(4 * 1024 * 1024, 0x20), 413, 'RequestEntityTooLarge'],
    ];
    for (const [path, body, code, reason] of cases) {
      const res = await send(path, body);
      assert.equal(res.status, code, path);
      const status = JSON.parse(res.body) as { kind: string; reason: string; code: number };
      assert.deepEqual([status.kind, status.reason, status.code], ['Status', reason, code], path);
    }
    const noToken = await sandboxRequest(`${a.url}/api/v1/namespaces`, a.caPem);
    assert.equal(noToken.status, 401);
    const version = await sandboxRequest(`${a.url}/version`, a.caPem);
    assert.equal(version.status, 200, 'the process is unharmed, and /version is public as on kube-apiserver');
  });
});

async function waitFor(check: () => boolean, timeoutMs: number, show: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out; output so far:\n${show()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

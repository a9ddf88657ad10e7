// A fresh sandbox looks like kind right after `kn quickstart kind`: Knative Serving and Kourier installed,
// checked through the real kubectl as a learner (or the quickstart itself) would look.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';
import { Kubectl } from '../support/kubectl.js';

const KNATIVE_CRDS = [
  'certificates.networking.internal.knative.dev',
  'clusterdomainclaims.networking.internal.knative.dev',
  'configurations.serving.knative.dev',
  'domainmappings.serving.knative.dev',
  'images.caching.internal.knative.dev',
  'ingresses.networking.internal.knative.dev',
  'metrics.autoscaling.internal.knative.dev',
  'podautoscalers.autoscaling.internal.knative.dev',
  'revisions.serving.knative.dev',
  'routes.serving.knative.dev',
  'serverlessservices.networking.internal.knative.dev',
  'services.serving.knative.dev',
];

describe('Knative installed state through real kubectl', () => {
  let sandbox: RunningSandbox;
  let kubectl: Kubectl;
  let host: string;

  before(async () => {
    sandbox = await startSandbox();
    host = new URL(sandbox.url).hostname;
    kubectl = new Kubectl(sandbox.url, sandbox.token, sandbox.caPem);
  });
  after(async () => {
    kubectl?.dispose();
    await sandbox?.close();
  });

  it('has no Knative objects in default: the knative category and the short names answer as kube does', async () => {
    for (const what of ['knative', 'ksvc,rt,rev,cfg']) {
      const r = await kubectl.run(['get', what]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, 'No resources found in default namespace.\n');
    }
  });

  it('serves the twelve CRDs of serving-crds.yaml, Established', async () => {
    const list = await kubectl.run(['get', 'crd']);
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.split('\n').filter((line) => line.includes('knative'));
    assert.deepEqual(lines.map((line) => line.split(/\s+/)[0]), KNATIVE_CRDS);
    const wait = await kubectl.run(['wait', '--for=condition=Established', '--all', 'crd', '--timeout=10s']);
    assert.equal(wait.code, 0, wait.stderr);
    assert.equal(wait.stdout.split('\n').filter((l) => l.endsWith('condition met')).length, 12);
  });

  it('kubectl api-resources lists serving.knative.dev with short names and versions', async () => {
    const r = await kubectl.run(['api-resources', '--api-group=serving.knative.dev']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        'NAME             SHORTNAMES      APIVERSION                    NAMESPACED   KIND',
        'configurations   config,cfg      serving.knative.dev/v1        true         Configuration',
        'domainmappings   dm              serving.knative.dev/v1beta1   true         DomainMapping',
        'revisions        rev             serving.knative.dev/v1        true         Revision',
        'routes           rt              serving.knative.dev/v1        true         Route',
        'services         kservice,ksvc   serving.knative.dev/v1        true         Service',
        '',
      ].join('\n'),
    );
  });

  it('kubectl explain ksvc reads the Knative Service', async () => {
    const r = await kubectl.run(['explain', 'ksvc']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^GROUP:\s+serving\.knative\.dev\nKIND:\s+Service\nVERSION:\s+v1\n/);
    assert.match(r.stdout, /\n {2}spec\t<Object>\n/);
    assert.match(r.stdout, /\n {2}status\t<Object>\n/);
  });

  it('runs the five knative-serving pods, Ready, named <deployment>-<hash>-<id>', async () => {
    const wait = await kubectl.run(['wait', '--for=condition=Ready', 'pod', '--all', '-n', 'knative-serving', '--timeout=30s']);
    assert.equal(wait.code, 0, wait.stderr);
    assert.equal(wait.stdout.split('\n').filter((l) => l.endsWith('condition met')).length, 5);
    const r = await kubectl.run(['get', 'pods', '-n', 'knative-serving']);
    assert.equal(r.code, 0, r.stderr);
    const [header, ...rows] = r.stdout.trimEnd().split('\n');
    assert.match(header ?? '', /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    assert.deepEqual(
      rows.map((row) => row.replace(/^(\S+)-[bcdfghjklmnpqrstvwxz2-9]{6,10}-[bcdfghjklmnpqrstvwxz2-9]{5}\s+1\/1\s+Running\s+0\s+\S+$/, '$1')),
      ['activator', 'autoscaler', 'controller', 'net-kourier-controller', 'webhook'],
    );
  });

  it('gives the pods the release containers, images and requests', async () => {
    const r = await kubectl.run(['get', 'deploy', '-A', '-l', 'app.kubernetes.io/name=knative-serving', '-o', 'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name} {.spec.template.spec.containers[0].name} {.spec.template.spec.containers[0].resources.requests.cpu}/{.spec.template.spec.containers[0].resources.requests.memory} {.spec.template.spec.containers[0].image}{"\\n"}{end}']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n').sort();
    assert.deepEqual(lines.map((l) => l.split(' ').slice(0, 3).join(' ')), [
      'knative-serving/activator activator 300m/60Mi',
      'knative-serving/autoscaler autoscaler 100m/100Mi',
      'knative-serving/controller controller 100m/100Mi',
      'knative-serving/net-kourier-controller controller 200m/200Mi',
      'knative-serving/webhook webhook 100m/100Mi',
      'kourier-system/3scale-kourier-gateway kourier-gateway 200m/200Mi',
    ]);
    assert.match(lines[0] ?? '', / gcr\.io\/knative-releases\/knative\.dev\/serving\/cmd\/activator@sha256:[0-9a-f]{64}$/);
    assert.match(lines[5] ?? '', / docker\.io\/envoyproxy\/envoy:v1\.3\d-latest$/);
  });

  it('logs the activator start in Knative\'s JSON format', async () => {
    const r = await kubectl.run(['logs', '-n', 'knative-serving', 'deploy/activator']);
    assert.equal(r.code, 0, r.stderr);
    const first = JSON.parse(r.stdout.split('\n')[0] ?? '') as Record<string, unknown>;
    assert.equal(first.severity, 'INFO');
    assert.equal(first.logger, 'activator');
    assert.equal(first.message, 'Starting the knative activator');
    assert.match(String(first.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.match(String(first.caller), /\.go:\d+$/);
  });

  it('gives the webhook EndpointSlice a ready endpoint (what the quickstart waits for)', async () => {
    const r = await kubectl.run(['get', 'endpointslices', '-n', 'knative-serving', '-l', 'kubernetes.io/service-name=webhook', '-o', 'jsonpath={.items[*].endpoints[*].conditions.ready}']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'true');
  });

  it('exposes Kourier: a LoadBalancer at the sandbox address, kourier-internal, and the quickstart NodePort', async () => {
    const r = await kubectl.run(['get', 'svc', '-n', 'kourier-system']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/);
    assert.match(lines[1] ?? '', new RegExp(`^kourier\\s+LoadBalancer\\s+10\\.96\\.\\d+\\.\\d+\\s+${host.replaceAll('.', '\\.')}\\s+80:3\\d{4}/TCP,443:3\\d{4}/TCP\\s+\\S+$`));
    assert.match(lines[2] ?? '', /^kourier-ingress\s+NodePort\s+10\.96\.\d+\.\d+\s+<none>\s+80:31080\/TCP\s+\S+$/);
    assert.match(lines[3] ?? '', /^kourier-internal\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+80\/TCP,443\/TCP\s+\S+$/);
    assert.equal(lines.length, 4);
    // The article's command.
    const ip = await kubectl.run(['get', 'svc', 'kourier', '--namespace', 'kourier-system', '--output', 'jsonpath={.status.loadBalancer.ingress[0].ip}']);
    assert.equal(ip.code, 0, ip.stderr);
    assert.equal(ip.stdout, host);
  });

  it('has config-network on Kourier and config-domain on <address>.sslip.io, as the quickstart patched them', async () => {
    const domain = await kubectl.run(['get', 'configmap', 'config-domain', '-n', 'knative-serving', '-o', 'json']);
    assert.equal(domain.code, 0, domain.stderr);
    const data = (JSON.parse(domain.stdout) as { data: Record<string, string> }).data;
    assert.deepEqual(Object.keys(data).filter((k) => k !== '_example'), [`${host}.sslip.io`]);
    assert.equal(data[`${host}.sslip.io`], '');
    const network = await kubectl.run(['get', 'configmap', 'config-network', '-n', 'knative-serving', '-o', 'jsonpath={.data.ingress-class}']);
    assert.equal(network.stdout, 'kourier.ingress.networking.knative.dev');
    const autoscaler = await kubectl.run(['get', 'configmap', 'config-autoscaler', '-n', 'knative-serving', '-o', 'json']);
    assert.deepEqual(Object.keys((JSON.parse(autoscaler.stdout) as { data: Record<string, string> }).data), ['_example']);
  });

  it('prints Knative objects with the release\'s printer columns', async () => {
    const ns = 'columns';
    assert.equal((await kubectl.run(['create', 'namespace', ns])).code, 0);
    const ksvc = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello', namespace: ns }, spec: { template: { spec: { containers: [{ image: 'ghcr.io/knative/helloworld-go:latest' }] } } } };
    const applied = await kubectl.run(['apply', '-f', '-'], JSON.stringify(ksvc));
    assert.equal(applied.stdout.trim(), 'service.serving.knative.dev/hello created', applied.stderr);
    const r = await kubectl.run(['get', 'ksvc', '-n', ns]);
    assert.match(r.stdout, /^NAME\s+URL\s+LATESTCREATED\s+LATESTREADY\s+READY\s+REASON\n/);
    // A Revision's CONFIG NAME and GENERATION come from its labels.
    const revision = { apiVersion: 'serving.knative.dev/v1', kind: 'Revision', metadata: { name: 'standalone-00001', namespace: ns, labels: { 'serving.knative.dev/configuration': 'standalone', 'serving.knative.dev/configurationGeneration': '1' } }, spec: { containers: [{ image: 'ghcr.io/knative/helloworld-go:latest' }] } };
    assert.equal((await kubectl.run(['apply', '-f', '-'], JSON.stringify(revision))).code, 0);
    const rev = await kubectl.run(['get', 'rev', 'standalone-00001', '-n', ns]);
    assert.equal(rev.code, 0, rev.stderr);
    assert.match(rev.stdout, /^NAME\s+CONFIG NAME\s+GENERATION\s+READY\s+REASON\s+ACTUAL REPLICAS\s+DESIRED REPLICAS\nstandalone-00001\s+standalone\s+1\s+/);
    await kubectl.run(['delete', 'namespace', ns, '--wait=false']);
  });
});

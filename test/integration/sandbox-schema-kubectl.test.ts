// Field validation, custom resource schemas and `kubectl explain`, through the real kubectl on PATH.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';
import { Kubectl } from '../support/kubectl.js';

const DEPLOYMENT = (name: string, specExtra = '', containerExtra = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
${specExtra}  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: web
        image: nginx
${containerExtra}`;

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: things.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: things, singular: thing, kind: Thing}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        description: A thing to learn with.
        properties:
          spec:
            type: object
            description: What the thing should be.
            properties:
              replicas: {type: integer, default: 1, description: How many copies.}
              color: {type: string, enum: [red, blue], description: Its colour.}
`;
const thing = (name: string, spec: string): string => `apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: ${name}}\nspec: ${spec}\n`;

describe('sandbox schemas through real kubectl', () => {
  let sandbox: RunningSandbox;
  let kubectl: Kubectl;

  before(async () => {
    sandbox = await startSandbox();
    kubectl = new Kubectl(sandbox.url, sandbox.token, sandbox.caPem);
  });
  after(async () => {
    kubectl?.dispose();
    await sandbox?.close();
  });

  it('kubectl apply refuses unknown fields at any depth; --validate=warn warns; --validate=false drops them', async () => {
    const typo = DEPLOYMENT('typo', '  replicass: 2\n', '        imagePullPolicyy: Always\n');
    const strict = await kubectl.run(['apply', '-f', '-'], typo);
    assert.equal(strict.code, 1);
    assert.equal(
      strict.stderr.trim(),
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass", unknown field "spec.template.spec.containers[0].imagePullPolicyy"',
    );
    const warn = await kubectl.run(['apply', '--validate=warn', '-f', '-'], typo);
    assert.equal(warn.code, 0, warn.stderr);
    assert.equal(warn.stdout.trim(), 'deployment.apps/typo created');
    assert.equal(warn.stderr, 'Warning: unknown field "spec.replicass"\nWarning: unknown field "spec.template.spec.containers[0].imagePullPolicyy"\n');
    const stored = await kubectl.run(['get', 'deploy', 'typo', '-o', 'jsonpath={.spec}']);
    assert.doesNotMatch(stored.stdout, /replicass|imagePullPolicyy/);
    const off = await kubectl.run(['apply', '--validate=false', '-f', '-'], typo.replace('name: typo', 'name: quiet').replaceAll('app: typo', 'app: quiet'));
    assert.equal(off.code, 0, off.stderr);
    assert.equal(off.stderr, '');
    // The second apply is a strategic merge patch: kube words its refusal with the patch.
    const patched = await kubectl.run(['apply', '-f', '-'], typo.replace('replicass: 2', 'replicas: 2\n  paused: false\n  colour: red'));
    assert.equal(patched.code, 1);
    assert.match(patched.stderr, /^The request is invalid: patch: Invalid value: "map\[.*\]": strict decoding error: unknown field "spec\.colour", unknown field "spec\.template\.spec\.containers\[0\]\.imagePullPolicyy"\n$/s);
  });

  it('a value of the wrong type is a decode error, as encoding/json words it', async () => {
    const r = await kubectl.run(['apply', '-f', '-'], DEPLOYMENT('typed', '  replicas: two\n'));
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), 'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
  });

  it('missing names and images, and unsupported enum values, are 422 Invalid with their causes', async () => {
    const pod = await kubectl.run(['apply', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n  - ports: [{containerPort: 80}]\n');
    assert.equal(pod.code, 1);
    assert.equal(pod.stderr, 'The Pod "x" is invalid: \n* spec.containers[0].name: Required value\n* spec.containers[0].image: Required value\n');
    const image = await kubectl.run(['apply', '-f', '-'], DEPLOYMENT('noimage').replace('        image: nginx\n', ''));
    assert.equal(image.stderr.trim(), 'The Deployment "noimage" is invalid: spec.template.spec.containers[0].image: Required value');
    const svc = await kubectl.run(['apply', '-f', '-'], 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: Foo\n  ports: [{port: 80}]\n');
    assert.equal(svc.stderr.trim(), 'The Service "s" is invalid: spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"');
    const raw = await kubectl.run(['get', '--raw', '/api/v1/namespaces/default/pods/x']);
    assert.equal(raw.code, 1);
  });

  it('custom resources: wrong types refused, defaults applied, unknown fields refused or pruned', async () => {
    assert.equal((await kubectl.run(['apply', '-f', '-'], CRD)).code, 0);
    await kubectl.run(['wait', '--for=condition=established', 'crd/things.example.com', '--timeout=10s']);
    const wrong = await kubectl.run(['apply', '-f', '-'], thing('bad', '{replicas: two, color: pink}'));
    assert.equal(wrong.code, 1);
    assert.equal(
      wrong.stderr,
      'The Thing "bad" is invalid: \n* spec.color: Unsupported value: "pink": supported values: "red", "blue"\n* spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"\n',
    );
    assert.equal((await kubectl.run(['apply', '-f', '-'], thing('ok', '{color: red}'))).stdout.trim(), 'thing.example.com/ok created');
    assert.equal((await kubectl.run(['get', 'thing', 'ok', '-o', 'jsonpath={.spec.replicas}'])).stdout, '1');
    const unknown = await kubectl.run(['apply', '-f', '-'], thing('extra', '{color: red, size: 3}'));
    assert.equal(unknown.stderr.trim(), 'Error from server (BadRequest): error when creating "STDIN": Thing in version "v1" cannot be handled as a Thing: strict decoding error: unknown field "spec.size"');
    const pruned = await kubectl.run(['apply', '--validate=false', '-f', '-'], thing('extra', '{color: red, size: 3}'));
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.equal((await kubectl.run(['get', 'thing', 'extra', '-o', 'jsonpath={.spec}'])).stdout, '{"color":"red","replicas":1}');
  });

  it('kubectl explain shows kinds, nested fields, enums and custom kinds', async () => {
    const pods = await kubectl.run(['explain', 'pods']);
    assert.equal(pods.code, 0, pods.stderr);
    assert.match(pods.stdout, /^KIND:\s+Pod\nVERSION:\s+v1\n\nDESCRIPTION:\n/);
    assert.match(pods.stdout, /FIELDS:\n {2}apiVersion\t<string>\n/);
    assert.match(pods.stdout, /\n {2}spec\t<PodSpec>\n/);
    const containers = await kubectl.run(['explain', 'deployment.spec.template.spec.containers']);
    assert.equal(containers.code, 0, containers.stderr);
    assert.match(containers.stdout, /^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n\nFIELD: containers <\[\]Container>\n/);
    assert.match(containers.stdout, /\n {2}name\t<string> -required-\n/);
    assert.match(containers.stdout, /\n {2}ports\t<\[\]ContainerPort>\n/);
    assert.match(containers.stdout, /\n {2}resources\t<ResourceRequirements>\n/);
    const type = await kubectl.run(['explain', 'svc.spec.type']);
    assert.match(type.stdout, /FIELD: type <string>\nENUM:\n {4}ClusterIP\n {4}ExternalName\n {4}LoadBalancer\n {4}NodePort\n/);
    const custom = await kubectl.run(['explain', 'thing.spec']);
    assert.equal(custom.code, 0, custom.stderr);
    assert.match(custom.stdout, /^GROUP:\s+example\.com\nKIND:\s+Thing\nVERSION:\s+v1\n\nFIELD: spec <Object>\n/);
    assert.match(custom.stdout, /\n {2}replicas\t<integer>\n {4}How many copies\.\n/);
    const missing = await kubectl.run(['explain', 'pods.spec.nope']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /field "nope" does not exist/);
  });
});

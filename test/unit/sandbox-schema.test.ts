import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crdSchema, pruneAndDefault, validateCustom } from '../../server/clusters/sandbox/schema/custom.js';
import { converterMessage, decodeBuiltin, dropUnknown, jsonDecodeMessage } from '../../server/clusters/sandbox/schema/decode.js';
import { goPlusV } from '../../server/clusters/sandbox/schema/go-format.js';
import { builtinSchema } from '../../server/clusters/sandbox/schema/kinds.js';
import { validateBuiltin } from '../../server/clusters/sandbox/schema/rules.js';
import type { Schema } from '../../server/clusters/sandbox/schema/types.js';

const deploymentSchema = builtinSchema('apps', 'v1', 'Deployment') as Schema;
const deployment = (spec: Record<string, unknown>): Record<string, unknown> => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec });
const template = (container: Record<string, unknown>): Record<string, unknown> => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [container] } });

describe('built-in decoding', () => {
  it('finds unknown fields at any depth with their paths, in the body order, and drops them', () => {
    const obj = deployment({ replicass: 2, selector: { matchLabels: { app: 'web' } }, template: template({ name: 'web', image: 'nginx', imagePullPolicyy: 'Always' }) });
    const result = decodeBuiltin(obj, deploymentSchema);
    assert.deepEqual(result.unknown, ['spec.replicass', 'spec.template.spec.containers[0].imagePullPolicyy']);
    assert.equal(result.typeError, undefined);
    dropUnknown(result);
    assert.deepEqual(Object.keys(obj.spec as object), ['selector', 'template']);
  });

  it('keeps what every field of a realistic Deployment holds', () => {
    const obj = deployment({
      replicas: 2,
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'web' }, annotations: { a: 'b' } },
        spec: {
          containers: [{
            name: 'web', image: 'nginx', ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }],
            env: [{ name: 'A', value: '1' }, { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
            envFrom: [{ configMapRef: { name: 'cm' } }],
            resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: 1 } },
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
            livenessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 5 },
            readinessProbe: { tcpSocket: { port: 80 } },
            lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
            securityContext: { runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
          }],
          volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'cm', items: [{ key: 'a', path: 'a' }] } }, { name: 'h', hostPath: { path: '/tmp' } }, { name: 'p', persistentVolumeClaim: { claimName: 'c' } }],
          affinity: { nodeAffinity: { anything: true } },
        },
      },
    });
    const result = decodeBuiltin(obj, deploymentSchema);
    assert.deepEqual(result.unknown, []);
    assert.equal(result.typeError, undefined);
  });

  it('words type errors as encoding/json (decode) and the unstructured converter (strategic merge patch)', () => {
    const wrong = (spec: Record<string, unknown>) => decodeBuiltin(deployment(spec), deploymentSchema).typeError;
    const replicas = wrong({ replicas: 'two' });
    assert.ok(replicas);
    assert.equal(jsonDecodeMessage(replicas), 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
    assert.equal(converterMessage(replicas), 'unrecognized type: int32');
    const port = wrong({ template: template({ name: 'a', image: 'b', ports: [{ containerPort: '80' }] }) });
    assert.equal(jsonDecodeMessage(port!), 'json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32');
    const half = wrong({ replicas: 1.5 });
    assert.equal(jsonDecodeMessage(half!), 'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32');
    const protocol = wrong({ template: template({ name: 'a', image: 'b', ports: [{ containerPort: 80, protocol: 6 }] }) });
    assert.equal(jsonDecodeMessage(protocol!), 'json: cannot unmarshal number into Go struct field ContainerPort.spec.template.spec.containers.ports.protocol of type v1.Protocol');
    assert.equal(converterMessage(protocol!), 'cannot convert int64 to string');
    const containers = wrong({ template: { spec: { containers: 'web' } } });
    assert.equal(jsonDecodeMessage(containers!), 'json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container');
    assert.equal(converterMessage(containers!), 'cannot restore slice from string');
    const cm = decodeBuiltin({ data: { port: 8080 } }, builtinSchema('', 'v1', 'ConfigMap') as Schema).typeError;
    assert.equal(jsonDecodeMessage(cm!), 'json: cannot unmarshal number into Go struct field ConfigMap.data of type string');
    const memory = wrong({ template: template({ name: 'a', image: 'b', resources: { limits: { memory: '128 MB' } } }) });
    assert.match(jsonDecodeMessage(memory!), /^quantities must match the regular expression/);
    const secret = decodeBuiltin({ data: { a: 'not base64!' } }, builtinSchema('', 'v1', 'Secret') as Schema).typeError;
    assert.equal(jsonDecodeMessage(secret!), 'illegal base64 data at input byte 3');
  });
});

describe('built-in validation', () => {
  it('required values and unsupported values, worded as field errors', () => {
    assert.deepEqual(validateBuiltin('Pod', { spec: { containers: [{ ports: [{ containerPort: 80 }] }] } }).map((c) => `${c.field}: ${c.message}`), [
      'spec.containers[0].name: Required value',
      'spec.containers[0].image: Required value',
    ]);
    assert.deepEqual(validateBuiltin('Service', { spec: { type: 'Foo', ports: [{ port: 80 }] } }).map((c) => c.message), [
      'Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
    const deploy = validateBuiltin('Deployment', { spec: { template: { metadata: { labels: { app: 'x' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'b', imagePullPolicy: 'always' }] } } } });
    assert.deepEqual(deploy.map((c) => `${c.field}: ${c.message}`), [
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
      'spec.template.spec.containers[0].imagePullPolicy: Unsupported value: "always": supported values: "Always", "IfNotPresent", "Never"',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
    assert.deepEqual(validateBuiltin('Deployment', deployment({ selector: { matchLabels: { app: 'web' } }, template: template({ name: 'web', image: 'nginx' }) })), []);
  });
});

describe('custom resources', () => {
  const schema = crdSchema({
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        required: ['color'],
        properties: {
          replicas: { type: 'integer', default: 1, maximum: 10 },
          color: { type: 'string', enum: ['red', 'blue'] },
          extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
        },
      },
    },
  }) as Schema;

  it('prunes unknown fields (not under preserve-unknown) and applies defaults', () => {
    const obj: Record<string, unknown> = { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'x', labelz: {} }, spec: { color: 'red', foo: 1, extra: { any: [1] }, items: [{ name: 'a', bar: 2 }] }, status: {} };
    assert.deepEqual(pruneAndDefault(obj, schema), ['metadata.labelz', 'spec.foo', 'spec.items[0].bar', 'status']);
    assert.deepEqual(obj.spec, { color: 'red', extra: { any: [1] }, items: [{ name: 'a' }], replicas: 1 });
  });

  it('validates types, enums, bounds and required fields with kube-openapi wording', () => {
    const obj = { spec: { replicas: 'two', color: 'pink' } };
    assert.deepEqual(validateCustom(obj, schema).map((c) => `${c.field}: ${c.message}`), [
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
      'spec.color: Unsupported value: "pink": supported values: "red", "blue"',
    ]);
    assert.deepEqual(validateCustom({ spec: { replicas: 11 } }, schema).map((c) => `${c.field}: ${c.message}`), [
      'spec.color: Required value',
      'spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10',
    ]);
  });
});

describe('Go renderings', () => {
  it('%+v of a patch map', () => {
    assert.equal(goPlusV({ spec: { replicas: 2, b: null, list: ['a', { x: true }] }, a: 'x y' }), 'map[a:x y spec:map[b:<nil> list:[a map[x:true]] replicas:2]]');
  });
});

// The protobuf decoder against bodies the real kubectl 1.32 sent (test/fixtures/protobuf/, captured with
// scripts/capture-kubectl-bodies.ts): each must decode to the object kubectl prints for the same command
// with `--dry-run=client -o json`, which is Go's JSON encoding of the very object it encoded as protobuf.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeKubeProtobuf } from '../../server/clusters/sandbox/protobuf/decode.js';
import { ApiError } from '../../server/clusters/sandbox/status.js';
import { bytes, entry, intOrString, kubeEnvelope, num } from '../support/protobuf-writer.js';

// dist/test/unit -> test/fixtures/protobuf in the source tree (the build copies no binary fixtures).
const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/protobuf/', import.meta.url));

const CAPTURED = [
  'configmap-literals',
  'secret-generic',
  'namespace-team',
  'serviceaccount-robot',
  'deployment-web',
  'deployment-zero',
  'deployment-command',
  'deployment-two-images',
  'service-clusterip',
  'service-nodeport',
  'service-loadbalancer',
  'service-headless',
  'service-externalname',
  'job-hello',
  'job-from-cronjob',
  'cronjob-tick',
  'ingress-web',
  'ingress-rich',
];

function captured(name: string): Record<string, unknown> {
  return decodeKubeProtobuf(readFileSync(`${FIXTURES}${name}.bin`));
}

/** kubectl's dry-run JSON less what the server sets: `status`, and the null creationTimestamp Go writes. */
function printedByKubectl(name: string): Record<string, unknown> {
  const json = readFileSync(`${FIXTURES}${name}.json`, 'utf8');
  const object = JSON.parse(json, (key, value: unknown) => (key === 'creationTimestamp' && value === null ? undefined : value)) as Record<string, unknown>;
  delete object.status;
  return object;
}

type Json = Record<string, unknown>;
const at = (object: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((node, key) => (node as Json | unknown[] | undefined)?.[key as never], object);

describe('sandbox protobuf decoding of bodies captured from kubectl 1.32', () => {
  for (const name of CAPTURED) {
    it(`${name} decodes to what kubectl prints for it`, () => {
      assert.deepStrictEqual(captured(name), printedByKubectl(name));
    });
  }

  it('keeps pointer fields that are zero: replicas 0 is not a missing replicas', () => {
    assert.equal(at(captured('deployment-zero'), 'spec', 'replicas'), 0);
    const job = captured('job-from-cronjob');
    assert.equal(at(job, 'spec', 'backoffLimit'), 0);
    assert.equal(at(job, 'spec', 'template', 'spec', 'terminationGracePeriodSeconds'), 0);
    assert.equal(at(job, 'spec', 'template', 'spec', 'automountServiceAccountToken'), false);
    assert.equal(at(job, 'spec', 'template', 'spec', 'enableServiceLinks'), false);
    assert.equal(at(job, 'spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged'), false);
  });

  it('drops the zeros Go writes for plain fields (hostNetwork, stdinOnce, hostPort), as omitempty does', () => {
    const spec = at(captured('job-from-cronjob'), 'spec', 'template', 'spec') as Json;
    assert.equal('hostNetwork' in spec, false);
    const container = at(spec, 'containers', 0) as Json;
    assert.equal('stdinOnce' in container, false);
    assert.deepEqual(at(container, 'ports', 0), { name: 'http', containerPort: 80, protocol: 'TCP' });
  });

  it('turns IntOrString into a number or a string, and flattens embedded structs (probe handler, volume source)', () => {
    const container = at(captured('job-from-cronjob'), 'spec', 'template', 'spec', 'containers', 0);
    assert.equal(at(container, 'livenessProbe', 'httpGet', 'port'), 80);
    assert.deepEqual(at(container, 'readinessProbe'), { tcpSocket: { port: 'http' }, periodSeconds: 3 });
    assert.deepEqual(at(container, 'resources'), { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } });
    const volumes = at(captured('job-from-cronjob'), 'spec', 'template', 'spec', 'volumes') as Json[];
    assert.deepEqual(volumes[0], { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } });
    assert.equal(at(captured('service-nodeport'), 'spec', 'ports', 0, 'targetPort'), 8080);
  });
});

describe('sandbox protobuf decoding of hand-built bodies', () => {
  const meta = (name: string): Buffer => bytes(1, [bytes(1, name), bytes(3, '')]);

  it('reads a Deployment strategy, match expressions and limits kubectl create never sends', () => {
    const selector = bytes(2, [
      entry(1, 'app', 'web'),
      bytes(2, [bytes(1, 'tier'), bytes(2, 'In'), bytes(3, 'front'), bytes(3, 'edge')]),
    ]);
    const template = bytes(3, [bytes(1, [entry(11, 'app', 'web')]), bytes(2, [bytes(2, [bytes(1, 'web'), bytes(2, 'nginx')])])]);
    const strategy = bytes(4, [bytes(1, 'RollingUpdate'), bytes(2, [intOrString(1, 0), intOrString(2, '25%')])]);
    const spec = bytes(2, [num(1, 3), selector, template, strategy, num(5, 10), num(6, 0), num(7, false), num(9, 600)]);
    const body = kubeEnvelope('apps/v1', 'Deployment', [meta('web'), spec]);
    assert.deepStrictEqual(decodeKubeProtobuf(body), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }] },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
        minReadySeconds: 10,
        revisionHistoryLimit: 0,
        progressDeadlineSeconds: 600,
      },
    });
  });

  it('reads negative numbers and packed lists', () => {
    const packed = bytes(4, Buffer.from([1, 0xe8, 0x07])); // supplementalGroups [1, 1000], packed
    const podSpec = bytes(2, [bytes(2, [bytes(1, 'c')]), bytes(14, [num(2, 0), packed, num(4, 5)]), num(25, -5)]);
    const pod = decodeKubeProtobuf(kubeEnvelope('v1', 'Pod', [meta('p'), podSpec]));
    assert.deepEqual(at(pod, 'spec', 'securityContext'), { runAsUser: 0, supplementalGroups: [1, 1000, 5] });
    assert.equal(at(pod, 'spec', 'priority'), -5);
  });

  it('answers 415 with the hint to use kubectl apply for a kind it has no schema for', () => {
    const body = kubeEnvelope('apps/v1', 'StatefulSet', [meta('db')]);
    assert.throws(
      () => decodeKubeProtobuf(body),
      (error: unknown) =>
        error instanceof ApiError &&
        error.code === 415 &&
        error.message === 'the kubeclass sandbox does not read protobuf for StatefulSet (apps/v1) yet: use kubectl apply -f with a manifest',
    );
  });

  it('answers 400 for a packed list cut short', () => {
    const podSpec = bytes(2, [bytes(14, [bytes(4, Buffer.from([0xe8]))])]);
    assert.throws(() => decodeKubeProtobuf(kubeEnvelope('v1', 'Pod', [meta('p'), podSpec])), (error: unknown) => error instanceof ApiError && error.code === 400);
  });
});

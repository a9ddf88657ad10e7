import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyJsonPatch, mergePatch, strategicMergePatch } from '../../server/clusters/sandbox/patch.js';

const deployment = {
  spec: {
    replicas: 1,
    template: {
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
          { name: 'sidecar', image: 'busybox' },
        ],
      },
    },
  },
  metadata: { finalizers: ['a'] },
};

describe('patches', () => {
  it('JSON merge patch: objects merge, null deletes, lists replace', () => {
    assert.deepEqual(mergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { b: { c: null, e: 4 }, l: [3] }), { a: 1, b: { d: 3, e: 4 }, l: [3] });
  });

  it('JSON patch, and a clear error for a bad one', () => {
    assert.deepEqual(applyJsonPatch({ a: [1] }, [{ op: 'add', path: '/a/-', value: 2 }]), { a: [1, 2] });
    assert.throws(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }]), /rejected our request/);
    assert.throws(() => applyJsonPatch({}, { op: 'add' }), /list of operations/);
  });

  it('strategic merge patch merges containers and env by name, ports by containerPort', () => {
    const out = strategicMergePatch(deployment, {
      spec: {
        template: {
          spec: {
            containers: [{ name: 'web', image: 'nginx:1.27', env: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }] }],
          },
        },
      },
    }) as typeof deployment;
    const [web, sidecar] = out.spec.template.spec.containers;
    assert.equal(web?.image, 'nginx:1.27');
    assert.deepEqual(web?.env, [{ name: 'A', value: '1' }, { name: 'B', value: '3' }, { name: 'C', value: '4' }]);
    assert.deepEqual(web?.ports, [{ containerPort: 80 }]);
    assert.equal(sidecar?.image, 'busybox');
  });

  it('directives: $patch delete and replace, $setElementOrder, $deleteFromPrimitiveList, merged finalizers', () => {
    const out = strategicMergePatch(deployment, {
      metadata: { finalizers: ['b'], '$deleteFromPrimitiveList/finalizers': ['a'] },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }],
            containers: [{ name: 'web', $patch: 'delete' }],
          },
        },
      },
    }) as typeof deployment;
    assert.deepEqual(out.spec.template.spec.containers.map((c) => c.name), ['sidecar']);
    assert.deepEqual(out.metadata.finalizers, ['b']);
    const replaced = strategicMergePatch({ spec: { selector: { a: '1', b: '2' } } }, { spec: { selector: { $patch: 'replace', c: '3' } } });
    assert.deepEqual(replaced, { spec: { selector: { c: '3' } } });
    const reordered = strategicMergePatch(deployment, { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }] } } } }) as typeof deployment;
    assert.deepEqual(reordered.spec.template.spec.containers.map((c) => c.name), ['sidecar', 'web']);
  });

  it('refuses a keyed list element without its merge key', () => {
    assert.throws(() => strategicMergePatch(deployment, { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }), /does not contain declared merge key: name/);
  });
});

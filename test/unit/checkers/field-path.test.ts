import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readField, valueEquals } from '../../../server/lessons/checkers/field-path.js';
import { compilePattern, matchesPattern } from '../../../server/lessons/checkers/pattern.js';

const ksvc = {
  spec: { template: { spec: { containers: [{ image: 'nginx' }, { image: 'sidecar' }] } } },
  status: { url: 'http://hello.default.127.0.0.1.sslip.io', conditions: [{ type: 'ConfigurationsReady', status: 'True' }, { type: 'Ready', status: 'False', reason: 'RevisionMissing' }] },
};

describe('field paths', () => {
  it('reads keys, indexes and [key=value] filters', () => {
    assert.equal(readField(ksvc, 'spec.template.spec.containers[0].image'), 'nginx');
    assert.equal(readField(ksvc, '.spec.template.spec.containers[1].image'), 'sidecar');
    assert.equal(readField(ksvc, 'status.conditions[type=Ready].reason'), 'RevisionMissing');
    assert.equal(readField(ksvc, 'status.conditions[type=Missing].status'), undefined);
    assert.equal(readField(ksvc, 'status.domain'), undefined);
    assert.equal(readField(ksvc, 'spec.template.spec.containers[5].image'), undefined);
  });
  it('refuses a path it cannot read', () => {
    assert.throws(() => readField(ksvc, 'spec..x[]'), /cannot read the field path/);
  });
  it('compares scalars as printed', () => {
    assert.ok(valueEquals(3, '3'));
    assert.ok(valueEquals(true, 'true'));
    assert.ok(!valueEquals({ a: 1 }, '[object Object]'));
  });
});

describe('patterns', () => {
  it('matches plain strings literally and /re/flags as regexes', () => {
    assert.ok(matchesPattern('a.b', 'xa.by'));
    assert.ok(!matchesPattern('a.b', 'axb'));
    assert.ok(matchesPattern('/^kubectl\\s+apply/i', 'KUBECTL apply -f x'));
    assert.ok(!matchesPattern('/^kubectl apply/', 'sudo kubectl apply'));
    const re = compilePattern('/x/g');
    assert.ok(re.test('x') && re.test('x'), 'a g flag must not make matching stateful');
  });
});

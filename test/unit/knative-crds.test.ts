// The Knative CRDs' facts, and the printer-column paths they use evaluated as the apiserver does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KNATIVE_CRDS, knativeCrd } from '../../server/clusters/sandbox/knative/install/crds.js';
import { evaluateJsonPath } from '../../server/clusters/sandbox/tables/jsonpath.js';

describe('Knative CRDs', () => {
  it('define the release\'s names, scope and columns', () => {
    assert.equal(KNATIVE_CRDS.length, 12);
    const ksvc = knativeCrd(KNATIVE_CRDS.find((c) => c.plural === 'services' && c.group === 'serving.knative.dev') ?? assert.fail('no ksvc'));
    const spec = ksvc.spec as { names: Record<string, unknown>; versions: Array<{ additionalPrinterColumns: Array<{ name: string }> }> };
    assert.deepEqual(spec.names.shortNames, ['kservice', 'ksvc']);
    assert.deepEqual(spec.names.categories, ['all', 'knative', 'serving']);
    assert.deepEqual(spec.versions[0]?.additionalPrinterColumns.map((c) => c.name), ['URL', 'LatestCreated', 'LatestReady', 'Ready', 'Reason']);
    const cdc = KNATIVE_CRDS.find((c) => c.plural === 'clusterdomainclaims');
    assert.equal(cdc?.scope, 'Cluster');
  });

  it('read a revision\'s label columns through escaped dots in quoted keys', () => {
    const revision = KNATIVE_CRDS.find((c) => c.kind === 'Revision');
    const columns = revision?.columns ?? [];
    const obj = { metadata: { labels: { 'serving.knative.dev/configuration': 'hello', 'serving.knative.dev/configurationGeneration': '2' } }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
    assert.deepEqual(columns.slice(0, 3).map((c) => evaluateJsonPath(c.jsonPath, obj)), [['hello'], ['2'], ['True']]);
  });
});

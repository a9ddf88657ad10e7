// Thousands of random requests against a sandbox: every answer is a well-formed Status or object, none is a
// 500, and the sandbox keeps serving. Seeded, so a failure can be replayed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';
import { sandboxRequest } from '../support/kubectl.js';

/** Small deterministic PRNG (mulberry32): the same seed gives the same requests. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEGMENTS = ['api', 'apis', 'v1', 'apps', 'namespaces', 'default', 'kube-system', 'pods', 'configmaps', 'deployments', 'status', 'scale', 'log', 'x', '', '..', '%00', '%2F', 'nodes', 'kubeclass-control-plane', 'openapi', 'v3', 'version', 'watch'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const CONTENT_TYPES = ['application/json', 'application/merge-patch+json', 'application/json-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml', 'application/vnd.kubernetes.protobuf', 'text/plain'];

function randomJson(rand: () => number, depth = 0): unknown {
  const r = rand();
  if (depth > 3 || r < 0.2) return [null, true, 1.5, -7, 'x', '', '\u0000', 'ünï'][Math.floor(rand() * 8)];
  if (r < 0.5) return Array.from({ length: Math.floor(rand() * 4) }, () => randomJson(rand, depth + 1));
  const keys = ['apiVersion', 'kind', 'metadata', 'name', 'namespace', 'spec', 'data', 'op', 'path', 'value', '$patch', '$setElementOrder/containers', 'containers', '__proto__', 'constructor'];
  const obj: Record<string, unknown> = {};
  for (let i = 0; i < Math.floor(rand() * 5); i++) obj[keys[Math.floor(rand() * keys.length)] as string] = randomJson(rand, depth + 1);
  return obj;
}

function randomBody(rand: () => number): string {
  const r = rand();
  if (r < 0.1) return '';
  if (r < 0.2) return '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fuzz-' + Math.floor(rand() * 20) + '"},"data":{"a":"b"}}';
  if (r < 0.3) return '{'.repeat(Math.floor(rand() * 50)) + '"';
  if (r < 0.4) return Buffer.from(Array.from({ length: 64 }, () => Math.floor(rand() * 256))).toString('latin1');
  return JSON.stringify(randomJson(rand));
}

describe('sandbox fuzz', () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox?.close();
  });

  it('answers malformed protobuf bodies with a 400 Status', async () => {
    const rand = prng(7);
    const headers = { Authorization: `Bearer ${sandbox.token}`, 'Content-Type': 'application/vnd.kubernetes.protobuf' };
    for (let i = 0; i < 300; i++) {
      const tail = Buffer.from(Array.from({ length: Math.floor(rand() * 40) }, () => Math.floor(rand() * 256)));
      const body = Buffer.concat([rand() < 0.8 ? Buffer.from('k8s\0', 'latin1') : Buffer.alloc(0), tail]);
      const res = await sandboxRequest(`${sandbox.url}/api/v1/namespaces/default/configmaps`, sandbox.caPem, { method: 'POST', headers, body });
      assert.ok(res.status < 500, `body ${tail.toString('hex')}: ${res.status} ${res.body}`);
      assert.equal((JSON.parse(res.body) as { kind: string }).kind, res.status < 300 ? 'ConfigMap' : 'Status');
    }
  });

  it('answers 2,000 random requests without a 500 and keeps serving', async () => {
    const rand = prng(20261126);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 2000; i++) {
      const path = '/' + Array.from({ length: 1 + Math.floor(rand() * 6) }, () => SEGMENTS[Math.floor(rand() * SEGMENTS.length)]).join('/');
      const method = METHODS[Math.floor(rand() * METHODS.length)] as string;
      const headers: Record<string, string> = { 'Content-Type': CONTENT_TYPES[Math.floor(rand() * CONTENT_TYPES.length)] as string };
      if (rand() < 0.95) headers.Authorization = `Bearer ${sandbox.token}`;
      const query = rand() < 0.3 ? `?labelSelector=${encodeURIComponent(['a in (', 'x=y,,', '!', 'a notin (b)', '((('][Math.floor(rand() * 5)] as string)}&limit=${Math.floor(rand() * 3)}` : '';
      const res = await sandboxRequest(`${sandbox.url}${path}${query}`, sandbox.caPem, {
        method,
        headers,
        ...(method === 'GET' || method === 'OPTIONS' ? {} : { body: randomBody(rand) }),
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      assert.ok(res.status < 500, `request ${i}: ${method} ${path}${query} answered ${res.status}: ${res.body.slice(0, 300)}`);
      if (res.status >= 400) {
        let status: { kind: string; code: number; message: string };
        try {
          status = JSON.parse(res.body) as typeof status;
        } catch {
          assert.fail(`request ${i}: ${method} ${path}${query} answered ${res.status} with no Status: ${JSON.stringify(res.body.slice(0, 200))}`);
        }
        assert.equal(status.kind, 'Status', `request ${i}`);
        assert.equal(status.code, res.status);
        assert.ok(status.message.length > 0);
      }
    }
    const version = await sandboxRequest(`${sandbox.url}/version`, sandbox.caPem);
    assert.equal(version.status, 200);
    assert.ok((statuses.get(404) ?? 0) > 0 && [...statuses.keys()].some((s) => s < 300), JSON.stringify([...statuses]));
  });
});

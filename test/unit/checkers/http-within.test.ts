import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { evaluateCheck } from '../../../server/lessons/checkers/evaluate.js';
import { checkContext } from '../../support/check-context.js';

describe('http checks', () => {
  let server: Server;
  let port: number;
  before(async () => {
    // Routes by Host as Kourier does; /system/ wants basic auth as the OpenFaaS gateway does; /slow never answers.
    server = createServer((req, res) => {
      if (req.url === '/slow') return;
      if (req.url?.startsWith('/system/') && !req.headers.authorization) return void res.writeHead(401).end('invalid credentials\n');
      if (req.headers.host === 'hello.default.127.0.0.1.sslip.io') return void res.end('Hello World!\n');
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.close());

  it('sends the Host header through {ingress} and matches the body', async () => {
    const ctx = checkContext({ gateways: { ingress: { host: '127.0.0.1', port } } });
    const spec = { kind: 'http', url: 'http://{ingress}/', headers: { Host: 'hello.default.127.0.0.1.sslip.io' }, body: 'Hello World!' } as const;
    assert.equal((await evaluateCheck(spec, ctx)).passed, true);
    const other = await evaluateCheck({ ...spec, headers: { Host: 'bye.default.127.0.0.1.sslip.io' } }, ctx);
    assert.equal(other.message, 'expected GET http://{ingress}/ to answer 200, saw 404');
  });
  it('explains a 401 from the OpenFaaS gateway', async () => {
    const verdict = await evaluateCheck({ kind: 'http', url: 'http://{openfaas}/system/functions' }, checkContext({ gateways: { openfaas: { host: '127.0.0.1', port } } }));
    assert.equal(verdict.passed, false);
    assert.match(verdict.message ?? '', /saw 401 \("invalid credentials"\)\. The OpenFaaS gateway wants its admin credentials.*faas-cli login/);
  });
  it('fails a request that does not answer in time, and one without a gateway', async () => {
    const verdict = await evaluateCheck({ kind: 'http', url: `http://127.0.0.1:${port}/slow` }, checkContext());
    assert.match(verdict.message ?? '', /no answer within 5000 ms/);
    assert.match((await evaluateCheck({ kind: 'http', url: 'http://{ingress}/' }, checkContext())).message ?? '', /no Knative gateway/);
  });
});

describe('within checks', () => {
  it('passes while inside the window, says "not yet" before, fails after', async () => {
    const spec = { kind: 'within', seconds: 60, check: { kind: 'command', pattern: 'kubectl get pods' } } as const;
    const start = Date.now();
    const notYet = await evaluateCheck(spec, checkContext({ stepStartedAt: start }));
    assert.match(notYet.message ?? '', /^not yet \(it has to happen within 60 s of the step's start\): expected a command/);
    const late = await evaluateCheck(spec, checkContext({ stepStartedAt: start - 61_000 }));
    assert.equal(late.message, "did not happen within 60 s of the step's start");
  });
  it('counts from another check passing', async () => {
    const spec = { kind: 'within', seconds: 2, after: 'deployed', check: { kind: 'command', pattern: 'curl' } } as const;
    assert.match((await evaluateCheck(spec, checkContext())).message ?? '', /waiting for check deployed to pass first/);
    const passedAt = Date.now() - 500;
    const ok = await evaluateCheck(spec, checkContext({ firstPassedAt: (id) => (id === 'deployed' ? passedAt : undefined), commands: [{ commandLine: 'curl x', exitCode: 0, output: '', outputTruncated: false, cwd: '/', startedAt: 0, durationMs: 0 }] }));
    assert.equal(ok.passed, true);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CheckSpec } from '../../../server/lessons/check-spec.js';
import { evaluateCheck } from '../../../server/lessons/checkers/evaluate.js';
import { checkContext } from '../../support/check-context.js';

const SERVICE_YAML = `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: helloworld-go
spec:
  template:
    spec:
      containers:
        - image: ghcr.io/knative/helloworld-go:latest
          env:
            - name: TARGET
              value: Go Sample v1
`;

describe('file, script and quiz checks', () => {
  let workspace: string;
  before(() => {
    workspace = mkdtempSync(join(tmpdir(), 'kubeclass-checkers-'));
    writeFileSync(join(workspace, 'service.yaml'), SERVICE_YAML);
    writeFileSync(join(workspace, 'two.yaml'), `kind: Namespace\n---\n${SERVICE_YAML}`);
    writeFileSync(join(workspace, 'broken.yaml'), 'spec:\n  a: [1, 2\n  b: 3\n');
  });
  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('file: YAML fields equal or match, in any document', async () => {
    const ctx = checkContext({ workspace });
    assert.equal((await evaluateCheck({ kind: 'file', path: 'service.yaml', field: 'spec.template.spec.containers[0].env[name=TARGET].value', equals: 'Go Sample v1' }, ctx)).passed, true);
    assert.equal((await evaluateCheck({ kind: 'file', path: 'two.yaml', field: 'metadata.name', equals: 'helloworld-go' }, ctx)).passed, true);
    const wrong = await evaluateCheck({ kind: 'file', path: 'service.yaml', field: 'spec.template.spec.containers[0].image', matches: '/^gcr\\.io\\//' }, ctx);
    assert.equal(wrong.message, 'expected spec.template.spec.containers[0].image in service.yaml to match /^gcr\\.io\\//, saw ghcr.io/knative/helloworld-go:latest');
  });
  it('file: missing, outside the workspace, not YAML, plain text', async () => {
    const ctx = checkContext({ workspace });
    assert.match((await evaluateCheck({ kind: 'file', path: 'stack.yml' }, ctx)).message ?? '', /expected a file stack\.yml in your workspace, saw none/);
    assert.match((await evaluateCheck({ kind: 'file', path: '../../etc/passwd' }, ctx)).message ?? '', /outside the workspace/);
    assert.match((await evaluateCheck({ kind: 'file', path: 'broken.yaml', field: 'spec.b' }, ctx)).message ?? '', /not valid YAML: line \d+/);
    assert.equal((await evaluateCheck({ kind: 'file', path: 'service.yaml', matches: 'helloworld-go' }, ctx)).passed, true);
  });

  it('script: exit 0 passes, FAIL: lines are the message, runs in the workspace', async () => {
    const ctx = checkContext({ workspace });
    assert.equal((await evaluateCheck({ kind: 'script', run: 'test -f service.yaml' }, ctx)).passed, true);
    const failed = await evaluateCheck({ kind: 'script', run: 'echo checking; echo "FAIL: no stack.yml yet"; echo "FAIL: and no login"; exit 1' }, ctx);
    assert.deepEqual([failed.passed, failed.message], [false, 'no stack.yml yet; and no login']);
    assert.match((await evaluateCheck({ kind: 'script', run: 'echo nope >&2; exit 4' }, ctx)).message ?? '', /exited with 4 \(nope\)/);
  });
  it('script: a time limit ends the script and its children', async () => {
    const started = Date.now();
    const verdict = await evaluateCheck({ kind: 'script', run: 'sleep 30 & sleep 30', timeoutSeconds: 0.5 }, checkContext({ workspace }));
    assert.equal(verdict.passed, false);
    assert.match(verdict.message ?? '', /did not finish within 0.5 s/);
    assert.ok(Date.now() - started < 3000);
  });

  it('quiz: the posted answer against the right choices', async () => {
    const spec: Extract<CheckSpec, { kind: 'quiz' }> = { kind: 'quiz', question: 'Which is FaaS?', choices: ['Knative Serving', 'OpenFaaS', 'Both'], answer: 1, explanation: 'OpenFaaS runs functions.' };
    assert.equal((await evaluateCheck(spec, checkContext())).message, 'not answered yet');
    const right = await evaluateCheck(spec, checkContext({ answers: new Map([['c1', 1]]) }));
    assert.deepEqual([right.passed, right.message], [true, 'OpenFaaS runs functions.']);
    const wrong = await evaluateCheck(spec, checkContext({ answers: new Map([['c1', 0]]) }));
    assert.match(wrong.message ?? '', /you chose "Knative Serving"/);
    const multi = { ...spec, answer: [0, 1] };
    assert.equal((await evaluateCheck(multi, checkContext({ answers: new Map([['c1', [1, 0]]]) }))).passed, true);
    assert.equal((await evaluateCheck(multi, checkContext({ answers: new Map([['c1', [1]]]) }))).passed, false);
  });
});

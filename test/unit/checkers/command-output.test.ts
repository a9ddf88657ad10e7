import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateCheck } from '../../../server/lessons/checkers/evaluate.js';
import { checkContext, commandEvent } from '../../support/check-context.js';

describe('command checks', () => {
  it('passes on a matching command with the exit code, says what it saw otherwise', async () => {
    const spec = { kind: 'command', pattern: '/kubectl apply -f \\S*service\\.yaml/' } as const;
    const none = await evaluateCheck(spec, checkContext());
    assert.equal(none.passed, false);
    assert.match(none.message ?? '', /expected a command matching \/kubectl apply.*saw no command yet/);
    const failed = await evaluateCheck(spec, checkContext({ commands: [commandEvent('kubectl apply -f service.yaml', 1, 'error: the path "service.yaml" does not exist\n')] }));
    assert.equal(failed.passed, false);
    assert.match(failed.message ?? '', /to exit with 0, saw exit code 1 \(it printed: error: the path "service.yaml" does not exist\)/);
    const ok = await evaluateCheck(spec, checkContext({ commands: [commandEvent('kubectl apply -f service.yaml', 1), commandEvent('kubectl apply -f ./service.yaml')] }));
    assert.equal(ok.passed, true);
  });
  it('takes an expected non-zero exit code', async () => {
    const spec = { kind: 'command', pattern: 'false', exitCode: 1 } as const;
    assert.equal((await evaluateCheck(spec, checkContext({ commands: [commandEvent('false', 1)] }))).passed, true);
    assert.equal((await evaluateCheck(spec, checkContext({ commands: [commandEvent('false', 0)] }))).passed, false);
  });
  it("puts the lesson's hint first", async () => {
    const verdict = await evaluateCheck({ kind: 'command', pattern: 'kubectl get ksvc', hint: 'List the services.' }, checkContext());
    assert.match(verdict.message ?? '', /^List the services\. \(expected a command/);
  });
});

describe('output checks', () => {
  it('passes when a matching command printed the pattern', async () => {
    const spec = { kind: 'output', command: 'curl', pattern: '/Hello \\w+!/' } as const;
    const ok = await evaluateCheck(spec, checkContext({ commands: [commandEvent('curl -H "Host: hello.default" http://127.0.0.1', 0, 'Hello World!\n')] }));
    assert.equal(ok.passed, true);
  });
  it('says what the command printed instead', async () => {
    const spec = { kind: 'output', command: 'curl', pattern: 'Hello World!' } as const;
    const verdict = await evaluateCheck(spec, checkContext({ commands: [commandEvent('curl http://127.0.0.1', 0, 'upstream connect error\n')] }));
    assert.equal(verdict.passed, false);
    assert.equal(verdict.message, 'expected output matching "Hello World!" from "curl http://127.0.0.1", it printed "upstream connect error"');
    const silent = await evaluateCheck(spec, checkContext({ commands: [commandEvent('curl http://127.0.0.1', 0, '')] }));
    assert.match(silent.message ?? '', /it printed nothing$/);
  });
});

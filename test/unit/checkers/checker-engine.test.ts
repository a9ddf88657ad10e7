// The engine without a cluster: commands, quiz answers, `within` deadlines and `after`, and errors as verdicts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CheckerEngine, type VerdictChange } from '../../../server/lessons/checkers/checker-engine.js';
import { commandEvent } from '../../support/check-context.js';

function recording(engine: CheckerEngine): VerdictChange[] {
  const changes: VerdictChange[] = [];
  engine.onVerdict((c) => changes.push(c));
  return changes;
}

const settle = (ms = 50): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('checker engine', () => {
  it('evaluates on commands of the session and step only, reporting changes', async () => {
    const engine = new CheckerEngine();
    const changes = recording(engine);
    await engine.startStep('a', { stepId: 's', checks: [{ id: 'ls', check: { kind: 'command', pattern: 'ls' } }] }, { workspace: '/tmp' });
    engine.commandFinished('a', commandEvent('pwd'));
    engine.commandFinished('b', commandEvent('ls')); // another session
    await settle();
    assert.equal(engine.verdicts('a').ls?.passed, false);
    engine.commandFinished('a', commandEvent('ls -l'));
    await settle();
    assert.equal(engine.verdicts('a').ls?.passed, true);
    assert.deepEqual(changes.map((c) => [c.checkId, c.verdict.passed]), [['ls', false], ['ls', false], ['ls', true]]);
    // A new step forgets the old commands.
    await engine.startStep('a', { stepId: 's2', checks: [{ id: 'ls', check: { kind: 'command', pattern: 'ls' } }] }, { workspace: '/tmp' });
    await settle();
    assert.equal(engine.verdicts('a').ls?.passed, false);
    engine.close();
  });

  it('takes quiz answers', async () => {
    const engine = new CheckerEngine();
    await engine.startStep('a', { stepId: 's', checks: [{ id: 'q', check: { kind: 'quiz', question: '?', choices: ['x', 'y'], answer: 1 } }] }, { workspace: '/tmp' });
    assert.equal((await engine.answer('a', 'q', 0)).passed, false);
    assert.equal((await engine.answer('a', 'q', 1)).passed, true);
    assert.equal((await engine.answer('a', 'nope', 1)).message, 'no quiz nope in this step');
    engine.close();
  });

  it('fails a `within` at its deadline without further evidence, and opens an `after` window when its check passes', async () => {
    const engine = new CheckerEngine();
    const changes = recording(engine);
    await engine.startStep('a', {
      stepId: 's',
      checks: [
        { id: 'soon', check: { kind: 'within', seconds: 0.3, check: { kind: 'command', pattern: 'never' } } },
        { id: 'deployed', check: { kind: 'command', pattern: 'deploy' } },
        { id: 'then', check: { kind: 'within', seconds: 5, after: 'deployed', check: { kind: 'command', pattern: 'curl' } } },
      ],
    }, { workspace: '/tmp' });
    await settle(500);
    const soon = changes.filter((c) => c.checkId === 'soon').at(-1);
    assert.equal(soon?.verdict.message, "did not happen within 0.3 s of the step's start");
    assert.match(engine.verdicts('a').then?.message ?? '', /waiting for check deployed/);
    engine.commandFinished('a', commandEvent('faas-cli deploy'));
    await settle();
    assert.match(engine.verdicts('a').then?.message ?? '', /^not yet \(it has to happen within 5 s of check deployed passing\)/);
    engine.commandFinished('a', commandEvent('curl http://x'));
    await settle();
    assert.equal(engine.verdicts('a').then?.passed, true);
    engine.close();
  });

  it('never throws: a broken check and a throwing listener become failed verdicts and a log line', async () => {
    const logged: string[] = [];
    const engine = new CheckerEngine({ kubeconfigPath: '/nonexistent/kubeconfig', log: (m) => logged.push(m) });
    engine.onVerdict(() => {
      throw new Error('listener bug');
    });
    await engine.startStep('a', {
      stepId: 's',
      checks: [
        { id: 'bad', check: { kind: 'field-less', pattern: 'x' } as unknown as { kind: 'command'; pattern: string } }, // a lesson the loader should have refused
        { id: 'ns', check: { kind: 'resource', apiVersion: 'v1', resource: 'namespaces', name: 'x' } },
      ],
    }, { workspace: '/tmp' });
    engine.commandFinished('a', commandEvent('ls'));
    await settle();
    assert.equal(engine.verdicts('a').bad?.passed, false);
    assert.equal(engine.verdicts('a').ns?.message, 'this playground has no cluster to check');
    assert.ok(logged.some((l) => l.includes('listener bug')));
    assert.ok(logged.some((l) => l.includes('cannot read kubeconfig')));
    engine.close();
  });
});

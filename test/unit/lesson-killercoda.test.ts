import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convertMarkers, importKillercoda } from '../../server/lessons/format/killercoda.js';
import { renderLesson } from '../../server/lessons/format/render-lesson.js';
import { writeTree } from '../support/lesson-fixtures.js';

// A scenario written for this test in Killercoda's layout: index.json, a page per step, verify scripts, assets/.
const SCENARIO = {
  'index.json': JSON.stringify({
    title: 'Pods in a hurry',
    description: 'Run a pod, then delete it',
    details: {
      intro: { text: 'intro.md' },
      steps: [
        { title: 'Run a pod', text: 'step1/text.md', verify: 'step1/verify.sh' },
        { title: 'Delete it', text: 'step2/text.md' },
      ],
      finish: { text: 'finish.md' },
    },
    backend: { imageid: 'kubernetes-kubeadm-1node' },
  }),
  'intro.md': 'You will run a pod.\n',
  'step1/text.md': [
    'Start a pod:',
    '',
    '`kubectl run web --image=nginx`{{exec}}',
    '',
    'Stop the watch first: `kubectl get pods -w`{{exec interrupt}}',
    '',
    '```',
    'kubectl get pods',
    'kubectl describe pod web',
    '```{{exec interrupt}}',
    '',
    '## Details',
    '',
    '```yaml',
    'kind: Pod',
    '```{{copy}}',
  ].join('\n'),
  'step1/verify.sh': '#!/bin/bash\nkubectl get pod web || { echo "FAIL: no pod web"; exit 1; }\n',
  'step2/text.md': '`kubectl delete pod web`{{exec}}\n',
  'finish.md': 'Done.\n',
  'assets/pod.yaml': 'kind: Pod\n',
};

describe('Killercoda import', () => {
  it('reads a scenario into the lesson model: steps, actions, verify.sh as a script check, assets', () => {
    const root = writeTree(SCENARIO);
    const result = importKillercoda(root);
    assert.ok('lesson' in result, JSON.stringify(result));
    const en = result.lesson.locales.en!;
    assert.equal(en.title, 'Pods in a hurry');
    assert.equal(en.description, 'Run a pod, then delete it');
    assert.deepEqual(en.steps.map((s) => [s.id, s.title]), [['step-1', 'Run a pod'], ['step-2', 'Delete it']]);
    const [first, second] = en.steps;
    assert.ok(first && second);
    assert.deepEqual(first.checks, [{ kind: 'script', run: SCENARIO['step1/verify.sh'], timeoutSeconds: 30 }]);
    assert.deepEqual(second.checks, []);
    assert.deepEqual(
      first.codeBlocks.map((b) => [b.lang, b.text, b.actions]),
      [
        ['bash', 'kubectl run web --image=nginx', { run: true, interrupt: false, copy: false }],
        ['bash', 'kubectl get pods\nkubectl describe pod web', { run: true, interrupt: true, copy: false }],
        // The page's own `## ` heading stays inside the step.
        ['yaml', 'kind: Pod', { run: false, interrupt: false, copy: true }],
      ],
    );
    assert.deepEqual(result.lesson.assets.map((a) => a.name), ['pod.yaml']);
    const page = renderLesson(en);
    assert.equal(page.introHtml, '<p>You will run a pod.</p>\n');
    assert.equal(page.finishHtml, '<p>Done.</p>\n');
    // A marker inside a sentence leaves inline code, without the marker.
    assert.match(page.steps[0]!.html, /Stop the watch first: <code>kubectl get pods -w<\/code><\/p>/);
    assert.doesNotMatch(page.steps[0]!.html, /\{\{/);
    assert.match(page.steps[0]!.html, /<h2>Details<\/h2>/);
  });

  it('converts markers only after a fence of the same kind', () => {
    assert.equal(convertMarkers('````md\n```{{exec}}\n````{{copy}}'), '````md copy\n```{{exec}}\n````');
  });

  it('reports a broken scenario instead of throwing', () => {
    const missing = writeTree({ ...SCENARIO, 'index.json': SCENARIO['index.json'].replace('step2/text.md', 'step2/gone.md') });
    const result = importKillercoda(missing);
    assert.ok('errors' in result);
    assert.deepEqual(result.errors.map((e) => e.message), ['"step2/gone.md" is not a file of the scenario']);
    const escape = writeTree({ ...SCENARIO, 'index.json': SCENARIO['index.json'].replace('step1/verify.sh', '../../etc/passwd') });
    const outside = importKillercoda(escape);
    assert.ok('errors' in outside);
    assert.deepEqual(outside.errors.map((e) => e.message), ['"../../etc/passwd" is not a file of the scenario']);
    const bad = importKillercoda(writeTree({ 'index.json': '{"title": "x"' }));
    assert.ok('errors' in bad && bad.errors.length === 1);
    const noSteps = importKillercoda(writeTree({ 'index.json': '{"title": "x", "details": {"steps": []}}' }));
    assert.ok('errors' in noSteps);
    assert.match(noSteps.errors[0]!.message, /^details\.steps: Too small/);
  });
});

// `kubeclass lesson test` through the real CLI: a sandbox, a real bash, real kubectl. Fixture lessons (no
// Knative) that pass, whose solution misses its check, and whose wrong attempt gives another hint; then every
// lesson of the repository in every locale, which is how `npm test` tests the lessons.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { LocaleRun } from '../../server/lessons/run/lesson-test.js';
import { runProcess } from '../support/run-process.js';
import { CLI } from '../support/server-process.js';

const REPO = join(dirname(CLI), '..', '..');
// dist/test/integration -> test/fixtures/lessons in the source tree.
const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/lessons/', import.meta.url));

function lessonTest(args: string[], cwd = REPO): ReturnType<typeof runProcess> {
  return runProcess(process.execPath, [CLI, 'lesson', 'test', ...args], { cwd });
}

describe('kubeclass lesson test', () => {
  it('passes a lesson whose solutions pass, in each of its locales, and lists its wrong attempts', async () => {
    const result = await lessonTest(['--step-timeout', '10', join(FIXTURES, 'passing')]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    for (const locale of ['en', 'de']) assert.match(result.stdout, new RegExp(`^passing \\(${locale}\\)  `, 'm'));
    assert.match(result.stdout, /^ {2}✓ namespace {2}Create a namespace {2}\(\d+\.\d s\)$/m);
    assert.match(result.stdout, /^ {6}✓ wrong: kubectl create namespace demo --namescpace x -> "kubectl has no flag --namescpace"$/m);
    // Each locale's own hint was produced.
    assert.match(result.stdout, /✓ wrong: mkdir -p notes; echo 'greeting: bye' > notes\/hello\.yaml -> "Copy the words of greeting\.txt"/);
    assert.match(result.stdout, /✓ wrong: mkdir -p notes; echo 'greeting: bye' > notes\/hello\.yaml -> "Kopiere die Worte aus greeting\.txt"/);
    assert.match(result.stdout, /^ {2}✓ watch {2}/m);
    assert.match(result.stdout, /^PASS: 2 of 2 lesson locales passed; 8 of 8 steps, 4 of 4 wrong attempts \(\d+\.\d s\)$/m);
  });

  it('fails a step whose solution does not satisfy its check: names the step, the check, the output; later steps are not run', async () => {
    const result = await lessonTest(['--step-timeout', '3', join(FIXTURES, 'bad-solution')]);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /^ {2}✗ namespace {2}Create a namespace {2}\(\d+\.\d s\)$/m);
    assert.match(result.stdout, /^ {6}the step did not pass within 3 s of its solution$/m);
    assert.match(result.stdout, /^ {6}✗ check check-1: The namespace demo is missing\. \(expected Namespace demo to exist, saw none\)$/m);
    assert.match(result.stdout, /^ {6}\$ kubectl create namespace demo2 {2}\(exit 0\)\n {8}\| namespace\/demo2 created$/m);
    assert.match(result.stdout, /^ {2}- later {2}Never reached {2}\(not run: an earlier step failed\)$/m);
    assert.match(result.stdout, /^FAIL: 0 of 1 lesson locale passed; 0 of 2 steps/m);
  });

  it('fails a wrong attempt that does not produce its hint, saying what the checks said instead (--json too)', async () => {
    const result = await lessonTest(['--step-timeout', '3', '--json', join(FIXTURES, 'bad-wrong')]);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    const report = JSON.parse(result.stdout) as { passed: boolean; runs: LocaleRun[] };
    assert.equal(report.passed, false);
    const step = report.runs[0]?.steps[0];
    assert.equal(step?.id, 'namespace');
    assert.equal(step?.status, 'failed');
    assert.deepEqual(step?.failures, []); // its solution passed: only the wrong attempt failed
    assert.equal(step?.wrong[0]?.passed, false);
    assert.equal(step?.wrong[0]?.hint, 'a hint nothing gives');
    assert.deepEqual(step?.wrong[0]?.seen, ['expected a command matching /kubectl create (namespace|ns) demo$/, saw the last command was "kubectl create namespace dmeo"']);

    const text = await lessonTest(['--step-timeout', '3', join(FIXTURES, 'bad-wrong')]);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^ {2}✗ namespace {2}Create a namespace/m);
    assert.match(text.stdout, /^ {6}✗ wrong: kubectl create namespace dmeo -> "a hint nothing gives"\n {10}saw: expected a command matching/m);
  });

  it('refuses a lesson that does not lint, starting nothing', async () => {
    const result = await lessonTest([join(FIXTURES, 'nowhere')]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `${join(FIXTURES, 'nowhere')}: no such folder\n`);
    assert.equal(result.stdout, 'FAIL: 1 problem in the lessons (kubeclass lesson lint)\n');
  });

  it("passes every lesson of the repository, in every locale (no dir: ./lessons)", async () => {
    const started = Date.now();
    const result = await lessonTest(['--json']);
    const report = JSON.parse(result.stdout) as { passed: boolean; runs: LocaleRun[] };
    const failed = report.runs.filter((r) => !r.passed).map((r) => `${r.lessonId} (${r.locale}): ${r.error ?? ''} ${JSON.stringify(r.steps.filter((s) => s.status === 'failed'), null, 2)}`);
    assert.deepEqual(failed, []);
    assert.equal(result.code, 0, result.stderr);
    const expected = readdirSync(join(REPO, 'lessons')).flatMap((id) =>
      readdirSync(join(REPO, 'lessons', id)).flatMap((name) => /^lesson\.([A-Za-z-]+)\.md$/.exec(name)?.[1] ?? []).map((locale) => `${id} (${locale})`),
    );
    assert.ok(expected.length > 0);
    assert.deepEqual(report.runs.map((r) => `${r.lessonId} (${r.locale})`).sort(), expected.sort());
    console.log(`    ${report.runs.length} lesson locales in ${((Date.now() - started) / 1000).toFixed(1)} s: ${report.runs.map((r) => `${r.lessonId} (${r.locale}) ${(r.durationMs / 1000).toFixed(1)} s`).join(', ')}`);
  });
});

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadLesson, loadLessons } from '../../server/lessons/format/load-lesson.js';
import type { LessonError, LoadResult } from '../../server/lessons/format/types.js';
import { validLesson, withLine, writeTree } from '../support/lesson-fixtures.js';

function errorsOf(result: LoadResult): LessonError[] {
  assert.ok('errors' in result, 'expected errors, the lesson loaded');
  return result.errors;
}

/** Loads `lesson.en.md` = text in a folder named `demo` and returns its errors as "line: message". */
function lintText(text: string): string[] {
  const root = writeTree({ 'demo/lesson.en.md': text });
  return errorsOf(loadLesson(join(root, 'demo'))).map((e) => {
    assert.equal(e.file, join(root, 'demo', 'lesson.en.md'));
    return `${e.line}: ${e.message}`;
  });
}

describe('lesson loader', () => {
  it('loads a valid lesson into CheckSpec objects, steps, code actions and folds', () => {
    const root = writeTree({ 'demo/lesson.en.md': validLesson('demo'), 'demo/assets/hello.yaml': 'kind: Service\n' });
    const result = loadLesson(join(root, 'demo'));
    assert.ok('lesson' in result, JSON.stringify(result));
    const { lesson } = result;
    assert.equal(lesson.id, 'demo');
    assert.equal(lesson.duration, 20);
    assert.deepEqual(lesson.requires, ['knative']);
    assert.deepEqual(lesson.assets, [{ name: 'hello.yaml', path: join(root, 'demo', 'assets', 'hello.yaml') }]);
    const en = lesson.locales.en!;
    assert.deepEqual(en.steps.map((s) => [s.id, s.title, s.line]), [['deploy', 'Deploy', 10], ['step-2', 'Call it', 42]]);
    const deploy = en.steps[0]!;
    // Exactly the contract's objects: authoring ids are gone, nested checks included.
    assert.deepEqual(deploy.checks, [
      { kind: 'command', pattern: '/kubectl apply -f \\S+/' },
      {
        kind: 'within',
        seconds: 120,
        after: 'applied',
        check: { kind: 'resource', apiVersion: 'serving.knative.dev/v1', resource: 'services', name: 'hello', condition: { type: 'Ready' } },
      },
    ]);
    assert.deepEqual(deploy.checkIds, { applied: 0 });
    assert.deepEqual(deploy.solution, ['kubectl apply -f hello.yaml']);
    assert.deepEqual(deploy.wrong, [{ commands: ['kubectl apply --namescpace default -f hello.yaml'], hint: '--namespace' }]);
    assert.deepEqual(deploy.codeBlocks, [
      { lang: 'bash', text: 'kubectl apply -f hello.yaml', actions: { run: true, interrupt: false, copy: false }, line: 12 },
    ]);
    // The declaration is not shown to the learner; the hint is a fold of its own.
    assert.ok(!JSON.stringify(deploy.body).includes('kubeclass'));
    assert.deepEqual(deploy.body.map((n) => n.kind), ['markdown', 'fold']);
    const call = en.steps[1]!;
    assert.deepEqual(call.codeBlocks.map((b) => [b.line, b.actions]), [
      [44, { run: false, interrupt: false, copy: false, file: 'hello.yaml' }],
      [49, { run: true, interrupt: true, copy: false }],
    ]);
    const fold = call.body.find((n) => n.kind === 'fold');
    assert.ok(fold && fold.kind === 'fold');
    assert.equal(fold.fold, 'solution');
    assert.equal(fold.title, 'Show me');
  });

  it('reports front matter problems at their lines', () => {
    const text = validLesson('demo');
    assert.deepEqual(lintText(withLine(text, 4, 'duration: soon')), ['4: duration: Invalid input: expected number, received string']);
    assert.deepEqual(lintText(withLine(text, 5, 'requires: [knative, lambda]')), [
      '5: requires[1]: Invalid option: expected one of "knative"|"openfaas"',
    ]);
    assert.deepEqual(lintText(withLine(text, 2, 'id: other')), ['2: id "other" is not the folder\'s name "demo"']);
    assert.deepEqual(lintText(withLine(text, 6, 'locale: zh')), ['6: locale "zh" but the file is lesson.en.md']);
    // YAML notices the missing "]" where the next line starts.
    assert.deepEqual(lintText(withLine(text, 3, 'title: [unclosed')), ['4: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]']);
    assert.deepEqual(lintText(withLine(text, 3, 'summary: x')), ['2: title: required (string)', '3: Unrecognized key: "summary"']);
    assert.deepEqual(lintText(withLine(text, 7, 'still front matter')), ['1: the front matter is not closed: end it with a line "---"']);
    assert.deepEqual(lintText(text.split('\n').slice(7).join('\n')), ['1: a lesson file starts with YAML front matter between "---" lines']);
  });

  it('reports step declaration problems at the line inside the Markdown file', () => {
    const text = validLesson('demo');
    assert.deepEqual(lintText(withLine(text, 19, '  - kind: comand')), [
      '19: checks[0].kind: kind must be one of command, output, resource, http, file, script, quiz, within',
    ]);
    assert.deepEqual(lintText(withLine(text, 21, '    patern: kubectl')), ['19: checks[0].pattern: required (string)', '21: checks[0]: Unrecognized key: "patern"']);
    assert.deepEqual(lintText(withLine(text, 21, '    pattern: /kubectl (apply/')), [
      '21: checks[0].pattern: not a valid regular expression: Invalid regular expression: /kubectl (apply/: Unterminated group',
    ]);
    assert.deepEqual(lintText(withLine(text, 24, '    after: aplied')), ['24: checks[1].after: no check of this step has the id "aplied"']);
    // Nested in `within`: the line of the nested key.
    assert.deepEqual(lintText(withLine(text, 28, '      resources: services')), [
      '26: checks[1].check.resource: required (string)',
      '28: checks[1].check: Unrecognized key: "resources"',
    ]);
    assert.deepEqual(lintText(withLine(text, 35, '    hnt: --namespace')), ['34: wrong[0].hint: required (string)', '35: wrong[0]: Unrecognized key: "hnt"']);
    assert.deepEqual(lintText(withLine(text, 23, '    seconds: : 120')), ['23: YAML: Nested mappings are not allowed in compact mappings']);
  });

  it("names an http check's unknown placeholders, in the URL and in header values", () => {
    const headers = withLine(validLesson('demo'), 21, "    headers: { Host: 'hello.default.{knativeDomain}', X-Trace: '{trace}' }");
    assert.deepEqual(lintText(withLine(headers, 19, '  - kind: http\n    url: http://{ingres}/')), [
      '20: checks[0].url: unknown placeholder {ingres}: the known ones are {ingress}, {openfaas}, {knativeDomain}',
      '22: checks[0].headers.X-Trace: unknown placeholder {trace}: the known ones are {ingress}, {openfaas}, {knativeDomain}',
    ]);
  });

  it('reports Markdown structure problems at their lines', () => {
    const text = validLesson('demo');
    assert.deepEqual(lintText(withLine(text, 12, '```bash runn')), ['12: unknown code block action "runn" (run, interrupt, copy, file=path)']);
    assert.deepEqual(lintText(withLine(text, 12, '```bash interrupt')), ['12: "interrupt" sends Ctrl-C before running: it goes with "run"']);
    assert.deepEqual(lintText(withLine(text, 44, '```yaml file=../etc/passwd')), ['44: file=../etc/passwd: a path relative to the workspace, without ".." or empty parts']);
    assert.deepEqual(lintText(withLine(text, 38, ':::tip')), ['38: unknown fold ":::tip" (use :::hint or :::solution)']);
    assert.deepEqual(lintText(withLine(text, 40, '')), ['38: :::hint is not closed before the next step: end it with a line ":::"']);
    assert.deepEqual(lintText(withLine(text, 51, '')), ['49: the code block is not closed: end it with ```', '48: :::solution is not closed at the end of the file: end it with a line ":::"']);
    assert.deepEqual(lintText(withLine(text, 42, '## Deploy again\n```yaml kubeclass\nid: deploy\n```')), ['42: step id "deploy" is already the id of the step at line 10']);
    assert.deepEqual(lintText(withLine(text, 37, '```yaml kubeclass\n```')), ['37: a step has at most one ```yaml kubeclass block']);
    assert.deepEqual(lintText(text.split('\n').slice(0, 9).join('\n')), ['0: no steps: each step starts with a "## " heading']);
  });

  it('keeps `## ` and `:::` inside code blocks as code', () => {
    const root = writeTree({ 'demo/lesson.en.md': withLine(validLesson('demo'), 13, '## not a step\n:::') });
    const result = loadLesson(join(root, 'demo'));
    assert.ok('lesson' in result, JSON.stringify(result));
    assert.equal(result.lesson.locales.en!.steps.length, 2);
    assert.equal(result.lesson.locales.en!.steps[0]!.codeBlocks[0]!.text, '## not a step\n:::');
  });

  it('checks that locales agree on the lesson and its steps', () => {
    const zh = withLine(validLesson('demo', 'zh'), 17, 'id: deploy-it');
    const root = writeTree({ 'demo/lesson.en.md': validLesson('demo'), 'demo/lesson.zh.md': withLine(zh, 4, 'duration: 25') });
    assert.deepEqual(
      errorsOf(loadLesson(join(root, 'demo'))).map((e) => `${e.file.slice(root.length)}:${e.line}: ${e.message}`),
      ['/demo/lesson.zh.md:4: duration 25 differs from lesson.en.md (20)', '/demo/lesson.zh.md:10: step 1 is "deploy-it" here but "deploy" in lesson.en.md'],
    );
    const ok = writeTree({ 'demo/lesson.en.md': validLesson('demo'), 'demo/lesson.zh.md': validLesson('demo', 'zh') });
    const loaded = loadLesson(join(ok, 'demo'));
    assert.ok('lesson' in loaded);
    assert.deepEqual(Object.keys(loaded.lesson.locales).sort(), ['en', 'zh']);
  });

  it('hands out front matter assets and refuses missing ones', () => {
    const text = withLine(validLesson('demo'), 5, 'requires: [openfaas]\nassets: [stack.yml, gone.yml]');
    const root = writeTree({ 'demo/lesson.en.md': text, 'demo/stack.yml': 'version: 1.0\n' });
    assert.deepEqual(errorsOf(loadLesson(join(root, 'demo'))).map((e) => `${e.line}: ${e.message}`), ['6: asset "gone.yml" is not a file of the lesson folder']);
  });

  it('loadLessons skips a broken lesson, reports it, and loads the others', () => {
    const root = writeTree({
      'alpha/lesson.en.md': validLesson('alpha'),
      'broken/lesson.en.md': withLine(validLesson('broken'), 4, 'duration: -1'),
      'empty/notes.txt': 'no lesson here',
      'gamma/lesson.en.md': validLesson('gamma'),
      'README.md': 'a file beside the lessons is not a lesson',
    });
    const { lessons, errors } = loadLessons(root);
    assert.deepEqual(lessons.map((l) => l.id), ['alpha', 'gamma']);
    assert.deepEqual(errors.map((e) => `${e.file.slice(root.length)}:${e.line}: ${e.message}`.replace(':0:', ':')), [
      '/broken/lesson.en.md:4: duration: Too small: expected number to be >0',
      '/empty: no lesson file: write lesson.<locale>.md (lesson.en.md)',
    ]);
    assert.deepEqual(loadLessons(join(root, 'missing')).lessons, []);
    assert.equal(loadLessons(join(root, 'missing')).errors.length, 1);
  });
});

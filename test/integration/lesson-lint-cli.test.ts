// `kubeclass lesson lint` through the real CLI process: what an author and CI run.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI } from '../support/server-process.js';
import { runProcess } from '../support/run-process.js';
import { validLesson, withLine, writeTree } from '../support/lesson-fixtures.js';

describe('kubeclass lesson lint', () => {
  it('exits 0 on valid lessons', async () => {
    const root = writeTree({ 'alpha/lesson.en.md': validLesson('alpha'), 'alpha/lesson.zh.md': validLesson('alpha', 'zh') });
    const result = await runProcess(process.execPath, [CLI, 'lesson', 'lint', root]);
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, '1 lesson valid, 0 problems\n');
    assert.equal(result.code, 0);
  });

  it('prints file:line: message for each problem and exits 1', async () => {
    const root = writeTree({
      'alpha/lesson.en.md': validLesson('alpha'),
      'broken/lesson.en.md': withLine(validLesson('broken'), 19, '  - kind: comand'),
    });
    const result = await runProcess(process.execPath, [CLI, 'lesson', 'lint', root, join(root, 'broken'), join(root, 'nowhere')]);
    assert.equal(
      result.stderr,
      `${join(root, 'broken', 'lesson.en.md')}:19: checks[0].kind: kind must be one of command, output, resource, http, file, script, quiz, within\n`.repeat(2) +
        `${join(root, 'nowhere')}: no such folder\n`,
    );
    assert.equal(result.stdout, '1 lesson valid, 3 problems\n');
    assert.equal(result.code, 1);
  });

  it("lints the repository's own lessons clean", async () => {
    const repo = join(dirname(CLI), '..', '..');
    const result = await runProcess(process.execPath, [CLI, 'lesson', 'lint'], { cwd: repo });
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /^[1-9]\d* lessons? valid, 0 problems\n$/);
    assert.equal(result.code, 0);
  });

  it('refuses an unknown subcommand', async () => {
    const result = await runProcess(process.execPath, [CLI, 'lesson', 'frobnicate']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown subcommand "frobnicate"/);
  });
});

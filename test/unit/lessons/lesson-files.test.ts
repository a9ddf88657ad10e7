// "Create this file": inside the workspace only, through no symlink, and never losing the learner's own file.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { writeLessonFile } from '../../../server/lessons/service/lesson-files.js';
import { pickLocale } from '../../../server/lessons/service/lesson-catalog.js';

describe('writeLessonFile', () => {
  const root = mkdtempSync(join(tmpdir(), 'kubeclass-files-'));
  const workspace = join(root, 'ws');
  const outside = join(root, 'outside');
  mkdirSync(workspace);
  mkdirSync(outside);
  after(() => rmSync(root, { recursive: true, force: true }));

  it('writes nested paths, ending the text with a newline', () => {
    assert.deepEqual(writeLessonFile(workspace, 'k8s/app.yaml', 'a: 1'), {});
    assert.equal(readFileSync(join(workspace, 'k8s/app.yaml'), 'utf8'), 'a: 1\n');
    assert.deepEqual(writeLessonFile(workspace, 'k8s/app.yaml', 'a: 1\n'), {}, 'the same text: nothing to keep');
  });

  it('keeps a different file under .orig, .orig.2, ...', () => {
    writeFileSync(join(workspace, 'f.txt'), 'mine 1\n');
    assert.deepEqual(writeLessonFile(workspace, 'f.txt', 'lesson'), { backup: 'f.txt.orig' });
    writeFileSync(join(workspace, 'f.txt'), 'mine 2\n');
    assert.deepEqual(writeLessonFile(workspace, 'f.txt', 'lesson'), { backup: 'f.txt.orig.2' });
    assert.equal(readFileSync(join(workspace, 'f.txt.orig'), 'utf8'), 'mine 1\n');
    assert.equal(readFileSync(join(workspace, 'f.txt.orig.2'), 'utf8'), 'mine 2\n');
  });

  it('refuses paths and links that lead outside', () => {
    assert.throws(() => writeLessonFile(workspace, '../outside/x', 't'), /inside the workspace/);
    assert.throws(() => writeLessonFile(workspace, '/etc/passwd', 't'), /inside the workspace/);
    symlinkSync(outside, join(workspace, 'link'));
    assert.throws(() => writeLessonFile(workspace, 'link/x.txt', 't'), /outside the workspace/);
    // A link as the file itself (even dangling) is moved aside, never written through.
    symlinkSync(join(outside, 'target.txt'), join(workspace, 'dangling.txt'));
    assert.deepEqual(writeLessonFile(workspace, 'dangling.txt', 'safe'), { backup: 'dangling.txt.orig' });
    assert.equal(readFileSync(join(workspace, 'dangling.txt'), 'utf8'), 'safe\n');
    assert.throws(() => readFileSync(join(outside, 'target.txt')), /ENOENT/);
  });
});

describe('pickLocale', () => {
  const lesson = { locales: { en: {}, zh: {}, 'pt-BR': {} } } as unknown as Parameters<typeof pickLocale>[0];
  it('exact, then the same language, then English', () => {
    assert.equal(pickLocale(lesson, 'zh'), 'zh');
    assert.equal(pickLocale(lesson, 'zh-CN'), 'zh');
    assert.equal(pickLocale(lesson, 'pt'), 'pt-BR');
    assert.equal(pickLocale(lesson, 'PT-br'), 'pt-BR');
    assert.equal(pickLocale(lesson, 'fr'), 'en');
    assert.equal(pickLocale(lesson, undefined), 'en');
    assert.equal(pickLocale({ locales: { zh: {} } } as unknown as Parameters<typeof pickLocale>[0], 'fr'), 'zh');
  });
});

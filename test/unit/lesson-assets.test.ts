// handOutAssets: a lesson's files land in the workspace under their names; a learner's own file is kept.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { handOutAssets } from '../../server/lessons/assets.js';
import { writeTree } from '../support/lesson-fixtures.js';

describe('handOutAssets', () => {
  const lessonDir = writeTree({ 'assets/hello.yaml': 'kind: Service\n', 'assets/deep/x.txt': 'x\n', 'stack.yml': 'version: 1.0\n' });
  const lesson = {
    assets: [
      { name: 'hello.yaml', path: join(lessonDir, 'assets/hello.yaml') },
      { name: 'deep/x.txt', path: join(lessonDir, 'assets/deep/x.txt') },
      { name: 'stack.yml', path: join(lessonDir, 'stack.yml') },
    ],
  };

  it('copies every asset, creating folders, and keeps a file the learner already has unless asked', () => {
    const workspace = writeTree({ 'stack.yml': 'mine\n' });
    assert.deepEqual(handOutAssets(lesson, workspace), [
      { name: 'hello.yaml', written: true },
      { name: 'deep/x.txt', written: true },
      { name: 'stack.yml', written: false },
    ]);
    assert.equal(readFileSync(join(workspace, 'deep/x.txt'), 'utf8'), 'x\n');
    assert.equal(readFileSync(join(workspace, 'stack.yml'), 'utf8'), 'mine\n');
    writeFileSync(join(workspace, 'hello.yaml'), 'edited\n');
    assert.deepEqual(handOutAssets(lesson, workspace, { overwrite: true }).map((h) => h.written), [true, true, true]);
    assert.equal(readFileSync(join(workspace, 'hello.yaml'), 'utf8'), 'kind: Service\n');
    assert.equal(readFileSync(join(workspace, 'stack.yml'), 'utf8'), 'version: 1.0\n');
  });

  it('refuses a name outside the workspace', () => {
    const workspace = writeTree({});
    assert.throws(() => handOutAssets({ assets: [{ name: '../escape.txt', path: join(lessonDir, 'stack.yml') }] }, workspace), /outside the workspace/);
  });
});

// `kubeclass images` through the real CLI: the list read from the release files (a mirror here, Knative's
// verified against its release's checksums.txt) and the lessons; `save` up to the edge of Docker, with a
// stand-in docker that records pulls and writes the archive; `load` handing the archive to kind.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeSandboxRelease } from '../../server/clusters/kind/provision/sandbox-release.js';
import { IMAGES } from '../../server/clusters/sandbox/knative/install/constants.js';
import { writeFakeKind } from '../support/docker-edge.js';
import { runProcess } from '../support/run-process.js';
import { CLI } from '../support/server-process.js';

describe('kubeclass images', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let dockerLog: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubeclass-images-'));
    const release = writeSandboxRelease(join(dir, 'mirror'));
    const kind = writeFakeKind(dir, join(dir, 'no-kubeconfig'));
    dockerLog = join(dir, 'docker.log');
    // A docker that pulls everything but one image, and writes what save was asked for as the archive.
    writeFileSync(
      join(kind.binDir, 'docker'),
      `#!/bin/sh\necho "$*" >> '${dockerLog}'\ncase "$1" in\n  pull) case "$3" in *markdown-render*) echo "Error response from daemon: pull access denied for functions/markdown-render" >&2; exit 1;; esac; echo "$3" ;;\n  save) out="$3"; shift 3; printf '%s\\n' "$@" > "$out" ;;\nesac\n`,
    );
    chmodSync(join(kind.binDir, 'docker'), 0o755);
    mkdirSync(join(dir, 'home'));
    env = { PATH: `${kind.binDir}:${process.env.PATH}`, HOME: join(dir, 'home'), KUBECLASS_CACHE_DIR: join(dir, 'cache'), KUBECLASS_MIRROR: release.mirror };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the images of the release files, the OpenFaaS chart and the lessons', async () => {
    const listed = await runProcess(process.execPath, [CLI, 'images', 'list'], { env });
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^# Knative Serving$/m);
    for (const image of [IMAGES.activator, IMAGES.controller, IMAGES.webhook, IMAGES.queue, IMAGES.kourier, IMAGES.envoy, 'ghcr.io/openfaas/gateway:0.27.13', 'ghcr.io/openfaas/faas-netes:0.18.16', 'ghcr.io/openfaas/figlet:latest']) {
      assert.ok(listed.stdout.split('\n').includes(image), `${image} in\n${listed.stdout}`);
    }
  });

  it('save pulls each image and writes one archive; an image that cannot be pulled is named and left out', async () => {
    const archive = join(dir, 'images.tar');
    const saved = await runProcess(process.execPath, [CLI, 'images', 'save', archive], { env });
    assert.equal(saved.code, 1, saved.stderr);
    assert.match(saved.stdout, new RegExp(`✓ ${IMAGES.controller.replace(/[.@]/g, '\\$&')}`));
    assert.match(saved.stdout, /✗ functions\/markdown-render:latest: Error response from daemon: pull access denied/);
    assert.match(saved.stderr, /1 image could not be pulled and is not in the archive: functions\/markdown-render:latest/);
    const inArchive = readFileSync(archive, 'utf8').trim().split('\n');
    assert.ok(inArchive.includes(IMAGES.envoy));
    assert.ok(!inArchive.includes('functions/markdown-render:latest'));
    const pulls = readFileSync(dockerLog, 'utf8').split('\n').filter((l) => l.startsWith('pull '));
    assert.equal(pulls.length, inArchive.length + 1);
  });

  it('load hands the archive to kind; save without docker says so', async () => {
    const loaded = await runProcess(process.execPath, [CLI, 'images', 'load', join(dir, 'images.tar')], { env });
    assert.equal(loaded.code, 0, loaded.stderr);
    assert.match(readFileSync(join(dir, 'kind-calls.log'), 'utf8'), /^load image-archive \S+images\.tar --name kubeclass$/m);
    const noDocker = await runProcess(process.execPath, [CLI, 'images', 'save', join(dir, 'other.tar')], { env: { ...env, PATH: '/usr/bin:/bin' } });
    assert.equal(noDocker.code, 1);
    assert.match(noDocker.stderr, /docker is not installed/);
    assert.equal(existsSync(join(dir, 'other.tar')), false);
  });
});

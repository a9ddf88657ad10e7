import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogue, pullBackOffMessage, resolveImage } from '../../server/clusters/sandbox/runtime/image-catalogue.js';
import { ContainerLogBuffer, formatLogTimestamp } from '../../server/clusters/sandbox/runtime/container-log.js';
import { containerArgv, expandReferences } from '../../server/clusters/sandbox/runtime/container-command.js';

function failure(image: string): { reason: string; message: string; eventMessage: string } {
  const resolution = resolveImage(image);
  assert.equal(resolution.ok, false, image);
  if (resolution.ok) throw new Error('unreachable');
  return resolution;
}

describe('image resolution', () => {
  it('normalises references as docker and containerd do', () => {
    const cases: Array<[string, string]> = [
      ['nginx', 'docker.io/library/nginx:latest'],
      ['nginx:1.27', 'docker.io/library/nginx:1.27'],
      ['docker.io/library/busybox:1.36', 'docker.io/library/busybox:1.36'],
      ['index.docker.io/library/alpine', 'docker.io/library/alpine:latest'],
      ['hashicorp/http-echo', 'docker.io/hashicorp/http-echo:latest'],
      ['ghcr.io/knative/helloworld-go:latest', 'ghcr.io/knative/helloworld-go:latest'],
      ['gcr.io/google-samples/hello-app:1.0', 'gcr.io/google-samples/hello-app:1.0'],
    ];
    for (const [image, ref] of cases) {
      const resolution = resolveImage(image);
      assert.ok(resolution.ok, image);
      if (!resolution.ok) continue;
      assert.equal(resolution.ref, ref);
      assert.match(resolution.imageId, new RegExp(`^${ref.replace(/:[^:/]+$/, '').replaceAll('.', '\\.')}@sha256:[0-9a-f]{64}$`));
    }
    assert.deepEqual(resolveImage('nginx'), resolveImage('docker.io/library/nginx:latest'), 'stable digest');
    assert.notEqual((resolveImage('nginx:1.27') as { imageId: string }).imageId, (resolveImage('nginx') as { imageId: string }).imageId);
  });

  it('takes digest references of known repositories', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const resolution = resolveImage(`nginx@${digest}`);
    assert.ok(resolution.ok);
    if (resolution.ok) {
      assert.equal(resolution.ref, `docker.io/library/nginx@${digest}`);
      assert.equal(resolution.imageId, `docker.io/library/nginx@${digest}`);
    }
  });

  it('fails a missing repository as Docker Hub does on kind, naming the catalogue', () => {
    const result = failure('nginxx');
    assert.equal(result.reason, 'ErrImagePull');
    assert.ok(result.message.startsWith('failed to pull and unpack image "docker.io/library/nginxx:latest": failed to resolve reference "docker.io/library/nginxx:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed (the kubeclass sandbox runs only images of its catalogue: busybox, alpine,'), result.message);
    assert.ok(result.eventMessage.startsWith('Failed to pull image "nginxx": failed to pull and unpack image'));
    assert.match(failure('bitnami/redis:7').message, /"docker\.io\/bitnami\/redis:7": pull access denied/);
  });

  it('fails a missing tag with NotFound', () => {
    assert.ok(failure('nginx:latset').message.startsWith('rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:latset": failed to resolve reference "docker.io/library/nginx:latset": docker.io/library/nginx:latset: not found ('));
  });

  it('fails other registries with their own answers', () => {
    assert.match(failure('ghcr.io/x/y:tag').message, /failed to resolve reference "ghcr\.io\/x\/y:tag": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https:\/\/ghcr\.io\/token\?scope=repository%3Ax%2Fy%3Apull&service=ghcr\.io: 403 Forbidden/);
    assert.match(failure('gcr.io/nope/nothing:1').message, /^rpc error: code = NotFound desc = .*gcr\.io\/nope\/nothing:1: not found/);
  });

  it('refuses invalid names as kubelet does (InvalidImageName)', () => {
    const upper = resolveImage('NGINX');
    assert.equal(upper.ok, false);
    if (!upper.ok) {
      assert.equal(upper.reason, 'InvalidImageName');
      assert.equal(upper.message, 'Failed to apply default image tag "NGINX": couldn\'t parse image name "NGINX": invalid reference format: repository name (library/NGINX) must be lowercase');
      assert.equal(upper.eventReason, 'InspectFailed');
    }
    assert.match(failure('nginx:').message, /couldn't parse image name "nginx:": invalid reference format$/);
    assert.match(failure('https://nginx').message, /invalid reference format$/);
    assert.equal(failure('Nginx:1.27').reason, 'InvalidImageName');
  });

  it('words the back-off message as kubelet 1.32', () => {
    assert.equal(pullBackOffMessage('nginxx'), 'Back-off pulling image "nginxx"');
    assert.equal(pullBackOffMessage('nginxx', { reason: 'ErrImagePull', message: 'boom' }), 'Back-off pulling image "nginxx": ErrImagePull: boom');
  });

  it('declares the images the lessons need', () => {
    const repositories = new Set(catalogue().map((image) => image.repository));
    for (const repository of ['docker.io/library/busybox', 'docker.io/library/alpine', 'docker.io/library/nginx', 'docker.io/traefik/whoami', 'registry.k8s.io/pause', 'ghcr.io/openfaas/figlet', 'docker.io/functions/alpine', 'gcr.io/knative-samples/helloworld-go']) {
      assert.ok(repositories.has(repository), repository);
    }
  });
});

describe('container command and log', () => {
  it('applies command/args over ENTRYPOINT/CMD and expands $(VAR)', () => {
    const nginx = catalogue().find((image) => image.repository === 'docker.io/library/nginx');
    assert.ok(nginx);
    assert.deepEqual(containerArgv(nginx), ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
    assert.deepEqual(containerArgv(nginx, undefined, ['nginx-debug']), ['/docker-entrypoint.sh', 'nginx-debug']);
    assert.deepEqual(containerArgv(nginx, ['sh', '-c'], ['echo hi']), ['sh', '-c', 'echo hi']);
    assert.equal(expandReferences('$(A)-$(B)-$$(A)', { A: 'x' }), 'x-$(B)-$(A)');
  });

  it('serves tailLines, timestamps, since and limitBytes', () => {
    const log = new ContainerLogBuffer();
    log.write('stdout', 'one\ntw');
    log.write('stderr', 'err\n');
    log.write('stdout', 'o\nthree\n');
    assert.equal(log.read(), 'one\nerr\ntwo\nthree\n');
    assert.equal(log.read({ tailLines: 2 }), 'two\nthree\n');
    assert.equal(log.read({ tailLines: 0 }), '');
    assert.equal(log.read({ limitBytes: 6 }), 'one\ner');
    const stamped = log.read({ timestamps: true, tailLines: 1 });
    assert.match(stamped, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z three\n$/);
    assert.equal(log.read({ sinceTime: new Date(Date.now() + 60_000) }), '');
    assert.equal(log.read({ sinceSeconds: 60 }), 'one\nerr\ntwo\nthree\n');
    assert.equal(formatLogTimestamp(1_700_000_000_123_456), '2023-11-14T22:13:20.123456000Z');
  });

  it('drops the oldest lines past its cap and ends followers', () => {
    const log = new ContainerLogBuffer(20);
    for (let i = 0; i < 10; i += 1) log.write('stdout', `line ${i}\n`);
    assert.equal(log.read(), 'line 8\nline 9\n');
    const seen: string[] = [];
    let ended = false;
    log.follow((text) => seen.push(text));
    log.onEnd(() => (ended = true));
    log.write('stdout', 'tail');
    log.end();
    assert.deepEqual(seen, ['tail']);
    assert.ok(ended && log.ended);
  });
});

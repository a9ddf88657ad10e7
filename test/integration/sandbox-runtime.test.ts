import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ContainerRuntime, type ContainerLaunch, type ContainerProcess } from '../../server/clusters/sandbox/runtime/container-runtime.js';
import { resolveImage } from '../../server/clusters/sandbox/runtime/image-catalogue.js';

const root = mkdtempSync(join(tmpdir(), 'kubeclass-runtime-'));
const runtime = new ContainerRuntime({ rootDir: root });
after(async () => {
  await runtime.stopAll();
  rmSync(root, { recursive: true, force: true });
});

let counter = 0;
function launch(image: string, spec: Partial<ContainerLaunch> = {}): ContainerLaunch {
  const resolved = resolveImage(image);
  if (!resolved.ok) throw new Error(resolved.message);
  counter += 1;
  return { namespace: 'default', podName: `pod-${counter}`, podUid: `uid-${counter}`, containerName: 'main', resolved, env: [], ...spec };
}

/** Pids whose environment names a container of this test's runtime. */
function containerPids(): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).flatMap((name) => {
    try {
      // Only this test's containers: other test files run sandboxes (and containers) at the same time.
      const environ = readFileSync(`/proc/${name}/environ`);
      return environ.includes(Buffer.from('KUBECLASS_CONTAINER=')) && environ.includes(Buffer.from(root)) ? [Number(name)] : [];
    } catch {
      return [];
    }
  });
}

async function waitFor(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function get(container: ContainerProcess, port: number, path = '/'): Promise<{ status: number; body: string }> {
  const handler = container.http?.(port);
  assert.ok(handler, `serves port ${port}`);
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port: local } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      request({ host: '127.0.0.1', port: local, path }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }).on('error', reject).end();
    });
  } finally {
    server.close();
  }
}

describe('container runtime: shell images run for real', () => {
  it('runs `echo hi` from args on busybox', async () => {
    const container = runtime.start(launch('busybox', { command: ['echo'], args: ['hi'] }));
    const exit = await container.exited;
    assert.equal(exit.exitCode, 0);
    assert.equal(exit.reason, 'Completed');
    assert.equal(container.log.read(), 'hi\n');
    assert.ok(container.log.ended);
  });

  it('logs stdout and stderr and reports a failing exit', async () => {
    const container = runtime.start(launch('alpine:3.20', { command: ['sh', '-c', 'echo out; echo err >&2; exit 3'] }));
    const exit = await container.exited;
    assert.equal(exit.exitCode, 3);
    assert.equal(exit.reason, 'Error');
    const lines = container.log.read().split('\n').filter(Boolean).sort();
    assert.deepEqual(lines, ['err', 'out']);
  });

  it('ends a bare busybox `sh` at once with 0: no stdin (what makes a busybox Deployment crash-loop)', async () => {
    const container = runtime.start(launch('busybox'));
    const exit = await container.exited;
    assert.equal(exit.exitCode, 0);
    assert.equal(container.log.read(), '');
  });

  it('fails an unknown executable as containerd does', async () => {
    const exit = await runtime.start(launch('busybox', { command: ['nosuchprogram'] })).exited;
    assert.equal(exit.exitCode, 128);
    assert.equal(exit.reason, 'StartError');
    assert.equal(exit.message, 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "nosuchprogram": executable file not found in $PATH: unknown');
    const distroless = await runtime.start(launch('hashicorp/http-echo', { command: ['sh', '-c', 'echo hi'] })).exited;
    assert.equal(distroless.reason, 'StartError');
  });

  it('gives a clean environment: the pod env, HOSTNAME, KUBERNETES_*, never the server\'s', async () => {
    process.env.KUBECLASS_TEST_CANARY = 'leaked';
    try {
      const spec = launch('busybox', { command: ['env'], env: [{ name: 'GREETING', value: 'hello' }] });
      const container = runtime.start(spec);
      await container.exited;
      const env = container.log.read();
      assert.doesNotMatch(env, /CANARY/);
      assert.match(env, /^GREETING=hello$/m);
      assert.match(env, new RegExp(`^HOSTNAME=${spec.podName}$`, 'm'));
      assert.match(env, /^KUBERNETES_SERVICE_HOST=10\.96\.0\.1$/m);
      assert.match(env, /^KUBERNETES_SERVICE_PORT=443$/m);
      assert.match(env, /^PATH=/m);
    } finally {
      delete process.env.KUBECLASS_TEST_CANARY;
    }
  });

  it('expands $(VAR) in args and runs in its own scratch directory', async () => {
    const container = runtime.start(launch('busybox', { command: ['sh', '-c'], args: ['echo $(WHO); pwd'], env: [{ name: 'WHO', value: 'me' }] }));
    await container.exited;
    const [who, cwd] = container.log.read().split('\n');
    assert.equal(who, 'me');
    assert.ok(cwd?.startsWith(root), cwd);
  });

  it('SIGKILLs, after the grace, a PID 1 that does not handle SIGTERM (as a real `sleep` pod)', async () => {
    const container = runtime.start(launch('busybox', { command: ['sleep', '30'] }));
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    const exit = await container.stop(1);
    const took = Date.now() - started;
    assert.equal(exit.exitCode, 137);
    assert.equal(exit.reason, 'Error');
    assert.ok(took >= 900 && took < 3000, `took ${took} ms`);
  });

  it('SIGKILLs after the grace a shell that ignores TERM', async () => {
    const container = runtime.start(launch('busybox', { command: ['sh', '-c', 'trap "" TERM; sleep 30'] }));
    await new Promise((r) => setTimeout(r, 200));
    const exit = await container.stop(1);
    assert.equal(exit.exitCode, 137);
  });

  it('ends quickly a program that handles SIGTERM, and leaves none of its children', async () => {
    const container = runtime.start(launch('busybox', { command: ['sh', '-c', 'trap "exit 143" TERM; sleep 30 & sleep 31 & echo started; wait'] }));
    await waitFor(() => container.log.read() === 'started\n');
    await waitFor(() => containerPids().length >= 3);
    const started = Date.now();
    const exit = await container.stop(10);
    assert.equal(exit.exitCode, 143);
    assert.ok(Date.now() - started < 2000);
    await waitFor(() => containerPids().length === 0);
  });

  it('without PID 1 rules, SIGTERM ends a plain `sleep` with 143', async () => {
    const plain = new ContainerRuntime({ rootDir: root, pid1Signals: false });
    const container = plain.start(launch('busybox', { command: ['sleep', '30'] }));
    await new Promise((r) => setTimeout(r, 200));
    const exit = await container.stop(5);
    assert.equal(exit.exitCode, 143);
    assert.equal(exit.signal, 'SIGTERM');
  });

  it('kills daemons that left the process group when the container ends', async () => {
    const container = runtime.start(launch('busybox', { command: ['sh', '-c', 'setsid sleep 40 & echo ok'] }));
    await container.exited;
    await waitFor(() => containerPids().length === 0);
  });

  it('follow receives later output and ends with the container', async () => {
    const container = runtime.start(launch('busybox', { command: ['sh', '-c', 'echo a; sleep 0.3; echo b'] }));
    const seen: string[] = [];
    container.log.follow((text) => seen.push(text), { timestamps: true });
    const ended = new Promise<void>((resolve) => container.log.onEnd(resolve));
    await ended;
    assert.ok(seen.some((text) => / b\n$/.test(text)), JSON.stringify(seen));
    assert.match(seen.at(-1) ?? '', /^\d{4}-\d\d-\d\dT[\d:.]+Z b\n$/);
  });

  it('runs a command override on nginx for real (the image has /bin/sh)', async () => {
    const container = runtime.start(launch('nginx', { command: ['sh', '-c', 'echo hi'] }));
    assert.equal(container.kind, 'host');
    await container.exited;
    assert.equal(container.log.read(), 'hi\n');
  });
});

describe('container runtime: emulated programs', () => {
  it('nginx logs its start, serves the welcome page, and exits 0 on SIGQUIT', async () => {
    const container = runtime.start(launch('nginx:1.27'));
    assert.equal(container.kind, 'emulated');
    const log = container.log.read();
    assert.match(log, /Configuration complete; ready for start up/);
    assert.match(log, /\[notice\] 1#1: nginx\/1\.27\.5/);
    assert.match(log, /start worker processes/);
    const page = await get(container, 80);
    assert.equal(page.status, 200);
    assert.match(page.body, /<title>Welcome to nginx!<\/title>/);
    assert.equal((await get(container, 80, '/nope')).status, 404);
    assert.match(container.log.read({ tailLines: 1 }), /"GET \/nope HTTP\/1\.1" 404/);
    assert.equal(container.http?.(8080), undefined);
    const exit = await container.stop(30);
    assert.equal(exit.exitCode, 0);
    assert.match(container.log.read(), /signal 3 \(SIGQUIT\) received, shutting down/);
  });

  it('nginx with `nginx -g daemon off;` as command is still emulated', () => {
    const container = runtime.start(launch('nginx', { command: ['nginx', '-g', 'daemon off;'] }));
    assert.equal(container.kind, 'emulated');
    assert.doesNotMatch(container.log.read(), /docker-entrypoint/);
    void container.stop(0);
  });

  it('http-echo answers its -text, hello-app its hostname, whoami its dump', async () => {
    const echo = runtime.start(launch('hashicorp/http-echo', { args: ['-text=hello there'] }));
    assert.equal((await get(echo, 5678)).body, 'hello there\n');
    const hello = runtime.start(launch('gcr.io/google-samples/hello-app:2.0'));
    const spec = hello as ContainerProcess;
    assert.match((await get(spec, 8080)).body, /^Hello, world!\nVersion: 2\.0\.0\nHostname: pod-\d+\n$/);
    const who = runtime.start(launch('traefik/whoami', { podIP: '10.244.0.9' }));
    assert.match((await get(who, 80)).body, /^Hostname: pod-\d+\n[\s\S]*IP: 10\.244\.0\.9\n[\s\S]*GET \/ HTTP\/1\.1\n/);
    const missing = await runtime.start(launch('hashicorp/http-echo')).exited;
    assert.equal(missing.exitCode, 127);
  });

  it('a Go program exits 2 on SIGTERM (the Go runtime handles it); one with no handler at all is killed after the grace', async () => {
    const who = runtime.start(launch('traefik/whoami'));
    const started = Date.now();
    assert.equal((await who.stop(30)).exitCode, 2);
    assert.ok(Date.now() - started < 5_000, 'whoami did not wait for the grace period');
    const shell = runtime.start(launch('busybox', { command: ['sleep', '30'] }));
    assert.equal((await shell.stop(0.2)).exitCode, 137);
  });

  it('200 idle emulated containers are cheap, and stopAll ends every container', async () => {
    const local = new ContainerRuntime({ rootDir: root });
    for (let i = 0; i < 200; i += 1) local.start(launch('nginx'));
    const sleeper = local.start(launch('busybox', { command: ['sh', '-c', 'sleep 60 & sleep 61'] }));
    await waitFor(() => containerPids().length >= 2);
    assert.equal(local.running, 201);
    await local.stopAll();
    assert.equal(local.running, 0);
    assert.equal((await sleeper.exited).exitCode, 137);
    await waitFor(() => containerPids().length === 0);
    assert.ok(!existsSync(join(root, 'default_pod-0_uid-0')));
  });
});

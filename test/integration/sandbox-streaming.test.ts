// exec, attach and port-forward through the real kubectl (1.32: WebSockets, with SPDY tunnelled inside one for
// port-forward). Every assertion reads what kubectl printed or its exit code; processes are checked in /proc.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as pty from 'node-pty';
import WebSocket from 'ws';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';
import { Kubectl } from '../support/kubectl.js';
import { freePort } from '../support/ports.js';
import { processesUnder } from '../support/processes.js';
import { until } from '../support/wait.js';

const POD = (name: string, image: string, command?: string[], args?: string[]): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: name } }, spec: { containers: [{ name, image, ...(command ? { command } : {}), ...(args ? { args } : {}) }] } });

const SERVICE = JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });


function fetchLocal(port: number, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('sandbox exec, attach and port-forward through real kubectl', () => {
  let sandbox: RunningSandbox;
  let kubectl: Kubectl;
  let runtimeDir: string;
  const ok = async (args: string[], input?: string): Promise<string> => {
    const r = await kubectl.run(args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  before(async () => {
    runtimeDir = mkdtempSync(join(tmpdir(), 'kubeclass-streaming-'));
    sandbox = await startSandbox({ runtimeDir });
    kubectl = new Kubectl(sandbox.url, sandbox.token, sandbox.caPem);
    await ok(['apply', '-f', '-'], POD('busy', 'busybox', ['sleep', '3600']));
    await ok(['apply', '-f', '-'], POD('web', 'nginx'));
    await ok(['apply', '-f', '-'], POD('echo', 'hashicorp/http-echo', undefined, ['-text=hi']));
    await ok(['apply', '-f', '-'], POD('stuck', 'nginx:no-such-tag'));
    await ok(['apply', '-f', '-'], SERVICE);
    await ok(['wait', '--for=condition=Ready', 'pod/busy', 'pod/web', 'pod/echo', '--timeout=20s']);
    // Once in a long while this set-up hung in CI with no kubectl running; bounded, it fails instead of hanging.
  }, { timeout: 120_000 });
  after(async () => {
    kubectl?.dispose();
    await sandbox?.close();
    // Nothing exec started may outlive the sandbox.
    await until('no process left', () => (processesUnder(runtimeDir).length === 0 ? true : undefined), 5000);
    rmSync(runtimeDir, { recursive: true, force: true });
  });

  it('exec runs the command in the container: output, environment, working directory', async () => {
    assert.equal(await ok(['exec', 'busy', '--', 'echo', 'hi']), 'hi\n');
    assert.equal(await ok(['exec', 'busy', '--', 'sh', '-c', 'echo $HOSTNAME; echo $KUBERNETES_SERVICE_HOST']), 'busy\n10.96.0.1\n');
    const cwd = (await ok(['exec', 'busy', '--', 'pwd'])).trim();
    assert.ok(cwd.startsWith(runtimeDir), `exec's cwd ${cwd} is the container's scratch root`);
    // Emulated nginx has a shell in its image: commands run for real there too.
    assert.equal(await ok(['exec', 'web', '--', 'sh', '-c', 'echo from $HOSTNAME']), 'from web\n');
  });

  it('exec keeps stdout and stderr apart and passes the exit code on', async () => {
    const r = await kubectl.run(['exec', 'busy', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.equal(r.code, 3);
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'err\ncommand terminated with exit code 3\n');
  });

  it('exec -i feeds stdin and ends it', async () => {
    assert.equal(await ok(['exec', '-i', 'busy', '--', 'sh', '-c', 'cat; echo done'], 'line 1\nline 2\n'), 'line 1\nline 2\ndone\n');
  });

  it('exec -it gives an interactive shell on a terminal', async () => {
    const term = pty.spawn('kubectl', ['exec', '-it', 'busy', '--', 'sh'], { cols: 100, rows: 30, env: kubectl.env as Record<string, string> });
    let screen = '';
    term.onData((d) => (screen += d));
    const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
    try {
      await until('a prompt', () => (/[#$] $/.test(screen) ? true : undefined));
      term.write('echo "name=$HOSTNAME"; stty size; test -t 0 && echo on-a-tty\r');
      await until('the answers', () => (screen.includes('on-a-tty\r\n') ? true : undefined));
      assert.match(screen, /name=busy\r\n/);
      assert.match(screen, /30 100\r\n/, 'kubectl sent the terminal size on the resize channel');
      term.write('exit 5\r');
      assert.equal(await exited, 5);
      assert.match(screen, /command terminated with exit code 5/);
    } finally {
      term.kill('SIGKILL');
    }
  });

  it('exec fails as containerd does when the program is not in the image', async () => {
    const distroless = await kubectl.run(['exec', 'echo', '--', 'sh']);
    assert.equal(distroless.code, 1);
    assert.match(
      distroless.stderr,
      /^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": executable file not found in \$PATH: unknown\n$/,
    );
    const missing = await kubectl.run(['exec', 'busy', '--', 'no-such-program']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /exec: "no-such-program": executable file not found in \$PATH: unknown\n$/);
  });

  it('exec is refused before the upgrade as the apiserver and kubelet refuse it', async () => {
    const r = (args: string[]): Promise<string> => kubectl.run(args).then((x) => x.stderr);
    assert.equal(await r(['exec', 'nope', '--', 'sh']), 'Error from server (NotFound): pods "nope" not found\n');
    assert.equal(await r(['exec', 'busy', '-c', 'other', '--', 'sh']), 'Error from server (BadRequest): container other is not valid for pod busy\n');
    assert.equal(await r(['exec', 'stuck', '--', 'sh']), 'error: unable to upgrade connection: container not found ("stuck")\n');
  });

  it('an exec whose client goes away is ended with its processes', async () => {
    const run = kubectl.start(['exec', 'busy', '--', 'sh', '-c', 'sleep 300']);
    const sleeping = (): number[] => processesUnder(runtimeDir).filter((pid) => commOf(pid) === 'sleep' && argsOf(pid).includes('300'));
    await until('the exec to run', () => (sleeping().length > 0 ? true : undefined));
    run.stop();
    await until('the exec to end', () => (sleeping().length === 0 ? true : undefined), 5000);
  });

  it('attach follows the container output', async () => {
    await ok(['apply', '-f', '-'], POD('ticker', 'busybox', ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done']));
    await ok(['wait', '--for=condition=Ready', 'pod/ticker', '--timeout=20s']);
    const attach = kubectl.start(['attach', 'ticker']);
    try {
      const seen = await until('two ticks', () => (/tick \d+\n.*tick \d+\n/s.test(attach.output()) ? attach.output() : undefined));
      assert.match(seen, /tick \d+\n/);
    } finally {
      attach.stop();
    }
  });

  it('an upgrade without the token is refused with 401', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${sandbox.url.replace('https', 'wss')}/api/v1/namespaces/default/pods/busy/exec?command=id&stdout=true`, ['v5.channel.k8s.io'], { ca: sandbox.caPem });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('upgraded without a token')));
      ws.on('error', () => {});
    });
    assert.equal(status, 401);
  });

  it('port-forward to a Service reaches nginx through the tunnel', async () => {
    const port = await freePort();
    const forward = kubectl.start(['port-forward', 'svc/web', `${port}:80`]);
    try {
      await until('forwarding', () => (forward.output().includes(`Forwarding from 127.0.0.1:${port} -> 80`) ? true : undefined));
      const page = await fetchLocal(port);
      assert.equal(page.status, 200);
      assert.match(page.body, /<title>Welcome to nginx!<\/title>/);
      const missing = await fetchLocal(port, '/nope');
      assert.equal(missing.status, 404);
      assert.match(missing.body, /404 Not Found/);
    } finally {
      forward.stop();
    }
  });

  it('port-forward to a port nothing serves fails as kind does', async () => {
    const port = await freePort();
    const forward = kubectl.start(['port-forward', 'pod/busy', `${port}:80`]);
    try {
      await until('forwarding', () => (forward.output().includes('Forwarding from') ? true : undefined));
      await fetchLocal(port).catch(() => undefined);
      const out = await until('the error', () => (/lost connection to pod/.test(forward.output()) ? forward.output() : undefined));
      assert.match(
        out,
        /an error occurred forwarding \d+ -> 80: error forwarding port 80 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace \\"\/var\/run\/netns\/cni-[0-9a-f-]{36}\\": failed to connect to localhost:80 inside namespace \\"[0-9a-f]{64}\\", IPv4: dial tcp4 127\.0\.0\.1:80: connect: connection refused/,
      );
    } finally {
      forward.stop();
    }
  });
});

function commOf(pid: number): string {
  try {
    return readProc(pid, 'comm').trim();
  } catch {
    return '';
  }
}

function argsOf(pid: number): string {
  try {
    return readProc(pid, 'cmdline').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function readProc(pid: number, file: string): string {
  return readFileSync(`/proc/${pid}/${file}`, 'utf8');
}

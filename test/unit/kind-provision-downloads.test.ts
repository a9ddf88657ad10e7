// Pinned downloads against a real local HTTP server and a mirror folder: verified before use, cached for the next
// run, checked against a release's checksums.txt, trusted on first use only when nothing else is known, and
// offline failures that say what to download by hand. Then how progress is shown in a terminal and on the page.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/ports.js';
import { DownloadError, PinnedDownloads } from '../../server/clusters/kind/provision/downloads.js';
import { ProgressPrinter } from '../../server/clusters/kind/provision/progress-printer.js';
import { clusterViewOf } from '../../server/clusters/kind/provision/provision-status.js';
import type { PinnedFile } from '../../server/clusters/kind/provision/release.js';
import type { ProvisionView } from '../../server/clusters/kind/provision/runner.js';

const sum = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('pinned downloads', () => {
  let dir: string;
  let server: Server;
  let base: string;
  const served: Record<string, string> = {};
  let requests: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubeclass-downloads-'));
    server = createServer((req, res) => {
      requests.push(req.url!);
      if (req.url === '/redirect/core.yaml') return void res.writeHead(302, { location: '/releases/core.yaml' }).end();
      const body = served[req.url!];
      if (body === undefined) return void res.writeHead(404).end('not found');
      res.writeHead(200).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const downloads = (files: PinnedFile[], cache = join(dir, 'cache'), notes: string[] = []): PinnedDownloads =>
    new PinnedDownloads({ cacheDir: cache, files, note: (m) => notes.push(m), timeoutMs: 2000 });

  it('verifies a pinned sum, follows redirects, caches, and does not fetch a cached file again', async () => {
    served['/releases/core.yaml'] = 'kind: core\n';
    const files = [{ id: 'core', url: `${base}/redirect/core.yaml`, sha256: sum('kind: core\n') }];
    requests = [];
    const path = await downloads(files).get('core');
    assert.equal(readFileSync(path, 'utf8'), 'kind: core\n');
    assert.deepEqual(requests, ['/redirect/core.yaml', '/releases/core.yaml']);
    requests = [];
    assert.equal(await downloads(files).get('core'), path);
    assert.deepEqual(requests, []);
  });

  it('refuses a file that does not match its pin, keeping nothing', async () => {
    served['/releases/bad.yaml'] = 'altered\n';
    const files = [{ id: 'bad', url: `${base}/releases/bad.yaml`, sha256: sum('original\n') }];
    const d = downloads(files);
    await assert.rejects(d.get('bad'), (error: DownloadError) => {
      assert.match(error.message, new RegExp(`bad\\.yaml from ${base}/releases/bad\\.yaml does not match its pinned SHA-256: expected ${sum('original\n')}, got ${sum('altered\n')}`));
      assert.match(error.fix ?? '', /altered or damaged/);
      return true;
    });
    assert.equal(existsSync(d.cachedPath(files[0]!)), false);
  });

  it('checks a file against its release\'s checksums.txt when no sum is pinned', async () => {
    served['/rel/a.yaml'] = 'a\n';
    served['/rel/checksums.txt'] = `${sum('a\n')}  a.yaml\n${sum('x')}  other.yaml\n`;
    served['/rel/b.yaml'] = 'b, altered\n';
    const files = [
      { id: 'a', url: `${base}/rel/a.yaml`, sha256: undefined, publishedSums: `${base}/rel/checksums.txt` },
      { id: 'b', url: `${base}/rel/b.yaml`, sha256: undefined, publishedSums: `${base}/rel/checksums.txt` },
    ];
    const d = downloads(files, join(dir, 'cache-published'));
    assert.equal(readFileSync(await d.get('a'), 'utf8'), 'a\n');
    await assert.rejects(d.get('b'), /checksums\.txt of the release lists no sum for b\.yaml/);
  });

  it('trusts a file with no known sum on first use, records it, and refuses a later change', async () => {
    served['/raw/ns.yml'] = 'ns: 1\n';
    const files = [{ id: 'ns', url: `${base}/raw/ns.yml`, sha256: undefined }];
    const cache = join(dir, 'cache-tofu');
    const notes: string[] = [];
    await downloads(files, cache, notes).get('ns');
    assert.match(notes[0]!, new RegExp(`ns\\.yml: no SHA-256 is pinned in kubeclass yet; recorded ${sum('ns: 1\n')} on first use`));
    assert.equal(JSON.parse(readFileSync(join(cache, 'trusted-sums.json'), 'utf8'))[files[0]!.url], sum('ns: 1\n'));
    rmSync(downloads(files, cache).cachedPath(files[0]!));
    served['/raw/ns.yml'] = 'ns: 2\n';
    await assert.rejects(downloads(files, cache).get('ns'), (error: DownloadError) => {
      assert.match(error.message, /does not match/);
      assert.match(error.fix ?? '', /changed since its first use.*trusted-sums\.json/);
      return true;
    });
  });

  it('reads a mirror folder laid out as host/path, and says what to fetch by hand when offline', async () => {
    const mirror = join(dir, 'mirror');
    mkdirSync(join(mirror, 'example.com', 'rel'), { recursive: true });
    writeFileSync(join(mirror, 'example.com', 'rel', 'm.yaml'), 'm\n');
    const files = [{ id: 'm', url: 'https://example.com/rel/m.yaml', sha256: sum('m\n') }];
    const fromMirror = new PinnedDownloads({ cacheDir: join(dir, 'cache-mirror'), files, mirror });
    assert.equal(readFileSync(await fromMirror.get('m'), 'utf8'), 'm\n');
    const closed = await freePort();
    const offline = new PinnedDownloads({ cacheDir: join(dir, 'cache-offline'), files: [{ id: 'o', url: `http://127.0.0.1:${closed}/o.yaml`, sha256: sum('o') }] });
    await assert.rejects(offline.get('o'), (error: DownloadError) => {
      assert.match(error.message, new RegExp(`cannot download http://127\\.0\\.0\\.1:${closed}/o\\.yaml \\(ECONNREFUSED\\): this machine looks offline`));
      assert.match(error.fix ?? '', new RegExp(`put the file from http://127\\.0\\.0\\.1:${closed}/o\\.yaml \\(SHA-256 ${sum('o')}\\) at .*cache-offline.*, or point KUBECLASS_MIRROR`));
      return true;
    });
  });
});

describe('progress', () => {
  const view = (state: ProvisionView['state'], steps: ProvisionView['steps']): ProvisionView => ({ state, steps, elapsedMs: 65_000 });

  it('prints a line per change without a terminal, then the failure and what to do', () => {
    let text = '';
    const printer = new ProgressPrinter((t) => (text += t), false);
    printer.update(view('running', [{ id: 'a', title: 'Knative Serving CRDs', state: 'running', elapsedMs: 0 }, { id: 'b', title: 'Kourier', state: 'waiting', elapsedMs: 0 }]));
    printer.update(view('running', [{ id: 'a', title: 'Knative Serving CRDs', state: 'running', detail: 'waiting', elapsedMs: 500 }, { id: 'b', title: 'Kourier', state: 'waiting', elapsedMs: 0 }]));
    printer.finish(
      view('failed', [
        { id: 'a', title: 'Knative Serving CRDs', state: 'failed', detail: 'kubectl apply was refused', output: '$ kubectl apply\nError from server', fix: 'read it', elapsedMs: 4200 },
        { id: 'b', title: 'Kourier', state: 'waiting', elapsedMs: 0 },
      ]),
    );
    assert.equal(
      text,
      '[1 min 5 s] … Knative Serving CRDs\n[1 min 5 s] ✗ Knative Serving CRDs (4.2 s)\n' +
        '\n✗ Knative Serving CRDs failed after 4.2 s: kubectl apply was refused\n  Output:\n    $ kubectl apply\n    Error from server\n  What to do: read it\n' +
        'Stopped after 1 min 5 s; 1 step not started. Fix the cause and run it again: what is done is kept.\n',
    );
  });

  it('redraws a block in place on a terminal', () => {
    let text = '';
    const printer = new ProgressPrinter((t) => (text += t), true);
    const steps = [{ id: 'a', title: 'A', state: 'done' as const, elapsedMs: 1000 }, { id: 'b', title: 'Bee', state: 'skipped' as const, elapsedMs: 10 }];
    printer.update(view('running', steps));
    printer.finish(view('done', steps));
    assert.equal(text, '\x1b[2K  ✓ A    1.0 s\n\x1b[2K  ✓ Bee  already in place\n\x1b[2F\x1b[2K  ✓ A    1.0 s\n\x1b[2K  ✓ Bee  already in place\nReady in 1 min 5 s: 2 steps, 1 already in place.\n');
  });

  it('shows the page each step as a phase, in place as done, the failure with its output and advice', () => {
    const shown = clusterViewOf(view('failed', [{ id: 'a', title: 'A', state: 'skipped', detail: 'already in place', elapsedMs: 3 }, { id: 'b', title: 'B', state: 'failed', detail: 'no', output: 'out', fix: 'do this', elapsedMs: 9 }]));
    assert.deepEqual(shown, {
      state: 'failed',
      kind: 'kind',
      phases: [
        { id: 'a', title: 'A', state: 'done', detail: 'already in place', elapsedMs: 3 },
        { id: 'b', title: 'B', state: 'failed', detail: 'no', output: 'out', fix: 'do this', elapsedMs: 9 },
      ],
    });
    assert.equal(clusterViewOf(undefined).state, 'provisioning');
  });
});

// `kubeclass tools` against a real HTTP mirror on 127.0.0.1 serving fake builds: sums checked (pinned, or
// published by upstream), redirects followed, nothing left behind on failure, up-to-date tools skipped, and
// hand-install steps when nothing answers. Pins are injected with the sums of the fakes; the real pins stay.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { installTools, type ToolResult } from '../../server/tools/install-tools.js';
import { mirrored, parseMirror } from '../../server/tools/mirror.js';
import { toolPlatform } from '../../server/tools/platform.js';
import { extractTarGzMember } from '../../server/tools/tar-extract.js';
import { TOOL_PINS, type ToolName } from '../../server/tools/tool-pins.js';
import { toolsCommand } from '../../server/tools/tools-command.js';
import { closedPort, fakeBuilds, mirrorPath, pinsWithSums, PLATFORM, serveBuilds, sha256, startMirror, type MirrorServer } from '../support/tools-mirror.js';

const scratch = mkdtempSync(join(tmpdir(), 'kubeclass-tools-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let count = 0;
const freshDir = (): string => join(scratch, `bin-${++count}`);

const builds = fakeBuilds();
const SUMS: Record<ToolName, string> = {
  kind: sha256(builds.kind),
  kubectl: sha256(builds.kubectl),
  'faas-cli': sha256(builds['faas-cli']),
  helm: sha256(builds.helm),
};

function byName(results: ToolResult[], name: ToolName): ToolResult {
  const found = results.find((r) => r.name === name);
  assert.ok(found, `no result for ${name}`);
  return found;
}

/** The command with captured output and an injected platform. */
async function command(args: string[], env: Record<string, string | undefined>, pins = pinsWithSums(SUMS), terminal?: { columns: number }) {
  let stdout = '';
  let stderr = '';
  const code = await toolsCommand(args, (t) => (stdout += t), (t) => (stderr += t), env, {
    pins,
    platform: { ok: true, platform: PLATFORM },
    terminal,
    idleTimeoutMs: 5000,
  });
  return { code, stdout, stderr };
}

describe('kubeclass tools: installing from a mirror', () => {
  let mirror: MirrorServer;
  before(async () => {
    mirror = await startMirror();
    serveBuilds(mirror, builds);
    // kind's download answers with a redirect, as GitHub's release URLs do.
    const kindPath = mirrorPath(TOOL_PINS[0]!.artifacts[PLATFORM].url);
    mirror.redirects.set(kindPath, '/objects.githubusercontent.com/blob/kind');
    mirror.files.set('/objects.githubusercontent.com/blob/kind', builds.kind);
  });
  after(() => mirror.close());

  it('installs every tool, checking pinned sums and upstream-published ones, following redirects', async () => {
    const dir = freshDir();
    // faas-cli has no pinned sum (as in the real pins): its published <url>.sha256 is used.
    const pins = pinsWithSums({ ...SUMS, 'faas-cli': undefined });
    const results = await installTools({ dir, platform: PLATFORM, pins, mirror: mirror.url });
    for (const result of results) assert.equal(result.status, 'installed', `${result.name}: ${JSON.stringify(result)}`);
    const kind = byName(results, 'kind');
    assert.ok(kind.status === 'installed' && kind.sumSource === 'pinned' && kind.sha256 === SUMS.kind);
    const faas = byName(results, 'faas-cli');
    assert.ok(faas.status === 'installed' && faas.sumSource === 'upstream' && faas.sha256 === SUMS['faas-cli']);
    assert.ok(mirror.requests.includes(mirrorPath(`${TOOL_PINS[2]!.artifacts[PLATFORM].url}.sha256`)), 'the published sum was fetched');
    assert.ok(mirror.requests.includes('/objects.githubusercontent.com/blob/kind'), 'the redirect was followed');

    // Only the four binaries remain, executable, and each reports its pinned version.
    assert.deepEqual(readdirSync(dir).sort(), ['faas-cli', 'helm', 'kind', 'kubectl']);
    for (const name of ['faas-cli', 'helm', 'kind', 'kubectl']) assert.equal(statSync(join(dir, name)).mode & 0o777, 0o755, name);
    assert.equal(execFileSync(join(dir, 'helm'), ['version', '--short'], { encoding: 'utf8' }).trim(), 'v3.22.0+gfake000');
    assert.match(execFileSync(join(dir, 'kind'), ['version'], { encoding: 'utf8' }), /kind v0\.30\.0/);
  });

  it('skips tools whose binary already reports the pinned version, and replaces one that does not', async () => {
    const dir = freshDir();
    const first = await command(['--dir', dir], { KUBECLASS_TOOLS_MIRROR: mirror.url });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /^4 installed, 0 already up to date\.$/m);

    // An older kubectl in the folder is not up to date.
    writeFileSync(join(dir, 'kubectl'), `#!/bin/sh\necho '{"clientVersion":{"gitVersion":"v1.29.2"}}'\n`, { mode: 0o755 });
    const before = mirror.requests.length;
    const second = await command(['--dir', dir], { KUBECLASS_TOOLS_MIRROR: mirror.url });
    assert.equal(second.code, 0, second.stdout + second.stderr);
    for (const name of ['kind v0.30.0', 'faas-cli 0.17.8', 'helm v3.22.0']) {
      assert.ok(second.stdout.includes(`✓ ${name} already installed: ${dir}/${name.split(' ')[0]}\n`), second.stdout);
    }
    assert.ok(second.stdout.includes(`✓ kubectl v1.34.0 installed: ${dir}/kubectl (SHA-256 ${SUMS.kubectl} verified, pinned in kubeclass)\n`), second.stdout);
    assert.match(second.stdout, /^1 installed, 3 already up to date\.$/m);
    // The only download of the second run was kubectl's.
    assert.deepEqual(mirror.requests.slice(before), [mirrorPath(TOOL_PINS[1]!.artifacts[PLATFORM].url)]);
    assert.equal(second.stderr, '');
  });

  it('says which sum it checked: pinned in kubeclass, or published by upstream', async () => {
    const dir = freshDir();
    const result = await command(['--dir', dir, '--only', 'faas-cli,kind'], { KUBECLASS_TOOLS_MIRROR: mirror.url }, pinsWithSums({ ...SUMS, 'faas-cli': undefined }));
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.includes(`✓ faas-cli 0.17.8 installed: ${dir}/faas-cli (SHA-256 ${SUMS['faas-cli']} verified, published by upstream)\n`), result.stdout);
    assert.ok(result.stdout.includes(`✓ kind v0.30.0 installed: ${dir}/kind (SHA-256 ${SUMS.kind} verified, pinned in kubeclass)\n`), result.stdout);
    assert.deepEqual(readdirSync(dir).sort(), ['faas-cli', 'kind'], '--only installs only those');
  });

  it('fails on a wrong pinned sum with both sums, leaving neither the file nor a partial', async () => {
    const dir = freshDir();
    const wrong = 'f'.repeat(64);
    const result = await command(['--dir', dir], { KUBECLASS_TOOLS_MIRROR: mirror.url }, pinsWithSums({ ...SUMS, kubectl: wrong, helm: wrong }));
    assert.equal(result.code, 1);
    const kubectlUrl = `${mirror.url}${mirrorPath(TOOL_PINS[1]!.artifacts[PLATFORM].url)}`;
    assert.ok(result.stdout.includes(`✗ kubectl v1.34.0: SHA-256 mismatch for ${kubectlUrl}: expected ${wrong} (pinned in kubeclass), got ${SUMS.kubectl}; the download was deleted\n`), result.stdout);
    assert.ok(result.stdout.includes(`got ${SUMS.helm}; the download was deleted`), result.stdout);
    assert.match(result.stdout, /^2 installed, 0 already up to date, 2 failed\.$/m);
    assert.deepEqual(readdirSync(dir).sort(), ['faas-cli', 'kind'], 'no kubectl, no helm, no .partial files');
    // Not an offline failure: the hand-install steps come without the "could not reach" heading.
    assert.match(result.stderr, /^Install these tools by hand instead:$/m);
    assert.doesNotMatch(result.stderr, /could not reach/);
  });

  it('fails on a wrong published sum, naming it as upstream\'s', async () => {
    const dir = freshDir();
    const sumPath = mirrorPath(`${TOOL_PINS[2]!.artifacts[PLATFORM].url}.sha256`);
    const good = mirror.files.get(sumPath)!;
    mirror.files.set(sumPath, Buffer.from(`${'0'.repeat(64)}  faas-cli\n`));
    try {
      const results = await installTools({ dir, platform: PLATFORM, pins: pinsWithSums({ 'faas-cli': undefined }).filter((p) => p.name === 'faas-cli'), mirror: mirror.url });
      const faas = byName(results, 'faas-cli');
      assert.ok(faas.status === 'failed' && faas.reason === 'mismatch', JSON.stringify(faas));
      assert.match(faas.error, new RegExp(`expected 0{64} \\(published by upstream\\), got ${SUMS['faas-cli']}; the download was deleted$`));
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      mirror.files.set(sumPath, good);
    }
  });

  it('fails on an HTTP error without calling it offline', async () => {
    const dir = freshDir();
    const path = mirrorPath(TOOL_PINS[0]!.artifacts[PLATFORM].url);
    const results = await installTools({ dir, platform: PLATFORM, pins: pinsWithSums(SUMS).filter((p) => p.name === 'kind'), mirror: `${mirror.url}/nowhere` });
    const kind = byName(results, 'kind');
    assert.ok(kind.status === 'failed' && kind.reason === 'refused', JSON.stringify(kind));
    assert.equal(kind.error, `cannot download ${mirror.url}/nowhere${path}: HTTP 404 Not Found`);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('draws a line per tool in place on a terminal', async () => {
    const dir = freshDir();
    const result = await command(['--dir', dir, '--only', 'kind,kubectl'], { KUBECLASS_TOOLS_MIRROR: mirror.url }, undefined, { columns: 100 });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /\x1b\[\d+A\r\x1b\[J/, 'the block is redrawn');
    assert.match(result.stdout, /kubectl v1\.34\.0: 0 B \/ \d+ B \(0%\)\n/, 'bytes and percent while downloading');
    assert.match(result.stdout, /kubectl v1\.34\.0: \d+ B \/ \d+ B \(100%\)\n/);
    assert.ok(result.stdout.startsWith('Installing kind v0.30.0, kubectl v1.34.0 for linux-amd64'), 'the heading comes before the block');
    assert.ok(result.stdout.includes('✓ kind v0.30.0 installed:'));
  });

  it('reads a file:// mirror', async () => {
    const root = join(scratch, 'file-mirror');
    for (const pin of TOOL_PINS) {
      const target = join(root, mirrorPath(pin.artifacts[PLATFORM].url));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, builds[pin.name]);
    }
    const dir = freshDir();
    const result = await command(['--dir', dir], { KUBECLASS_TOOLS_MIRROR: pathToFileURL(root).href });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.deepEqual(readdirSync(dir).sort(), ['faas-cli', 'helm', 'kind', 'kubectl']);
  });

  it('--check reports DIR and PATH against the pins', async () => {
    const dir = freshDir();
    const empty = await command(['--dir', dir, '--check'], { PATH: '' });
    assert.equal(empty.code, 1);
    assert.match(empty.stdout, new RegExp(`^✗ kind v0\\.30\\.0 +not installed in ${dir}; on PATH: not found$`, 'm'));
    assert.match(empty.stdout, /4 of 4 pinned tools missing/);

    await command(['--dir', dir], { KUBECLASS_TOOLS_MIRROR: mirror.url });
    const full = await command(['--dir', dir, '--check', '--json'], { PATH: dir });
    assert.equal(full.code, 0, full.stdout);
    const report = JSON.parse(full.stdout) as { tools: { name: string; ok: boolean; inDir: { version: string }; onPath: { path: string } }[] };
    assert.deepEqual(report.tools.map((t) => [t.name, t.ok, t.inDir.version, t.onPath.path]), [
      ['kind', true, '0.30.0', join(dir, 'kind')],
      ['kubectl', true, '1.34.0', join(dir, 'kubectl')],
      ['faas-cli', true, '0.17.8', join(dir, 'faas-cli')],
      ['helm', true, '3.22.0', join(dir, 'helm')],
    ]);
  });
});

describe('kubeclass tools: offline', () => {
  it('prints what to install by hand (URL, pinned sum, destination) and exits 1, with no stack trace', async () => {
    const dir = freshDir();
    const port = await closedPort();
    const pins = pinsWithSums({ 'faas-cli': undefined });
    const result = await command(['--dir', dir], { KUBECLASS_TOOLS_MIRROR: `http://127.0.0.1:${port}` }, pins);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /✗ kind v0\.30\.0: cannot download http:\/\/127\.0\.0\.1:\d+\/github\.com\/.*kind-linux-amd64: connection refused \(ECONNREFUSED\)/);
    assert.match(result.stderr, new RegExp(`^kubeclass could not reach the mirror http://127\\.0\\.0\\.1:${port} `, 'm'));
    for (const pin of pins) {
      const artifact = pin.artifacts[PLATFORM];
      assert.ok(result.stderr.includes(`    download  ${artifact.url}\n`), `${pin.name} URL in:\n${result.stderr}`);
      assert.ok(result.stderr.includes(artifact.sha256 ? `    sha256    ${artifact.sha256}  (pinned in kubeclass` : `    sha256    the one published at ${artifact.url}${pin.sumSuffix}`), pin.name);
      assert.ok(result.stderr.includes(`${join(dir, pin.name)} && chmod 755 ${join(dir, pin.name)}\n`), `${pin.name} destination`);
    }
    assert.ok(result.stderr.includes('tar -xzf helm-v3.22.0-linux-amd64.tar.gz linux-amd64/helm'));
    assert.doesNotMatch(result.stdout + result.stderr, /^\s+at /m, 'no stack trace');
    assert.deepEqual(readdirSync(dir), [], 'nothing left behind');
  });

  it('gives up on a server that accepts but never answers', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const dir = freshDir();
      const results = await installTools({
        dir,
        platform: PLATFORM,
        pins: pinsWithSums(SUMS).filter((p) => p.name === 'kind'),
        mirror: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
        idleTimeoutMs: 300,
      });
      const kind = byName(results, 'kind');
      assert.ok(kind.status === 'failed' && kind.reason === 'offline', JSON.stringify(kind));
      assert.match(kind.error, /: no data for 0\.3 s$/);
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe('kubeclass tools: pieces', () => {
  it('maps Node platforms to the builds tools publish', () => {
    assert.deepEqual(toolPlatform('linux', 'x64'), { ok: true, platform: 'linux-amd64' });
    assert.deepEqual(toolPlatform('linux', 'arm64'), { ok: true, platform: 'linux-arm64' });
    assert.deepEqual(toolPlatform('darwin', 'x64'), { ok: true, platform: 'darwin-amd64' });
    assert.deepEqual(toolPlatform('darwin', 'arm64'), { ok: true, platform: 'darwin-arm64' });
    const windows = toolPlatform('win32', 'x64');
    assert.ok(!windows.ok && windows.windows && /win32 is not supported/.test(windows.reason));
    assert.equal(toolPlatform('linux', 'ia32').ok, false);
  });

  it('names Windows downloads instead of installing there', async () => {
    let stderr = '';
    const code = await toolsCommand(['--dir', freshDir()], () => {}, (t) => (stderr += t), {}, { platform: toolPlatform('win32', 'x64') });
    assert.equal(code, 1);
    assert.match(stderr, /^kubeclass tools: win32 is not supported by kubeclass tools \(Linux and macOS are\)\. Install these by hand/);
    assert.ok(stderr.includes('  kubectl v1.34.0: https://dl.k8s.io/release/v1.34.0/bin/windows/amd64/kubectl.exe'));
  });

  it('says when DIR cannot be created, before downloading anything', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, '');
    let stdout = '';
    let stderr = '';
    const code = await toolsCommand(['--dir', join(file, 'bin')], (t) => (stdout += t), (t) => (stderr += t), {}, { platform: { ok: true, platform: PLATFORM } });
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /^kubeclass: cannot create .*a-file\/bin: ENOTDIR/);
  });

  it('lays a mirror out host first, and refuses what is not a URL', () => {
    assert.equal(mirrored('https://dl.k8s.io/release/v1.34.0/bin/linux/amd64/kubectl', 'file:///srv/mirror'), 'file:///srv/mirror/dl.k8s.io/release/v1.34.0/bin/linux/amd64/kubectl');
    assert.equal(mirrored('https://get.helm.sh/helm-v3.22.0-linux-amd64.tar.gz', undefined), 'https://get.helm.sh/helm-v3.22.0-linux-amd64.tar.gz');
    assert.equal(parseMirror('http://10.0.0.5:8080/tools/'), 'http://10.0.0.5:8080/tools');
    assert.equal(parseMirror(''), undefined);
    assert.throws(() => parseMirror('mirror.local'), /not a URL/);
    assert.throws(() => parseMirror('ftp://mirror.local'), /http:\/\/, https:\/\/ or file:\/\//);
  });

  it('takes one file out of a .tar.gz, and says when it is not there', async () => {
    const archive = join(scratch, 'helm.tar.gz');
    writeFileSync(archive, builds.helm);
    const out = join(scratch, 'helm-extracted');
    assert.equal(await extractTarGzMember(archive, 'linux-amd64/helm', out), true);
    assert.equal(readFileSync(out, 'utf8'), '#!/bin/sh\necho v3.22.0+gfake000\n');
    assert.equal(await extractTarGzMember(archive, 'darwin-arm64/helm', join(scratch, 'none')), false);
  });

  it('pins every tool for every platform, with well-formed sums where there are any', () => {
    assert.deepEqual(TOOL_PINS.map((p) => p.name), ['kind', 'kubectl', 'faas-cli', 'helm']);
    for (const pin of TOOL_PINS) {
      for (const [platform, artifact] of Object.entries(pin.artifacts)) {
        assert.match(artifact.url, /^https:\/\//, `${pin.name} ${platform}`);
        if (artifact.sha256 !== undefined) assert.match(artifact.sha256, /^[0-9a-f]{64}$/, `${pin.name} ${platform}`);
      }
      assert.equal(new Set(Object.values(pin.artifacts).map((a) => a.url)).size, 4, `${pin.name}: one URL per platform`);
    }
  });
});

// `kubeclass tools` through the real CLI process, with the real pins and KUBECLASS_TOOLS_MIRROR on a local server
// serving fake builds. The fakes cannot match the sums pinned for kind, kubectl and helm, so those must be refused
// (both sums shown, nothing left behind); faas-cli has no pinned sum and installs against its published one.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TOOL_PINS } from '../../server/tools/tool-pins.js';
import { runProcess } from '../support/run-process.js';
import { CLI } from '../support/server-process.js';
import { closedPort, fakeBuilds, mirrorPath, PLATFORM, serveBuilds, sha256, startMirror, type MirrorServer } from '../support/tools-mirror.js';

const scratch = mkdtempSync(join(tmpdir(), 'kubeclass-tools-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const builds = fakeBuilds();
const tools = (args: string[], mirror: string) => runProcess(process.execPath, [CLI, 'tools', ...args], { env: { ...process.env, KUBECLASS_TOOLS_MIRROR: mirror } });

describe('kubeclass tools (CLI)', { skip: process.platform !== 'linux' || process.arch !== 'x64' ? 'the fakes are served for linux-amd64' : false }, () => {
  let mirror: MirrorServer;
  before(async () => {
    mirror = await startMirror();
    serveBuilds(mirror, builds);
  });
  after(() => mirror.close());

  it('installs what matches its sum, refuses what does not, and exits 1', async () => {
    const dir = join(scratch, 'bin');
    const result = await tools(['--dir', dir], mirror.url);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.ok(result.stdout.startsWith(`Installing kind v0.30.0, kubectl v1.34.0, faas-cli 0.17.8, helm v3.22.0 for linux-amd64 into ${dir} (mirror ${mirror.url})\n`), result.stdout);
    assert.ok(result.stdout.includes(`✓ faas-cli 0.17.8 installed: ${dir}/faas-cli (SHA-256 ${sha256(builds['faas-cli'])} verified, published by upstream)\n`), result.stdout);
    for (const pin of TOOL_PINS.filter((p) => p.name !== 'faas-cli')) {
      const artifact = pin.artifacts[PLATFORM];
      const line = `✗ ${pin.name} ${pin.tag}: SHA-256 mismatch for ${mirror.url}${mirrorPath(artifact.url)}: expected ${artifact.sha256} (pinned in kubeclass), got ${sha256(builds[pin.name])}; the download was deleted\n`;
      assert.ok(result.stdout.includes(line), `${pin.name}:\n${result.stdout}`);
    }
    assert.match(result.stdout, /^1 installed, 0 already up to date, 3 failed\.$/m);
    assert.match(result.stderr, /^Install these tools by hand instead:$/m);
    assert.ok(result.stderr.includes(`    download  https://get.helm.sh/helm-v3.22.0-linux-amd64.tar.gz\n`), result.stderr);
    assert.deepEqual(readdirSync(dir), ['faas-cli'], 'no refused binary and no .partial file');

    // Run again for faas-cli alone: already there, nothing downloaded, exit 0; --check agrees.
    const downloads = mirror.requests.length;
    const again = await tools(['--dir', dir, '--only', 'faas-cli'], mirror.url);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.ok(again.stdout.includes(`✓ faas-cli 0.17.8 already installed: ${dir}/faas-cli\n`), again.stdout);
    assert.equal(mirror.requests.length, downloads);
    const check = await tools(['--dir', dir, '--only', 'faas-cli', '--check'], mirror.url);
    assert.equal(check.code, 0, check.stdout);
    assert.match(check.stdout, new RegExp(`^✓ faas-cli 0\\.17\\.8  ${dir}/faas-cli \\(0\\.17\\.8\\); on PATH: `, 'm'));
    const all = await tools(['--dir', dir, '--check'], mirror.url);
    assert.equal(all.code, 1);
    assert.match(all.stdout, /3 of 4 pinned tools missing or at another version/);
  });

  it('with the mirror on a closed port: the hand-install steps, exit 1, no stack trace', async () => {
    const dir = join(scratch, 'offline');
    const port = await closedPort();
    const result = await tools(['--dir', dir, '--json'], `http://127.0.0.1:${port}`);
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as { tools: { name: string; status: string; reason: string; manual: string }[] };
    assert.deepEqual(report.tools.map((t) => [t.name, t.status, t.reason]), TOOL_PINS.map((p) => [p.name, 'failed', 'offline']));

    const text = await tools(['--dir', dir], `http://127.0.0.1:${port}`);
    assert.equal(text.code, 1);
    assert.ok(text.stderr.startsWith(`\nkubeclass could not reach the mirror http://127.0.0.1:${port} (no network, or a proxy in the way). Install these tools by hand:\n`), text.stderr);
    for (const pin of TOOL_PINS) {
      const artifact = pin.artifacts[PLATFORM];
      assert.ok(text.stderr.includes(`  ${pin.name} ${pin.tag}\n    download  ${artifact.url}\n`), pin.name);
      if (artifact.sha256) assert.ok(text.stderr.includes(`    sha256    ${artifact.sha256}  (pinned in kubeclass; check with: sha256sum `), pin.name);
      assert.ok(text.stderr.includes(`mv `) && text.stderr.includes(` ${join(dir, pin.name)} && chmod 755 ${join(dir, pin.name)}\n`), pin.name);
    }
    assert.ok(text.stderr.endsWith(`Then \`kubeclass tools --check --dir ${dir}\` confirms they are in place.\n`), text.stderr);
    assert.doesNotMatch(text.stdout + text.stderr, /^\s+at |Error:/m, 'no stack trace');
    assert.deepEqual(readdirSync(dir), []);
  });

  it('refuses bad options and a mirror that is not a URL, with exit 2', async () => {
    const only = await tools(['--only', 'kind,docker'], mirror.url);
    assert.equal(only.code, 2);
    assert.match(only.stderr, /--only takes a comma-separated list of kind, kubectl, faas-cli, helm; unknown: docker/);
    const bad = await tools(['--dir', join(scratch, 'x')], 'mirror.local');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /KUBECLASS_TOOLS_MIRROR is not a URL: mirror\.local/);
  });
});

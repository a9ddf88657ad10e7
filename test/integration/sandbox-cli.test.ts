// `kubeclass sandbox --kubeconfig FILE`: what someone practising kubectl offline runs.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI } from '../support/server-process.js';
import { runProcess } from '../support/run-process.js';


describe('kubeclass sandbox', () => {
  it('writes a kind-style kubeconfig that real kubectl uses, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeclass-sandbox-cli-'));
    const kubeconfig = join(dir, 'config');
    const proc = spawn(process.execPath, [CLI, 'sandbox', '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      const deadline = Date.now() + 15_000;
      while (!out.includes('export KUBECONFIG=')) {
        if (Date.now() > deadline) assert.fail(`no kubeconfig line: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.match(out, new RegExp(`export KUBECONFIG=${kubeconfig}`));
      assert.equal(statSync(kubeconfig).mode & 0o777, 0o600, 'the kubeconfig holds a token: owner only');
      const config = readFileSync(kubeconfig, 'utf8');
      assert.match(config, /current-context: kind-kubeclass/);
      assert.match(config, /server: https:\/\/127\.0\.0\.1:\d+/);
      assert.match(config, /certificate-authority-data: \S+/);
      const env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfig };
      const ctx = await runProcess('kubectl', ['config', 'current-context'], { env });
      assert.equal(ctx.stdout.trim(), 'kind-kubeclass');
      const nodes = await runProcess('kubectl', ['get', 'nodes', '-o', 'name'], { env });
      assert.equal(nodes.stdout.trim(), 'node/kubeclass-control-plane', nodes.stderr);
      const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
      proc.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('asks for --kubeconfig', async () => {
    const r = await runProcess(process.execPath, [CLI, 'sandbox'], { env: process.env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--kubeconfig FILE is required/);
  });
});

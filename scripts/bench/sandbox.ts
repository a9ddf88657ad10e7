// npm run bench:sandbox — how fast the sandbox API answers and what it costs: server-side latency of get, list
// and apply (merge patch) with 10, 1,000 and 10,000 objects, watch fan-out, memory per empty sandbox and per
// 1,000 objects, and what the sandbox adds to a real kubectl command. Prints a table; JSON to test/artifacts.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubeconfigYaml } from '../../server/clusters/sandbox/kubeconfig.js';
import { fmt, pct, rssMb, startChildHost } from './child-host.js';

interface Host {
  url: string;
  token: string;
  caPem: string;
  rssBefore: number;
  rssAfter: number;
  pid: number;
  proc: ChildProcess;
}

const HOST = fileURLToPath(new URL('./sandbox-host.js', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../../../test/artifacts/', import.meta.url));
const quick = process.argv.includes('--quick');



function client(host: Host) {
  const agent = new Agent({ keepAlive: true, ca: host.caPem, maxSockets: 64 });
  return (method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; ms: number; body: string }> =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const t0 = performance.now();
      const req = request(`${host.url}${path}`, {
        method,
        agent,
        headers: { Authorization: `Bearer ${host.token}`, ...(data ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(data) } : {}) },
      }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, body: text }));
      });
      req.on('error', reject);
      req.end(data);
    });
}



async function main(): Promise<void> {
  const rows: Array<[string, string]> = [];
  const json: Record<string, unknown> = { date: new Date().toISOString(), quick };

  // Memory of empty sandboxes: 1 vs 11 in one process.
  const one = await startChildHost<Omit<Host, 'proc'>>(HOST, ['1'], ['--expose-gc']);
  const eleven = await startChildHost<Omit<Host, 'proc'>>(HOST, ['11'], ['--expose-gc']);
  const perSandbox = (eleven.rssAfter - eleven.rssBefore - (one.rssAfter - one.rssBefore)) / 10 / 1024 / 1024;
  one.proc.kill();
  eleven.proc.kill();
  rows.push(['memory per empty sandbox (goal < 15 MB)', `${fmt(perSandbox)} MB`]);
  json.memoryPerEmptySandboxMB = perSandbox;

  const host = await startChildHost<Omit<Host, 'proc'>>(HOST, ['1'], ['--expose-gc']);
  const call = client(host);
  try {
    const sizes = quick ? [10, 1000] : [10, 1000, 10000];
    for (const n of sizes) {
      const ns = `bench-${n}`;
      await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      const rssBefore = rssMb(host.pid);
      for (let start = 0; start < n; start += 64) {
        await Promise.all(
          Array.from({ length: Math.min(64, n - start) }, (_, i) =>
            call('POST', `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${start + i}`, labels: { app: 'bench' } }, data: { key: 'value'.repeat(20) } }),
          ),
        );
      }
      if (n === 1000) {
        const perThousand = rssMb(host.pid) - rssBefore;
        rows.push(['memory per 1,000 ConfigMaps', `${fmt(perThousand)} MB`]);
        json.memoryPer1000ObjectsMB = perThousand;
      }
      const gets: number[] = [];
      const patches: number[] = [];
      const lists: number[] = [];
      for (let i = 0; i < (quick ? 100 : 300); i++) gets.push((await call('GET', `/api/v1/namespaces/${ns}/configmaps/cm-${i % n}`)).ms);
      for (let i = 0; i < (quick ? 100 : 300); i++) {
        patches.push((await call('PATCH', `/api/v1/namespaces/${ns}/configmaps/cm-${i % n}`, { data: { k: String(i) } }, 'application/merge-patch+json')).ms);
      }
      for (let i = 0; i < (n >= 10000 ? 10 : 50); i++) lists.push((await call('GET', `/api/v1/namespaces/${ns}/configmaps`)).ms);
      rows.push([`get, ${n} objects, p50 / p99 ms`, `${fmt(pct(gets, 50))} / ${fmt(pct(gets, 99))}`]);
      rows.push([`apply (merge patch), ${n} objects, p50 / p99 ms`, `${fmt(pct(patches, 50))} / ${fmt(pct(patches, 99))}`]);
      rows.push([`list, ${n} objects, p50 / p99 ms`, `${fmt(pct(lists, 50))} / ${fmt(pct(lists, 99))}`]);
      json[`n${n}`] = { getP50: pct(gets, 50), getP99: pct(gets, 99), patchP50: pct(patches, 50), patchP99: pct(patches, 99), listP50: pct(lists, 50), listP99: pct(lists, 99) };
    }

    // Watch fan-out: 100 watchers, time from a create's response to every watcher having the event.
    const watchers = 100;
    const arrivals: Array<(name: string) => void> = [];
    const reqs = Array.from({ length: watchers }, () => {
      const agent = new Agent({ ca: host.caPem });
      return request(`${host.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0`, { agent, headers: { Authorization: `Bearer ${host.token}` } }, (res) => {
        let buffer = '';
        res.on('data', (d: Buffer) => {
          buffer += d.toString();
          let nl: number;
          while ((nl = buffer.indexOf('\n')) !== -1) {
            const event = JSON.parse(buffer.slice(0, nl)) as { object: { metadata: { name: string } } };
            buffer = buffer.slice(nl + 1);
            for (const a of arrivals) a(event.object.metadata.name);
          }
        });
      }).end();
    });
    await new Promise((r) => setTimeout(r, 500));
    const fanout: number[] = [];
    for (let i = 0; i < 20; i++) {
      const name = `fan-${i}`;
      let got = 0;
      const t0 = performance.now();
      const all = new Promise<void>((resolve) => {
        const arrival = (n: string): void => {
          if (n === name && ++got === watchers) resolve();
        };
        arrivals.push(arrival);
      });
      await call('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
      await all;
      fanout.push(performance.now() - t0);
      arrivals.length = 0;
    }
    for (const r of reqs) r.destroy();
    rows.push([`watch fan-out to ${watchers} watchers, p50 / p99 ms`, `${fmt(pct(fanout, 50))} / ${fmt(pct(fanout, 99))}`]);
    json.watchFanout = { watchers, p50: pct(fanout, 50), p99: pct(fanout, 99) };

    // What the sandbox adds to a real kubectl command: `get pods` against `version --client` (kubectl's floor).
    const home = mkdtempSync(join(tmpdir(), 'kubeclass-bench-kubectl-'));
    writeFileSync(join(home, 'config'), kubeconfigYaml(host.url, host.token, host.caPem), { mode: 0o600 });
    const env = { PATH: process.env.PATH, HOME: home, KUBECONFIG: join(home, 'config') };
    const time = (args: string[]): number => {
      const t0 = performance.now();
      spawnSync('kubectl', args, { env });
      return performance.now() - t0;
    };
    time(['get', 'pods', '-A']); // fills the discovery cache, as any second command finds it
    const runs = quick ? 5 : 15;
    const client = Array.from({ length: runs }, () => time(['version', '--client']));
    const getPods = Array.from({ length: runs }, () => time(['get', 'pods', '-A']));
    rmSync(home, { recursive: true, force: true });
    const ratio = pct(getPods, 50) / pct(client, 50);
    rows.push(['kubectl version --client (floor), median ms', fmt(pct(client, 50))]);
    rows.push(['kubectl get pods -A against the sandbox, median ms', fmt(pct(getPods, 50))]);
    rows.push(['get pods / version --client', `${ratio.toFixed(2)}x`]);
    json.kubectl = { versionClientMs: pct(client, 50), getPodsMs: pct(getPods, 50), ratio };
    // Workloads: a Deployment's pods from create to all available (the sandbox's pull and start pace
    // included), and what a running emulated pod costs in memory.
    const replicas = quick ? 20 : 100;
    const rssBefore = rssMb(host.pid);
    const t0 = performance.now();
    const created = await call('POST', '/apis/apps/v1/namespaces/default/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'bench-web' },
      spec: { replicas, selector: { matchLabels: { app: 'bench-web' } }, template: { metadata: { labels: { app: 'bench-web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
    });
    if (created.status !== 201) throw new Error(`deployment not created: ${created.body}`);
    for (;;) {
      const d = JSON.parse((await call('GET', '/apis/apps/v1/namespaces/default/deployments/bench-web')).body) as { status?: { availableReplicas?: number } };
      if (d.status?.availableReplicas === replicas) break;
      if (performance.now() - t0 > 120_000) throw new Error('the deployment did not become available within 2 minutes');
      await new Promise((r) => setTimeout(r, 20));
    }
    const rolloutMs = performance.now() - t0;
    const perPod = ((rssMb(host.pid) - rssBefore) * 1024) / replicas;
    rows.push([`Deployment of ${replicas} nginx pods, create to all available, ms`, fmt(rolloutMs)]);
    // 20 pods (quick) are within the heap's own noise; 100 give a figure.
    rows.push(['memory per running nginx pod (objects, events, log)', quick ? 'n/a (quick)' : `${fmt(perPod)} KB`]);
    json.workloads = { replicas, rolloutMs, perPodKb: perPod };

  } finally {
    host.proc.kill();
  }

  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\nSandbox benchmark${quick ? ' (quick)' : ''}\n\n| ${'figure'.padEnd(width)} | value |\n|${'-'.repeat(width + 2)}|-------|\n`);
  for (const [k, v] of rows) process.stdout.write(`| ${k.padEnd(width)} | ${v} |\n`);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'bench-sandbox.json'), JSON.stringify(json, null, 2));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:sandbox failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

// npm run bench:knative — Knative in the sandbox: time from creating a Knative Service to Ready, cold start
// (a request to a revision scaled to zero, answered), latency and requests per second through the gateway to a
// hot revision, and how these grow with 1, 10 and 100 services in one sandbox. The sandbox runs in a child
// process; requests go over HTTPS (API) and HTTP (gateway) with keep-alive. Prints a table; JSON to
// test/artifacts. `--quick` stops at 10 services.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent, request } from 'node:https';
import { fileURLToPath } from 'node:url';
import { fmt, pct, rssMb, startChildHost } from './child-host.js';

interface Host {
  url: string;
  token: string;
  caPem: string;
  ingress: { host: string; port: number };
  pid: number;
  proc: ChildProcess;
}

const HOST = fileURLToPath(new URL('./knative-host.js', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../../../test/artifacts/', import.meta.url));
const quick = process.argv.includes('--quick');




const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const host = await startChildHost<Omit<Host, 'proc'>>(HOST);
  const agent = new Agent({ keepAlive: true, ca: host.caPem, maxSockets: 32 });
  const api = (method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = request(`${host.url}${path}`, {
        method,
        agent,
        headers: { Authorization: `Bearer ${host.token}`, ...(data ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(data) } : {}) },
      }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(data);
    });
  const gatewayAgent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  const call = (hostHeader: string): Promise<{ status: number; ms: number }> =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = httpRequest({ host: host.ingress.host, port: host.ingress.port, path: '/', agent: gatewayAgent, headers: { Host: hostHeader } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
      });
      req.on('error', reject);
      req.end();
    });
  const domain = `${host.ingress.host}.sslip.io`;
  const rows: Array<[string, string]> = [];
  const json: Record<string, unknown> = { date: new Date().toISOString(), quick, rounds: [] as unknown[] };
  try {
    // Windows shortened as a lesson would, so scale to zero happens within the benchmark.
    await api('PATCH', '/api/v1/namespaces/knative-serving/configmaps/config-autoscaler', { data: { 'stable-window': '6s', 'scale-to-zero-grace-period': '6s' } }, 'application/merge-patch+json');
    const rssStart = rssMb(host.pid);
    let created = 0;
    for (const target of quick ? [1, 10] : [1, 10, 100]) {
      const names: string[] = [];
      const startedAt = new Map<string, number>();
      for (; created < target; created++) {
        const name = `svc-${created}`;
        names.push(name);
        startedAt.set(name, performance.now());
        const r = await api('POST', '/apis/serving.knative.dev/v1/namespaces/default/services', {
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Service',
          metadata: { name },
          spec: { template: { spec: { containers: [{ image: 'ghcr.io/knative/helloworld-go:latest', env: [{ name: 'TARGET', value: name }] }] } } },
        });
        if (r.status !== 201) throw new Error(`create ${name}: ${r.body}`);
      }
      // Apply to Ready, per service, from the moment each was created.
      const readyMs: number[] = [];
      const pending = new Set(names);
      const deadline = performance.now() + 120_000;
      while (pending.size > 0) {
        if (performance.now() > deadline) throw new Error(`${pending.size} services not Ready within 2 minutes`);
        const list = JSON.parse((await api('GET', '/apis/serving.knative.dev/v1/namespaces/default/services')).body) as { items: Array<{ metadata: { name: string }; status?: { conditions?: Array<{ type: string; status: string }> } }> };
        const now = performance.now();
        for (const item of list.items) {
          if (pending.has(item.metadata.name) && item.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) {
            pending.delete(item.metadata.name);
            readyMs.push(now - (startedAt.get(item.metadata.name) as number));
          }
        }
        await sleep(20);
      }
      // A hot revision: latency and throughput with 16 requests in flight for 3 seconds.
      const hot = `svc-0.default.${domain}`;
      const latencies: number[] = [];
      const end = performance.now() + 3_000;
      await Promise.all(Array.from({ length: 16 }, async () => {
        while (performance.now() < end) {
          const r = await call(hot);
          if (r.status !== 200) throw new Error(`hot request: ${r.status}`);
          latencies.push(r.ms);
        }
      }));
      const rps = latencies.length / 3;
      // Cold start: wait until the last service created is at zero, then time one request.
      const cold = names[names.length - 1] as string;
      const zeroDeadline = performance.now() + 60_000;
      for (;;) {
        const pods = JSON.parse((await api('GET', `/api/v1/namespaces/default/pods?labelSelector=serving.knative.dev/service%3D${cold}`)).body) as { items: unknown[] };
        if (pods.items.length === 0) break;
        if (performance.now() > zeroDeadline) throw new Error(`${cold} did not scale to zero`);
        await sleep(200);
      }
      const coldCall = await call(`${cold}.default.${domain}`);
      if (coldCall.status !== 200) throw new Error(`cold request: ${coldCall.status}`);
      const rss = rssMb(host.pid);
      rows.push([`${target} services: create to Ready, p50 / p99 ms`, `${fmt(pct(readyMs, 50))} / ${fmt(pct(readyMs, 99))}`]);
      rows.push([`${target} services: hot revision latency p50 / p99 ms`, `${fmt(pct(latencies, 50))} / ${fmt(pct(latencies, 99))}`]);
      rows.push([`${target} services: hot revision requests per second`, fmt(rps)]);
      rows.push([`${target} services: cold start (zero -> answered) ms`, fmt(coldCall.ms)]);
      rows.push([`${target} services: sandbox memory (RSS growth) MB`, fmt(rss - rssStart)]);
      (json.rounds as unknown[]).push({ services: target, readyP50: pct(readyMs, 50), readyP99: pct(readyMs, 99), hotP50: pct(latencies, 50), hotP99: pct(latencies, 99), rps, coldMs: coldCall.ms, rssGrowthMb: rss - rssStart });
    }
  } finally {
    host.proc.kill();
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\nKnative benchmark${quick ? ' (quick)' : ''}\n\n| ${'figure'.padEnd(width)} | value |\n|${'-'.repeat(width + 2)}|-------|\n`);
  for (const [k, v] of rows) process.stdout.write(`| ${k.padEnd(width)} | ${v} |\n`);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(`${ARTIFACTS}bench-knative.json`, JSON.stringify(json, null, 2));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:knative failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

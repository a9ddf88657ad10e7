// npm run bench:openfaas — OpenFaaS CE in the sandbox: deploy-to-ready (POST /system/functions until the function
// answers through the gateway), latency and requests per second of a hot fprocess function (`cat` on
// ghcr.io/openfaas/alpine, a real fork per request) with N requests in flight, with 1 and 15 functions (CE's
// maximum) deployed, and the sandbox's memory growth. The sandbox runs in a child process; calls go over HTTP with
// keep-alive. Prints a table; JSON to test/artifacts/bench-openfaas.json. `--inflight N` (default 16),
// `--seconds S` per hot round (default 3), `--profile DIR` writes the sandbox's CPU profile there.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { fmt, pct, rssMb, startChildHost } from './child-host.js';

interface Host {
  gateway: { host: string; port: number; user: string; password: string };
  pid: number;
  proc: ChildProcess;
}

const HOST = fileURLToPath(new URL('./openfaas-host.js', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../../../test/artifacts/', import.meta.url));
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const INFLIGHT = arg('inflight', 16);
const SECONDS = arg('seconds', 3);
const MAX_FUNCTIONS = 15;





async function main(): Promise<void> {
  const profile = process.argv.indexOf('--profile');
  const nodeFlags = profile >= 0 ? ['--cpu-prof', `--cpu-prof-dir=${process.argv[profile + 1]}`] : [];
  const host = await startChildHost<Omit<Host, 'proc'>>(HOST, [], nodeFlags);
  const { host: address, port, user, password } = host.gateway;
  const agent = new Agent({ keepAlive: true, maxSockets: Math.max(32, INFLIGHT * 2) });
  const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const http = (method: string, path: string, body: string, system = false): Promise<{ status: number; body: string; ms: number }> =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const headers: Record<string, string | number> = { 'Content-Length': Buffer.byteLength(body) };
      if (system) headers.Authorization = auth;
      const req = request({ host: address, port, method, path, agent, headers }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - t0 }));
      });
      req.on('error', reject);
      req.end(body);
    });
  const deployAndWait = async (name: string): Promise<number> => {
    const t0 = performance.now();
    const spec = { service: name, image: 'ghcr.io/openfaas/alpine:latest', namespace: 'openfaas-fn', envProcess: 'cat', envVars: {}, labels: {}, annotations: {} };
    const r = await http('POST', '/system/functions', JSON.stringify(spec), true);
    if (r.status !== 202) throw new Error(`deploy ${name}: ${r.status} ${r.body}`);
    // The gateway holds a call until the function has a Ready endpoint, so the first 200 is "ready".
    for (;;) {
      const answer = await http('POST', `/function/${name}`, 'ready?');
      if (answer.status === 200 && answer.body === 'ready?') return performance.now() - t0;
      if (performance.now() - t0 > 60_000) throw new Error(`${name} did not answer within 60 s: ${answer.status} ${answer.body}`);
    }
  };
  /** INFLIGHT callers for SECONDS, each sending a small body to the next of `names` and checking the echo. */
  const hot = async (names: readonly string[]): Promise<{ p50: number; p99: number; rps: number }> => {
    const latencies: number[] = [];
    const end = performance.now() + SECONDS * 1000;
    let next = 0;
    await Promise.all(Array.from({ length: INFLIGHT }, async (_, worker) => {
      while (performance.now() < end) {
        const body = `hello ${worker}`;
        const r = await http('POST', `/function/${names[next++ % names.length]}`, body);
        if (r.status !== 200 || r.body !== body) throw new Error(`hot call: ${r.status} ${r.body}`);
        latencies.push(r.ms);
      }
    }));
    return { p50: pct(latencies, 50), p99: pct(latencies, 99), rps: latencies.length / SECONDS };
  };
  const rows: Array<[string, string]> = [];
  const json: Record<string, unknown> = { date: new Date().toISOString(), inflight: INFLIGHT, seconds: SECONDS, rounds: [] as unknown[] };
  try {
    const health = await http('GET', '/healthz', '');
    if (health.status !== 200) throw new Error(`gateway not healthy: ${health.status}`);
    const rssStart = rssMb(host.pid);
    const names: string[] = [];
    for (const target of [1, MAX_FUNCTIONS]) {
      const readyMs: number[] = [];
      // One at a time, as `faas-cli deploy` sends them; each timed from its own POST.
      while (names.length < target) {
        const name = `fn-${names.length}`;
        names.push(name);
        readyMs.push(await deployAndWait(name));
      }
      const one = await hot(names.slice(0, 1));
      const all = target > 1 ? await hot(names) : undefined;
      const rss = rssMb(host.pid);
      const label = `${target} function${target > 1 ? 's' : ''}`;
      rows.push([`${label}: deploy to answering, p50 / p99 ms`, `${fmt(pct(readyMs, 50))} / ${fmt(pct(readyMs, 99))}`]);
      rows.push([`${label}: hot cat latency p50 / p99 ms (${INFLIGHT} in flight)`, `${fmt(one.p50)} / ${fmt(one.p99)}`]);
      rows.push([`${label}: hot cat requests per second`, fmt(one.rps)]);
      if (all) {
        rows.push([`${label}: spread over all, latency p50 / p99 ms`, `${fmt(all.p50)} / ${fmt(all.p99)}`]);
        rows.push([`${label}: spread over all, requests per second`, fmt(all.rps)]);
      }
      rows.push([`${label}: sandbox memory (RSS growth) MB`, fmt(rss - rssStart)]);
      (json.rounds as unknown[]).push({ functions: target, readyP50: pct(readyMs, 50), readyP99: pct(readyMs, 99), hot: one, spread: all, rssGrowthMb: rss - rssStart });
    }
    // CE's limit holds after the benchmark filled it.
    const extra = await http('POST', '/system/functions', JSON.stringify({ service: 'fn-over', image: 'ghcr.io/openfaas/alpine:latest', namespace: 'openfaas-fn', envProcess: 'cat' }), true);
    if (extra.status === 202) throw new Error('a 16th function was accepted');
  } finally {
    host.proc.kill();
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\nOpenFaaS benchmark\n\n| ${'figure'.padEnd(width)} | value |\n|${'-'.repeat(width + 2)}|-------|\n`);
  for (const [k, v] of rows) process.stdout.write(`| ${k.padEnd(width)} | ${v} |\n`);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(`${ARTIFACTS}bench-openfaas.json`, JSON.stringify(json, null, 2));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:openfaas failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

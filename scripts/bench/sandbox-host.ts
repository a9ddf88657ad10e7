// Child process of bench:sandbox: starts COUNT sandboxes (Knative and OpenFaaS installed, their pods running)
// and reports the memory they took, then serves the
// first one until killed (its URL, token and CA go to stdout as one JSON line).
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';

const count = Number(process.argv[2] ?? 1);
const rss = (): number => process.memoryUsage().rss;
global.gc?.();
const before = rss();
const sandboxes: RunningSandbox[] = [];
for (let i = 0; i < count; i++) sandboxes.push(await startSandbox());
// Knative's and OpenFaaS's pods start in the background: measure once they run (about 2 s here).
await new Promise((r) => setTimeout(r, 3_000));
global.gc?.();
const after = rss();
const first = sandboxes[0] as RunningSandbox;
process.stdout.write(`${JSON.stringify({ url: first.url, token: first.token, caPem: first.caPem, rssBefore: before, rssAfter: after, count, pid: process.pid })}\n`);

// Child process of bench:sandbox: starts COUNT sandboxes and reports the memory they took, then serves the
// first one until killed (its URL, token and CA go to stdout as one JSON line).
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';

const count = Number(process.argv[2] ?? 1);
const rss = (): number => process.memoryUsage().rss;
global.gc?.();
const before = rss();
const sandboxes: RunningSandbox[] = [];
for (let i = 0; i < count; i++) sandboxes.push(await startSandbox());
global.gc?.();
const after = rss();
const first = sandboxes[0] as RunningSandbox;
process.stdout.write(`${JSON.stringify({ url: first.url, token: first.token, caPem: first.caPem, rssBefore: before, rssAfter: after, count, pid: process.pid })}\n`);

// OpenFaaS store functions built on the of-watchdog (HTTP mode), emulated in-process with honest output:
// nodeinfo reports this machine as a pod on the kind node sees it (the pod's name in /etc/hostname, the host's
// kernel for arch, CPUs, memory and uptime), sleep sleeps as its Go handler does, markdown renders with a real
// Markdown library (marked). Behaviour from openfaas/store-functions; the code is ours.
import { arch, cpus, platform, totalmem, uptime } from 'node:os';
import { inspect } from 'node:util';
import { marked } from 'marked';
import { logWatchdogListening } from './classic-watchdog.js';
import { goLogTime, portOf, sendText, type HttpHandler, type ProgramContext, type ProgramDefinition } from './program.js';

/** of-watchdog's start lines, then the function's handler on the port; /_/health answers OK. */
function ofWatchdog(upstream: string, handler: (context: ProgramContext) => HttpHandler | undefined): ProgramDefinition {
  return {
    binaries: ['fwatchdog', '/usr/bin/fwatchdog', './fwatchdog'],
    start(context) {
      const port = portOf(context.env.port, 8080);
      const handle = handler(context);
      if (!handle) return {};
      context.log(`${goLogTime()} Forking - ${upstream} []`);
      context.log(`${goLogTime()} Started logging: stderr from function.`);
      context.log(`${goLogTime()} Started logging: stdout from function.`);
      context.log(`${goLogTime()} Watchdog mode: http\tfprocess: "${upstream}"`);
      context.log(`${goLogTime()} Timeouts: read: 10s write: 10s hard: 10s health: 10s`);
      logWatchdogListening(context, port);
      return {
        http: (p) =>
          p !== port
            ? undefined
            : (req, res) => {
                if ((req.url ?? '/').split('?')[0] === '/_/health') return sendText(res, 200, 'OK');
                const chunks: Buffer[] = [];
                req.on('data', (c: Buffer) => chunks.push(c));
                req.on('end', () => {
                  (req as { body?: Buffer }).body = Buffer.concat(chunks);
                  handle(req, res);
                });
              },
        signal(name) {
          if (name !== 'SIGTERM') return false;
          context.exit(0);
          return true;
        },
      };
    },
  };
}

const bodyOf = (req: Parameters<HttpHandler>[0]): Buffer => (req as { body?: Buffer }).body ?? Buffer.alloc(0);

/** Go's time.ParseDuration: a sequence of decimal numbers with units; "0" alone; else Go's error text. */
export function parseGoDuration(value: string): number | { error: string } {
  const quoted = `"${value}"`;
  if (value === '0') return 0;
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(value);
  if (!m) return { error: /^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(value) ? `time: missing unit in duration ${quoted}` : `time: invalid duration ${quoted}` };
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const part of value.replace(/^[-+]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(part[1]) * (units[part[2] ?? 's'] ?? 0);
  return m[1] === '-' ? -total : total;
}

/** The Node.js NodeInfo function: the machine it runs on, one fact per line; "verbose" in the body adds CPUs and interfaces. */
const nodeinfo = ofWatchdog('node index.js', (context) => (req, res) => {
  const lines = [
    // It reads /etc/hostname, whose newline it keeps: hence the blank line after the name.
    `Hostname: ${context.hostname}\n`,
    `Arch: ${arch()}`,
    `CPUs: ${cpus().length}`,
    `Total mem: ${(totalmem() / 1024 / 1024).toFixed(0)}MB`,
    `Platform: ${platform()}`,
    `Uptime: ${uptime()}`,
  ];
  if (bodyOf(req).toString().includes('verbose')) {
    lines.push(inspect(cpus()));
    // The pod's interfaces, as its network namespace has them (kind's pod network is a /24 per node).
    const eth0 = { address: context.podIP, netmask: '255.255.255.0', family: 'IPv4', mac: '0a:58:0a:f4:00:01', internal: false, cidr: `${context.podIP}/24` };
    const lo = { address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' };
    lines.push(inspect({ lo: [lo], eth0: [eth0] }));
  }
  sendText(res, 200, `${lines.join('\n')}\n`);
});

/** The Go sleep function: sleep_duration (2s in the store), X-Sleep, or a random time between X-Min-Sleep and X-Max-Sleep. */
const sleep = ofWatchdog('./handler', (context) => {
  const configured = context.env.sleep_duration ? parseGoDuration(context.env.sleep_duration) : 2000;
  if (typeof configured !== 'number') {
    context.log(`${goLogTime()} Error parsing sleep_duration environment variable: ${configured.error}`);
    context.exit(1);
    return undefined;
  }
  return (req, res) => {
    const header = (name: string): string => String(req.headers[name.toLowerCase()] ?? '');
    const parse = (name: string): number | undefined => {
      const parsed = parseGoDuration(header(name));
      if (typeof parsed === 'number') return parsed;
      context.log(`${goLogTime()} Error parsing ${name} header: ${parsed.error}`);
      sendText(res, 400, `Error parsing ${name} header: ${parsed.error}`);
      return undefined;
    };
    let ms = configured;
    if (header('X-Min-Sleep') && header('X-Max-Sleep')) {
      const min = parse('X-Min-Sleep');
      if (min === undefined) return;
      const max = parse('X-Max-Sleep');
      if (max === undefined) return;
      ms = Math.floor(min) + Math.floor(Math.random() * Math.max(1, Math.floor(max) - Math.floor(min)));
    } else if (header('X-Sleep')) {
      const wanted = parse('X-Sleep');
      if (wanted === undefined) return;
      ms = wanted;
    }
    const seconds = (Math.max(0, ms) / 1000).toFixed(6);
    context.log(`${goLogTime()} Start sleep for: ${seconds}s`);
    setTimeout(() => {
      context.log(`${goLogTime()} Sleep done for: ${seconds}s`);
      sendText(res, 200, `Slept for: ${seconds}s`);
    }, Math.max(0, ms));
  };
});

/** The markdown function: the body's Markdown as HTML (text/html). */
const markdown = ofWatchdog('./handler', () => (req, res) => {
  const html = marked.parse(bodyOf(req).toString(), { async: false });
  sendText(res, 200, html, { 'Content-Type': 'text/html' });
});

export const STORE_FUNCTION_PROGRAMS: Readonly<Record<string, ProgramDefinition>> = {
  'openfaas-nodeinfo': nodeinfo,
  'openfaas-sleep': sleep,
  'openfaas-markdown': markdown,
};

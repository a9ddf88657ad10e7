// /system/logs as the gateway proxies it to faas-netes (faas-provider's logs handler, faas-netes' k8s/logs.go):
// the function's pods (label faas_function=<name>) have their container's log read with timestamps and sent
// as newline-delimited JSON Messages {name, namespace, instance, timestamp, text}. Without `tail`, or with
// `since`, the history starts 5 minutes back (faas-netes' default) or at `since`; `follow=true` keeps the
// stream open (new pods included) until the provider's write timeout or the client leaves.
import type { ServerResponse } from 'node:http';
import type { ControllerContext } from '../../controllers/controller-context.js';
import type { Kubelet } from '../../controllers/kubelet.js';
import type { KubeObject } from '../../kube-object.js';
import type { ContainerLog, LogReadOptions } from '../../runtime/container-log.js';
import { FUNCTION_NAMESPACE } from '../install/constants.js';
import { goWrite } from './system-api.js';

/** faas-netes' defaultLogSince. */
const DEFAULT_SINCE_SECONDS = 5 * 60;
/** The chart's faas-netes write_timeout, which bounds a followed log request. */
export const LOG_FOLLOW_TIMEOUT_MS = 60_000;

interface LogQuery {
  name: string;
  namespace: string;
  tail: number;
  since: Date | undefined;
  follow: boolean;
}

/** faas-provider's parseRequest: the last value of each parameter; a bad tail or since is an error. */
function parseQuery(query: URLSearchParams): LogQuery | undefined {
  const last = (k: string): string => query.getAll(k).at(-1) ?? '';
  const tailText = last('tail');
  const tail = tailText === '' ? 0 : Number(tailText);
  if (!Number.isInteger(tail)) return undefined;
  const sinceText = last('since');
  const since = sinceText === '' ? undefined : new Date(sinceText);
  if (since && (Number.isNaN(since.getTime()) || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(sinceText))) return undefined;
  // LogRequestor: any namespace but kube-system replaces the default one.
  const ns = last('namespace');
  const namespace = ns !== '' && ns.toLowerCase() !== 'kube-system' ? ns : FUNCTION_NAMESPACE;
  return { name: last('name'), namespace, tail, since, follow: ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(last('follow')) };
}

/** Go's time.Time in JSON (RFC 3339 with the fraction's trailing zeros cut) from kubelet's nine-digit stamp. */
function goTime(stamp: string): string {
  return stamp.replace(/\.(\d*?)0*Z$/, (_, digits: string) => (digits === '' ? 'Z' : `.${digits}Z`));
}

/** Go's json.Encoder: HTML-safe escapes, then a newline. */
function goJsonLine(value: unknown): string {
  return `${JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

export class LogsApi {
  constructor(
    private readonly ctx: ControllerContext,
    private readonly kubelet: Kubelet,
  ) {}

  private pods(q: LogQuery): KubeObject[] {
    return this.ctx.store.list(this.ctx.types.pods, q.namespace).filter((p) => p.metadata.labels?.faas_function === q.name);
  }

  handle(res: ServerResponse, query: URLSearchParams): void {
    const q = parseQuery(query);
    if (!q) return goWrite(res, 422, 'could not parse the log request');
    const pods = this.pods(q);
    // faas-netes' informer finds no instance: the provider answers its generic failure.
    if (pods.length === 0) return goWrite(res, 500, 'function log request failed');
    res.writeHead(200, { Connection: 'Keep-Alive', 'Content-Type': 'application/x-ndjson' });
    res.flushHeaders();
    const options: LogReadOptions = { timestamps: true };
    if (q.tail > 0) options.tailLines = q.tail;
    if (q.tail <= 0 || q.since) options.sinceSeconds = q.since ? Math.max(0, Math.floor((Date.now() - q.since.getTime()) / 1000)) : DEFAULT_SINCE_SECONDS;
    const write = (pod: string, text: string): void => {
      for (const line of text.split(/(?<=\n)/)) {
        if (line === '') continue;
        const space = line.indexOf(' ');
        // faas-netes leaves the namespace empty in each message (podLogs never sets it).
        res.write(goJsonLine({ name: q.name, namespace: '', instance: pod, timestamp: goTime(space > 0 ? line.slice(0, space) : line), text: space > 0 ? line.slice(space + 1) : '' }));
      }
    };
    if (!q.follow) {
      for (const pod of pods) {
        const log = this.kubelet.log(q.namespace, pod.metadata.name as string, q.name, false);
        if (typeof log !== 'string') write(pod.metadata.name as string, log.read(options));
      }
      res.end();
      return;
    }
    this.follow(res, q, options, write);
  }

  /** Each pod's history, then its new lines as they come; pods that appear later join the stream. */
  private follow(res: ServerResponse, q: LogQuery, options: LogReadOptions, write: (pod: string, text: string) => void): void {
    const stops: Array<() => void> = [];
    const followed = new Set<string>();
    const attach = (pod: string): void => {
      if (followed.has(pod)) return;
      const log: ContainerLog | string = this.kubelet.log(q.namespace, pod, q.name, false);
      if (typeof log === 'string') return; // not started yet: a later pod event tries again
      followed.add(pod);
      write(pod, log.read(options));
      stops.push(log.follow((text) => write(pod, text), { timestamps: true }));
    };
    for (const pod of this.pods(q)) attach(pod.metadata.name as string);
    stops.push(
      this.ctx.store.subscribe((event) => {
        const o = event.object;
        if (o.kind === 'Pod' && event.type !== 'DELETED' && o.metadata.namespace === q.namespace && o.metadata.labels?.faas_function === q.name) attach(o.metadata.name as string);
      }),
    );
    const end = (): void => {
      clearTimeout(timer);
      for (const stop of stops.splice(0)) stop();
      if (!res.writableEnded) res.end();
    };
    const timer = setTimeout(end, LOG_FOLLOW_TIMEOUT_MS);
    timer.unref();
    res.on('close', end);
  }
}

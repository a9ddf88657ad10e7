// `pods/<name>/log`: a container's log as text/plain, with kubelet's options (container, previous, tailLines,
// sinceSeconds, sinceTime, timestamps, limitBytes) and follow=true streaming until the container ends or the
// client goes. A container with no log yet gets the apiserver's 400 and its reason.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kubelet } from './controllers/kubelet.js';
import type { LogReadOptions } from './runtime/container-log.js';
import { errors } from './status.js';

export function streamLog(kubelet: Kubelet, namespace: string, name: string, url: URL, req: IncomingMessage, res: ServerResponse): void {
  const q = url.searchParams;
  const container = q.get('container') ?? undefined;
  const previous = q.get('previous') === 'true';
  const log = kubelet.log(namespace, name, container, previous);
  if (typeof log === 'string') throw errors.badRequest(log);
  const options = readOptions(q);
  const text = log.read(options);
  const follow = q.get('follow') === 'true';
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  if (!follow || log.ended) {
    res.end(text);
    return;
  }
  res.write(text);
  let budget = options.limitBytes !== undefined ? options.limitBytes - Buffer.byteLength(text) : Infinity;
  const stopFollowing = log.follow(
    (chunk) => {
      if (budget <= 0) return;
      const bytes = Buffer.from(chunk);
      const part = bytes.length > budget ? bytes.subarray(0, budget) : bytes;
      budget -= part.length;
      res.write(part);
      if (budget <= 0) finish();
    },
    { timestamps: options.timestamps === true },
  );
  const stopEnd = log.onEnd(() => finish());
  function finish(): void {
    stopFollowing();
    stopEnd();
    if (!res.writableEnded) res.end();
  }
  res.on('close', finish);
  req.on('aborted', finish);
}

function readOptions(q: URLSearchParams): LogReadOptions {
  const options: LogReadOptions = {};
  const int = (name: string): number | undefined => {
    const v = q.get(name);
    if (v === null) return undefined;
    if (!/^-?\d+$/.test(v)) throw errors.badRequest(`invalid value for ${name}: ${v}`);
    return Number(v);
  };
  const tail = int('tailLines');
  if (tail !== undefined && tail >= 0) options.tailLines = tail;
  const since = int('sinceSeconds');
  if (since !== undefined) {
    if (since < 1) throw errors.invalid({ group: '', version: 'v1', kind: 'PodLogOptions', listKind: '', plural: 'pods', singular: '', namespaced: true, shortNames: [], categories: [], verbs: [], subresources: [], generation: false }, '', [{ field: 'sinceSeconds', message: `Invalid value: ${since}: must be greater than 0` }]);
    options.sinceSeconds = since;
  }
  const sinceTime = q.get('sinceTime');
  if (sinceTime) {
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t)) throw errors.badRequest(`invalid value for sinceTime: ${sinceTime}`);
    options.sinceTime = new Date(t);
  }
  if (q.get('timestamps') === 'true') options.timestamps = true;
  const limit = int('limitBytes');
  if (limit !== undefined && limit > 0) options.limitBytes = limit;
  return options;
}

// A watch: one JSON line per event over a chunked response, replaying changes after the client's
// resourceVersion (or the current objects as ADDED when it gave none), then live changes, bookmarks when asked
// for, and the end after timeoutSeconds. Headers are flushed at once: kubectl waits for them.
import type { ServerResponse } from 'node:http';
import type { KubeObject } from './kube-object.js';
import type { ObjectStore, StoreEvent } from './object-store.js';
import type { ApiError } from './status.js';

/** Bookmarks tell a client how far it has seen, so a reconnect can resume without replaying everything. */
export const BOOKMARK_INTERVAL_MS = 30_000;

export interface WatchOptions {
  store: ObjectStore;
  resource: string;
  matches: (obj: KubeObject) => boolean;
  /** ADDED events for these first (a watch without a resourceVersion). */
  initial: KubeObject[] | undefined;
  /** Replay changes after this version; ignored when `initial` is given. */
  sinceVersion: number | undefined;
  bookmarks: boolean;
  timeoutMs: number;
  /** A bookmark carries only apiVersion, kind and resourceVersion. */
  bookmarkKind: { apiVersion: string; kind: string };
  /** How each object goes out: as itself, or as a one-row Table when the client asked for Tables (`get -w`). */
  encode?: (obj: KubeObject, first: boolean) => unknown;
}

export function startWatch(res: ServerResponse, options: WatchOptions): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  const send = (type: string, object: unknown): void => {
    res.write(`${JSON.stringify({ type, object })}\n`);
  };
  let first = true;
  const sendObject = (type: string, obj: KubeObject): void => {
    send(type, options.encode ? options.encode(obj, first) : obj);
    first = false;
  };
  const relevant = (e: StoreEvent): boolean => e.resource === options.resource && options.matches(e.object);
  let replay: StoreEvent[] = [];
  if (options.initial) {
    for (const obj of options.initial) sendObject('ADDED', obj);
  } else if (options.sinceVersion !== undefined) {
    try {
      replay = options.store.changesSince(options.sinceVersion).filter(relevant);
    } catch (error) {
      send('ERROR', (error as ApiError).toStatus());
      res.end();
      return;
    }
  }
  for (const e of replay) sendObject(e.type, e.object);
  const unsubscribe = options.store.subscribe((e) => {
    if (relevant(e)) sendObject(e.type, e.object);
  });
  const bookmark = options.bookmarks
    ? setInterval(() => {
        send('BOOKMARK', {
          ...options.bookmarkKind,
          metadata: { resourceVersion: String(options.store.resourceVersion), annotations: { 'k8s.io/initial-events-end': 'true' } },
        });
      }, BOOKMARK_INTERVAL_MS)
    : undefined;
  const timeout = setTimeout(() => res.end(), options.timeoutMs);
  // In Node 20 the response's close, not the request's, tells that the client went away.
  res.on('close', () => {
    unsubscribe();
    clearTimeout(timeout);
    if (bookmark) clearInterval(bookmark);
  });
}

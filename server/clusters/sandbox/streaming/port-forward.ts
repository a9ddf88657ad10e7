// `kubectl port-forward` (portforward.k8s.io over SPDY, tunnelled in a WebSocket): per local connection kubectl
// opens an error stream and a data stream, both with headers `streamtype`, `port` and `requestid`. The data
// stream's bytes reach the container serving that port: an emulated program's HTTP handler, fed through an
// http.Server that never listens. Real processes have no network namespace here, so nothing of theirs is
// reachable: that is containerd's "connection refused", worded as kind shows it.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import type { ContainerProcess } from '../runtime/container-runtime.js';
import { SpdySession, type SpdyStream } from './spdy.js';

export const PORT_FORWARD_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';

export interface ForwardTarget {
  podUid: string;
  /** the pod's running containers, looked up again for every connection */
  containers(): ContainerProcess[];
}

export function runPortForward(ws: WebSocket, target: ForwardTarget): void {
  const pairs = new Map<string, { error?: SpdyStream; data?: SpdyStream }>();
  const session = new SpdySession(
    (bytes) => {
      if (ws.readyState === ws.OPEN) ws.send(bytes);
    },
    (stream) => {
      stream.reply();
      const type = stream.headers.get('streamtype');
      const id = stream.headers.get('requestid') ?? '';
      const pair = pairs.get(id) ?? {};
      if (type === 'error') pair.error = stream;
      else if (type === 'data') pair.data = stream;
      else {
        stream.destroy();
        return;
      }
      pairs.set(id, pair);
      if (pair.error && pair.data) {
        pairs.delete(id);
        forward(pair.error, pair.data, target);
      }
    },
  );
  ws.on('message', (raw: RawData) => session.receive(Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw as ArrayBuffer)));
  ws.on('close', () => session.close());
  ws.on('error', () => {}); // 'close' follows
}

function forward(errorStream: SpdyStream, data: SpdyStream, target: ForwardTarget): void {
  errorStream.resume(); // kubectl writes nothing there; it only closes its side
  const port = Number(data.headers.get('port'));
  const handler = target.containers().map((c) => c.http?.(port)).find((h) => h !== undefined);
  if (!handler) {
    errorStream.end(refusedMessage(port, target.podUid));
    data.end();
    return;
  }
  // Both streams end together, as kubelet closes them when the copy is over.
  data.once('close', () => errorStream.end());
  data.once('finish', () => errorStream.end());
  createServer(handler).emit('connection', data);
}

/** What kind (containerd 1.7) says when nothing listens on the port in the pod's network namespace. */
export function refusedMessage(port: number, podUid: string): string {
  const sandboxId = createHash('sha256').update(`sandbox:${podUid}`).digest('hex');
  const netns = createHash('sha256').update(`netns:${podUid}`).digest('hex');
  const uuid = `${netns.slice(0, 8)}-${netns.slice(8, 12)}-${netns.slice(12, 16)}-${netns.slice(16, 20)}-${netns.slice(20, 32)}`;
  return `error forwarding port ${port} to pod ${sandboxId}, uid : failed to execute portforward in network namespace "/var/run/netns/cni-${uuid}": failed to connect to localhost:${port} inside namespace "${sandboxId}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `;
}

// Pings a websocket periodically and drops it when the previous ping went unanswered: half-open connections
// (a laptop lid closed, a proxy gone) would otherwise hold their sessions forever.
import type { WebSocket } from 'ws';

export const HEARTBEAT_MS = 30_000;

/** Starts the heartbeat; returns its stop. */
export function keepAlive(ws: WebSocket, periodMs = HEARTBEAT_MS): () => void {
  let alive = true;
  const onPong = (): void => {
    alive = true;
  };
  ws.on('pong', onPong);
  const timer = setInterval(() => {
    if (!alive) {
      ws.terminate();
      return;
    }
    alive = false;
    ws.ping();
  }, periodMs);
  return () => {
    clearInterval(timer);
    ws.off('pong', onPong);
  };
}

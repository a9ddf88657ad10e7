// A loopback address of its own for each sandbox of a process (127.0.1.1, 127.0.1.2, ...), so that several
// sandboxes can each serve ports such as 80 for their ingress. Linux routes all of 127.0.0.0/8 to the loopback
// interface; where binding such an address fails (macOS has only 127.0.0.1 unless aliases are added), every
// sandbox shares 127.0.0.1 and tells the ports apart instead.
import { createServer } from 'node:net';

const inUse = new Set<string>();
/** Kept for a sandbox that will come back (a learner's, after a restart): only asking for them by name gets them. */
const reserved = new Set<string>();
let next = 1;
let supported: boolean | undefined;

async function canBind(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(0, address, () => server.close(() => resolve(true)));
  });
}

/**
 * A free loopback address for a new sandbox; release it when the sandbox closes. `preferred`, when free, is the
 * one given (a restored sandbox keeps its address, so its Knative URLs stay the same); otherwise the next free one.
 */
export async function allocateLoopback(preferred?: string): Promise<string> {
  supported ??= await canBind('127.0.1.1');
  if (!supported) return '127.0.0.1';
  if (preferred !== undefined && isSandboxAddress(preferred) && !inUse.has(preferred)) {
    inUse.add(preferred);
    reserved.delete(preferred);
    return preferred;
  }
  for (let i = 0; i < 65_000; i++) {
    const n = next + i;
    const address = `127.0.${1 + Math.floor((n - 1) / 254)}.${1 + ((n - 1) % 254)}`;
    if (!inUse.has(address) && !reserved.has(address)) {
      inUse.add(address);
      next = n + 1;
      return address;
    }
  }
  return '127.0.0.1';
}

export function releaseLoopback(address: string): void {
  inUse.delete(address);
}

/** Keeps an address for whoever asks for it by name (allocateLoopback(address)); others get other addresses. */
export function reserveLoopback(address: string): void {
  if (isSandboxAddress(address)) reserved.add(address);
}

/** One of the addresses allocateLoopback hands out (127.0.1.1 and up; never 127.0.0.x). */
function isSandboxAddress(address: string): boolean {
  const m = /^127\.0\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  return m !== null && Number(m[1]) >= 1 && Number(m[1]) <= 255 && Number(m[2]) >= 1 && Number(m[2]) <= 254;
}

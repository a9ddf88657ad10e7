// A loopback address of its own for each sandbox of a process (127.0.1.1, 127.0.1.2, ...), so that several
// sandboxes can each serve ports such as 80 for their ingress. Linux routes all of 127.0.0.0/8 to the loopback
// interface; where binding such an address fails (macOS has only 127.0.0.1 unless aliases are added), every
// sandbox shares 127.0.0.1 and tells the ports apart instead.
import { createServer } from 'node:net';

const inUse = new Set<string>();
let next = 1;
let supported: boolean | undefined;

async function canBind(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(0, address, () => server.close(() => resolve(true)));
  });
}

/** A free loopback address for a new sandbox; release it when the sandbox closes. */
export async function allocateLoopback(): Promise<string> {
  supported ??= await canBind('127.0.1.1');
  if (!supported) return '127.0.0.1';
  for (let i = 0; i < 65_000; i++) {
    const n = next + i;
    const address = `127.0.${1 + Math.floor((n - 1) / 254)}.${1 + ((n - 1) % 254)}`;
    if (!inUse.has(address)) {
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

// What passes between a sandbox host thread (sandbox-worker.ts) and the thread that uses it: plain data only.
// Every request names the sandbox it is for and carries an id its reply repeats.
import type { SandboxOptions } from '../sandbox-server.js';
import type { RestoreReport } from '../snapshot.js';

export interface SandboxAddresses {
  url: string;
  port: number;
  token: string;
  caPem: string;
  ingress: { host: string; port: number } | undefined;
  openfaas: { host: string; port: number; user: string; password: string } | undefined;
}

export type ToHost =
  | { id: number; sandbox: number; type: 'start'; options: SandboxOptions }
  | { id: number; sandbox: number; type: 'snapshot' }
  | { id: number; sandbox: number; type: 'restore'; snapshot: string }
  | { id: number; sandbox: number; type: 'close' };

export type FromHost =
  | { id: number; type: 'started'; addresses: SandboxAddresses }
  | { id: number; type: 'snapshot'; snapshot: string }
  | { id: number; type: 'restored'; report: RestoreReport; openfaas: SandboxAddresses['openfaas'] }
  | { id: number; type: 'closed' }
  | { id: number; type: 'error'; message: string };

// What a seat needs before a learner sits down, made ahead of time for the warm pool: a cluster of its own to
// reach through a kubeconfig, the addresses of its Knative ingress and OpenFaaS gateway, and, where the server
// runs as root, its own unprivileged Unix user. Two kinds: a sandbox per seat (its own API token and loopback
// address), or a namespace per seat on one shared kind cluster (kind-seats.ts).
import { kubeconfigYaml } from '../clusters/sandbox/kubeconfig.js';
import { describeRestore } from '../clusters/sandbox/snapshot.js';
import { reserveLoopback } from '../clusters/sandbox/loopback.js';
import type { HostedSandbox, SandboxHost } from '../clusters/sandbox/thread/sandbox-host.js';
import type { Gateways } from '../lessons/checkers/context.js';

export interface SeatUser {
  name: string;
  uid: number;
  gid: number;
}

export interface SeatEnvironment {
  readonly name: string;
  readonly user: SeatUser | undefined;
  /** The kubeconfig the learner's shell and the checkers use (it carries the seat's credentials). */
  readonly kubeconfig: string;
  readonly gateways: Gateways;
  /** Where its API answers (the instructor's view and tests). */
  readonly server: string;
  readonly kind: 'sandbox' | 'kind';
  /**
   * Where on this host it runs, when that shows to the learner and a restored seat should keep it (a sandbox's
   * loopback address: it is in the kubeconfig and in every Knative URL). Kind seats share one cluster: none.
   */
  readonly place?: string;
  /** The cluster's state as text, for a new environment after a restart; undefined where the cluster outlives the server. */
  saveState(): Promise<string | undefined>;
  /** Gives this fresh environment a saved state; says what was restored and what could not be (the rest is). */
  restoreState(state: string): Promise<{ restored: string; failed: string[] }>;
  /** The server stops (its state is saved): what must outlive it stays, the rest is released. */
  suspend(): Promise<void>;
  /** Everything of the seat goes (it expired, or was never used). */
  dispose(): Promise<void>;
}

export interface EnvironmentFactory {
  /** A new environment; at `place` when it is free (a returning learner's), elsewhere otherwise. */
  create(name: string, place?: string): Promise<SeatEnvironment>;
  /** Keeps a place for the learner who had it (after a restart): environments made without asking get others. */
  reserve?(place: string): void;
}

export interface SandboxSeatOptions {
  /** A seat user for this environment, or undefined (not root: bubblewrap alone separates seats). */
  makeUser: (name: string) => Promise<SeatUser | undefined>;
  runtimeDir: (name: string) => string;
  host: SandboxHost;
}

export class SandboxSeat implements SeatEnvironment {
  readonly kind = 'sandbox';

  private constructor(
    readonly name: string,
    readonly sandbox: HostedSandbox,
    readonly user: SeatUser | undefined,
  ) {}

  static factory(options: SandboxSeatOptions): EnvironmentFactory {
    return {
      async create(name, place) {
        const user = await options.makeUser(name);
        // In a host thread: fifty seats' clusters use the other cores, and never hold up the terminals.
        const sandbox = await options.host.start({ runtimeDir: options.runtimeDir(name) }, place);
        return new SandboxSeat(name, sandbox, user);
      },
      reserve: reserveLoopback,
    };
  }

  get place(): string {
    return this.sandbox.host;
  }

  get kubeconfig(): string {
    const { url, token, caPem } = this.sandbox.addresses;
    return kubeconfigYaml(url, token, caPem);
  }

  get gateways(): Gateways {
    return { ingress: this.sandbox.addresses.ingress, openfaas: this.sandbox.addresses.openfaas };
  }

  get server(): string {
    return this.sandbox.url;
  }

  saveState(): Promise<string> {
    return this.sandbox.snapshot();
  }

  async restoreState(state: string): Promise<{ restored: string; failed: string[] }> {
    const { restored, failed } = describeRestore(await this.sandbox.restore(state));
    return { restored: `${restored} objects`, failed };
  }

  /** A sandbox lives in this process: it goes (its objects were saved). */
  suspend(): Promise<void> {
    return this.dispose();
  }

  async dispose(): Promise<void> {
    await this.sandbox.close();
  }
}

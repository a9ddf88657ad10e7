// What a seat needs before a learner sits down, made ahead of time for the warm pool: its own sandbox cluster
// (own API token, own loopback address, so its ingress and gateway ports are its own) and, where the server runs
// as root, its own unprivileged Unix user. Making one takes about a second; taking one from the pool is instant.
import { startSandbox, type RunningSandbox } from '../clusters/sandbox/sandbox-server.js';

export interface SeatUser {
  name: string;
  uid: number;
  gid: number;
}

export interface EnvironmentOptions {
  /** A seat user for this environment, or undefined (not root: bubblewrap alone separates seats). */
  makeUser: (name: string) => SeatUser | undefined;
  runtimeDir: (name: string) => string;
}

export class SeatEnvironment {
  private constructor(
    readonly name: string,
    readonly sandbox: RunningSandbox,
    readonly user: SeatUser | undefined,
  ) {}

  static async create(name: string, options: EnvironmentOptions): Promise<SeatEnvironment> {
    const user = options.makeUser(name);
    const sandbox = await startSandbox({ runtimeDir: options.runtimeDir(name) });
    return new SeatEnvironment(name, sandbox, user);
  }

  async dispose(): Promise<void> {
    await this.sandbox.close();
  }
}

// The sandbox's container runtime: starts containers of catalogue images, either as real confined
// processes (shell images, and commands other than the image's program on images that have /bin/sh) or
// as emulated programs, and stops them as containerd would.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { containerArgv, containerEnv, expandReferences } from './container-command.js';
import { DEFAULT_MAX_LOG_BYTES } from './container-log.js';
import type { ContainerExit, ContainerLaunch, ContainerProcess, HttpHandler } from './container-types.js';
import { EmulatedContainer } from './emulated-container.js';
import { PROGRAMS } from './emulated/programs.js';
import type { ProgramDefinition } from './emulated/program.js';
import { HostContainer } from './host-container.js';
import { CONTAINER_MARKER_VAR, killContainer } from './host-process.js';
import { execInContainer, type ExecOptions, type ExecProcess, type ExecTarget } from './container-exec.js';

export type { ContainerExit, ContainerLaunch, ContainerProcess, HttpHandler } from './container-types.js';
export type { ContainerLog } from './container-log.js';

export interface ContainerRuntimeOptions {
  /** scratch directories for containers go under it */
  rootDir: string;
  /** log bytes kept per container (kubelet rotates at 10 MiB by default) */
  maxLogBytes?: number;
  /** true (default): a container's main process gets the stop signal only if it handles it, as PID 1 of a
   * container would; false: the stop signal goes to the whole process group like a plain kill */
  pid1Signals?: boolean;
}

type Stoppable = ContainerProcess & { kill(): Promise<ContainerExit> };

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The emulated program when the argv still runs the image's own program; undefined: run it for real. */
function emulatedProgram(launch: ContainerLaunch, argv: readonly string[]): ProgramDefinition | undefined {
  const key = launch.resolved.image.program;
  const definition = key === undefined ? undefined : PROGRAMS[key];
  if (!definition) return undefined;
  const overridden = launch.command !== undefined && launch.command.length > 0;
  if (!overridden) return definition;
  const first = argv[0] ?? '';
  return definition.binaries.includes(first) || definition.binaries.includes(basename(first)) ? definition : undefined;
}

/** Secret volume files under the scratch root (`/var/openfaas/secrets/x` is `<root>/var/openfaas/secrets/x`). */
function writeFiles(root: string, files: ContainerLaunch['files']): void {
  for (const file of files ?? []) {
    const target = join(root, file.path.replace(/^\/+/, ''));
    if (!target.startsWith(`${root}/`)) continue;
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    writeFileSync(target, file.data, { mode: 0o400 });
  }
}

export class ContainerRuntime {
  private readonly containers = new Set<Stoppable>();
  /** Each container's context for `kubectl exec`. */
  private readonly execTargets = new WeakMap<ContainerProcess, ExecTarget>();
  private readonly execUsed = new WeakSet<ExecTarget>();
  private readonly maxLogBytes: number;
  private readonly pid1Signals: boolean;
  /** Handlers the sandbox serves itself, offered to emulated programs by name (ProgramContext.sandboxHandler). */
  readonly sandboxHandlers = new Map<string, HttpHandler>();

  constructor(private readonly options: ContainerRuntimeOptions) {
    this.maxLogBytes = options.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES;
    this.pid1Signals = options.pid1Signals ?? true;
  }

  get running(): number {
    return this.containers.size;
  }

  /** Synchronous start; a failure to start (executable not found) comes out as an exit (128, StartError). */
  start(launch: ContainerLaunch): ContainerProcess {
    const image = launch.resolved.image;
    const env = containerEnv(launch);
    const argv = containerArgv(image, launch.command, launch.args).map((arg) => expandReferences(arg, env));
    const stopSignal = (image.stopSignal ?? 'SIGTERM') as NodeJS.Signals;
    const definition = image.shell ? undefined : emulatedProgram(launch, argv);
    let container: Stoppable;
    if (definition) {
      const tag = /:([^:/@]+)$/.exec(launch.resolved.ref)?.[1] ?? 'latest';
      container = new EmulatedContainer({
        definition,
        context: {
          argv,
          env,
          hostname: launch.podName,
          podIP: launch.podIP ?? '127.0.0.1',
          tag,
          sandboxHandler: (name) => this.sandboxHandlers.get(name),
        },
        spawn: (self, childArgv, options) => this.exec(self, childArgv, options),
        stopSignal,
        maxLogBytes: this.maxLogBytes,
      });
      this.emulatedExecTarget(launch, container, env);
    } else {
      container = this.startHost(launch, argv, env, stopSignal);
    }
    this.containers.add(container);
    void container.exited.then(() => this.containers.delete(container));
    return container;
  }

  private startHost(launch: ContainerLaunch, argv: string[], env: Record<string, string>, stopSignal: NodeJS.Signals): Stoppable {
    const image = launch.resolved.image;
    const id = randomBytes(8).toString('hex');
    const root = join(this.options.rootDir, `${launch.namespace}_${launch.podName}_${launch.podUid}`, `${launch.containerName}-${id}`);
    mkdirSync(root, { recursive: true, mode: 0o700 });
    writeFiles(root, launch.files);
    const workingDir = launch.workingDir ?? image.workingDir;
    let cwd = root;
    if (workingDir !== undefined && workingDir !== '' && workingDir !== '/') {
      // The container's directories live inside its scratch root, which stands for `/`.
      cwd = join(root, isAbsolute(workingDir) ? workingDir.slice(1) : workingDir);
      mkdirSync(cwd, { recursive: true });
    }
    const hostEnv: Record<string, string> = { ...env, HOME: env.HOME ?? root, [CONTAINER_MARKER_VAR]: id };
    // A distroless image (http-echo, whoami...) has no shell nor coreutils: nothing of the host runs in it.
    const noExecutables = !image.shell && image.hasShell !== true;
    const container = new HostContainer({ argv, env: hostEnv, cwd, marker: id, stopSignal, maxLogBytes: this.maxLogBytes, pid1Signals: this.pid1Signals, noExecutables });
    this.execTargets.set(container, { env: hostEnv, cwd, executables: !noExecutables });
    void container.exited.then(() => rmSync(root, { recursive: true, force: true }));
    return container;
  }

  /** An emulated program has no process nor directory: exec gets a scratch root made on first use, and what it
   * started ends with the container (its marker), as the PID namespace's end would. */
  private emulatedExecTarget(launch: ContainerLaunch, container: ContainerProcess, env: Record<string, string>): void {
    const id = randomBytes(8).toString('hex');
    const root = join(this.options.rootDir, `${launch.namespace}_${launch.podName}_${launch.podUid}`, `${launch.containerName}-${id}`);
    const target = { env: { ...env, HOME: env.HOME ?? root, [CONTAINER_MARKER_VAR]: id }, cwd: root, executables: launch.resolved.image.hasShell === true };
    this.execTargets.set(container, target);
    if (launch.files && launch.files.length > 0) {
      // A watchdog's forks read mounted secrets: the root is made now, and removed at the end like an exec's.
      writeFiles(root, launch.files);
      this.execUsed.add(target);
    }
    void container.exited.then(() => {
      // Only after an exec: the search through /proc costs a few milliseconds, too much for every idle program.
      if (!this.execUsed.has(target)) return;
      killContainer(undefined, id);
      rmSync(root, { recursive: true, force: true });
    });
  }

  /** Runs argv in a running container's context (`kubectl exec`); undefined once the container has ended. */
  exec(container: ContainerProcess, argv: readonly string[], options: ExecOptions): ExecProcess | undefined {
    const target = this.execTargets.get(container);
    if (!target || !this.containers.has(container as Stoppable)) return undefined;
    mkdirSync(target.cwd, { recursive: true, mode: 0o700 });
    this.execUsed.add(target);
    return execInContainer(target, argv, options);
  }

  /** Stops everything at once (sandbox shutdown) and leaves no process behind. */
  async stopAll(): Promise<void> {
    const all = [...this.containers];
    await Promise.all(all.map((container) => container.kill()));
  }
}

// The runtime's contract with the pod controllers (kubelet emulation).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContainerLog } from './container-log.js';
import type { ImageResolution } from './image-catalogue.js';

export interface ContainerLaunch {
  namespace: string;
  podName: string;
  podUid: string;
  containerName: string;
  resolved: Extract<ImageResolution, { ok: true }>;
  /** as in the pod spec: command replaces ENTRYPOINT, args replace CMD */
  command?: string[];
  args?: string[];
  /** already resolved by the caller; `$(NAME)` references in command/args are expanded with it here */
  env: Array<{ name: string; value: string }>;
  workingDir?: string;
  /** the pod's IP, for programs that print or serve it (whoami, httpd); 127.0.0.1 when absent */
  podIP?: string;
  /** files of Secret volumes (absolute container paths), written under the scratch root that stands for `/` */
  files?: ReadonlyArray<{ path: string; data: Buffer }>;
}

export interface ContainerExit {
  exitCode: number;
  /** 'Completed' when 0, 'Error' otherwise, 'StartError' when the process could not start (exit 128) */
  reason: string;
  /** the signal that ended it, when one did (informative: kubelet itself leaves status.signal empty) */
  signal?: string;
  finishedAt: Date;
  message?: string;
}

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface ContainerProcess {
  readonly startedAt: Date;
  readonly log: ContainerLog;
  /** settles once, when the container ends by itself or is stopped */
  readonly exited: Promise<ContainerExit>;
  /** The image's stop signal (SIGTERM unless the image says otherwise), then SIGKILL after the grace
   * period (seconds). As on a real node, a PID 1 without a handler for the signal does not die of it. */
  stop(gracePeriodSeconds: number): Promise<ContainerExit>;
  /** for emulated servers: the program's HTTP answer on that port; undefined if it serves none there */
  http?(port: number): HttpHandler | undefined;
  /** 'host' for a real process, 'emulated' for an in-process program */
  readonly kind: 'host' | 'emulated';
}

/** Reason kubelet reports for an exit code. */
export function exitReason(exitCode: number): string {
  return exitCode === 0 ? 'Completed' : 'Error';
}

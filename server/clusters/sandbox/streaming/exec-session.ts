// One `kubectl exec` or `kubectl attach` on an upgraded WebSocket: the process (or the container's output) on
// the channels, and the end as kubelet and containerd report it.
import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Kubelet } from '../controllers/kubelet.js';
import type { ContainerProcess } from '../runtime/container-runtime.js';
import type { ExecProcess } from '../runtime/container-exec.js';
import { Channel, ChannelSocket } from './channels.js';

export interface StreamOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** containerd's words when runc cannot start the exec'd program (kubectl exits 1 and prints them). */
export function execStartFailure(execError: string): string {
  return `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${randomBytes(32).toString('hex')}": OCI runtime exec failed: exec failed: unable to start container process: ${execError}: unknown`;
}

export function runExec(kubelet: Kubelet, container: ContainerProcess, argv: string[], options: StreamOptions, ws: WebSocket): void {
  let proc: ExecProcess | undefined;
  const socket = new ChannelSocket(ws, {
    stdin: (data) => proc?.write(data),
    stdinClosed: () => proc?.endInput(),
    // kubectl sends the terminal's size right after the upgrade: the pty starts at 80x24 and follows it.
    resize: (cols, rows) => proc?.resize(cols, rows),
    gone: () => proc?.kill(),
  });
  proc = kubelet.exec(container, argv, {
    stdin: options.stdin,
    tty: options.tty,
    output: (stream, data) => {
      if (stream === 'stdout' && options.stdout) socket.write(Channel.Stdout, data);
      else if (stream === 'stderr' && options.stderr) socket.write(Channel.Stderr, data);
    },
  });
  if (!proc) {
    socket.finish({ status: 'Failure', reason: 'InternalError', message: execStartFailure('container is not running') });
    return;
  }
  void proc.exited.then((result) => {
    if ('startError' in result) socket.finish({ status: 'Failure', reason: 'InternalError', message: execStartFailure(result.startError) });
    else if (result.exitCode === 0) socket.finish({ status: 'Success' });
    else {
      const message = `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${result.exitCode}`;
      socket.finish({ status: 'Failure', reason: 'NonZeroExitCode', exitCode: result.exitCode, message });
    }
  });
}

/** attach: the container's output from now on, until it ends or the client goes. Containers never get stdin
 * in the sandbox (`stdin: true` in a pod spec is not honoured), so what the client types goes nowhere. */
export function runAttach(container: ContainerProcess, options: StreamOptions, ws: WebSocket): void {
  let stopFollowing = (): void => {};
  let stopEnd = (): void => {};
  const socket = new ChannelSocket(ws, {
    gone: () => {
      stopFollowing();
      stopEnd();
    },
  });
  if (container.log.ended) {
    socket.finish({ status: 'Success' });
    return;
  }
  if (options.stdout || options.tty) stopFollowing = container.log.follow((text) => socket.write(Channel.Stdout, Buffer.from(text)));
  stopEnd = container.log.onEnd(() => {
    stopFollowing();
    socket.finish({ status: 'Success' });
  });
}

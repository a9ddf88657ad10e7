// The pace of the emulated cluster. Real clusters take seconds to pull and start; the sandbox keeps the steps
// (Pending, ContainerCreating, Running) visible to `kubectl get pods -w` but short, and keeps kubelet's real
// back-off schedule (10 s doubling to 5 min) so CrashLoopBackOff and ImagePullBackOff read as they do on kind.

export interface Timing {
  /** Creating the pod sandbox (network, pause container) before images are pulled. */
  sandboxMs: number;
  /** Pulling an image the node does not have yet. */
  pullMs: number;
  /** Pulling an image the node has (imagePullPolicy Always re-checks the registry). */
  repullMs: number;
  /** How long a failed pull shows ErrImagePull before the back-off shows ImagePullBackOff. */
  errImagePullMs: number;
  /** The first back-off of image pulls and crashed containers; doubles up to backoffMaxMs. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How long a crashed container shows its terminated state before its first restart. */
  firstRestartMs: number;
}

export const REAL_TIMING: Timing = {
  sandboxMs: 150,
  pullMs: 600,
  repullMs: 250,
  errImagePullMs: 1_500,
  backoffBaseMs: 10_000,
  backoffMaxMs: 300_000,
  firstRestartMs: 1_000,
};

export function backoffMs(timing: Timing, attempt: number): number {
  return Math.min(timing.backoffMaxMs, timing.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
}

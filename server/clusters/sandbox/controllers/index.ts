// The sandbox's controllers, started together: events, ReplicaSets, Deployments, DaemonSets, Endpoints, Jobs, CronJobs, and the node
// (scheduler + kubelet) with its container runtime.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_IP, NODE_NAME } from '../cluster-node.js';
import type { KubeObject } from '../kube-object.js';
import type { ObjectStore } from '../object-store.js';
import type { ResourceRegistry, ResourceType } from '../resource-types.js';
import { ContainerRuntime } from '../runtime/container-runtime.js';
import { builtinTypes, type ControllerContext } from './controller-context.js';
import { CronJobController } from './cronjob-controller.js';
import { DaemonSetController } from './daemonset-controller.js';
import { DeploymentController } from './deployment-controller.js';
import { EndpointsController } from './endpoints-controller.js';
import { EventRecorder } from './event-recorder.js';
import { JobController } from './job-controller.js';
import { Kubelet } from './kubelet.js';
import { ReplicaSetController } from './replicaset-controller.js';
import { REAL_TIMING, type Timing } from './timing.js';
import { startKnativeControllers, type KnativeControllers } from '../knative/controllers/index.js';
import { TtlAfterFinishedController } from './ttl-after-finished-controller.js';

export interface ControllerOptions {
  store: ObjectStore;
  registry: ResourceRegistry;
  runtimeDir?: string;
  timing?: Partial<Timing>;
  createObject(type: ResourceType, obj: KubeObject): KubeObject;
  deleteObject: ControllerContext['deleteObject'];
}

export interface RunningControllers {
  kubelet: Kubelet;
  /** the node's container runtime (installed components register their sandbox handlers there) */
  runtime: ContainerRuntime;
  knative: KnativeControllers;
  ctx: ControllerContext;
  close(): Promise<void>;
}

export function startControllers(options: ControllerOptions): RunningControllers {
  const types = builtinTypes(options.registry);
  const ctx: ControllerContext = {
    store: options.store,
    registry: options.registry,
    types,
    events: new EventRecorder(options.store, types.events),
    timing: { ...REAL_TIMING, ...options.timing },
    createObject: options.createObject,
    deleteObject: options.deleteObject,
  };
  // A sandbox without a given directory makes its own, and removes it when it closes.
  const ownDir = options.runtimeDir === undefined;
  const rootDir = options.runtimeDir ?? mkdtempSync(join(tmpdir(), 'kubeclass-sandbox-'));
  const runtime = new ContainerRuntime({ rootDir });
  const replicaSets = new ReplicaSetController(ctx);
  const deployments = new DeploymentController(ctx);
  const daemonSets = new DaemonSetController(ctx);
  const endpoints = new EndpointsController(ctx);
  const batch = [new JobController(ctx), new CronJobController(ctx), new TtlAfterFinishedController(ctx)];
  const kubelet = new Kubelet(ctx, runtime, NODE_NAME, NODE_IP);
  const knative = startKnativeControllers(ctx);
  return {
    kubelet,
    runtime,
    knative,
    ctx,
    close: async () => {
      knative.close();
      replicaSets.queue.close();
      deployments.queue.close();
      daemonSets.queue.close();
      endpoints.close();
      for (const c of batch) c.queue.close();
      await kubelet.close();
      if (ownDir) rmSync(rootDir, { recursive: true, force: true });
    },
  };
}

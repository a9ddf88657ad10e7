// What every controller of a sandbox shares: the store, the built-in types it reads and writes, the event
// recorder, the pace of the emulated cluster, and the API's own delete (so a controller deleting a pod goes
// through graceful termination, as a real one does through the apiserver).
import type { KubeObject } from '../kube-object.js';
import type { ObjectStore } from '../object-store.js';
import type { ResourceRegistry, ResourceType } from '../resource-types.js';
import type { EventRecorder } from './event-recorder.js';
import type { Timing } from './timing.js';

export interface BuiltinTypes {
  pods: ResourceType;
  replicaSets: ResourceType;
  deployments: ResourceType;
  daemonSets: ResourceType;
  jobs: ResourceType;
  cronJobs: ResourceType;
  services: ResourceType;
  endpoints: ResourceType;
  endpointSlices: ResourceType;
  events: ResourceType;
  nodes: ResourceType;
  namespaces: ResourceType;
}

export interface ControllerContext {
  store: ObjectStore;
  registry: ResourceRegistry;
  types: BuiltinTypes;
  events: EventRecorder;
  timing: Timing;
  /** Creates as a POST would (defaults and admission included) and returns the stored object. */
  createObject(type: ResourceType, obj: KubeObject): KubeObject;
  /** Deletes as a DELETE request would: pods terminate gracefully, owners' dependents are collected. */
  deleteObject(type: ResourceType, namespace: string | undefined, name: string, options?: { gracePeriodSeconds?: number }): void;
}

export function builtinTypes(registry: ResourceRegistry): BuiltinTypes {
  const find = (group: string, plural: string): ResourceType => {
    const version = 'v1';
    const type = registry.find(group, version, plural);
    if (!type) throw new Error(`no built-in type ${group}/${plural}`);
    return type;
  };
  return {
    pods: find('', 'pods'),
    replicaSets: find('apps', 'replicasets'),
    deployments: find('apps', 'deployments'),
    daemonSets: find('apps', 'daemonsets'),
    jobs: find('batch', 'jobs'),
    cronJobs: find('batch', 'cronjobs'),
    services: find('', 'services'),
    endpoints: find('', 'endpoints'),
    endpointSlices: find('discovery.k8s.io', 'endpointslices'),
    events: find('', 'events'),
    nodes: find('', 'nodes'),
    namespaces: find('', 'namespaces'),
  };
}

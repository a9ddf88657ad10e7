// The built-in kinds the sandbox serves (or will soon), keyed by group/version/kind.
import { kind, LabelSelector, LocalObjectReference, ObjectMeta, ObjectReference } from './meta.js';
import { PodSpec, PodStatus, PodTemplateSpec, PROTOCOLS } from './pod.js';
import { anything, bool, enumOf, int32, int64, intOrString, list, named, ref, str, stringMap, strings, time, type Fields, type Schema } from './types.js';

const CORE = 'io.k8s.api.core.v1';
const APPS = 'io.k8s.api.apps.v1';

/** Status that controllers write: documented, but any field is kept (the sandbox's own controllers add more). */
const loose = (schema: Schema): Schema => ({ ...schema, preserveUnknown: true });
const conditions = list(anything('A condition: type, status, reason, message, lastTransitionTime.'), 'Latest observations of the object\'s state.');

export const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

const Pod = kind('', 'v1', 'Pod', CORE, 'A group of containers scheduled together on one node, sharing network and volumes.', {
  spec: ref(PodSpec, 'Desired state of the pod.'),
  status: ref(PodStatus, 'Observed state of the pod. Read-only.'),
});

const ServicePort = named(`${CORE}.ServicePort`, 'A port the Service exposes.', {
  name: str('Name of the port; required when there is more than one.'),
  protocol: enumOf('v1.Protocol', PROTOCOLS, 'TCP (default), UDP or SCTP.'),
  appProtocol: str('Application protocol, e.g. http or kubernetes.io/h2c.'),
  port: int32('Port the Service listens on.'),
  targetPort: intOrString('Port number or name on the pods; the same as port by default.'),
  nodePort: int32('Port on every node, for NodePort and LoadBalancer (30000-32767; chosen when empty).'),
}, ['port']);

const LoadBalancerIngress = named(`${CORE}.LoadBalancerIngress`, 'An address of the load balancer.', {
  ip: str('IP address.'),
  hostname: str('DNS name.'),
  ipMode: str('VIP or Proxy.'),
  ports: list(anything('A port status.'), 'Ports of the address.'),
});

const Service = kind('', 'v1', 'Service', CORE, 'A stable name and virtual IP in front of the pods a selector picks.', {
  spec: ref(named(`${CORE}.ServiceSpec`, 'What the Service exposes and how.', {
    ports: list(ServicePort, 'Ports the Service exposes.'),
    selector: stringMap('Pods with these labels receive the traffic. Without it, Endpoints are managed by hand.'),
    clusterIP: str('Virtual IP, allocated when empty; None makes a headless Service. Cannot be changed.'),
    clusterIPs: strings('Virtual IPs, one per IP family.'),
    type: enumOf('v1.ServiceType', SERVICE_TYPES, 'ClusterIP (default), NodePort, LoadBalancer or ExternalName.'),
    externalIPs: strings('Extra IPs the nodes accept traffic for.'),
    sessionAffinity: str('ClientIP or None (default).'),
    loadBalancerIP: str('Deprecated: requested load balancer address.'),
    loadBalancerSourceRanges: strings('Client CIDRs the load balancer accepts.'),
    externalName: str('DNS name an ExternalName Service is an alias (CNAME) for.'),
    externalTrafficPolicy: str('Cluster (default) or Local: whether external traffic may hop to other nodes.'),
    healthCheckNodePort: int32('Health check port for externalTrafficPolicy Local.'),
    publishNotReadyAddresses: bool('Publish pods before they are ready.'),
    sessionAffinityConfig: anything('Settings of session affinity.'),
    ipFamilies: strings('IPv4 and/or IPv6.'),
    ipFamilyPolicy: str('SingleStack, PreferDualStack or RequireDualStack.'),
    allocateLoadBalancerNodePorts: bool('Whether LoadBalancer Services get NodePorts; true by default.'),
    loadBalancerClass: str('Which load balancer implementation handles the Service.'),
    internalTrafficPolicy: str('Cluster (default) or Local, for traffic from inside the cluster.'),
    trafficDistribution: str('Preference for routing, e.g. PreferClose.'),
  }), 'What the Service exposes and how.'),
  status: ref(loose(named(`${CORE}.ServiceStatus`, 'Observed state of the Service.', {
    loadBalancer: ref(named(`${CORE}.LoadBalancerStatus`, 'The load balancer of the Service.', { ingress: list(LoadBalancerIngress, 'Its addresses.') }), 'The load balancer, when there is one.'),
    conditions,
  })), 'Observed state of the Service. Read-only.'),
});

const byteMap = (description: string): Schema => ({ type: 'object', additionalProperties: { type: 'string', format: 'byte', goType: '[]uint8' }, description, goType: 'map[string][]uint8' });

const ConfigMap = kind('', 'v1', 'ConfigMap', CORE, 'Configuration as key/value pairs, for pods to read as variables or files.', {
  data: stringMap('UTF-8 values by key.'),
  binaryData: byteMap('Binary values by key, base64 in JSON and YAML.'),
  immutable: bool('Once true, data cannot change (the ConfigMap can only be deleted).'),
});

const Secret = kind('', 'v1', 'Secret', CORE, 'Sensitive data (passwords, tokens, keys) by key, for pods to read as variables or files.', {
  data: byteMap('Values by key, base64-encoded.'),
  stringData: stringMap('Plain-text values, merged into data on write; never read back.'),
  type: str('What the data is for: Opaque (default), kubernetes.io/tls, kubernetes.io/dockerconfigjson, ...'),
  immutable: bool('Once true, data cannot change.'),
});

const Namespace = kind('', 'v1', 'Namespace', CORE, 'A scope for names: most objects live in one.', {
  spec: ref(named(`${CORE}.NamespaceSpec`, 'Desired state of the namespace.', { finalizers: strings('Cleanups before the namespace goes; kubernetes by default.') }), 'Desired state of the namespace.'),
  status: ref(loose(named(`${CORE}.NamespaceStatus`, 'Observed state of the namespace.', { phase: str('Active or Terminating.'), conditions })), 'Observed state of the namespace. Read-only.'),
});

const ServiceAccount = kind('', 'v1', 'ServiceAccount', CORE, 'An identity for processes in pods.', {
  secrets: list(ObjectReference, 'Secrets the service account may use (legacy token secrets).'),
  imagePullSecrets: list(LocalObjectReference, 'Registry credentials added to pods that use this account.'),
  automountServiceAccountToken: bool('Whether pods get this account\'s token mounted.'),
});

const EndpointAddress = named(`${CORE}.EndpointAddress`, 'An address of an endpoint.', {
  ip: str('IP of the endpoint.'),
  hostname: str('Hostname of the endpoint.'),
  nodeName: str('Node the endpoint runs on.'),
  targetRef: ref(ObjectReference, 'The object (usually a Pod) behind the address.'),
}, ['ip']);

const EndpointPort = named(`${CORE}.EndpointPort`, 'A port of the endpoints.', {
  name: str('Name, matching the Service port.'),
  port: int32('Port number.'),
  protocol: enumOf('v1.Protocol', PROTOCOLS, 'TCP (default), UDP or SCTP.'),
  appProtocol: str('Application protocol.'),
}, ['port']);

const Endpoints = kind('', 'v1', 'Endpoints', CORE, 'The addresses behind a Service (superseded by EndpointSlices).', {
  subsets: list(named(`${CORE}.EndpointSubset`, 'Addresses that share ports.', {
    addresses: list(EndpointAddress, 'Ready addresses.'),
    notReadyAddresses: list(EndpointAddress, 'Addresses not ready yet.'),
    ports: list(EndpointPort, 'Ports of these addresses.'),
  }), 'Groups of addresses with their ports.'),
});

const Event = kind('', 'v1', 'Event', CORE, 'A report of something that happened to an object.', {
  involvedObject: ref(ObjectReference, 'The object the event is about.'),
  reason: str('Short machine-readable reason, e.g. Scheduled.'),
  message: str('What happened, for people.'),
  source: ref(named(`${CORE}.EventSource`, 'Who reported an event.', { component: str('Component.'), host: str('Node.') }), 'Who reported it.'),
  firstTimestamp: time('When it first happened.'),
  lastTimestamp: time('When it last happened.'),
  count: int32('How many times it happened.'),
  type: str('Normal or Warning.'),
  eventTime: { type: 'string', format: 'date-time', goType: 'v1.MicroTime', description: 'When it was first observed (microseconds).' },
  series: anything('Data about a series of the same event.'),
  action: str('What was done, or failed.'),
  related: ref(ObjectReference, 'A second object involved.'),
  reportingComponent: str('Controller that emitted the event.'),
  reportingInstance: str('Instance of that controller.'),
}, ['metadata', 'involvedObject']);

const Taint = named(`${CORE}.Taint`, 'Keeps pods away from a node unless they tolerate it.', {
  key: str('Taint key.'),
  value: str('Taint value.'),
  effect: str('NoSchedule, PreferNoSchedule or NoExecute.'),
  timeAdded: time('When a NoExecute taint was added.'),
}, ['key', 'effect']);

const Node = kind('', 'v1', 'Node', CORE, 'A machine (here, the sandbox\'s one control-plane node) that runs pods.', {
  spec: ref(loose(named(`${CORE}.NodeSpec`, 'How the node is configured.', {
    podCIDR: str('Pod IP range of the node.'),
    podCIDRs: strings('Pod IP ranges of the node.'),
    providerID: str('ID the cloud provider gives the node.'),
    unschedulable: bool('Keep new pods off the node (kubectl cordon).'),
    taints: list(Taint, 'Taints of the node.'),
  })), 'How the node is configured.'),
  status: ref(loose(named(`${CORE}.NodeStatus`, 'Observed state of the node.', {
    capacity: stringMap('Total resources.'),
    allocatable: stringMap('Resources available to pods.'),
    conditions,
    addresses: list(anything('An address.'), 'Addresses of the node.'),
    nodeInfo: anything('Versions of the kubelet, runtime, kernel and OS.'),
  })), 'Observed state of the node. Read-only.'),
});

const workloadStatus = (name: string, fields: Fields): Schema =>
  loose(named(name, 'What the controller last observed.', {
    observedGeneration: int64('Generation of the spec this status is about.'),
    replicas: int32('Pods that exist.'),
    readyReplicas: int32('Pods that are ready.'),
    availableReplicas: int32('Pods ready for at least minReadySeconds.'),
    ...fields,
    conditions,
  }));

const DeploymentStrategy = named(`${APPS}.DeploymentStrategy`, 'How old pods are replaced by new ones.', {
  type: str('RollingUpdate (default) or Recreate.'),
  rollingUpdate: ref(named(`${APPS}.RollingUpdateDeployment`, 'Limits of a rolling update.', {
    maxUnavailable: intOrString('Pods (or percent) that may be unavailable during the update; 25% by default.'),
    maxSurge: intOrString('Pods (or percent) above the desired count during the update; 25% by default.'),
  }), 'Limits of a rolling update.'),
});

const Deployment = kind('apps', 'v1', 'Deployment', APPS, 'Keeps a number of identical pods running through ReplicaSets, and rolls out changes to them.', {
  spec: ref(named(`${APPS}.DeploymentSpec`, 'Desired state of the Deployment.', {
    replicas: int32('Number of pods; 1 by default.'),
    selector: ref(LabelSelector, 'Which pods belong to the Deployment; must match the template\'s labels. Cannot be changed.'),
    template: ref(PodTemplateSpec, 'The pods to create.'),
    strategy: ref(DeploymentStrategy, 'How a change replaces old pods.'),
    minReadySeconds: int32('Seconds a new pod must be ready to count as available.'),
    revisionHistoryLimit: int32('Old ReplicaSets kept for rollback; 10 by default.'),
    paused: bool('Stop rolling out template changes.'),
    progressDeadlineSeconds: int32('Seconds without progress before the rollout is reported failed; 600 by default.'),
  }, ['selector', 'template']), 'Desired state of the Deployment.'),
  status: ref(workloadStatus(`${APPS}.DeploymentStatus`, {
    updatedReplicas: int32('Pods with the current template.'),
    unavailableReplicas: int32('Pods still needed to reach the desired count.'),
    collisionCount: int32('Hash collisions seen when naming ReplicaSets.'),
  }), 'Observed state of the Deployment. Read-only.'),
});

const ReplicaSet = kind('apps', 'v1', 'ReplicaSet', APPS, 'Keeps a number of identical pods running (usually owned by a Deployment).', {
  spec: ref(named(`${APPS}.ReplicaSetSpec`, 'Desired state of the ReplicaSet.', {
    replicas: int32('Number of pods; 1 by default.'),
    minReadySeconds: int32('Seconds a new pod must be ready to count as available.'),
    selector: ref(LabelSelector, 'Which pods belong to the ReplicaSet; must match the template\'s labels.'),
    template: ref(PodTemplateSpec, 'The pods to create.'),
  }, ['selector']), 'Desired state of the ReplicaSet.'),
  status: ref(workloadStatus(`${APPS}.ReplicaSetStatus`, { fullyLabeledReplicas: int32('Pods whose labels match the template.') }), 'Observed state of the ReplicaSet. Read-only.'),
});

const DaemonSet = kind('apps', 'v1', 'DaemonSet', APPS, 'Runs one pod from its template on each node that fits it.', {
  spec: ref(named(`${APPS}.DaemonSetSpec`, 'Desired state of the DaemonSet.', {
    selector: ref(LabelSelector, 'Which pods belong to the DaemonSet; must match the template\'s labels. Cannot be changed.'),
    template: ref(PodTemplateSpec, 'The pod to run on each node.'),
    updateStrategy: anything('How a template change replaces pods: RollingUpdate (default) or OnDelete.'),
    minReadySeconds: int32('Seconds a new pod must be ready to count as available.'),
    revisionHistoryLimit: int32('Old revisions kept for rollback; 10 by default.'),
  }, ['selector', 'template']), 'Desired state of the DaemonSet.'),
  status: ref(loose(named(`${APPS}.DaemonSetStatus`, 'What the controller last observed.', {
    currentNumberScheduled: int32('Nodes running at least one daemon pod that should.'),
    desiredNumberScheduled: int32('Nodes that should run the daemon pod.'),
    numberMisscheduled: int32('Nodes running the daemon pod that should not.'),
    numberReady: int32('Nodes whose daemon pod is ready.'),
    numberAvailable: int32('Nodes whose daemon pod is available.'),
    numberUnavailable: int32('Nodes whose daemon pod is not available.'),
    updatedNumberScheduled: int32('Nodes running the current template.'),
    observedGeneration: int64('Generation of the spec this status is about.'),
    collisionCount: int32('Hash collisions seen when naming revisions.'),
    conditions,
  })), 'Observed state of the DaemonSet. Read-only.'),
});

const JobSpec = named('io.k8s.api.batch.v1.JobSpec', 'Desired state of the Job.', {
    parallelism: int32('Most pods running at once; 1 by default.'),
    completions: int32('Successful pods needed; 1 by default.'),
    activeDeadlineSeconds: int64('Seconds the Job may run before it is failed.'),
    podFailurePolicy: anything('Rules for failed pods: fail the Job, ignore, or count.'),
    successPolicy: anything('When an Indexed Job counts as succeeded.'),
    backoffLimit: int32('Retries before the Job fails; 6 by default.'),
    backoffLimitPerIndex: int32('Retries per index of an Indexed Job.'),
    maxFailedIndexes: int32('Failed indexes before an Indexed Job fails.'),
    selector: ref(LabelSelector, 'Which pods belong to the Job; generated by default.'),
    manualSelector: bool('Use the given selector instead of generating one.'),
    template: ref(PodTemplateSpec, 'The pods to run; restartPolicy must be OnFailure or Never.'),
    ttlSecondsAfterFinished: int32('Delete the Job this many seconds after it finishes.'),
    completionMode: str('NonIndexed (default) or Indexed.'),
    suspend: bool('Pause the Job: no pods are created, running ones are stopped.'),
    podReplacementPolicy: str('When replacement pods are made: TerminatingOrFailed or Failed.'),
    managedBy: str('Controller that manages the Job.'),
  }, ['template']);

const Job = kind('batch', 'v1', 'Job', 'io.k8s.api.batch.v1', 'Runs pods until a number of them complete successfully.', {
  spec: ref(JobSpec, 'Desired state of the Job.'),
  status: ref(loose(named('io.k8s.api.batch.v1.JobStatus', 'What the Job controller last observed.', {
    conditions,
    startTime: time('When the Job started.'),
    completionTime: time('When the Job completed.'),
    active: int32('Running pods.'),
    succeeded: int32('Succeeded pods.'),
    failed: int32('Failed pods.'),
    ready: int32('Ready pods.'),
    terminating: int32('Pods being terminated.'),
    uncountedTerminatedPods: anything('Finished pods not yet counted in succeeded or failed.'),
  })), 'Observed state of the Job. Read-only.'),
});

const CronJob = kind('batch', 'v1', 'CronJob', 'io.k8s.api.batch.v1', 'Runs a Job on a schedule.', {
  spec: ref(named('io.k8s.api.batch.v1.CronJobSpec', 'Desired state of the CronJob.', {
    schedule: str('The schedule in cron format: minute hour day-of-month month day-of-week.'),
    timeZone: str('Time zone of the schedule (a tz database name); the controller manager\'s by default.'),
    startingDeadlineSeconds: int64('Seconds after a missed schedule during which the Job may still start.'),
    concurrencyPolicy: enumOf('v1.ConcurrencyPolicy', ['Allow', 'Forbid', 'Replace'], 'Allow (default), Forbid or Replace: what to do when the previous Job still runs.'),
    suspend: bool('Stop scheduling new Jobs (running ones go on).'),
    jobTemplate: ref(named('io.k8s.api.batch.v1.JobTemplateSpec', 'The Job to create.', {
      metadata: ref(ObjectMeta, 'Labels and annotations of the Jobs.'),
      spec: ref(JobSpec, 'Spec of the Jobs.'),
    }), 'The Job to create at each scheduled time.'),
    successfulJobsHistoryLimit: int32('Finished successful Jobs to keep; 3 by default.'),
    failedJobsHistoryLimit: int32('Failed Jobs to keep; 1 by default.'),
  }, ['schedule', 'jobTemplate']), 'Desired state of the CronJob.'),
  status: ref(loose(named('io.k8s.api.batch.v1.CronJobStatus', 'What the CronJob controller last observed.', {
    active: list(ref(ObjectReference, 'A running Job.'), 'Jobs running now.'),
    lastScheduleTime: time('When a Job was last scheduled.'),
    lastSuccessfulTime: time('When a Job last completed successfully.'),
  })), 'Observed state of the CronJob. Read-only.'),
});

const DISCOVERY = 'io.k8s.api.discovery.v1';
const EndpointSlice = kind('discovery.k8s.io', 'v1', 'EndpointSlice', DISCOVERY, 'A slice of the endpoints behind a Service.', {
  addressType: str('IPv4, IPv6 or FQDN. Cannot be changed.'),
  endpoints: list(named(`${DISCOVERY}.Endpoint`, 'One backend.', {
    addresses: strings('Addresses of the backend (usually one).'),
    conditions: ref(named(`${DISCOVERY}.EndpointConditions`, 'State of a backend.', {
      ready: bool('Ready to receive traffic.'),
      serving: bool('Ready, even while terminating.'),
      terminating: bool('Being deleted.'),
    }), 'State of the backend.'),
    hostname: str('Hostname of the backend.'),
    targetRef: ref(ObjectReference, 'The object (usually a Pod) behind it.'),
    deprecatedTopology: stringMap('Deprecated topology labels.'),
    nodeName: str('Node it runs on.'),
    zone: str('Zone it runs in.'),
    hints: anything('Routing hints.'),
  }, ['addresses']), 'The backends.'),
  ports: list(named(`${DISCOVERY}.EndpointPort`, 'A port of the backends.', {
    name: str('Name, matching the Service port.'),
    protocol: enumOf('v1.Protocol', PROTOCOLS, 'TCP (default), UDP or SCTP.'),
    port: int32('Port number.'),
    appProtocol: str('Application protocol.'),
  }), 'Ports of the backends.'),
}, ['addressType', 'endpoints']);

const EXT = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
const CustomResourceDefinition = kind('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', EXT, 'Adds a resource to the API: its names, versions and schema.', {
  spec: ref(named(`${EXT}.CustomResourceDefinitionSpec`, 'The resource the CRD adds.', {
    group: str('API group of the resource, e.g. example.com.'),
    names: ref(named(`${EXT}.CustomResourceDefinitionNames`, 'Names of the resource.', {
      plural: str('Plural name, in URLs: /apis/<group>/<version>/<plural>.'),
      singular: str('Singular name; the lowercased kind by default.'),
      shortNames: strings('Short names for kubectl.'),
      kind: str('Kind of the objects, in CamelCase.'),
      listKind: str('Kind of lists; <kind>List by default.'),
      categories: strings('Groups of resources it belongs to, e.g. all.'),
    }, ['plural', 'kind']), 'Names of the resource.'),
    scope: str('Namespaced or Cluster.'),
    versions: list(named(`${EXT}.CustomResourceDefinitionVersion`, 'A version of the resource.', {
      name: str('Version name, e.g. v1 or v1alpha1.'),
      served: bool('Whether the version is served.'),
      storage: bool('Whether objects are stored in this version (exactly one is).'),
      deprecated: bool('Whether clients are warned the version is deprecated.'),
      deprecationWarning: str('The warning they get.'),
      schema: ref(named(`${EXT}.CustomResourceValidation`, 'Schema of a version.', {
        openAPIV3Schema: anything('OpenAPI v3 schema of the objects: types, required fields, defaults.'),
      }), 'Schema used for validation, pruning and defaulting.'),
      subresources: ref(named(`${EXT}.CustomResourceSubresources`, 'Subresources of a version.', {
        status: anything('Enables /status: spec and status change separately.'),
        scale: anything('Enables /scale with these JSON paths.'),
      }), 'status and scale subresources.'),
      additionalPrinterColumns: list(named(`${EXT}.CustomResourceColumnDefinition`, 'A column of kubectl get.', {
        name: str('Column title.'),
        type: str('integer, number, string, boolean or date.'),
        format: str('Format of the values.'),
        description: str('What the column shows.'),
        priority: int32('0 shows in the default view; higher only with -o wide.'),
        jsonPath: str('JSON path of the value.'),
      }, ['name', 'type', 'jsonPath']), 'Extra columns of kubectl get.'),
      selectableFields: list(anything('A JSON path.'), 'Fields usable in field selectors.'),
    }, ['name', 'served', 'storage']), 'Versions of the resource.'),
    conversion: anything('How objects are converted between versions.'),
    preserveUnknownFields: bool('Legacy: keep unknown fields (must be false in v1).'),
  }, ['group', 'names', 'scope', 'versions']), 'The resource to add.'),
  status: ref(loose(named(`${EXT}.CustomResourceDefinitionStatus`, 'What the apiextensions server last observed.', {
    conditions,
    acceptedNames: anything('Names in use.'),
    storedVersions: strings('Versions objects have been stored in.'),
  })), 'Observed state of the CRD. Read-only.'),
}, ['spec']);

export const BUILTIN_SCHEMAS: readonly Schema[] = [Pod, Service, ConfigMap, Secret, Namespace, ServiceAccount, Endpoints, Event, Node, DaemonSet, Deployment, ReplicaSet, Job, CronJob, EndpointSlice, CustomResourceDefinition];

const byGvk = new Map(BUILTIN_SCHEMAS.map((s) => [`${s.gvk?.group}/${s.gvk?.version}/${s.gvk?.kind}`, s]));

/** The schema of a built-in kind, if the sandbox has one. */
export function builtinSchema(group: string, version: string, kindName: string): Schema | undefined {
  return byGvk.get(`${group}/${version}/${kindName}`);
}

// PodSpec and what it contains: containers, ports, env, resources, probes, security, volumes.
import { LocalObjectReference, ObjectMeta } from './meta.js';
import { anything, bool, enumOf, int32, int64, intOrString, list, named, quantity, ref, str, stringMap, strings, type Fields, type Schema } from './types.js';

const CORE = 'io.k8s.api.core.v1';

export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
export const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];

const resourceList = (description: string): Schema => ({ type: 'object', additionalProperties: quantity('An amount of a resource.'), goType: 'v1.ResourceList', description });
const keySelector = (what: string): Schema =>
  named(`${CORE}.${what}KeySelector`, `One key of a ${what}.`, {
    name: str(`Name of the ${what} in the pod's namespace.`),
    key: str('The key to read.'),
    optional: bool(`Whether the ${what} or its key may be missing.`),
  }, ['key']);

export const ContainerPort = named(`${CORE}.ContainerPort`, 'A port a container listens on.', {
  name: str('A name for the port (IANA_SVC_NAME), unique in the pod; Services can target it by name.'),
  hostPort: int32('Port to expose on the node (rarely needed).'),
  containerPort: int32('Port number on the pod IP, 1-65535.'),
  protocol: enumOf('v1.Protocol', PROTOCOLS, 'TCP (default), UDP or SCTP.'),
  hostIP: str('Node IP to bind the host port to.'),
}, ['containerPort']);

const ObjectFieldSelector = named(`${CORE}.ObjectFieldSelector`, 'A field of the pod.', {
  apiVersion: str('Version of the schema the path is written in (v1).'),
  fieldPath: str('Path of the field, e.g. metadata.name or status.podIP.'),
}, ['fieldPath']);

const ResourceFieldSelector = named(`${CORE}.ResourceFieldSelector`, "A container's resource limit or request.", {
  containerName: str('Container whose resources are read (needed for volumes).'),
  resource: str('Which one, e.g. limits.memory or requests.cpu.'),
  divisor: quantity('Unit the value is given in; 1 by default.'),
}, ['resource']);

const EnvVarSource = named(`${CORE}.EnvVarSource`, 'Where an environment variable takes its value from.', {
  fieldRef: ref(ObjectFieldSelector, 'A field of the pod (metadata.name, status.podIP, ...).'),
  resourceFieldRef: ref(ResourceFieldSelector, "A container's resource limit or request."),
  configMapKeyRef: ref(keySelector('ConfigMap'), 'A key of a ConfigMap.'),
  secretKeyRef: ref(keySelector('Secret'), 'A key of a Secret.'),
});

export const EnvVar = named(`${CORE}.EnvVar`, 'An environment variable of a container.', {
  name: str('Variable name.'),
  value: str('Literal value; $(OTHER) expands earlier variables.'),
  valueFrom: ref(EnvVarSource, 'Take the value from a field, resource, ConfigMap or Secret instead.'),
}, ['name']);

const sourceRef = (what: string): Schema =>
  named(`${CORE}.${what}EnvSource`, `Every key of a ${what} as a variable.`, {
    name: str(`Name of the ${what}.`),
    optional: bool(`Whether the ${what} may be missing.`),
  });

const EnvFromSource = named(`${CORE}.EnvFromSource`, 'A source of many environment variables.', {
  prefix: str('Prepended to every key.'),
  configMapRef: ref(sourceRef('ConfigMap'), 'The ConfigMap whose keys become variables.'),
  secretRef: ref(sourceRef('Secret'), 'The Secret whose keys become variables.'),
});

const ResourceClaim = named(`${CORE}.ResourceClaim`, 'A dynamic resource claim the container uses.', {
  name: str('Name of an entry in the pod\'s resourceClaims.'),
  request: str('A request within that claim.'),
}, ['name']);

export const ResourceRequirements = named(`${CORE}.ResourceRequirements`, 'Compute resources a container asks for and may not exceed.', {
  limits: resourceList('Most the container may use (cpu, memory, ...). Memory beyond it gets the container killed.'),
  requests: resourceList('What the scheduler reserves for the container; defaults to limits when only those are set.'),
  claims: list(ResourceClaim, 'Dynamic resource claims the container uses.'),
});

const ContainerResizePolicy = named(`${CORE}.ContainerResizePolicy`, 'How a resource of a running container is resized.', {
  resourceName: str('cpu or memory.'),
  restartPolicy: str('NotRequired or RestartContainer.'),
}, ['resourceName', 'restartPolicy']);

export const VolumeMount = named(`${CORE}.VolumeMount`, 'Where a volume appears in a container.', {
  name: str('Name of a volume of the pod.'),
  readOnly: bool('Mount read-only.'),
  recursiveReadOnly: str('Whether read-only applies to sub-mounts: Disabled, IfPossible or Enabled.'),
  mountPath: str('Path in the container; must not contain ":".'),
  subPath: str('Mount only this path within the volume.'),
  mountPropagation: str('How mounts propagate between host and container: None, HostToContainer or Bidirectional.'),
  subPathExpr: str('Like subPath, with $(VAR) expanded from the environment.'),
}, ['name', 'mountPath']);

const VolumeDevice = named(`${CORE}.VolumeDevice`, 'A raw block volume as a device in the container.', {
  name: str('Name of a persistentVolumeClaim volume of the pod.'),
  devicePath: str('Device path in the container.'),
}, ['name', 'devicePath']);

const ExecAction = named(`${CORE}.ExecAction`, 'Run a command in the container; exit status 0 is success.', {
  command: strings('The command and its arguments, run without a shell.'),
});

const HTTPHeader = named(`${CORE}.HTTPHeader`, 'A header of a probe request.', { name: str('Header name.'), value: str('Header value.') }, ['name', 'value']);

const HTTPGetAction = named(`${CORE}.HTTPGetAction`, 'An HTTP GET; a status from 200 to 399 is success.', {
  path: str('Path to request.'),
  port: intOrString('Port number or name of a container port.'),
  host: str('Host to connect to; the pod IP by default.'),
  scheme: str('HTTP (default) or HTTPS.'),
  httpHeaders: list(HTTPHeader, 'Headers to send.'),
}, ['port']);

const TCPSocketAction = named(`${CORE}.TCPSocketAction`, 'Open a TCP connection; connecting is success.', {
  port: intOrString('Port number or name of a container port.'),
  host: str('Host to connect to; the pod IP by default.'),
}, ['port']);

const GRPCAction = named(`${CORE}.GRPCAction`, 'A gRPC health check.', {
  port: int32('Port of the gRPC service.'),
  service: str('Service name sent in the health check request.'),
}, ['port']);

const SleepAction = named(`${CORE}.SleepAction`, 'Wait a while.', { seconds: int64('Seconds to sleep.') }, ['seconds']);

const handlerFields: Fields = {
  exec: ref(ExecAction, 'Run a command in the container.'),
  httpGet: ref(HTTPGetAction, 'Make an HTTP GET request.'),
  tcpSocket: ref(TCPSocketAction, 'Open a TCP connection.'),
};

export const Probe = named(`${CORE}.Probe`, 'A periodic check of a container: liveness restarts it, readiness takes it out of Services, startup holds the others back.', {
  ...handlerFields,
  grpc: ref(GRPCAction, 'Call the gRPC health service.'),
  initialDelaySeconds: int32('Seconds after start before the first check.'),
  timeoutSeconds: int32('Seconds a check may take; 1 by default.'),
  periodSeconds: int32('Seconds between checks; 10 by default.'),
  successThreshold: int32('Successes in a row that count as passing after a failure; 1 by default.'),
  failureThreshold: int32('Failures in a row that count as failing; 3 by default.'),
  terminationGracePeriodSeconds: int64('Grace period when a failing probe kills the container.'),
});

const LifecycleHandler = named(`${CORE}.LifecycleHandler`, 'What to do at a lifecycle hook.', {
  ...handlerFields,
  sleep: ref(SleepAction, 'Wait a number of seconds.'),
});

const Lifecycle = named(`${CORE}.Lifecycle`, 'Actions run when a container starts and before it stops.', {
  postStart: ref(LifecycleHandler, 'Run right after the container is created.'),
  preStop: ref(LifecycleHandler, 'Run before the container is stopped (the grace period keeps counting).'),
});

const Capabilities = named(`${CORE}.Capabilities`, 'Linux capabilities to add or drop.', { add: strings('Capabilities to add.'), drop: strings('Capabilities to drop, e.g. ALL.') });
const SELinuxOptions = named(`${CORE}.SELinuxOptions`, 'An SELinux label.', { user: str('User.'), role: str('Role.'), type: str('Type.'), level: str('Level.') });
const profile = (what: string): Schema =>
  named(`${CORE}.${what}Profile`, `A ${what} profile.`, {
    type: str('RuntimeDefault, Localhost or Unconfined.'),
    localhostProfile: str('Profile on the node, for type Localhost.'),
  }, ['type']);
const SeccompProfile = profile('Seccomp');
const AppArmorProfile = profile('AppArmor');
const WindowsOptions = anything('Windows-specific settings.');

export const SecurityContext = named(`${CORE}.SecurityContext`, 'Security settings of one container; they win over the pod\'s.', {
  capabilities: ref(Capabilities, 'Capabilities to add or drop.'),
  privileged: bool('Run as privileged (root on the host, in effect).'),
  seLinuxOptions: ref(SELinuxOptions, 'SELinux label for the container.'),
  windowsOptions: WindowsOptions,
  runAsUser: int64('UID to run the entrypoint as.'),
  runAsGroup: int64('GID to run the entrypoint as.'),
  runAsNonRoot: bool('Refuse to start if the image would run as root.'),
  readOnlyRootFilesystem: bool('Mount the root filesystem read-only.'),
  allowPrivilegeEscalation: bool('Whether a process may gain more privileges than its parent.'),
  procMount: str('Default or Unmasked /proc.'),
  seccompProfile: ref(SeccompProfile, 'Seccomp profile.'),
  appArmorProfile: ref(AppArmorProfile, 'AppArmor profile.'),
});

const Sysctl = named(`${CORE}.Sysctl`, 'A kernel parameter.', { name: str('Parameter name.'), value: str('Value.') }, ['name', 'value']);

const PodSecurityContext = named(`${CORE}.PodSecurityContext`, 'Security settings for every container of the pod.', {
  seLinuxOptions: ref(SELinuxOptions, 'SELinux label for all containers.'),
  windowsOptions: WindowsOptions,
  runAsUser: int64('UID to run entrypoints as.'),
  runAsGroup: int64('GID to run entrypoints as.'),
  runAsNonRoot: bool('Refuse to start containers whose image would run as root.'),
  supplementalGroups: list({ type: 'integer', format: 'int64' }, 'Extra GIDs for the first process of each container.'),
  supplementalGroupsPolicy: str('Merge or Strict.'),
  fsGroup: int64('GID that owns mounted volumes.'),
  sysctls: list(Sysctl, 'Namespaced kernel parameters.'),
  fsGroupChangePolicy: str('OnRootMismatch or Always.'),
  seccompProfile: ref(SeccompProfile, 'Seccomp profile.'),
  appArmorProfile: ref(AppArmorProfile, 'AppArmor profile.'),
  seLinuxChangePolicy: str('How SELinux labels are applied to volumes: MountOption or Recursive.'),
});

const containerFields: Fields = {
  name: str('Name of the container, a DNS label unique in the pod. Cannot be changed.'),
  image: str('Container image, e.g. nginx:1.27.'),
  command: strings("Entrypoint; replaces the image's ENTRYPOINT. $(VAR) expands."),
  args: strings("Arguments to the entrypoint; replace the image's CMD. $(VAR) expands."),
  workingDir: str("Working directory; the image's by default."),
  ports: list(ContainerPort, 'Ports the container listens on (informational; any listening port is reachable).'),
  envFrom: list(EnvFromSource, 'ConfigMaps and Secrets whose keys all become variables.'),
  env: list(EnvVar, 'Environment variables.'),
  resources: ref(ResourceRequirements, 'CPU and memory requests and limits.'),
  resizePolicy: list(ContainerResizePolicy, 'How resources are resized in place.'),
  restartPolicy: str('Only Always, for an init container that keeps running beside the others (a sidecar).'),
  volumeMounts: list(VolumeMount, 'Volumes of the pod to mount.'),
  volumeDevices: list(VolumeDevice, 'Raw block volumes to expose as devices.'),
  livenessProbe: ref(Probe, 'Restart the container when this fails.'),
  readinessProbe: ref(Probe, 'Take the pod out of Service endpoints while this fails.'),
  startupProbe: ref(Probe, 'Other probes wait until this succeeds.'),
  lifecycle: ref(Lifecycle, 'Hooks run after start and before stop.'),
  terminationMessagePath: str('File whose content becomes the termination message; /dev/termination-log by default.'),
  terminationMessagePolicy: str('File, or FallbackToLogsOnError.'),
  imagePullPolicy: enumOf('v1.PullPolicy', PULL_POLICIES, 'Always, IfNotPresent or Never. Always when the tag is :latest or missing, else IfNotPresent.'),
  securityContext: ref(SecurityContext, 'Security settings of this container.'),
  stdin: bool('Keep stdin open.'),
  stdinOnce: bool('Close stdin after the first attach ends.'),
  tty: bool('Allocate a terminal (with stdin).'),
};

export const Container = named(`${CORE}.Container`, 'A container of a pod.', containerFields, ['name']);

const EphemeralContainer = named(`${CORE}.EphemeralContainer`, 'A container added to a running pod for debugging (kubectl debug).', {
  ...containerFields,
  targetContainerName: str('Container whose namespaces this one shares.'),
}, ['name']);

const KeyToPath = named(`${CORE}.KeyToPath`, 'A key projected to a file.', {
  key: str('The key.'),
  path: str('Relative file path.'),
  mode: int32('File mode bits.'),
}, ['key', 'path']);

const source = (name: string, description: string, fields: Fields, required: string[] = []): Schema => named(`${CORE}.${name}`, description, fields, required);

export const Volume = named(`${CORE}.Volume`, 'A directory the containers of the pod can mount, and where its content comes from.', {
  name: str('Name of the volume, a DNS label unique in the pod; volumeMounts refer to it.'),
  emptyDir: ref(source('EmptyDirVolumeSource', 'An empty directory that lives as long as the pod.', {
    medium: str('Empty for the node\'s disk, Memory for tmpfs.'),
    sizeLimit: quantity('Most the volume may hold.'),
  }), 'A scratch directory that lives as long as the pod.'),
  configMap: ref(source('ConfigMapVolumeSource', 'The keys of a ConfigMap as files.', {
    name: str('Name of the ConfigMap.'),
    items: list(KeyToPath, 'Only these keys, at these paths; all keys by default.'),
    defaultMode: int32('Mode bits of the files; 0644 by default.'),
    optional: bool('Whether the ConfigMap may be missing.'),
  }), 'The keys of a ConfigMap as files.'),
  secret: ref(source('SecretVolumeSource', 'The keys of a Secret as files.', {
    secretName: str('Name of the Secret.'),
    items: list(KeyToPath, 'Only these keys, at these paths; all keys by default.'),
    defaultMode: int32('Mode bits of the files; 0644 by default.'),
    optional: bool('Whether the Secret may be missing.'),
  }), 'The keys of a Secret as files.'),
  hostPath: ref(source('HostPathVolumeSource', 'A file or directory of the node.', {
    path: str('Path on the node.'),
    type: str('What must be there: "", DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice or BlockDevice.'),
  }, ['path']), 'A file or directory of the node (for system agents; avoid in apps).'),
  persistentVolumeClaim: ref(source('PersistentVolumeClaimVolumeSource', 'A PersistentVolumeClaim in the pod\'s namespace.', {
    claimName: str('Name of the claim.'),
    readOnly: bool('Mount read-only.'),
  }, ['claimName']), 'Storage claimed by a PersistentVolumeClaim.'),
  projected: anything('Several sources (Secrets, ConfigMaps, downward API, service account token) in one directory.'),
  downwardAPI: anything('Fields of the pod as files.'),
  nfs: ref(source('NFSVolumeSource', 'An NFS export.', { server: str('Server.'), path: str('Exported path.'), readOnly: bool('Mount read-only.') }, ['server', 'path']), 'An NFS export.'),
  csi: anything('A volume from a CSI driver.'),
  ephemeral: anything('A volume provisioned for the pod by a storage driver.'),
  image: anything('The content of an OCI image.'),
  ...Object.fromEntries(
    ['gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos'].map((k) => [k, anything('A legacy in-tree volume type.')]),
  ),
}, ['name']);

const Toleration = named(`${CORE}.Toleration`, 'Lets the pod run on nodes with a matching taint.', {
  key: str('Taint key; empty with Exists matches every taint.'),
  operator: str('Exists or Equal (default).'),
  value: str('Taint value to match with Equal.'),
  effect: str('NoSchedule, PreferNoSchedule or NoExecute; empty matches all.'),
  tolerationSeconds: int64('For NoExecute: how long the pod stays after the taint appears.'),
});

const HostAlias = named(`${CORE}.HostAlias`, 'An /etc/hosts entry.', { ip: str('IP address.'), hostnames: strings('Names for it.') }, ['ip']);

const PodDNSConfig = named(`${CORE}.PodDNSConfig`, 'DNS settings merged into those dnsPolicy gives.', {
  nameservers: strings('Extra name servers.'),
  searches: strings('Extra search domains.'),
  options: list(named(`${CORE}.PodDNSConfigOption`, 'A resolver option.', { name: str('Option name.'), value: str('Option value.') }), 'Resolver options.'),
});

export const PodSpec = named(`${CORE}.PodSpec`, 'The desired state of a pod: its containers, volumes and how it is scheduled and run.', {
  volumes: list(Volume, 'Volumes the containers can mount.'),
  initContainers: list(Container, 'Containers run to completion, one after the other, before the others start.'),
  containers: list(Container, 'The containers of the pod; at least one.'),
  ephemeralContainers: list(EphemeralContainer, 'Debugging containers added to the running pod.'),
  restartPolicy: enumOf('v1.RestartPolicy', RESTART_POLICIES, 'Always (default), OnFailure or Never. Pod templates of Deployments allow only Always.'),
  terminationGracePeriodSeconds: int64('Seconds between SIGTERM and SIGKILL on deletion; 30 by default.'),
  activeDeadlineSeconds: int64('Seconds the pod may run before it is failed.'),
  dnsPolicy: str('ClusterFirst (default), ClusterFirstWithHostNet, Default or None.'),
  nodeSelector: stringMap('Labels a node must have for the pod to run there.'),
  serviceAccountName: str('ServiceAccount the pod runs as; default by default.'),
  serviceAccount: str('Deprecated alias of serviceAccountName.'),
  automountServiceAccountToken: bool('Whether the service account token is mounted.'),
  nodeName: str('Run on this node, bypassing the scheduler.'),
  hostNetwork: bool("Use the node's network namespace."),
  hostPID: bool("Use the node's PID namespace."),
  hostIPC: bool("Use the node's IPC namespace."),
  shareProcessNamespace: bool('One PID namespace for all containers of the pod.'),
  securityContext: ref(PodSecurityContext, 'Security settings for all containers.'),
  imagePullSecrets: list(LocalObjectReference, 'Secrets with registry credentials to pull images.'),
  hostname: str('Hostname of the pod; its name by default.'),
  subdomain: str('With a headless Service of this name: <hostname>.<subdomain>.<namespace>.svc.'),
  affinity: anything('Node and pod affinity and anti-affinity rules.'),
  schedulerName: str('Scheduler that places the pod; default-scheduler by default.'),
  tolerations: list(Toleration, 'Taints the pod tolerates.'),
  hostAliases: list(HostAlias, 'Extra /etc/hosts entries.'),
  priorityClassName: str('PriorityClass giving the pod its priority.'),
  priority: int32('Priority, filled in from priorityClassName.'),
  dnsConfig: ref(PodDNSConfig, 'Extra DNS settings.'),
  readinessGates: list(named(`${CORE}.PodReadinessGate`, 'An extra condition for readiness.', { conditionType: str('Condition type in the pod status.') }, ['conditionType']), 'Extra conditions the pod needs to be ready.'),
  runtimeClassName: str('RuntimeClass to run the pod with.'),
  enableServiceLinks: bool('Whether Services are announced in environment variables; true by default.'),
  preemptionPolicy: str('PreemptLowerPriority (default) or Never.'),
  overhead: resourceList('Resources the pod sandbox itself uses.'),
  topologySpreadConstraints: list(anything('How pods spread over a topology.'), 'How pods spread across zones, nodes and other topology domains.'),
  setHostnameAsFQDN: bool('Use the fully qualified name as hostname.'),
  os: ref(named(`${CORE}.PodOS`, 'Operating system of the pod.', { name: str('linux or windows.') }, ['name']), 'Operating system the containers need.'),
  hostUsers: bool("Use the node's user namespace; true by default."),
  schedulingGates: list(named(`${CORE}.PodSchedulingGate`, 'Holds the pod back from scheduling.', { name: str('Gate name.') }, ['name']), 'Gates that must all be removed before the pod is scheduled.'),
  resourceClaims: list(anything('A claim of dynamic resources.'), 'Dynamic resources the pod claims.'),
  resources: ref(ResourceRequirements, 'Resources of the pod as a whole.'),
}, ['containers']);

export const PodTemplateSpec = named(`${CORE}.PodTemplateSpec`, 'The pods a workload creates: their metadata and spec.', {
  metadata: ref(ObjectMeta, 'Labels and annotations of the pods (they must match the selector).'),
  spec: ref(PodSpec, 'Spec of the pods.'),
});

export const PodStatus: Schema = {
  ...named(`${CORE}.PodStatus`, 'What the kubelet last observed of the pod.', {
    phase: str('Pending, Running, Succeeded, Failed or Unknown.'),
    conditions: list(anything('A condition.'), 'PodScheduled, Initialized, ContainersReady, Ready.'),
    message: str('Why the pod is in this state.'),
    reason: str('A short reason, e.g. Evicted.'),
    hostIP: str('IP of the node the pod runs on.'),
    podIP: str('IP of the pod.'),
    podIPs: list(anything('An IP.'), 'IPs of the pod.'),
    startTime: { type: 'string', format: 'date-time', goType: 'v1.Time', description: 'When the kubelet accepted the pod.' },
    initContainerStatuses: list(anything('Status of a container.'), 'Status of each init container.'),
    containerStatuses: list(anything('Status of a container.'), 'Status of each container: state, restarts, readiness.'),
    qosClass: str('Guaranteed, Burstable or BestEffort.'),
  }),
  preserveUnknown: true,
};

// core/v1 PodSpec and what it holds, for the fields learners write (k8s.io/api core/v1/generated.proto).
// Field numbers marked (c) were checked against a body kubectl 1.32 encoded (test/fixtures/protobuf/).
import {
  bool,
  field,
  int,
  INT_OR_STRING,
  list,
  msg,
  optionalBool,
  optionalInt,
  optionalStr,
  QUANTITY,
  str,
  strings,
  STRING_MAP,
  type MessageSchema,
} from '../schema-types.js';
import { metadata } from './meta.js';

/** LocalObjectReference, which Go embeds in selectors and volume sources: its `name` lands in the parent. */
const localObjectReference: MessageSchema = { 1: str('name') };
const embeddedReference = msg('', localObjectReference, { inline: true });

// (c) ConfigMapKeySelector, SecretKeySelector, ObjectFieldSelector, ResourceFieldSelector, EnvVarSource.
const keySelector: MessageSchema = { 1: embeddedReference, 2: str('key', { presence: true }), 3: optionalBool('optional') };
const envVarSource: MessageSchema = {
  1: msg('fieldRef', { 1: str('apiVersion'), 2: str('fieldPath', { presence: true }) }),
  2: msg('resourceFieldRef', { 1: str('containerName'), 2: str('resource', { presence: true }), 3: field('divisor', QUANTITY) }),
  3: msg('configMapKeyRef', keySelector),
  4: msg('secretKeyRef', keySelector),
};
const envVar: MessageSchema = { 1: str('name', { presence: true }), 2: str('value'), 3: msg('valueFrom', envVarSource) }; // (c)
const envSourceRef: MessageSchema = { 1: embeddedReference, 2: optionalBool('optional') };
const envFromSource: MessageSchema = { 1: str('prefix'), 2: msg('configMapRef', envSourceRef), 3: msg('secretRef', envSourceRef) }; // (c)

// (c) ContainerPort
const containerPort: MessageSchema = { 1: str('name'), 2: int('hostPort'), 3: int('containerPort', { presence: true }), 4: str('protocol'), 5: str('hostIP') };

// (c) ResourceRequirements: map<string, Quantity> limits and requests.
const resourceRequirements: MessageSchema = {
  1: field('limits', { kind: 'map', value: QUANTITY }),
  2: field('requests', { kind: 'map', value: QUANTITY }),
};

// (c) VolumeMount
const volumeMount: MessageSchema = {
  1: str('name', { presence: true }),
  2: bool('readOnly'),
  3: str('mountPath', { presence: true }),
  4: str('subPath'),
  5: optionalStr('mountPropagation'),
  6: str('subPathExpr'),
  7: optionalStr('recursiveReadOnly'),
};

// (c) ExecAction, HTTPGetAction, TCPSocketAction; GRPCAction and SleepAction from generated.proto.
const execAction: MessageSchema = { 1: strings('command') };
const httpGetAction: MessageSchema = {
  1: str('path'),
  2: field('port', INT_OR_STRING),
  3: str('host'),
  4: str('scheme'),
  5: list('httpHeaders', { 1: str('name', { presence: true }), 2: str('value', { presence: true }) }),
};
const tcpSocketAction: MessageSchema = { 1: field('port', INT_OR_STRING), 2: str('host') };
const probeHandler: MessageSchema = {
  1: msg('exec', execAction),
  2: msg('httpGet', httpGetAction),
  3: msg('tcpSocket', tcpSocketAction),
  4: msg('grpc', { 1: int('port', { presence: true }), 2: optionalStr('service') }),
};
// (c) Probe: the handler is embedded, so `httpGet` sits beside `periodSeconds` in JSON.
const probe: MessageSchema = {
  1: msg('', probeHandler, { inline: true }),
  2: int('initialDelaySeconds'),
  3: int('timeoutSeconds'),
  4: int('periodSeconds'),
  5: int('successThreshold'),
  6: int('failureThreshold'),
  7: optionalInt('terminationGracePeriodSeconds'),
};
// (c) preStop; LifecycleHandler is not embedded (unlike ProbeHandler).
const lifecycleHandler: MessageSchema = {
  1: msg('exec', execAction),
  2: msg('httpGet', httpGetAction),
  3: msg('tcpSocket', tcpSocketAction),
  4: msg('sleep', { 1: int('seconds', { presence: true }) }),
};
const lifecycle: MessageSchema = { 1: msg('postStart', lifecycleHandler), 2: msg('preStop', lifecycleHandler) };

const seccompProfile: MessageSchema = { 1: str('type', { presence: true }), 2: optionalStr('localhostProfile') };
// (c) SecurityContext: capabilities, privileged, runAsUser, runAsNonRoot, readOnlyRootFilesystem, allowPrivilegeEscalation.
const securityContext: MessageSchema = {
  1: msg('capabilities', { 1: strings('add'), 2: strings('drop') }),
  2: optionalBool('privileged'),
  4: optionalInt('runAsUser'),
  5: optionalBool('runAsNonRoot'),
  6: optionalBool('readOnlyRootFilesystem'),
  7: optionalBool('allowPrivilegeEscalation'),
  9: optionalInt('runAsGroup'),
  11: msg('seccompProfile', seccompProfile),
};
// (c) PodSecurityContext: runAsUser, runAsNonRoot, fsGroup, runAsGroup.
const podSecurityContext: MessageSchema = {
  2: optionalInt('runAsUser'),
  3: optionalBool('runAsNonRoot'),
  4: int('supplementalGroups', { repeated: true }),
  5: optionalInt('fsGroup'),
  6: optionalInt('runAsGroup'),
  7: list('sysctls', { 1: str('name', { presence: true }), 2: str('value', { presence: true }) }),
  9: optionalStr('fsGroupChangePolicy'),
  10: msg('seccompProfile', seccompProfile),
};

// (c) Container (init containers are the same message).
const container: MessageSchema = {
  1: str('name', { presence: true }),
  2: str('image'),
  3: strings('command'),
  4: strings('args'),
  5: str('workingDir'),
  6: list('ports', containerPort),
  7: list('env', envVar),
  8: msg('resources', resourceRequirements),
  9: list('volumeMounts', volumeMount),
  10: msg('livenessProbe', probe),
  11: msg('readinessProbe', probe),
  12: msg('lifecycle', lifecycle),
  13: str('terminationMessagePath'),
  14: str('imagePullPolicy'),
  15: msg('securityContext', securityContext),
  16: bool('stdin'),
  17: bool('stdinOnce'),
  18: bool('tty'),
  19: list('envFrom', envFromSource),
  20: str('terminationMessagePolicy'),
  22: msg('startupProbe', probe),
  24: optionalStr('restartPolicy'),
};

// (c) KeyToPath and the volume sources: hostPath 1, emptyDir 2, secret 6, persistentVolumeClaim 10, configMap 19.
const keyToPath: MessageSchema = { 1: str('key', { presence: true }), 2: str('path', { presence: true }), 3: optionalInt('mode') };
const volumeSource: MessageSchema = {
  1: msg('hostPath', { 1: str('path', { presence: true }), 2: optionalStr('type') }),
  2: msg('emptyDir', { 1: str('medium'), 2: field('sizeLimit', QUANTITY, { presence: true }) }),
  6: msg('secret', { 1: str('secretName'), 2: list('items', keyToPath), 3: optionalInt('defaultMode'), 4: optionalBool('optional') }),
  10: msg('persistentVolumeClaim', { 1: str('claimName', { presence: true }), 2: bool('readOnly') }),
  19: msg('configMap', { 1: embeddedReference, 2: list('items', keyToPath), 3: optionalInt('defaultMode'), 4: optionalBool('optional') }),
};
// (c) Volume: the source is embedded, so `emptyDir` sits beside `name` in JSON.
const volume: MessageSchema = { 1: str('name', { presence: true }), 2: msg('', volumeSource, { inline: true }) };

// (c) Toleration
const toleration: MessageSchema = { 1: str('key'), 2: str('operator'), 3: str('value'), 4: str('effect'), 5: optionalInt('tolerationSeconds') };

// (c) PodSpec, except affinity 18 and hostAliases 23 (not modelled: learners rarely write them by hand).
export const podSpec: MessageSchema = {
  1: list('volumes', volume),
  2: list('containers', container),
  3: str('restartPolicy'),
  4: optionalInt('terminationGracePeriodSeconds'),
  5: optionalInt('activeDeadlineSeconds'),
  6: str('dnsPolicy'),
  7: field('nodeSelector', STRING_MAP),
  8: str('serviceAccountName'),
  9: str('serviceAccount'),
  10: str('nodeName'),
  11: bool('hostNetwork'),
  12: bool('hostPID'),
  13: bool('hostIPC'),
  14: msg('securityContext', podSecurityContext),
  15: list('imagePullSecrets', localObjectReference),
  16: str('hostname'),
  17: str('subdomain'),
  19: str('schedulerName'),
  20: list('initContainers', container),
  21: optionalBool('automountServiceAccountToken'),
  22: list('tolerations', toleration),
  24: str('priorityClassName'),
  25: optionalInt('priority'),
  29: optionalStr('runtimeClassName'),
  30: optionalBool('enableServiceLinks'),
  35: optionalBool('setHostnameAsFQDN'),
};

export const podTemplateSpec: MessageSchema = { 1: metadata, 2: msg('spec', podSpec) };

export const pod: MessageSchema = { 1: metadata, 2: msg('spec', podSpec) };

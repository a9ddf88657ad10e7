// core/v1 Service (`kubectl create service ...`). ServiceSpec 1-4, 10-13 and ServicePort were checked against
// bodies kubectl 1.32 encoded; the rest are from k8s.io/api core/v1/generated.proto.
import { bool, field, int, INT_OR_STRING, list, msg, optionalBool, optionalInt, optionalStr, str, strings, STRING_MAP, type MessageSchema } from '../schema-types.js';
import { metadata } from './meta.js';

const servicePort: MessageSchema = {
  1: str('name'),
  2: str('protocol'),
  3: int('port', { presence: true }),
  4: field('targetPort', INT_OR_STRING),
  5: int('nodePort'),
  6: optionalStr('appProtocol'),
};

const serviceSpec: MessageSchema = {
  1: list('ports', servicePort),
  2: field('selector', STRING_MAP),
  3: str('clusterIP'),
  4: str('type'),
  5: strings('externalIPs'),
  7: str('sessionAffinity'),
  8: str('loadBalancerIP'),
  9: strings('loadBalancerSourceRanges'),
  10: str('externalName'),
  11: str('externalTrafficPolicy'),
  12: int('healthCheckNodePort'),
  13: bool('publishNotReadyAddresses'),
  14: msg('sessionAffinityConfig', { 1: msg('clientIP', { 1: optionalInt('timeoutSeconds') }) }),
  17: optionalStr('ipFamilyPolicy'),
  18: strings('clusterIPs'),
  19: strings('ipFamilies'),
  20: optionalBool('allocateLoadBalancerNodePorts'),
  21: optionalStr('loadBalancerClass'),
  22: optionalStr('internalTrafficPolicy'),
};

/** Status (3) is the server's to set and is read past. */
export const service: MessageSchema = { 1: metadata, 2: msg('spec', serviceSpec) };

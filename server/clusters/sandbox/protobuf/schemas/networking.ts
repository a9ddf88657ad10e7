// networking.k8s.io/v1 Ingress (`kubectl create ingress`). Everything but `resource` backends was checked
// against bodies kubectl 1.32 encoded; the rest is from networking/v1/generated.proto.
import { int, list, msg, optionalStr, str, strings, type MessageSchema } from '../schema-types.js';
import { metadata } from './meta.js';

const ingressBackend: MessageSchema = {
  3: msg('resource', { 1: optionalStr('apiGroup'), 2: str('kind', { presence: true }), 3: str('name', { presence: true }) }),
  4: msg('service', { 1: str('name', { presence: true }), 2: msg('port', { 1: str('name'), 2: int('number') }) }),
};

const httpIngressPath: MessageSchema = { 1: str('path'), 2: msg('backend', ingressBackend), 3: optionalStr('pathType') };

const ingressRule: MessageSchema = {
  1: str('host'),
  // IngressRuleValue is embedded: `http` sits beside `host` in JSON.
  2: msg('', { 1: msg('http', { 1: list('paths', httpIngressPath) }) }, { inline: true }),
};

const ingressSpec: MessageSchema = {
  1: msg('defaultBackend', ingressBackend),
  2: list('tls', { 1: strings('hosts'), 2: str('secretName') }),
  3: list('rules', ingressRule),
  4: optionalStr('ingressClassName'),
};

/** Status (3) is the server's to set and is read past. */
export const ingress: MessageSchema = { 1: metadata, 2: msg('spec', ingressSpec) };

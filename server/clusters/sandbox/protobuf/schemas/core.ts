// core/v1 kinds without a pod template: `kubectl create configmap|secret|namespace|serviceaccount`.
import { bool, field, list, str, strings, STRING_MAP, type MessageSchema } from '../schema-types.js';
import { metadata } from './meta.js';

const BYTES_MAP = { kind: 'map', value: { kind: 'bytes' } } as const;

export const configMap: MessageSchema = {
  1: metadata,
  2: field('data', STRING_MAP),
  3: field('binaryData', BYTES_MAP),
  4: bool('immutable', { presence: true }),
};

export const secret: MessageSchema = {
  1: metadata,
  2: field('data', BYTES_MAP),
  3: str('type'),
  4: field('stringData', STRING_MAP),
  5: bool('immutable', { presence: true }),
};

export const namespace: MessageSchema = {
  1: metadata,
  2: { name: 'spec', type: { kind: 'message', schema: { 1: strings('finalizers') } } },
};

export const serviceAccount: MessageSchema = {
  1: metadata,
  3: list('imagePullSecrets', { 1: str('name') }),
  4: bool('automountServiceAccountToken', { presence: true }),
};

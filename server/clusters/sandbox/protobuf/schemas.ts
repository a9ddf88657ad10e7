// Field numbers of the built-in kinds that kubectl's typed commands send as protobuf (`kubectl create
// configmap|secret|namespace|serviceaccount`), from k8s.io/api's generated.proto and checked against bodies
// captured from the real kubectl 1.32. A kind missing here is answered 415 with a message that says so.

export type FieldType =
  | { kind: 'string' }
  | { kind: 'bool' }
  | { kind: 'int' }
  /** bytes, which JSON carries as base64 (Secret.data, ConfigMap.binaryData). */
  | { kind: 'bytes' }
  | { kind: 'message'; schema: MessageSchema }
  | { kind: 'map'; value: 'string' | 'bytes' };

export interface FieldSchema {
  name: string;
  type: FieldType;
  repeated?: boolean;
}

export type MessageSchema = Record<number, FieldSchema>;

const str = { kind: 'string' } as const;
const stringMap = { kind: 'map', value: 'string' } as const;
const bytesMap = { kind: 'map', value: 'bytes' } as const;

const ownerReference: MessageSchema = {
  1: { name: 'kind', type: str },
  3: { name: 'name', type: str },
  4: { name: 'uid', type: str },
  5: { name: 'apiVersion', type: str },
  6: { name: 'controller', type: { kind: 'bool' } },
  7: { name: 'blockOwnerDeletion', type: { kind: 'bool' } },
};

/** ObjectMeta. Server-set fields (uid, resourceVersion, timestamps) are read past: the server sets them. */
export const objectMeta: MessageSchema = {
  1: { name: 'name', type: str },
  2: { name: 'generateName', type: str },
  3: { name: 'namespace', type: str },
  11: { name: 'labels', type: stringMap },
  12: { name: 'annotations', type: stringMap },
  13: { name: 'ownerReferences', type: { kind: 'message', schema: ownerReference }, repeated: true },
  14: { name: 'finalizers', type: str, repeated: true },
};

const metadata: FieldSchema = { name: 'metadata', type: { kind: 'message', schema: objectMeta } };

export const KIND_SCHEMAS: Record<string, MessageSchema> = {
  'v1/ConfigMap': {
    1: metadata,
    2: { name: 'data', type: stringMap },
    3: { name: 'binaryData', type: bytesMap },
    4: { name: 'immutable', type: { kind: 'bool' } },
  },
  'v1/Secret': {
    1: metadata,
    2: { name: 'data', type: bytesMap },
    3: { name: 'type', type: str },
    4: { name: 'stringData', type: stringMap },
    5: { name: 'immutable', type: { kind: 'bool' } },
  },
  'v1/Namespace': {
    1: metadata,
    2: { name: 'spec', type: { kind: 'message', schema: { 1: { name: 'finalizers', type: str, repeated: true } } } },
  },
  'v1/ServiceAccount': {
    1: metadata,
    3: { name: 'imagePullSecrets', type: { kind: 'message', schema: { 1: { name: 'name', type: str } } }, repeated: true },
    4: { name: 'automountServiceAccountToken', type: { kind: 'bool' } },
  },
};

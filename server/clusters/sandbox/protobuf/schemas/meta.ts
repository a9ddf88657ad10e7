// apimachinery's meta/v1 messages (k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto).
import { bool, field, list, msg, str, strings, STRING_MAP, type FieldSchema, type MessageSchema } from '../schema-types.js';

const ownerReference: MessageSchema = {
  1: str('kind'),
  3: str('name'),
  4: str('uid'),
  5: str('apiVersion'),
  6: bool('controller', { presence: true }),
  7: bool('blockOwnerDeletion', { presence: true }),
};

/** ObjectMeta. Server-set fields (uid, resourceVersion, timestamps) are read past: the server sets them. */
export const objectMeta: MessageSchema = {
  1: str('name'),
  2: str('generateName'),
  3: str('namespace'),
  11: field('labels', STRING_MAP),
  12: field('annotations', STRING_MAP),
  13: list('ownerReferences', ownerReference),
  14: strings('finalizers'),
};

export const metadata: FieldSchema = msg('metadata', objectMeta);

export const labelSelector: MessageSchema = {
  1: field('matchLabels', STRING_MAP),
  2: list('matchExpressions', { 1: str('key'), 2: str('operator'), 3: strings('values') }),
};

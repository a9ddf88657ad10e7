// Kubernetes' protobuf envelope ("k8s\0" + runtime.Unknown{typeMeta, raw}) decoded into the JSON object the
// rest of the sandbox works with, for the kinds in schemas.ts. Zero values are left out, as JSON's omitempty
// leaves them out (protobuf from Go sends empty strings and zeros explicitly).
import { ApiError, errors } from '../status.js';
import { KIND_SCHEMAS, type FieldType, type MessageSchema } from './schemas.js';
import { readFields, type WireField } from './wire.js';

const MAGIC = [0x6b, 0x38, 0x73, 0x00]; // "k8s\0"

export function isKubeProtobuf(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim() === 'application/vnd.kubernetes.protobuf';
}

function text(bytes: Uint8Array | undefined): string {
  return Buffer.from(bytes ?? []).toString('utf8');
}

function decodeValue(type: FieldType, field: WireField): unknown {
  switch (type.kind) {
    case 'string':
      return text(field.bytes);
    case 'bytes':
      return Buffer.from(field.bytes ?? []).toString('base64');
    case 'bool':
      return field.varint !== undefined && field.varint !== 0n;
    case 'int':
      return Number(field.varint ?? 0n);
    case 'message':
      return decodeMessage(field.bytes ?? new Uint8Array(), type.schema);
    case 'map': {
      const entry = readFields(field.bytes ?? new Uint8Array());
      const key = text(entry.find((f) => f.field === 1)?.bytes);
      const raw = entry.find((f) => f.field === 2)?.bytes;
      return [key, type.value === 'bytes' ? Buffer.from(raw ?? []).toString('base64') : text(raw)];
    }
  }
}

function isZero(value: unknown): boolean {
  return value === '' || value === false || value === 0 || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
}

export function decodeMessage(buf: Uint8Array, schema: MessageSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of readFields(buf)) {
    const spec = schema[field.field];
    if (!spec) continue; // a field the sandbox does not model (server-set, or newer than the schema)
    const value = decodeValue(spec.type, field);
    if (spec.type.kind === 'map') {
      const [key, entryValue] = value as [string, unknown];
      const map = (out[spec.name] as Record<string, unknown> | undefined) ?? {};
      map[key] = entryValue;
      out[spec.name] = map;
    } else if (spec.repeated) {
      (out[spec.name] = (out[spec.name] as unknown[] | undefined) ?? []) as unknown[];
      (out[spec.name] as unknown[]).push(value);
    } else if (!isZero(value)) {
      out[spec.name] = value;
    }
  }
  return out;
}

/** The object in a protobuf request body, as JSON. */
export function decodeKubeProtobuf(body: Uint8Array): Record<string, unknown> {
  if (body.length < 4 || MAGIC.some((b, i) => body[i] !== b)) throw errors.badRequest('the protobuf body does not start with the k8s envelope');
  const envelope = readFields(body.subarray(4));
  const typeMeta = readFields(envelope.find((f) => f.field === 1)?.bytes ?? new Uint8Array());
  const apiVersion = text(typeMeta.find((f) => f.field === 1)?.bytes);
  const kind = text(typeMeta.find((f) => f.field === 2)?.bytes);
  const schema = KIND_SCHEMAS[`${apiVersion}/${kind}`];
  if (!schema) {
    throw new ApiError(415, 'UnsupportedMediaType', `the kubeclass sandbox does not read protobuf for ${kind} (${apiVersion}) yet: use kubectl apply -f with a manifest`);
  }
  const object = decodeMessage(envelope.find((f) => f.field === 2)?.bytes ?? new Uint8Array(), schema);
  return { apiVersion, kind, ...object, metadata: object.metadata ?? {} };
}

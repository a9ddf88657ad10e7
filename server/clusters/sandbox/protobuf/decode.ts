// Kubernetes' protobuf envelope ("k8s\0" + runtime.Unknown{typeMeta, raw}) decoded into the JSON object the
// rest of the sandbox works with, for the kinds in schemas.ts. Go writes every non-pointer field, set or not;
// their zero values are dropped, as JSON's omitempty drops them, while pointer fields (`presence`) and
// messages are kept as they came (`replicas: 0`, `emptyDir: {}`).
import { ApiError, errors } from '../status.js';
import { KIND_SCHEMAS } from './schemas.js';
import type { FieldSchema, FieldType, MessageSchema } from './schema-types.js';
import { readFields, readPackedVarints, type WireField } from './wire.js';

const MAGIC = [0x6b, 0x38, 0x73, 0x00]; // "k8s\0"
const EMPTY = new Uint8Array();

export function isKubeProtobuf(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim() === 'application/vnd.kubernetes.protobuf';
}

function text(bytes: Uint8Array | undefined): string {
  return Buffer.from(bytes ?? EMPTY).toString('utf8');
}

/** int32 and int64 arrive as 64-bit two's complement varints (a negative int32 is sign-extended). */
function signed(varint: bigint | undefined): number {
  return Number(BigInt.asIntN(64, varint ?? 0n));
}

function fieldOf(fields: WireField[], n: number): WireField | undefined {
  let found: WireField | undefined;
  for (const f of fields) if (f.field === n) found = f; // protobuf: the last occurrence of a scalar wins
  return found;
}

function decodeIntOrString(bytes: Uint8Array): number | string {
  const fields = readFields(bytes);
  const isString = signed(fieldOf(fields, 1)?.varint) === 1;
  return isString ? text(fieldOf(fields, 3)?.bytes) : signed(fieldOf(fields, 2)?.varint);
}

function decodeValue(type: FieldType, field: WireField): unknown {
  switch (type.kind) {
    case 'string':
      return text(field.bytes);
    case 'bytes':
      return Buffer.from(field.bytes ?? EMPTY).toString('base64');
    case 'bool':
      return field.varint !== undefined && field.varint !== 0n;
    case 'int':
      return signed(field.varint);
    case 'quantity':
      return text(fieldOf(readFields(field.bytes ?? EMPTY), 1)?.bytes);
    case 'intOrString':
      return decodeIntOrString(field.bytes ?? EMPTY);
    case 'message':
      return decodeMessage(field.bytes ?? EMPTY, type.schema);
    case 'map': {
      const entry = readFields(field.bytes ?? EMPTY);
      const key = text(fieldOf(entry, 1)?.bytes);
      const value = fieldOf(entry, 2) ?? { field: 2, wireType: 2, bytes: EMPTY }; // Go may leave an empty value out
      return [key, decodeValue(type.value, value)];
    }
  }
}

function isZero(value: unknown): boolean {
  return value === '' || value === false || value === 0;
}

function decodeInto(out: Record<string, unknown>, spec: FieldSchema, field: WireField): void {
  const { type } = spec;
  if (type.kind === 'map') {
    const [key, value] = decodeValue(type, field) as [string, unknown];
    out[spec.name] = { ...(out[spec.name] as Record<string, unknown> | undefined), [key]: value };
  } else if (spec.repeated) {
    const list = (out[spec.name] as unknown[] | undefined) ?? [];
    // A repeated number may come packed (one length-delimited run of varints), as newer encoders write it.
    if (type.kind === 'int' && field.wireType === 2) list.push(...readPackedVarints(field.bytes ?? EMPTY).map(signed));
    else list.push(decodeValue(type, field));
    out[spec.name] = list;
  } else if (spec.inline) {
    Object.assign(out, decodeValue(type, field));
  } else {
    const value = decodeValue(type, field);
    const kept = spec.presence || type.kind === 'message' || !isZero(value);
    if (kept) out[spec.name] = value;
    else delete out[spec.name];
  }
}

export function decodeMessage(buf: Uint8Array, schema: MessageSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of readFields(buf)) {
    const spec = schema[field.field];
    if (spec) decodeInto(out, spec, field); // else a field the sandbox does not model (server-set, or newer)
  }
  return out;
}

/** The object in a protobuf request body, as JSON. */
export function decodeKubeProtobuf(body: Uint8Array): Record<string, unknown> {
  if (body.length < 4 || MAGIC.some((b, i) => body[i] !== b)) throw errors.badRequest('the protobuf body does not start with the k8s envelope');
  const envelope = readFields(body.subarray(4));
  const typeMeta = readFields(fieldOf(envelope, 1)?.bytes ?? EMPTY);
  const apiVersion = text(fieldOf(typeMeta, 1)?.bytes);
  const kind = text(fieldOf(typeMeta, 2)?.bytes);
  const schema = KIND_SCHEMAS[`${apiVersion}/${kind}`];
  if (!schema) {
    throw new ApiError(415, 'UnsupportedMediaType', `the kubeclass sandbox does not read protobuf for ${kind} (${apiVersion}) yet: use kubectl apply -f with a manifest`);
  }
  const object = decodeMessage(fieldOf(envelope, 2)?.bytes ?? EMPTY, schema);
  return { apiVersion, kind, ...object, metadata: object.metadata ?? {} };
}

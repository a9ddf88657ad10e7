// How a protobuf message maps onto its JSON object: field number -> JSON name and type. The schemas under
// schemas/ are written with the small constructors here so each reads like the Go struct it mirrors.

export type FieldType =
  | { kind: 'string' }
  | { kind: 'bool' }
  /** int32 or int64 (varint, two's complement). */
  | { kind: 'int' }
  /** bytes, which JSON carries as base64 (Secret.data, ConfigMap.binaryData). */
  | { kind: 'bytes' }
  /** resource.Quantity: a message whose field 1 is the string form ("500m", "128Mi"). */
  | { kind: 'quantity' }
  /** intstr.IntOrString {1 type (0 int, 1 string), 2 intVal, 3 strVal}: a JSON number or string. */
  | { kind: 'intOrString' }
  | { kind: 'message'; schema: MessageSchema }
  /** map<string, V>: repeated entries {1 key, 2 value}. */
  | { kind: 'map'; value: FieldType };

export interface FieldOptions {
  repeated?: boolean;
  /**
   * A Go pointer (or a field Go's JSON never omits): Go writes it only when set, so whatever arrives is kept,
   * zero included (`replicas: 0`, `automountServiceAccountToken: false`). Other scalars are written by Go
   * even when unset; their zero values are dropped, as JSON's omitempty drops them.
   */
  presence?: boolean;
  /** An embedded Go struct that JSON flattens into its parent (Volume's VolumeSource, Probe's handler). */
  inline?: boolean;
}

export interface FieldSchema extends FieldOptions {
  name: string;
  type: FieldType;
}

export type MessageSchema = Record<number, FieldSchema>;

export const STRING: FieldType = { kind: 'string' };
export const INT: FieldType = { kind: 'int' };
export const BOOL: FieldType = { kind: 'bool' };
export const QUANTITY: FieldType = { kind: 'quantity' };
export const INT_OR_STRING: FieldType = { kind: 'intOrString' };
export const STRING_MAP: FieldType = { kind: 'map', value: STRING };

export const field = (name: string, type: FieldType, options: FieldOptions = {}): FieldSchema => ({ name, type, ...options });
export const str = (name: string, options?: FieldOptions): FieldSchema => field(name, STRING, options);
export const int = (name: string, options?: FieldOptions): FieldSchema => field(name, INT, options);
export const bool = (name: string, options?: FieldOptions): FieldSchema => field(name, BOOL, options);
export const strings = (name: string): FieldSchema => field(name, STRING, { repeated: true });
export const msg = (name: string, schema: MessageSchema, options?: FieldOptions): FieldSchema => field(name, { kind: 'message', schema }, options);
export const list = (name: string, schema: MessageSchema): FieldSchema => msg(name, schema, { repeated: true });
/** Go pointer scalars: `*int32`, `*bool`, `*string`. */
export const optionalInt = (name: string): FieldSchema => int(name, { presence: true });
export const optionalBool = (name: string): FieldSchema => bool(name, { presence: true });
export const optionalStr = (name: string): FieldSchema => str(name, { presence: true });

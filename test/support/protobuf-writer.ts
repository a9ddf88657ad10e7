// Builds protobuf bodies by hand for the cases kubectl cannot be made to send (a RollingUpdate strategy, a
// negative number, a packed list): field by field, wrapped in the k8s envelope.

function varint(value: bigint): number[] {
  let v = BigInt.asUintN(64, value); // negatives as 64-bit two's complement, as Go writes int32 and int64
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

/** A varint field (int, bool, enum). */
export function num(field: number, value: number | boolean): Buffer {
  return Buffer.from([...varint(BigInt(field << 3)), ...varint(BigInt(Number(value)))]);
}

/** A length-delimited field: a string, or a message built from the given fields. */
export function bytes(field: number, content: string | Buffer | Buffer[]): Buffer {
  const body = typeof content === 'string' ? Buffer.from(content) : Array.isArray(content) ? Buffer.concat(content) : content;
  return Buffer.concat([Buffer.from([...varint(BigInt((field << 3) | 2)), ...varint(BigInt(body.length))]), body]);
}

/** One map<string, string> entry. */
export function entry(field: number, key: string, value: string): Buffer {
  return bytes(field, [bytes(1, key), bytes(2, value)]);
}

/** IntOrString as Go writes it: type, intVal and strVal, all three. */
export function intOrString(field: number, value: number | string): Buffer {
  return typeof value === 'number'
    ? bytes(field, [num(1, 0), num(2, value), bytes(3, '')])
    : bytes(field, [num(1, 1), num(2, 0), bytes(3, value)]);
}

/** "k8s\0" + runtime.Unknown{typeMeta{apiVersion, kind}, raw}. */
export function kubeEnvelope(apiVersion: string, kind: string, raw: Buffer[]): Buffer {
  const unknown = Buffer.concat([bytes(1, [bytes(1, apiVersion), bytes(2, kind)]), bytes(2, raw), bytes(3, ''), bytes(4, '')]);
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown]);
}

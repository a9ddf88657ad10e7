// The protobuf wire format, read generically: field number, wire type and raw value. Schemas give meaning
// (schemas.ts); a malformed body is a 400 Status, never an exception that escapes.
import { errors } from '../status.js';

export interface WireField {
  field: number;
  /** 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
  wireType: number;
  varint?: bigint;
  bytes?: Uint8Array;
}

function malformed(why: string): Error {
  return errors.badRequest(`the protobuf body is malformed: ${why}`);
}

export function readFields(buf: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw malformed('truncated varint');
      const byte = buf[pos++] as number;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw malformed('varint too long');
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field === 0) throw malformed('field number 0');
    switch (wireType) {
      case 0:
        fields.push({ field, wireType, varint: varint() });
        break;
      case 1:
        if (pos + 8 > buf.length) throw malformed('truncated fixed64');
        fields.push({ field, wireType, bytes: buf.subarray(pos, pos + 8) });
        pos += 8;
        break;
      case 2: {
        const length = Number(varint());
        if (pos + length > buf.length) throw malformed('length beyond the body');
        fields.push({ field, wireType, bytes: buf.subarray(pos, pos + length) });
        pos += length;
        break;
      }
      case 5:
        if (pos + 4 > buf.length) throw malformed('truncated fixed32');
        fields.push({ field, wireType, bytes: buf.subarray(pos, pos + 4) });
        pos += 4;
        break;
      default:
        throw malformed(`wire type ${wireType}`);
    }
  }
  return fields;
}

/** A packed repeated varint field: the varints back to back. */
export function readPackedVarints(buf: Uint8Array): bigint[] {
  const values: bigint[] = [];
  let value = 0n;
  let shift = 0n;
  for (const byte of buf) {
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) {
      values.push(value);
      value = 0n;
      shift = 0n;
    } else if ((shift += 7n) > 63n) {
      throw malformed('varint too long');
    }
  }
  if (shift !== 0n) throw malformed('truncated varint');
  return values;
}

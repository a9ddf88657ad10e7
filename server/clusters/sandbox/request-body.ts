// Reads a request body within kube-apiserver's limit (3 MiB) and decodes it: JSON, or YAML for server-side apply.
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { decodeKubeProtobuf, isKubeProtobuf } from './protobuf/decode.js';
import { errors } from './status.js';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw errors.tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw errors.tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function decodeBody(body: Buffer, contentType: string | undefined): unknown {
  // kubectl's typed commands send protobuf for built-in kinds; the kinds in protobuf/schemas.ts are read.
  if (isKubeProtobuf(contentType)) return decodeKubeProtobuf(body);
  if (contentType?.includes('protobuf') || contentType?.includes('cbor')) throw errors.unsupportedBody(contentType);
  const text = body.toString('utf8');
  if (text.trim() === '') throw errors.badRequest('the body of the request was empty');
  if (contentType?.includes('yaml')) {
    try {
      return parseYaml(text);
    } catch (error) {
      throw errors.badRequest(`error converting YAML to JSON: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw errors.badRequest(`couldn't get version/kind; json parse error: ${(error as Error).message}`);
  }
}

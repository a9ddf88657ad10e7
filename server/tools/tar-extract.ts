// Just enough of tar to take one file out of a .tar.gz (helm's release tarball): 512-byte headers, octal
// sizes, data padded to 512 bytes. No dependency: `tar` is not in node_modules, and the system tar's flags
// differ between GNU and BSD.
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

const BLOCK = 512;

interface Header {
  name: string;
  size: number;
  type: string;
}

function parseHeader(block: Buffer): Header | undefined {
  if (block.every((byte) => byte === 0)) return undefined; // end of archive
  const text = (start: number, length: number): string => {
    const field = block.subarray(start, start + length);
    const end = field.indexOf(0);
    return field.subarray(0, end === -1 ? length : end).toString('utf8');
  };
  const name = text(0, 100);
  const prefix = text(157, 8).startsWith('ustar') ? text(345, 155) : '';
  const sizeText = text(124, 12).trim();
  const size = sizeText === '' ? 0 : parseInt(sizeText, 8);
  if (!Number.isFinite(size)) throw new Error(`not a tar archive (bad size field "${sizeText}")`);
  return { name: prefix ? `${prefix}/${name}` : name, size, type: text(156, 1) || '0' };
}

/** Writes the regular file named member (leading ./ ignored) to dest; false when the archive has none. */
export async function extractTarGzMember(archive: string, member: string, dest: string): Promise<boolean> {
  const wanted = member.replace(/^\.\//, '');
  let pending: Buffer = Buffer.alloc(0);
  let remaining = 0; // data bytes of the current entry still to come
  let padding = 0; // bytes after the data up to the next block
  let longName: string | undefined; // GNU 'L' entries carry the next entry's long name
  let longNameParts: Buffer[] | undefined;
  let out: FileHandle | undefined;
  let found = false;
  const source = createReadStream(archive);
  const gunzip = createGunzip();
  // A read error reaches the loop below through gunzip; returning early closes both.
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length > 0) {
        if (remaining > 0) {
          const take = Math.min(remaining, pending.length);
          const data = pending.subarray(0, take);
          if (out) await out.write(data);
          else if (longNameParts) longNameParts.push(Buffer.from(data));
          pending = pending.subarray(take);
          remaining -= take;
          if (remaining === 0) {
            if (out) {
              await out.close();
              out = undefined;
              return true;
            }
            if (longNameParts) {
              longName = Buffer.concat(longNameParts).toString('utf8').replace(/\0+$/, '');
              longNameParts = undefined;
            }
          }
          continue;
        }
        if (padding > 0) {
          const skip = Math.min(padding, pending.length);
          pending = pending.subarray(skip);
          padding -= skip;
          continue;
        }
        if (pending.length < BLOCK) break; // wait for the rest of the header
        const header = parseHeader(pending.subarray(0, BLOCK));
        pending = pending.subarray(BLOCK);
        if (!header) return false;
        const name = (longName ?? header.name).replace(/^\.\//, '');
        if (header.type !== 'L') longName = undefined;
        remaining = header.size;
        padding = (BLOCK - (header.size % BLOCK)) % BLOCK;
        if (header.type === 'L') longNameParts = [];
        else if ((header.type === '0' || header.type === '7') && name === wanted) {
          found = true;
          out = await open(dest, 'w', 0o644);
          if (remaining === 0) {
            await out.close();
            out = undefined;
            return true;
          }
        }
      }
    }
    if (found) throw new Error(`the archive ends inside ${wanted}`);
    return false;
  } finally {
    await out?.close();
    source.destroy();
    gunzip.destroy();
  }
}

// Shell-integration marks: the meaning of one OSC 133 (FinalTerm) or OSC 633 (VS Code) sequence.
// Shared by the server's command detector and the page's gutter marks. No Node or DOM APIs here.
//
// kubeclass's own shell scripts end every mark with a tag `<nonce>:<shell pid>`: the nonce tells marks printed
// by the integration from marks a program printed (`cat` of a file full of escapes), and the pid tells which
// shell a mark came from when shells nest (`bash` inside bash, `exec bash`).

export interface MarkTag {
  nonce: string;
  pid: number;
}

export type ShellMark =
  | { kind: 'promptStart'; tag?: MarkTag }
  | { kind: 'promptEnd'; tag?: MarkTag }
  | { kind: 'commandLine'; commandLine: string; tag?: MarkTag }
  | { kind: 'executing'; tag?: MarkTag }
  /** exitCode is undefined for a bare D (nothing ran). */
  | { kind: 'finished'; exitCode?: number; tag?: MarkTag }
  | { kind: 'property'; key: string; value: string; tag?: MarkTag };

const TAG = /^([0-9a-f]{8,64}):([0-9]{1,10})$/;

function parseTag(text: string | undefined): MarkTag | undefined {
  if (text === undefined) return undefined;
  const m = TAG.exec(text);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  return { nonce: m[1], pid: Number(m[2]) };
}

/** Reverses the escaping of OSC 633 values: `\\` is a backslash, `\xHH` a byte (`;` and control bytes). */
export function unescapeValue(text: string): string {
  if (!text.includes('\\')) return text;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < text.length; ) {
    const ch = text[i];
    if (ch === '\\' && text[i + 1] === '\\') {
      bytes.push(0x5c);
      i += 2;
    } else if (ch === '\\' && text[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
      bytes.push(parseInt(text.slice(i + 2, i + 4), 16));
      i += 4;
    } else {
      const cp = text.codePointAt(i) ?? 0;
      const s = String.fromCodePoint(cp);
      for (const b of encoder.encode(s)) bytes.push(b);
      i += s.length;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** The inverse of unescapeValue, as the shell scripts do it. */
export function escapeValue(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === ';' || code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

/**
 * Interprets the payload of an OSC sequence (what stands between `ESC ]` and the terminator).
 * Returns undefined for sequences that are not shell-integration marks.
 */
export function parseMark(payload: string): ShellMark | undefined {
  const parts = payload.split(';');
  const ident = parts[0];
  if (ident !== '133' && ident !== '633') return undefined;
  const letter = parts[1];
  switch (letter) {
    case 'A':
      return { kind: 'promptStart', tag: parseTag(parts[2]) };
    case 'B':
      return { kind: 'promptEnd', tag: parseTag(parts[2]) };
    case 'C':
      return { kind: 'executing', tag: parseTag(parts[2]) };
    case 'D': {
      const code = parts[2];
      const exitCode = code !== undefined && /^-?[0-9]{1,10}$/.test(code) ? Number(code) : undefined;
      return { kind: 'finished', exitCode, tag: parseTag(parts[3]) };
    }
    case 'E':
      if (ident !== '633') return undefined;
      return { kind: 'commandLine', commandLine: unescapeValue(parts[2] ?? ''), tag: parseTag(parts[3]) };
    case 'P': {
      if (ident !== '633') return undefined;
      const prop = parts[2] ?? '';
      const eq = prop.indexOf('=');
      if (eq <= 0) return undefined;
      return {
        kind: 'property',
        key: prop.slice(0, eq),
        value: unescapeValue(prop.slice(eq + 1)),
        tag: parseTag(parts[3]),
      };
    }
    default:
      return undefined;
  }
}

/** True when the mark was printed by kubeclass's integration in the shell that holds this nonce. */
export function isTrusted(mark: ShellMark, nonce: string): boolean {
  return mark.tag !== undefined && mark.tag.nonce === nonce;
}

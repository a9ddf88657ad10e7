// Generated names, as kube makes them.

/** Five characters from kube's generateName alphabet (no vowels, no look-alikes). */
export function randomSuffix(length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) out += SAFE_ALPHABET[Math.floor(Math.random() * SAFE_ALPHABET.length)];
  return out;
}

export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** kube's SafeEncodeString: each character mapped into the alphabet above (used for pod-template-hash). */
export function safeEncode(text: string): string {
  let out = '';
  for (const ch of text) out += SAFE_ALPHABET[(ch.codePointAt(0) as number) % SAFE_ALPHABET.length];
  return out;
}

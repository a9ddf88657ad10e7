// The checkers' messages in the learner's locale: the exact locale, else its language (zh-CN -> zh), else English.
import { en, type Messages } from './en.js';
import { zh } from './zh.js';

export type { Messages } from './en.js';

const CATALOGUES: ReadonlyMap<string, Messages> = new Map([
  ['en', en],
  ['zh', zh],
]);

export function messagesFor(locale: string | undefined): Messages {
  const wanted = (locale ?? 'en').toLowerCase();
  return CATALOGUES.get(wanted) ?? CATALOGUES.get(wanted.split('-')[0] ?? '') ?? en;
}

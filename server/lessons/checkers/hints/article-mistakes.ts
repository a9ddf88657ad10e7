// The article's own mistakes, recognised in what the learner typed and what the shell printed, each answered
// with what really happened and what to type instead. Facts: shared/reference/knative-openfaas-facts.md.
// The answers are in the checkers' message catalogues (messages/en.ts `mistakes`, by id, in every locale).
import type { CommandEvent } from '../../../common/protocol.js';
import type { Messages } from '../messages/index.js';

export type MistakeId = keyof Messages['mistakes'];

export interface Mistake {
  /** The key of its answer in the message catalogues. */
  id: MistakeId;
  /** True when this command shows the mistake. */
  seenIn: (event: CommandEvent) => boolean;
}

export const ARTICLE_MISTAKES: readonly Mistake[] = [
  {
    id: 'namescpace',
    seenIn: (e) => /--namescpace\b/.test(e.commandLine),
  },
  {
    id: 'custom-coloum',
    seenIn: (e) => /custom-coloum/.test(e.commandLine),
  },
  {
    id: 'ip-adderss',
    // The typo expands to nothing; curl then has no host: "URL using bad/illegal format or missing URL".
    seenIn: (e) => /\$\{?IP_ADDERSS\b/.test(e.commandLine) || (/\bcurl\b/.test(e.commandLine) && /URL using bad\/illegal format/.test(e.output)),
  },
  {
    id: 'status-loadbalancer',
    seenIn: (e) => /\.status\.loadbalancer\b/.test(e.commandLine),
  },
  {
    id: 'status-domain',
    seenIn: (e) => /\.status\.domain\b/.test(e.commandLine),
  },
  {
    id: 'githubusercontents',
    seenIn: (e) => /raw\.githubusercontents\.com/i.test(e.commandLine),
  },
  {
    id: 'dead-stack-yaml',
    seenIn: (e) => /openfaas\/faas\/master\/stack\.ya?ml/.test(e.commandLine),
  },
];

/** The mistake this command shows, if it is one of the article's. */
export function recogniseMistake(event: CommandEvent): Mistake | undefined {
  return ARTICLE_MISTAKES.find((m) => m.seenIn(event));
}

/** The latest of the article's mistakes among these commands (newest first wins). */
export function latestMistake(commands: readonly CommandEvent[]): Mistake | undefined {
  for (let i = commands.length - 1; i >= 0; i--) {
    const event = commands[i];
    const mistake = event ? recogniseMistake(event) : undefined;
    if (mistake) return mistake;
  }
  return undefined;
}

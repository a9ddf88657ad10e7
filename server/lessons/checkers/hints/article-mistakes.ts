// The article's own mistakes, recognised in what the learner typed and what the shell printed, each answered
// with what really happened and what to type instead. Facts: shared/reference/knative-openfaas-facts.md.
import type { CommandEvent } from '../../../common/protocol.js';

export interface Mistake {
  id: string;
  /** True when this command shows the mistake. */
  seenIn: (event: CommandEvent) => boolean;
  hint: string;
}

export const ARTICLE_MISTAKES: readonly Mistake[] = [
  {
    id: 'namescpace',
    seenIn: (e) => /--namescpace\b/.test(e.commandLine),
    hint: 'kubectl has no flag --namescpace (a typo in the article: kubectl answers "unknown flag" and sends no request). Write --namespace, or -n.',
  },
  {
    id: 'custom-coloum',
    seenIn: (e) => /custom-coloum/.test(e.commandLine),
    hint: 'The output format is spelled custom-columns (the article writes custom-coloum, which kubectl refuses: "unable to match a printer").',
  },
  {
    id: 'ip-adderss',
    // The typo expands to nothing; curl then has no host: "URL using bad/illegal format or missing URL".
    seenIn: (e) => /\$\{?IP_ADDERSS\b/.test(e.commandLine) || (/\bcurl\b/.test(e.commandLine) && /URL using bad\/illegal format/.test(e.output)),
    hint: '$IP_ADDERSS is a typo for $IP_ADDRESS: an unset variable expands to nothing, so curl got no address ("URL using bad/illegal format"). Check it with echo "$IP_ADDRESS".',
  },
  {
    id: 'status-loadbalancer',
    seenIn: (e) => /\.status\.loadbalancer\b/.test(e.commandLine),
    hint: 'JSONPath keys are case-sensitive: the field is .status.loadBalancer (capital B). With the lower-case b kubectl prints nothing and still exits 0.',
  },
  {
    id: 'status-domain',
    seenIn: (e) => /\.status\.domain\b/.test(e.commandLine),
    hint: '.status.domain belonged to Knative\'s v1alpha1 API and is gone since Knative v1: read .status.url instead (kubectl get ksvc NAME -o jsonpath=\'{.status.url}\').',
  },
  {
    id: 'githubusercontents',
    seenIn: (e) => /raw\.githubusercontents\.com/i.test(e.commandLine),
    hint: 'raw.githubusercontents.com is not GitHub (the article adds an "s"): the host is raw.githubusercontent.com. Never fetch files from look-alike hosts.',
  },
  {
    id: 'dead-stack-yaml',
    seenIn: (e) => /openfaas\/faas\/master\/stack\.ya?ml/.test(e.commandLine),
    hint: 'openfaas/faas has no stack file on master any more (the article\'s stack.yaml never existed and stack.yml was removed in 2022): use the stack.yml this lesson put in your workspace.',
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

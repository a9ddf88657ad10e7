// What the checkers tell the learner, in English: the reference catalogue. Every other locale implements
// `Messages` (the type of this object), so a message missing in a translation is a compile error. Values the
// messages interpolate (commands, patterns, field paths, reasons, the cluster's own words) stay as they are.

/** Quoted as JSON: a command line or a text the learner typed or saw. */
const q = (text: string): string => JSON.stringify(text);

export const en = {
  /** A list of things (objects, problems) in one sentence. */
  list: (parts: readonly string[]): string => parts.join('; '),
  /** A lesson's own hint, then what the checker saw. */
  withHint: (hint: string, detail: string | undefined): string => `${hint}${detail ? ` (${detail})` : ''}`,
  couldNotRun: (error: string): string => `the check could not run: ${error}`,

  command: {
    exitCode: (commandLine: string, wanted: number, saw: number, printed: string): string => `expected ${q(commandLine)} to exit with ${wanted}, saw exit code ${saw}${printed}`,
    /** The end of a command's output, after a message. */
    printed: (lines: readonly string[]): string => ` (it printed: ${lines.join(' / ')})`,
    lastCommand: (commandLine: string): string => `the last command was ${q(commandLine)}`,
    noCommandYet: 'no command yet in this step',
    expected: (pattern: string, seen: string): string => `expected a command matching ${pattern}, saw ${seen}`,
  },

  output: {
    noCommandYet: (pattern: string): string => `expected output matching ${pattern}, saw no command yet`,
    noMatchingCommand: (command: string): string => `expected a command matching ${command}, saw none yet`,
    printedNothing: 'it printed nothing',
    printedText: (text: string): string => `it printed ${q(text)}`,
    expected: (pattern: string, commandLine: string, seen: string): string => `expected output matching ${pattern} from ${q(commandLine)}, ${seen}`,
  },

  resource: {
    noCluster: 'this playground has no cluster to check',
    object: (kind: string, name: string, namespace: string | undefined): string => `${kind} ${name}${namespace ? ` in namespace ${namespace}` : ''}`,
    objects: (plural: string, labelSelector: string | undefined, namespace: string | undefined): string =>
      `${plural}${labelSelector ? ` with labels ${labelSelector}` : ''}${namespace ? ` in namespace ${namespace}` : ''}`,
    names: (shown: readonly string[], more: number): string => shown.join(', ') + (more > 0 ? `, and ${more} more` : ''),
    gone: (object: string): string => `expected ${object} to be gone, saw it still there`,
    exists: (object: string): string => `expected ${object} to exist, saw none`,
    problem: (object: string, problem: string, why: string | undefined): string => `${object}: ${problem}${why ? `. ${why}` : ''}`,
    none: (objects: string, names: string): string => `expected no ${objects}, saw ${names}`,
    atLeast: (min: number): string => `at least ${min}`,
    exactly: (count: number): string => `exactly ${count}`,
    between: (min: number, max: number): string => `between ${min} and ${max}`,
    count: (wanted: string, objects: string, seen: number, names: string | undefined): string => `expected ${wanted} ${objects}, saw ${seen}${names ? ` (${names})` : ''}`,
    noneAsExpected: (objects: string, problems: string): string => `no ${objects} is as expected: ${problems}`,
    noCondition: (type: string, wanted: string): string => `expected condition ${type}=${wanted}, saw no ${type} condition yet`,
    conditionStatus: (type: string, wanted: string, status: string, said: string | undefined): string =>
      `expected condition ${type}=${wanted}, saw ${type}=${status}${said ? ` (${said})` : ''}`,
    conditionReason: (type: string, reason: string, seen: string | undefined): string => `expected condition ${type} with reason ${reason}, saw reason ${seen ?? 'none'}`,
  },

  /** A field of an object or of a workspace file, compared with what the lesson expects. */
  field: {
    inFile: (field: string, path: string): string => `${field} in ${path}`,
    equals: (field: string, value: string, seen: string): string => `expected ${field} to be ${value}, saw ${seen}`,
    matches: (field: string, pattern: string, seen: string): string => `expected ${field} to match ${pattern}, saw ${seen}`,
    set: (field: string, seen: string): string => `expected ${field} to be set, saw ${seen}`,
    notSet: 'nothing (the field is not set)',
    emptyString: 'an empty string',
  },

  http: {
    refusedHost: (host: string): string => `${host} is not GitHub (the host is raw.githubusercontent.com): kubeclass will not fetch from it`,
    noAnswer: (url: string, error: string): string => `expected ${url} to answer, saw ${error}`,
    timeout: (ms: number): string => `no answer within ${ms} ms`,
    refused: (host: string): string => `connection refused (${host})`,
    status: (method: string, url: string, wanted: number, status: number, body: string | undefined): string =>
      `expected ${method} ${url} to answer ${wanted}, saw ${status}${body ? ` (${body})` : ''}`,
    openFaasCredentials:
      '. The OpenFaaS gateway wants its admin credentials for /system/ paths: log in with faas-cli login (the password is in the basic-auth Secret of the openfaas namespace).',
    body: (url: string, pattern: string, body: string | undefined): string => `expected the body of ${url} to match ${pattern}, saw ${body ? `(${body})` : 'an empty body'}`,
    noKnativeGateway: 'this cluster has no Knative gateway to send the request to',
    noOpenFaasGateway: 'this cluster has no OpenFaaS gateway to send the request to',
    noClusterForDomain: 'this playground has no cluster to read the Knative domain from',
    noKnative: (configMap: string, namespace: string): string => `this cluster has no Knative: no ConfigMap ${configMap} in namespace ${namespace}`,
    notUrl: (template: string): string => `the lesson's URL ${q(template)} is not a URL`,
  },

  file: {
    outside: (path: string): string => `${path} is outside the workspace`,
    missing: (path: string): string => `expected a file ${path} in your workspace, saw none`,
    unreadable: (path: string, code: string): string => `cannot read ${path}: ${code}`,
    notContaining: (path: string, pattern: string): string => `expected ${path} to contain ${pattern}, it does not`,
    notReading: (path: string, value: string, seen: string): string => `expected ${path} to read ${value}, saw ${seen}`,
    notYaml: (path: string, line: string, error: string): string => `${path} is not valid YAML: line ${line}: ${error}`,
  },

  script: {
    timeout: (seconds: number, failures: string | undefined): string => `the verify script did not finish within ${seconds} s${failures ? `: ${failures}` : ''}`,
    exit: (code: string, last: string | undefined): string => `the verify script exited with ${code}${last ? ` (${last})` : ''}`,
  },

  quiz: {
    notAnswered: 'not answered yet',
    choice: (index: number): string => `choice ${index}`,
    chosen: (choices: readonly string[]): string => choices.join(', '),
    wrong: (chosen: string, rightCount: number, explanation: string | undefined): string =>
      `not quite: you chose ${chosen}${rightCount > 1 ? ` (${rightCount} choices are right)` : ''}${explanation ? `. ${explanation}` : ''}`,
    noSuchQuiz: (checkId: string): string => `no quiz ${checkId} in this step`,
  },

  within: {
    window: (seconds: number, after: string | undefined): string => `within ${seconds} s of ${after === undefined ? "the step's start" : `check ${after} passing`}`,
    waiting: (after: string): string => `waiting for check ${after} to pass first`,
    late: (window: string, detail: string | undefined): string => `did not happen ${window}${detail ? `: ${detail}` : ''}`,
    notYet: (window: string, detail: string | undefined): string => `not yet (it has to happen ${window})${detail ? `: ${detail}` : ''}`,
  },

  /** The article's own mistakes (hints/article-mistakes.ts), by mistake id. */
  mistakes: {
    namescpace: 'kubectl has no flag --namescpace (a typo in the article: kubectl answers "unknown flag" and sends no request). Write --namespace, or -n.',
    'custom-coloum': 'The output format is spelled custom-columns (the article writes custom-coloum, which kubectl refuses: "unable to match a printer").',
    'ip-adderss':
      '$IP_ADDERSS is a typo for $IP_ADDRESS: an unset variable expands to nothing, so curl got no address ("URL using bad/illegal format"). Check it with echo "$IP_ADDRESS".',
    'status-loadbalancer': 'JSONPath keys are case-sensitive: the field is .status.loadBalancer (capital B). With the lower-case b kubectl prints nothing and still exits 0.',
    'status-domain': ".status.domain belonged to Knative's v1alpha1 API and is gone since Knative v1: read .status.url instead (kubectl get ksvc NAME -o jsonpath='{.status.url}').",
    githubusercontents: 'raw.githubusercontents.com is not GitHub (the article adds an "s"): the host is raw.githubusercontent.com. Never fetch files from look-alike hosts.',
    'dead-stack-yaml':
      "openfaas/faas has no stack file on master any more (the article's stack.yaml never existed and stack.yml was removed in 2022): use the stack.yml this lesson put in your workspace.",
  },

  /** Why an object is not working yet, read from the cluster (hints/cluster-diagnosis.ts). */
  diagnosis: {
    notReady: (object: string, status: string, said: string | undefined): string => `${object} is not Ready (Ready=${status}${said ? `, ${said}` : ''})`,
    ingressNotConfigured:
      '. IngressNotConfigured: no ingress controller has taken the route; Knative needs the ingress class set to Kourier in the config-network ConfigMap of knative-serving',
    pod: (pod: string, reason: string, container: string, why: string): string => `pod ${pod} is in ${reason} (container ${container}): ${why}`.trim(),
    cannotPull: (image: string): string => `cannot pull the image ${image}: check its name and tag`,
  },
};

export type Messages = typeof en;

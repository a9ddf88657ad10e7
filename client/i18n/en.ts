// The page's own words in English. This object is the catalogue's type: zh.ts (and any later language) must give
// every key, so a missing translation fails the typecheck. Lesson text, check messages and server notices are not
// here: they come from the server, already in the lesson's language.
import type { StepDisplayStatus as StepStatus } from '../lesson/lesson-model.js';
import type { ConnectionState } from '../terminal-connection.js';


export const en = {
  layout: {
    lessonPane: 'Lesson',
    steps: 'Steps',
    terminal: 'Terminal',
    divider: 'Resize the lesson and the terminal',
    dividerHint: 'Drag, or focus and use the arrow keys',
  },
  header: {
    language: 'Lesson language',
    textSize: 'Lesson text size',
    smaller: 'Smaller lesson text',
    larger: 'Larger lesson text',
    stepsDone: 'Steps done',
    progress: (done: number, total: number) => `${done}/${total} steps`,
    allDone: (total: number) => `All ${total} steps done`,
  },
  pill: {
    state: {
      connecting: 'connecting',
      connected: 'connected',
      reconnecting: 'reconnecting',
      disconnected: 'disconnected',
    } satisfies Record<ConnectionState, string>,
    reconnectingIn: (seconds: number) => `reconnecting in ${seconds}s`,
  },
  terminal: {
    idle: 'No command finished yet',
    exitCode: (code: number | null) => `exit code ${code}`,
    signal: (signal: number) => `signal ${signal}`,
    code: (code: number | null) => `code ${code}`,
    shellExited: (how: string) => `the shell exited (${how})`,
    outputDropped: (size: string) => `${size} of earlier output was not kept`,
  },
  overlay: {
    exited: (how: string | undefined) => `The shell exited${how ? ` (${how})` : ''}.`,
    newShell: 'Start a new shell',
    takenOver: 'This terminal was opened in another tab.',
    useHere: 'Use it here',
    outdated: 'kubeclass was updated: reload the page.',
    reload: 'Reload',
    rejected: (reason: string) => `The server closed the connection: ${reason}`,
    refused: 'the server refused a message from this page',
    reconnect: 'Reconnect',
  },
  lesson: {
    notConnected: 'The lesson is not connected right now: try again in a moment.',
    fileCreated: (path: string, backup: string | undefined) =>
      `Created ${path} in your workspace.${backup ? ` Your earlier file is kept as ${backup}.` : ''}`,
    noLessons: 'No lessons are installed.',
    opening: 'Opening the lesson…',
    waitingForTerminal: 'Waiting for the terminal…',
    loading: 'Loading the lesson…',
    lost: 'Lesson connection lost: reconnecting…',
    notAnswering: 'The lesson server does not answer yet: retrying…',
    stopped: (detail: string) => `Lesson stopped: ${detail}`,
    reloadPage: 'reload the page.',
    refused: 'the server refused a message',
  },
  provisioning: {
    noCluster: 'No cluster in this playground: checks that need one cannot pass.',
    failed: (kind: string | undefined) => `The cluster${kind ? ` (${kind})` : ''} could not start`,
    preparing: (kind: string | undefined, done: number, total: number) =>
      `Preparing the cluster${kind ? ` (${kind})` : ''}: ${done} of ${total}`,
    phasesDone: 'Cluster phases done',
    whatToDo: 'What to do',
    output: 'Output of the failing command',
    /** Phase titles by the protocol's phase id; an unknown id shows the server's title. */
    phase: { api: 'Kubernetes API', 'kube-system': 'Cluster DNS', 'knative-serving': 'Knative Serving', kourier: 'Kourier ingress', openfaas: 'OpenFaaS' } as Record<string, string>,
  },
  stepList: {
    status: { pending: 'not done', current: 'current', passed: 'passed', skipped: 'skipped' } satisfies Record<StepStatus, string>,
    currentAnd: (status: string) => `current, ${status}`,
    chip: (n: number, title: string, status: string) => `Step ${n}: ${title} (${status})`,
  },
  step: {
    position: (n: number, total: number) => `Step ${n} of ${total}`,
    passed: 'Passed',
    skipped: 'Skipped',
    skip: 'Skip: run the solution',
    confirmSkip: (title: string) =>
      `Skip "${title}"? kubeclass types the solution into your terminal and marks the step skipped.`,
    reset: 'Reset step',
    resetLesson: 'Reset the whole lesson',
    confirmResetLesson: 'Reset the whole lesson? Every step goes back to not done.',
    bannerPassed: 'Step passed',
    bannerSkipped: 'Step skipped',
    next: 'Next step →',
    goTo: (n: number) => `Go to step ${n} →`,
    typingSolution: 'Typing the solution into the terminal…',
    solutionWaiting: 'The solution ran: waiting for the checks…',
    solutionSkipped: 'The solution ran: the step is skipped.',
    solutionFailed: (message: string | undefined) => `The solution did not finish${message ? `: ${message}` : '.'}`,
    lessonComplete: 'Lesson complete',
    allStepsDone: (total: number, title: string) => `All ${total} steps of “${title}” are done.`,
  },
  code: {
    run: '▶ Run',
    runHint: 'Type this into the terminal',
    runInterruptHint: 'Stop what runs in the terminal (Ctrl-C), then type this there',
    copy: 'Copy',
    copied: 'Copied ✓',
    copyFailed: 'Copy failed',
    create: (path: string) => `Create ${path}`,
    createHint: (path: string) => `Write this block to ${path} in your workspace`,
    created: (path: string) => `Created ${path} ✓`,
    notConnected: 'Not connected',
  },
  checks: {
    label: 'Checks of this step',
    heading: 'To pass this step',
    summary: (passed: number, total: number) => `${passed} of ${total} done`,
    /** For a check whose lesson gives no words (no hint): what a check of each kind waits for. */
    kinds: {
      command: 'Run the command',
      output: 'Get the expected output',
      resource: 'The cluster reaches the expected state',
      http: 'The service answers',
      file: 'The file has the expected content',
      script: 'The check script passes',
      within: 'It happens in time',
    },
    other: 'Check',
  },
  quiz: {
    chooseAll: 'Choose all that apply.',
    submit: 'Check answer',
    checking: 'Checking…',
    right: 'Right.',
    wrong: 'Not quite: try again.',
  },
};

export type Catalogue = typeof en;

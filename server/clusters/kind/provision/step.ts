// One provisioning step: what it does, what it needs first, how to tell it is already in place (so a second
// `cluster up` skips it), and what to tell the user when it fails.
import type { ProvisionTools } from './provision-tools.js';

export interface ProvisionStep {
  /** Stable name (`serving-crds`), for the page, the terminal and tests. */
  id: string;
  /** What the page and the terminal show ("Knative Serving CRDs"). */
  title: string;
  /** Steps that must be done (or already in place) before this one starts. */
  after: readonly string[];
  /** True when what this step makes is there and healthy now: the step is skipped. Absent: always run. */
  inPlace?(tools: ProvisionTools): Promise<boolean>;
  run(tools: ProvisionTools): Promise<void>;
  /** What to do when it fails (shown under the command's output). */
  fix: string;
}

/** A step's failure: the command's output and the advice travel with it to the page and the terminal. */
export class StepFailure extends Error {
  constructor(
    message: string,
    /** The failing command's output (stdout and stderr, as printed). */
    readonly output = '',
    /** Overrides the step's general advice when the cause is known. */
    readonly fix?: string,
  ) {
    super(message);
  }
}

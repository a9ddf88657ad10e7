// The contract between lessons and checkers: what a lesson step declares, as the lesson loader produces it and
// the checker engine evaluates it. Lessons write these in YAML (docs/lessons.md); zod validates them at load.

/** A pattern: a plain string matches as a substring, `/.../flags` as a regular expression. */
export type Pattern = string;

export type CheckSpec =
  /** The learner ran a command matching `pattern`, with `exitCode` (default 0). */
  | { kind: 'command'; pattern: Pattern; exitCode?: number; hint?: string }
  /** A finished command (optionally matching `command`) printed output matching `pattern`. */
  | { kind: 'output'; command?: Pattern; pattern: Pattern; hint?: string }
  /**
   * A Kubernetes object exists (or, with `absent`, does not), read through @kubernetes/client-node; `field` is a
   * JSONPath-like dotted path (`status.url`, `spec.template.spec.containers[0].image`) compared with `equals`
   * or `matches`; `condition` checks `status.conditions[type=X].status` (default "True").
   */
  | {
      kind: 'resource';
      apiVersion: string;
      resource: string;
      namespace?: string;
      name?: string;
      labelSelector?: string;
      absent?: boolean;
      field?: string;
      equals?: string | number | boolean;
      matches?: Pattern;
      condition?: { type: string; status?: 'True' | 'False' | 'Unknown'; reason?: string };
      count?: { min?: number; max?: number };
      hint?: string;
    }
  /**
   * An HTTP request answers with `status` and a body matching `body`. The URL and the header values may name
   * the cluster's places (HTTP_PLACEHOLDERS): `http://{ingress}/` with `Host: hello.default.{knativeDomain}`.
   */
  | { kind: 'http'; url: string; method?: string; headers?: Record<string, string>; status?: number; body?: Pattern; hint?: string }
  /** A workspace file exists and (YAML-aware) has `field` equal to / matching a value, or its text matches. */
  | { kind: 'file'; path: string; field?: string; equals?: string | number | boolean; matches?: Pattern; hint?: string }
  /** A verify script: exit 0 passes; `FAIL: message` lines reach the learner. */
  | { kind: 'script'; run: string; timeoutSeconds?: number; hint?: string }
  /** A question with choices; `answer` is the index (or indexes) of the right ones. */
  | { kind: 'quiz'; question: string; choices: string[]; answer: number | number[]; explanation?: string }
  /** `check` becomes true within `seconds` of the step's start (or of `after`, another check's id passing). */
  | { kind: 'within'; seconds: number; check: CheckSpec; after?: string; hint?: string };

export type CheckKind = CheckSpec['kind'];

/**
 * What an `http` check replaces in its URL and header values: `{ingress}` the Knative gateway's (Kourier's)
 * host:port, `{openfaas}` the OpenFaaS gateway's host:port, `{knativeDomain}` the domain Knative gives routes
 * (config-domain's default, `127.0.0.1.sslip.io` on kind's quickstart): a route answers to
 * `<name>.<namespace>.{knativeDomain}`.
 */
export const HTTP_PLACEHOLDERS = ['ingress', 'openfaas', 'knativeDomain'] as const;
export type HttpPlaceholder = (typeof HTTP_PLACEHOLDERS)[number];
/** A `{name}` in an http check's URL or header value (global: use with matchAll or replace). */
export const HTTP_PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

export function isHttpPlaceholder(name: string): name is HttpPlaceholder {
  return (HTTP_PLACEHOLDERS as readonly string[]).includes(name);
}

/** What an evaluation found: passed, or failed with what was expected and what was seen. */
export interface Verdict {
  passed: boolean;
  /** For the learner: what was expected and what was seen, or the hint for a known mistake. */
  message?: string;
  /** When the verdict was reached (ms since epoch). */
  at: number;
  /** Not passed, but nothing to judge yet: a quiz not answered, a `within` whose window has not opened. */
  waiting?: boolean;
}

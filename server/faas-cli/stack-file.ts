// A stack file (stack.yml) as faas-cli reads it: from a path or a URL, `version: 1.0`, provider `openfaas`,
// functions with their image, fprocess, environment, labels, annotations, limits and namespace; refused with
// faas-cli's own messages.
import { readFileSync } from 'node:fs';
import { isScalar, parseDocument } from 'yaml';
import { CliError } from './gateway-client.js';

export interface StackFunction {
  name: string;
  image: string;
  fprocess?: string;
  environment?: Record<string, string>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  secrets?: string[];
  limits?: { memory?: string; cpu?: string };
  requests?: { memory?: string; cpu?: string };
  namespace?: string;
  readOnlyRootFilesystem?: boolean;
}

export interface Stack {
  gateway?: string;
  functions: StackFunction[];
}

export async function loadStack(source: string): Promise<Stack> {
  let text: string;
  if (/^https?:\/\//.test(source)) {
    let res: Response;
    try {
      res = await fetch(source);
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      const host = new URL(source).hostname;
      throw new CliError(cause?.code === 'ENOTFOUND' ? `Get "${source}": dial tcp: lookup ${host}: no such host` : `Get "${source}": ${(error as Error).message}`);
    }
    // faas-cli parses whatever came back: a 404 page becomes a stack without provider.
    text = await res.text();
  } else {
    try {
      text = readFileSync(source, 'utf8');
    } catch {
      throw new CliError(`open ${source}: no such file or directory`);
    }
  }
  return parseStack(text);
}

export function parseStack(text: string): Stack {
  let doc: unknown;
  let versionText = '';
  try {
    const parsed = parseDocument(text);
    if (parsed.errors.length > 0) throw parsed.errors[0];
    doc = parsed.toJS();
    // Go reads `version: 1.0` into a string as written; a JSON number would be 1.
    const node = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? parsed.get('version', true) : undefined;
    if (node !== undefined) versionText = isScalar(node) ? (node.source ?? String(node.value)) : String(node);
  } catch (error) {
    throw new CliError(`yaml: ${(error as Error).message.split('\n')[0]}`);
  }
  const root = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  const provider = typeof root.provider === 'object' && root.provider !== null ? (root.provider as Record<string, unknown>) : {};
  const providerName = typeof provider.name === 'string' ? provider.name : '';
  if (providerName !== 'openfaas') {
    throw new CliError(`['openfaas'] is the only valid "provider.name" for the OpenFaaS CLI, but you gave: ${providerName}`);
  }
  const version = versionText;
  if (version !== '' && version !== '1.0') throw new CliError(`['1.0'] are the only valid versions for the stack file - found: ${version}`);
  const functions = typeof root.functions === 'object' && root.functions !== null ? (root.functions as Record<string, unknown>) : {};
  const out: StackFunction[] = [];
  for (const [name, value] of Object.entries(functions)) {
    const f = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    const strings = (v: unknown): Record<string, string> | undefined =>
      typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : undefined;
    const fn: StackFunction = { name, image: typeof f.image === 'string' ? f.image : '' };
    if (typeof f.fprocess === 'string') fn.fprocess = f.fprocess;
    const env = strings(f.environment);
    if (env) fn.environment = env;
    const labels = strings(f.labels);
    if (labels) fn.labels = labels;
    const annotations = strings(f.annotations);
    if (annotations) fn.annotations = annotations;
    if (Array.isArray(f.secrets)) fn.secrets = f.secrets.map(String);
    const limits = strings(f.limits);
    if (limits) fn.limits = limits;
    const requests = strings(f.requests);
    if (requests) fn.requests = requests;
    if (typeof f.namespace === 'string') fn.namespace = f.namespace;
    if (f.readonly_root_filesystem === true) fn.readOnlyRootFilesystem = true;
    out.push(fn);
  }
  return { ...(typeof provider.gateway === 'string' ? { gateway: provider.gateway } : {}), functions: out };
}

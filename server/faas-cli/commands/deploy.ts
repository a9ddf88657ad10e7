// `faas-cli deploy`: from a stack file (`-f`, a path or a URL) or from flags (`--image --name --fprocess`),
// updating a function that exists (PUT) or creating it (POST), with faas-cli's lines for each.
import { callGateway, CliError } from '../gateway-client.js';
import { GATEWAY_FLAG, gatewayOf, pairs, parse, TLS_FLAG } from '../options.js';
import { loadStack, type StackFunction } from '../stack-file.js';

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted' };

export async function deploy(args: string[], out: (text: string) => void): Promise<number> {
  const { values } = parse(args, {
    ...GATEWAY_FLAG,
    ...TLS_FLAG,
    yaml: { type: 'string', short: 'f' },
    filter: { type: 'string' },
    regex: { type: 'string' },
    image: { type: 'string' },
    name: { type: 'string' },
    fprocess: { type: 'string' },
    namespace: { type: 'string', short: 'n' },
    env: { type: 'string', short: 'e', multiple: true },
    label: { type: 'string', short: 'l', multiple: true },
    annotation: { type: 'string', multiple: true },
    update: { type: 'boolean', default: true },
    replace: { type: 'boolean' },
  });
  let functions: StackFunction[];
  let stackGateway: string | undefined;
  if (typeof values.yaml === 'string') {
    const stack = await loadStack(values.yaml);
    stackGateway = stack.gateway;
    functions = stack.functions;
    if (typeof values.filter === 'string') functions = functions.filter((f) => f.name === values.filter);
    if (typeof values.regex === 'string') functions = functions.filter((f) => new RegExp(String(values.regex)).test(f.name));
    if (functions.length === 0) throw new CliError('no functions found in the stack file');
  } else {
    if (typeof values.image !== 'string' || typeof values.name !== 'string') throw new CliError('To deploy a function give --yaml/-f or a --image and --name flag');
    functions = [{ name: values.name, image: values.image, ...(typeof values.fprocess === 'string' ? { fprocess: values.fprocess } : {}) }];
  }
  const gateway = gatewayOf(values.gateway, stackGateway);
  const extraEnv = pairs(values.env, '--env');
  const extraLabels = pairs(values.label, '--label');
  const extraAnnotations = pairs(values.annotation, '--annotation');
  const failed: string[] = [];
  for (const fn of functions) {
    out(`Deploying: ${fn.name}.\n`);
    const namespace = typeof values.namespace === 'string' ? values.namespace : fn.namespace;
    const body = JSON.stringify({
      service: fn.name,
      image: fn.image,
      ...(namespace ? { namespace } : {}),
      envProcess: fn.fprocess ?? '',
      envVars: { ...fn.environment, ...extraEnv },
      labels: { ...fn.labels, ...extraLabels },
      annotations: { ...fn.annotations, ...extraAnnotations },
      secrets: fn.secrets ?? [],
      ...(fn.limits ? { limits: fn.limits } : {}),
      ...(fn.requests ? { requests: fn.requests } : {}),
      readOnlyRootFilesystem: fn.readOnlyRootFilesystem === true,
    });
    // An update first; a function that does not exist yet is created.
    let res = values.update !== false ? await callGateway(gateway, 'PUT', '/system/functions', body) : { status: 404, body: '' };
    if (res.status === 404) res = await callGateway(gateway, 'POST', '/system/functions', body);
    if (res.status === 200 || res.status === 201 || res.status === 202) {
      out(`\nDeployed. ${res.status} ${STATUS_TEXT[res.status]}.\nURL: ${gateway}/function/${fn.name}${namespace && namespace !== 'openfaas-fn' ? `.${namespace}` : ''}\n\n`);
    } else {
      out(`\nUnexpected status: ${res.status}, message: ${res.body}\n\n`);
      failed.push(`Function '${fn.name}' failed to deploy with status code: ${res.status}`);
    }
  }
  if (failed.length) throw new CliError(failed.join('\n'));
  return 0;
}

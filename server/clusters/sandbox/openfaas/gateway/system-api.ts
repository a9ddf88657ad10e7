// The provider half of the gateway's /system API, as faas-netes CE answers it: functions listed, read,
// deployed, updated, scaled and removed as Deployments and Services in openfaas-fn, with CE's limits and
// faas-netes' status codes and messages (http.Error's text/plain with a trailing newline, or bare writes).
import type { ServerResponse } from 'node:http';
import type { ControllerContext } from '../../controllers/controller-context.js';
import { applyDefaults } from '../../defaults.js';
import { isRecord } from '../../kube-object.js';
import { CE_MAX_FUNCTIONS, CE_MAX_REPLICAS, FUNCTION_NAMESPACE } from '../install/constants.js';
import { secretsConfig, type SecretsConfig } from './function-secrets.js';
import { buildAnnotations, functionDeployment, functionService, functionStatus, parseFunctionDeployment, updatedDeployment, validateDeployRequest } from './function-spec.js';

/** Go's http.Error: text/plain, nosniff, the message and a newline. */
export function goError(res: ServerResponse, status: number, message: string): void {
  const body = `${message}\n`;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** w.WriteHeader + w.Write: Go sniffs a Content-Type for a non-empty body. */
export function goWrite(res: ServerResponse, status: number, body = '', contentType?: string): void {
  const headers: Record<string, string> = { 'Content-Length': String(Buffer.byteLength(body)) };
  if (contentType ?? body) headers['Content-Type'] = contentType ?? 'text/plain; charset=utf-8';
  res.writeHead(status, headers);
  res.end(body);
}

export class SystemApi {
  constructor(
    private readonly ctx: ControllerContext,
    private readonly invocations: ReadonlyMap<string, number>,
  ) {}

  private functions(): ReturnType<ControllerContext['store']['list']> {
    return this.ctx.store.list(this.ctx.types.deployments, FUNCTION_NAMESPACE).filter((d) => d.metadata.labels?.faas_function !== undefined);
  }

  list(res: ServerResponse, namespace: string): void {
    if (namespace === 'kube-system') return goError(res, 401, 'unable to list within the kube-system namespace');
    // CE's informers watch openfaas-fn only: any other namespace lists nothing.
    const items = namespace === FUNCTION_NAMESPACE ? this.functions().map((d) => functionStatus(d, this.invocations.get(d.metadata.name as string) ?? 0)) : [];
    goWrite(res, 200, JSON.stringify(items), 'application/json');
  }

  get(res: ServerResponse, name: string, namespace: string): void {
    const d = namespace === FUNCTION_NAMESPACE ? this.ctx.store.get(this.ctx.types.deployments, namespace, name) : undefined;
    if (!d) return goWrite(res, 404);
    goWrite(res, 200, JSON.stringify(functionStatus(d, this.invocations.get(name) ?? 0)), 'application/json');
  }

  deploy(res: ServerResponse, body: string): void {
    const request = parseFunctionDeployment(body);
    if ('error' in request) return goError(res, 400, `failed to unmarshal request: ${request.error}`);
    const invalid = validateDeployRequest(request);
    if (invalid) return goError(res, 400, `validation failed: ${invalid}`);
    if ((request.namespace || FUNCTION_NAMESPACE) !== FUNCTION_NAMESPACE) return goError(res, 400, `namespace must be: ${FUNCTION_NAMESPACE}`);
    const missing = this.missingSecret(request.secrets ?? []);
    if (missing) return goError(res, 400, `unable to fetch secrets: secrets "${missing}" not found`);
    const annotations = buildAnnotations(request);
    if ('error' in annotations) return goError(res, 400, `failed create Deployment spec: ${annotations.error}`);
    if (this.functions().length + 1 > CE_MAX_FUNCTIONS) {
      return goError(res, 400, `unable to create function, maximum: ${CE_MAX_FUNCTIONS}, visit https://openfaas.com/pricing to upgrade to OpenFaaS Standard`);
    }
    if (this.ctx.store.get(this.ctx.types.deployments, FUNCTION_NAMESPACE, request.service)) {
      return goError(res, 500, `unable create Deployment: deployments.apps "${request.service}" already exists`);
    }
    this.ctx.createObject(this.ctx.types.deployments, functionDeployment(request, annotations, this.secretsOf(request.service, request.secrets ?? [])));
    if (this.ctx.store.get(this.ctx.types.services, FUNCTION_NAMESPACE, request.service)) {
      return goError(res, 400, `failed create Service: services "${request.service}" already exists`);
    }
    this.ctx.createObject(this.ctx.types.services, functionService(request, annotations));
    goWrite(res, 202);
  }

  update(res: ServerResponse, body: string): void {
    const request = parseFunctionDeployment(body);
    if ('error' in request) return goError(res, 400, `unable to unmarshal request: ${request.error}`);
    const invalid = validateDeployRequest(request);
    if (invalid) return goError(res, 400, `validation failed: ${invalid}`);
    if ((request.namespace || FUNCTION_NAMESPACE) !== FUNCTION_NAMESPACE) return goError(res, 400, `namespace must be: ${FUNCTION_NAMESPACE}`);
    const missing = this.missingSecret(request.secrets ?? []);
    if (missing) return goError(res, 400, `unable to fetch secrets: secrets "${missing}" not found`);
    const annotations = buildAnnotations(request);
    if ('error' in annotations) return goError(res, 400, annotations.error);
    const current = this.ctx.store.get(this.ctx.types.deployments, FUNCTION_NAMESPACE, request.service);
    if (!current) return goError(res, 404, `unable update Deployment: ${request.service}.${FUNCTION_NAMESPACE}, error: deployments.apps "${request.service}" not found`);
    const next = updatedDeployment(current, request, annotations, this.secretsOf(request.service, request.secrets ?? []));
    applyDefaults(next);
    this.ctx.store.update(this.ctx.types.deployments, next);
    if (!this.ctx.store.get(this.ctx.types.services, FUNCTION_NAMESPACE, request.service)) {
      return goError(res, 404, `unable update Service: ${request.service}.${request.namespace ?? ''}, error: services "${request.service}" not found`);
    }
    this.ctx.store.modify(this.ctx.types.services, FUNCTION_NAMESPACE, request.service, (svc) => {
      svc.metadata.annotations = annotations;
    });
    goWrite(res, 202);
  }

  remove(res: ServerResponse, body: string, namespace: string): void {
    if (namespace === 'kube-system') return goError(res, 401, 'unable to list within the kube-system namespace');
    let name: unknown;
    try {
      const parsed: unknown = JSON.parse(body);
      name = isRecord(parsed) ? parsed.functionName : undefined;
    } catch {
      return goWrite(res, 400);
    }
    if (typeof name !== 'string' || name === '') return goWrite(res, 400);
    const d = this.ctx.store.get(this.ctx.types.deployments, namespace, name);
    if (!d) return goWrite(res, 404, `deployments.apps "${name}" not found`);
    if (d.metadata.labels?.faas_function === undefined) return goWrite(res, 400, `Not a function: ${name}`);
    this.ctx.deleteObject(this.ctx.types.deployments, namespace, name);
    if (!this.ctx.store.get(this.ctx.types.services, namespace, name)) return goWrite(res, 404, `services "${name}" not found`);
    this.ctx.deleteObject(this.ctx.types.services, namespace, name);
    goWrite(res, 202);
  }

  /** CE refuses 0 replicas and caps the count at 5 without saying so, as faas-netes' replica updater does. */
  scale(res: ServerResponse, name: string, namespace: string, body: string): void {
    if (namespace !== FUNCTION_NAMESPACE) return goError(res, 400, `namespace must be: ${FUNCTION_NAMESPACE}`);
    let replicas = 0;
    if (body !== '') {
      try {
        const parsed: unknown = JSON.parse(body);
        const value = isRecord(parsed) ? parsed.replicas : undefined;
        if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) throw new Error('not a uint64');
        replicas = typeof value === 'number' ? value : 0;
      } catch {
        return goWrite(res, 400, 'Cannot parse request. Please pass valid JSON.');
      }
    }
    if (replicas === 0) return goError(res, 400, 'replicas cannot be set to 0 in OpenFaaS CE');
    const current = this.ctx.store.get(this.ctx.types.deployments, namespace, name);
    if (!current) return goWrite(res, 500, `Unable to lookup function deployment ${name}`);
    this.ctx.store.update(this.ctx.types.deployments, { ...current, spec: { ...(isRecord(current.spec) ? current.spec : {}), replicas: Math.min(replicas, CE_MAX_REPLICAS) } });
    goWrite(res, 202);
  }

  private secretsOf(service: string, names: string[]): SecretsConfig {
    const type = this.ctx.registry.find('', 'v1', 'secrets');
    const found = new Map(names.flatMap((n) => {
      const s = type ? this.ctx.store.get(type, FUNCTION_NAMESPACE, n) : undefined;
      return s ? [[n, s] as const] : [];
    }));
    return secretsConfig(service, names, found);
  }

  private missingSecret(names: string[]): string | undefined {
    const secrets = this.ctx.registry.find('', 'v1', 'secrets');
    return names.find((n) => !secrets || !this.ctx.store.get(secrets, FUNCTION_NAMESPACE, n));
  }
}

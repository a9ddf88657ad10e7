// /system/secrets as faas-netes CE answers it (pkg/handlers/secrets.go, pkg/k8s/secrets.go): function secrets
// are Opaque Secrets in openfaas-fn labelled `app.kubernetes.io/managed-by: openfaas`, holding one key named
// after the secret. Only the names are ever listed. Failures are bare status codes with no body, as upstream
// writes them (a 400 for a namespace other than openfaas-fn or a body that is not JSON, 404, 409).
import type { ServerResponse } from 'node:http';
import type { ControllerContext } from '../../controllers/controller-context.js';
import { isRecord, type KubeObject } from '../../kube-object.js';
import type { ResourceType } from '../../resource-types.js';
import { FUNCTION_NAMESPACE } from '../install/constants.js';
import { goWrite } from './system-api.js';

export const SECRET_LABEL = 'app.kubernetes.io/managed-by';
export const SECRET_LABEL_VALUE = 'openfaas';

/** faas-provider's types.Secret as read from a request body; undefined when Go's decoder would fail. */
interface SecretRequest {
  name: string;
  namespace: string;
  data: Buffer;
}

/** The body's secret, resolved as faas-netes' NamespaceResolver does (the body's `namespace`, else openfaas-fn). */
function parseSecret(body: string): SecretRequest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const text = (k: string): string | undefined => (value[k] === undefined || value[k] === null ? '' : typeof value[k] === 'string' ? (value[k] as string) : undefined);
  const name = text('name');
  const plain = text('value');
  const raw = text('rawValue');
  if (name === undefined || plain === undefined || raw === undefined) return undefined;
  // Go decodes []byte from standard base64 and refuses anything else.
  if (raw !== '' && !/^[A-Za-z0-9+/]*={0,2}$/.test(raw)) return undefined;
  const namespace = 'namespace' in value ? text('namespace') : FUNCTION_NAMESPACE;
  if (namespace === undefined) return undefined;
  const rawBytes = Buffer.from(raw, 'base64');
  return { name, namespace, data: rawBytes.length > 0 ? rawBytes : Buffer.from(plain) };
}

export class SecretsApi {
  constructor(private readonly ctx: ControllerContext) {}

  private get type(): ResourceType {
    const type = this.ctx.registry.find('', 'v1', 'secrets');
    if (!type) throw new Error('the sandbox serves no Secrets');
    return type;
  }

  handle(res: ServerResponse, method: string, query: URLSearchParams, body: string): void {
    if (method === 'GET') {
      if ((query.get('namespace') || FUNCTION_NAMESPACE) !== FUNCTION_NAMESPACE) return goWrite(res, 400);
      return this.list(res);
    }
    if (method !== 'POST' && method !== 'PUT' && method !== 'DELETE') return goWrite(res, 400);
    const secret = parseSecret(body);
    if (!secret || secret.namespace !== FUNCTION_NAMESPACE) return goWrite(res, 400);
    if (method === 'DELETE') return this.remove(res, secret.name);
    // faas-netes' validateSecret: an empty name is an error the handler maps to 500.
    if (secret.name.trim() === '') return goWrite(res, 500);
    const existing = this.ctx.store.get(this.type, FUNCTION_NAMESPACE, secret.name);
    const data = { [secret.name]: secret.data.toString('base64') };
    if (method === 'POST') {
      if (existing) return goWrite(res, 409);
      this.ctx.createObject(this.type, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: secret.name, namespace: FUNCTION_NAMESPACE, labels: { [SECRET_LABEL]: SECRET_LABEL_VALUE } },
        type: 'Opaque',
        data,
      });
      return goWrite(res, 202);
    }
    if (!existing) return goWrite(res, 404);
    // Replace keeps labels and type and swaps the data, as the Get-then-Update upstream does.
    this.ctx.store.update(this.type, { ...existing, data } as KubeObject);
    goWrite(res, 202);
  }

  private list(res: ServerResponse): void {
    const names = this.ctx.store
      .list(this.type, FUNCTION_NAMESPACE)
      .filter((s) => s.metadata.labels?.[SECRET_LABEL] === SECRET_LABEL_VALUE)
      .map((s) => ({ name: s.metadata.name, namespace: FUNCTION_NAMESPACE }));
    goWrite(res, 200, JSON.stringify(names), 'application/json');
  }

  private remove(res: ServerResponse, name: string): void {
    if (!this.ctx.store.get(this.type, FUNCTION_NAMESPACE, name)) return goWrite(res, 404);
    this.ctx.deleteObject(this.type, FUNCTION_NAMESPACE, name);
    goWrite(res, 202);
  }
}

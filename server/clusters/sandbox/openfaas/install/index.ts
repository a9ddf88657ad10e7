// A sandbox as `arkade install openfaas-ce` leaves a kind cluster: faas-netes' namespaces.yml (openfaas and
// openfaas-fn), the basic-auth Secret with a generated password, and the chart's workloads and Services.
// Everything goes through the API's create path, so the sandbox's controllers roll the Deployments out.
import { randomInt } from 'node:crypto';
import type { KubeObject } from '../../kube-object.js';
import type { SandboxApi } from '../../sandbox-api.js';
import { BASIC_AUTH_SECRET, BASIC_AUTH_USER, FUNCTION_NAMESPACE, OPENFAAS_NAMESPACE } from './constants.js';
import { openfaasConfigMaps, openfaasDeployments, openfaasServiceAccounts, openfaasServices } from './workloads.js';

export interface OpenFaasInstallOptions {
  /** the admin password; a random one (as arkade generates) when absent */
  password?: string;
}

export interface OpenFaasCredentials {
  user: string;
  password: string;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A password of 25 letters and digits (arkade generates one of that shape). */
export function generatePassword(length = 25): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export function installOpenFaas(api: SandboxApi, options: OpenFaasInstallOptions = {}): OpenFaasCredentials {
  const create = (obj: KubeObject): void => {
    const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
    const type = api.registry.all().find((t) => t.group === group && t.version === version && t.kind === obj.kind);
    if (!type) throw new Error(`installOpenFaas: the sandbox serves no ${obj.apiVersion} ${obj.kind}`);
    api.createObject(type, obj);
  };
  const password = options.password ?? generatePassword();
  create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: OPENFAAS_NAMESPACE, labels: { role: 'openfaas-system', access: 'openfaas-system' } } });
  create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: FUNCTION_NAMESPACE } });
  // arkade's `kubectl create secret generic basic-auth --from-literal ...`: no labels, type Opaque.
  create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: BASIC_AUTH_SECRET, namespace: OPENFAAS_NAMESPACE },
    type: 'Opaque',
    data: { 'basic-auth-password': Buffer.from(password).toString('base64'), 'basic-auth-user': Buffer.from(BASIC_AUTH_USER).toString('base64') },
  });
  for (const obj of openfaasServiceAccounts()) create(obj);
  for (const obj of openfaasConfigMaps()) create(obj);
  for (const obj of openfaasDeployments()) create(obj);
  for (const obj of openfaasServices()) create(obj);
  return { user: BASIC_AUTH_USER, password };
}

export * from './constants.js';

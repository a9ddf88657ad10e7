// The sandbox gateway's portal (/ui/): lists functions, deploys from the store or an image and fprocess,
// invokes with a body (status, duration, answer) and deletes, through the gateway's own REST API on the same
// origin. The browser sends the basic-auth credentials it logged in with; no framework, no inline code.
import { STORE, type StoreFunction } from '../../server/faas-cli/store.js';

interface FunctionStatus {
  name: string;
  image: string;
  invocationCount?: number;
  replicas?: number;
  availableReplicas?: number;
}

const NAMESPACE = 'openfaas-fn';
const REFRESH_MS = 2000;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`portal: #${id} is missing`);
  return found as T;
}

function say(text: string, error = false): void {
  const message = element<HTMLParagraphElement>('message');
  message.textContent = text;
  message.classList.toggle('error', error);
}

/** The gateway's error text (faas-netes writes plain text) or the status line. */
async function failure(res: Response): Promise<string> {
  const text = (await res.text()).trim();
  return text === '' ? `${res.status} ${res.statusText}` : text;
}

async function listFunctions(): Promise<FunctionStatus[]> {
  const res = await fetch(`/system/functions?namespace=${NAMESPACE}`, { cache: 'no-store' });
  if (!res.ok) throw new Error(await failure(res));
  return (await res.json()) as FunctionStatus[];
}

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function renderFunctions(functions: FunctionStatus[]): void {
  const body = element<HTMLTableElement>('functions').tBodies[0];
  if (!body) return;
  const rows = functions
    .slice()
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((fn) => {
      const row = document.createElement('tr');
      row.dataset.function = fn.name;
      const ready = (fn.availableReplicas ?? 0) > 0;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'delete';
      remove.textContent = 'Delete';
      remove.dataset.delete = fn.name;
      const actions = document.createElement('td');
      actions.append(remove);
      row.append(
        cell(fn.name, 'name'),
        cell(fn.image, 'image'),
        cell(String(fn.invocationCount ?? 0), 'num invocations'),
        cell(String(fn.replicas ?? 0), 'num replicas'),
        cell(ready ? 'Ready' : 'Not Ready', ready ? 'status status-ready' : 'status status-not-ready'),
        actions,
      );
      return row;
    });
  body.replaceChildren(...rows);
  element('no-functions').hidden = rows.length > 0;
  const select = element<HTMLSelectElement>('invoke-select');
  const chosen = select.value;
  select.replaceChildren(...functions.map((fn) => new Option(fn.name, fn.name)));
  if (functions.some((fn) => fn.name === chosen)) select.value = chosen;
}

async function refresh(): Promise<void> {
  try {
    renderFunctions(await listFunctions());
  } catch (error) {
    say(`Could not list functions: ${(error as Error).message}`, true);
  }
}

async function deploy(body: Record<string, unknown>): Promise<void> {
  const res = await fetch('/system/functions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(await failure(res));
  say(`Deployed ${String(body.service)}: it answers once its pod is ready.`);
  await refresh();
}

function storeRequest(fn: StoreFunction): Record<string, unknown> {
  return { service: fn.name, image: fn.image, envProcess: fn.fprocess, envVars: fn.environment ?? {}, labels: {}, annotations: {}, secrets: [], namespace: NAMESPACE };
}

/** Runs an action with its button disabled; a failure is shown, not thrown. */
async function busy(button: HTMLButtonElement, action: () => Promise<void>): Promise<void> {
  button.disabled = true;
  try {
    await action();
  } catch (error) {
    say((error as Error).message, true);
  } finally {
    button.disabled = false;
  }
}

function setUpStore(): void {
  const select = element<HTMLSelectElement>('store-select');
  select.replaceChildren(...STORE.map((fn) => new Option(`${fn.title} (${fn.name})`, fn.name)));
  const describe = (): void => {
    const fn = STORE.find((f) => f.name === select.value);
    element('store-description').textContent = fn ? `${fn.description} · ${fn.image} · fprocess: ${fn.fprocess}` : '';
  };
  select.addEventListener('change', describe);
  describe();
  element<HTMLFormElement>('store-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const fn = STORE.find((f) => f.name === select.value);
    if (fn) void busy(element('store-deploy'), () => deploy(storeRequest(fn)));
  });
}

function setUpCustom(): void {
  const form = element<HTMLFormElement>('custom-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const fprocess = String(data.get('fprocess') ?? '').trim();
    const request: Record<string, unknown> = { service: String(data.get('service') ?? '').trim(), image: String(data.get('image') ?? '').trim(), labels: {}, annotations: {}, secrets: [], namespace: NAMESPACE };
    if (fprocess !== '') request.envProcess = fprocess;
    void busy(element('custom-deploy'), () => deploy(request));
  });
}

function setUpInvoke(): void {
  element<HTMLFormElement>('invoke-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = element<HTMLSelectElement>('invoke-select').value;
    if (name === '') return say('Deploy a function first.', true);
    void busy(element('invoke'), async () => {
      const started = performance.now();
      const res = await fetch(`/function/${encodeURIComponent(name)}`, { method: 'POST', body: element<HTMLTextAreaElement>('invoke-body').value });
      const text = await res.text();
      const ms = performance.now() - started;
      element('invoke-status').textContent = `${res.status} ${res.statusText}`.trim();
      element('invoke-status').className = res.ok ? 'status-ready' : 'status-not-ready';
      element('invoke-duration').textContent = ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
      element('invoke-response').textContent = text;
      element('invoke-result').hidden = false;
      element('invoke-response').hidden = false;
      say('');
      await refresh();
    });
  });
}

function setUpDelete(): void {
  element<HTMLTableElement>('functions').addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-delete]');
    const name = button?.dataset.delete;
    if (!button || !name) return;
    void busy(button, async () => {
      const res = await fetch(`/system/functions?namespace=${NAMESPACE}`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ functionName: name }) });
      if (!res.ok) throw new Error(await failure(res));
      say(`Deleted ${name}.`);
      await refresh();
    });
  });
}

async function showGateway(): Promise<void> {
  try {
    const res = await fetch('/system/info');
    const info = (await res.json()) as { provider?: { provider?: string }; version?: { release?: string } };
    element('gateway-info').textContent = `gateway ${info.version?.release ?? '?'} · ${info.provider?.provider ?? '?'}`;
  } catch {
    element('gateway-info').textContent = 'gateway unreachable';
  }
}

setUpStore();
setUpCustom();
setUpInvoke();
setUpDelete();
void showGateway();
void refresh();
setInterval(() => void refresh(), REFRESH_MS);

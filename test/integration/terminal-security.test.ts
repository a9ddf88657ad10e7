// Who may reach a terminal, and what a hostile client can do: through a real server over real HTTP and ws.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { BinaryOp, CloseCode, MAX_MESSAGE_BYTES } from '../../server/common/protocol.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { TerminalClient } from '../support/terminal-client.js';

async function get(server: ServerProcess, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`http://127.0.0.1:${server.port}${path}`, { headers, redirect: 'manual' });
}

describe('access control', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  it('binds to loopback and prints a URL with the token', () => {
    assert.match(server.url, new RegExp(`^http://127\\.0\\.0\\.1:\\d+/\\?token=${server.token}$`));
  });

  it('refuses HTTP without the token, or with a wrong one', async () => {
    for (const [path, headers] of [
      ['/', {}],
      ['/?token=wrong-token-value', {}],
      ['/assets/app.js', {}],
      ['/healthz', { Authorization: 'Bearer nope-nope-nope' }],
      ['/', { Cookie: `kubeclass_token_${server.port}=wrong-token-value` }],
    ] as const) {
      const res = await get(server, path, headers);
      assert.equal(res.status, 401, `${path} ${JSON.stringify(headers)}`);
    }
  });

  it('trades the token in the URL for an HttpOnly, SameSite=Strict cookie and drops it from the address', async () => {
    const res = await get(server, `/?token=${server.token}`);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/');
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, new RegExp(`^kubeclass_token_${server.port}=`));
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const page = await get(server, '/', { Cookie: cookie.split(';')[0] as string });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
  });

  it('refuses websocket upgrades without a valid token', async () => {
    await assert.rejects(TerminalClient.open(server, { token: null }), /HTTP 401/);
    await assert.rejects(TerminalClient.open(server, { token: 'wrong-token-value' }), /HTTP 401/);
  });

  it('refuses a foreign Origin even with the right token (cross-site websocket hijacking)', async () => {
    await assert.rejects(TerminalClient.open(server, { origin: 'http://evil.example' }), /HTTP 403/);
    await assert.rejects(TerminalClient.open(server, { origin: `http://127.0.0.1:${server.port + 1}` }), /HTTP 403/);
    await assert.rejects(TerminalClient.open(server, { origin: 'null' }), /HTTP 403/);
    const ws = await TerminalClient.open(server, { origin: server.origin });
    ws.close();
  });

  it('never hands a session to a guessed or malformed session id', async () => {
    const guessed = await TerminalClient.connect(server, { sessionId: 'f'.repeat(32) });
    assert.notEqual(guessed.ready.sessionId, 'f'.repeat(32));
    assert.equal(guessed.ready.newShell, true);
    await guessed.close();
  });
});

describe('hostile messages close only their own socket', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  async function closeAfter(send: (ws: WebSocket) => void, hello = true): Promise<{ code: number; reason: string; sessionId?: string }> {
    let sessionId: string | undefined;
    if (hello) {
      const term = await TerminalClient.connect(server);
      sessionId = term.ready.sessionId;
      send(term.ws);
      return { ...(await term.waitForClose()), sessionId };
    }
    const ws = await TerminalClient.open(server);
    return new Promise((resolve) => {
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
      send(ws);
    });
  }

  it('gives each malformed message a clear close reason', async () => {
    const cases: Array<[string, (ws: WebSocket) => void, boolean, number, RegExp]> = [
      ['input before hello', (ws) => ws.send(Buffer.from([BinaryOp.Input, 0x41])), false, CloseCode.PolicyViolation, /hello/],
      ['garbage text', (ws) => ws.send('}{not json'), true, CloseCode.PolicyViolation, /not JSON/],
      ['unknown type', (ws) => ws.send('{"type":"exec","command":"id"}'), true, CloseCode.PolicyViolation, /invalid message/],
      ['unknown opcode', (ws) => ws.send(Buffer.from([0x7f, 1, 2])), true, CloseCode.PolicyViolation, /opcode 0x7f/],
      ['empty binary frame', (ws) => ws.send(Buffer.alloc(0)), true, CloseCode.PolicyViolation, /empty frame/],
      ['second hello', (ws) => ws.send('{"type":"hello","version":1,"cols":80,"rows":24}'), true, CloseCode.PolicyViolation, /already/],
      ['oversized message', (ws) => ws.send(Buffer.alloc(MAX_MESSAGE_BYTES + 10, 0)), true, CloseCode.TooBig, /./],
      ['old protocol', (ws) => ws.send('{"type":"hello","version":0,"cols":80,"rows":24}'), false, CloseCode.VersionMismatch, /reload/],
    ];
    for (const [name, send, hello, code, reason] of cases) {
      const closed = await closeAfter(send, hello);
      assert.equal(closed.code, code, name);
      if (code !== CloseCode.TooBig) assert.match(closed.reason, reason, name);
      if (closed.sessionId) {
        // The shell behind the socket is untouched: attach again and use it.
        const again = await TerminalClient.connect(server, { sessionId: closed.sessionId });
        assert.equal(again.ready.sessionId, closed.sessionId, name);
        assert.equal(again.ready.newShell, false, name);
        assert.equal((await again.run('echo still-here')).output, 'still-here\n', name);
        await again.close();
      }
    }
  });

  it('clamps absurd terminal sizes instead of obeying them', async () => {
    const term = await TerminalClient.connect(server, { cols: 10_000, rows: 10_000 });
    await term.waitForPrompt();
    assert.equal((await term.run('stty size')).output.trim(), '200 500');
    await term.close();
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowedOrigins, parseCookies, tokenMatches } from '../../server/http/auth.js';

describe('auth', () => {
  it('matches tokens exactly', () => {
    assert.equal(tokenMatches('secret-token', 'secret-token'), true);
    assert.equal(tokenMatches('secret-token ', 'secret-token'), false);
    assert.equal(tokenMatches('', 'secret-token'), false);
    assert.equal(tokenMatches(undefined, 'secret-token'), false);
  });

  it('allows only this server\'s own origins on loopback', () => {
    const origins = allowedOrigins('127.0.0.1', 4173, []);
    assert.ok(origins.has('http://127.0.0.1:4173'));
    assert.ok(origins.has('http://localhost:4173'));
    assert.ok(!origins.has('http://localhost:4174'));
    assert.ok(!origins.has('http://evil.example'));
    assert.ok(allowedOrigins('127.0.0.1', 4173, ['https://proxy.example/']).has('https://proxy.example'));
  });

  it('parses cookies leniently', () => {
    const c = parseCookies('a=1; kubeclass_token_4173=abc%20d; broken; =x; b=%E0%A4%A');
    assert.equal(c.get('kubeclass_token_4173'), 'abc d');
    assert.equal(c.get('b'), '%E0%A4%A');
  });
});

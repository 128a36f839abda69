import { describe, expect, it } from 'vitest';
import { providerHeaders } from './provider-headers.js';

describe('providerHeaders', () => {
  it('sends the API key as a bearer token next to the configured headers', () => {
    expect(providerHeaders({ apiKey: 'sk-1', httpHeaders: { 'X-Title': 'ossa' } })).toEqual({
      authorization: 'Bearer sk-1',
      'x-title': 'ossa',
    });
    expect(providerHeaders({ httpHeaders: {} })).toEqual({});
  });

  it('lets a configured Authorization win, sent once', () => {
    expect(providerHeaders({ apiKey: 'sk-1', httpHeaders: { Authorization: 'Token abc' } })).toEqual({
      authorization: 'Token abc',
    });
  });
});

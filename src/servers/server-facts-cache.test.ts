import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_FACTS_TTL_MS, serverFactsCache } from './server-facts-cache.js';

const ROOT = 'http://127.0.0.1:8080';

async function home(content?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ossa-cache-'));
  if (content !== undefined) {
    mkdirSync(join(dir, 'cache'));
    writeFileSync(join(dir, 'cache', 'servers.json'), content);
  }
  return dir;
}

describe('server facts cache', () => {
  it('keeps a kind and version for the TTL, then forgets it', async () => {
    let now = 1_000_000;
    const dir = await home();
    const cache = serverFactsCache(dir, () => now);
    await cache.remember(ROOT, { kind: 'ollama', version: '0.14.0' });
    expect(await cache.get(ROOT)).toEqual({ kind: 'ollama', version: '0.14.0' });
    expect(statSync(join(dir, 'cache', 'servers.json')).mode & 0o777).toBe(0o600);
    now += SERVER_FACTS_TTL_MS + 1;
    expect(await cache.get(ROOT)).toBeUndefined();
  });

  it('forget drops the entry at once', async () => {
    const cache = serverFactsCache(await home());
    await cache.remember(ROOT, { kind: 'llamacpp' });
    await cache.forget(ROOT);
    expect(await cache.get(ROOT)).toBeUndefined();
  });

  it('ignores hostile or damaged files: unknown kinds, times in the future, junk, arrays, huge files', async () => {
    const now = Date.now();
    const hostile = {
      [ROOT]: { kind: 'evil', at: now },
      'http://a': { kind: 'ollama', at: now + 60_000 },
      'http://b': { kind: 'ollama', at: 'yesterday' },
      'http://c': { kind: 'ollama', at: now, version: 'x'.repeat(500) },
      'http://d': { kind: '__proto__', at: now },
    };
    for (const content of [
      JSON.stringify(hostile),
      '{"oops',
      '[1,2]',
      'null',
      `{"pad":"${'x'.repeat(70_000)}"}`,
    ]) {
      const cache = serverFactsCache(await home(content));
      for (const root of [ROOT, 'http://a', 'http://b', 'http://c', 'http://d']) {
        expect(await cache.get(root), `${content.slice(0, 30)} ${root}`).toBeUndefined();
      }
    }
  });

  it('rewrites a damaged file with what it learns, bounded in entries', async () => {
    const dir = await home('garbage');
    const cache = serverFactsCache(dir);
    for (let i = 0; i < 40; i++) await cache.remember(`http://127.0.0.1:${9000 + i}`, { kind: 'vllm' });
    const written = JSON.parse(readFileSync(join(dir, 'cache', 'servers.json'), 'utf8'));
    expect(Object.keys(written).length).toBeLessThanOrEqual(32);
    expect(await cache.get('http://127.0.0.1:9039')).toEqual({ kind: 'vllm' });
  });
});

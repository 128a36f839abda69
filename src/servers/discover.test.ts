import { afterEach, describe, expect, it } from 'vitest';
import type { FakeHttpServer } from '../../test/kit/fake-http-server.js';
import { startFakeHttpServer } from '../../test/kit/fake-http-server.js';
import { startFakeLlamaCpp } from '../../test/kit/fake-llamacpp-server.js';
import { startFakeLmStudio } from '../../test/kit/fake-lmstudio-server.js';
import { startFakeOllama } from '../../test/kit/fake-ollama-server.js';
import { discoverServers, targetsFromList, wellKnownTargets } from './discover.js';

const servers: FakeHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('discoverServers', () => {
  it('identifies each kind of server and skips closed ports quickly', async () => {
    const ollama = await startFakeOllama({ version: '0.12.0' });
    const lmstudio = await startFakeLmStudio();
    const llama = await startFakeLlamaCpp();
    const vllm = await startFakeLlamaCpp({ flavour: 'vllm' });
    const generic = await startFakeLlamaCpp({ flavour: 'generic' });
    const other = await startFakeHttpServer((_request, response) => {
      response.writeHead(404);
      response.end('nope');
    });
    const closed = await startFakeOllama();
    await closed.close();
    servers.push(ollama, lmstudio, llama, vllm, generic, other);

    const result = await discoverServers([
      { root: ollama.root },
      { root: lmstudio.root },
      { root: llama.root },
      { root: vllm.root },
      { root: generic.root, expected: 'mlx-lm' },
      { root: other.root },
      { root: closed.root },
    ]);
    expect(result.servers.map((server) => [server.kind, server.root])).toEqual([
      ['ollama', ollama.root],
      ['lmstudio', lmstudio.root],
      ['llamacpp', llama.root],
      ['vllm', vllm.root],
      ['mlx-lm', generic.root],
    ]);
    expect(result.servers[0]).toMatchObject({ version: '0.12.0', baseUrl: `${ollama.root}/v1` });
    expect(result.unknown).toEqual([{ root: other.root, detail: expect.stringContaining('404') }]);
    expect(result.elapsedMs).toBeLessThan(1000);
  });

  it('reads OSSA_LOCAL_SERVERS and the well-known ports', () => {
    expect(targetsFromList(' http://gpu:11434/v1 , 127.0.0.1:8080')).toEqual([
      { root: 'http://gpu:11434' },
      { root: 'http://127.0.0.1:8080' },
    ]);
    expect(targetsFromList('')).toBeUndefined();
    expect(wellKnownTargets({ ollama: 'http://box:11434/v1' }).map((target) => target.root)).toEqual([
      'http://box:11434',
      'http://127.0.0.1:1234',
      'http://127.0.0.1:8080',
      'http://127.0.0.1:8000',
      'http://127.0.0.1:8888',
    ]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { type FakeLlamaCpp, startFakeLlamaCpp } from '../../test/kit/fake-llamacpp-server.js';
import { startFakeLmStudio } from '../../test/kit/fake-lmstudio-server.js';
import { InterruptedError } from '../errors.js';
import { probeWire } from './wire-probe.js';

let server: FakeLlamaCpp | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('probeWire', () => {
  it('tells a wire that answers from one the server lacks', async () => {
    server = await startFakeLlamaCpp({ model: 'qwen', wires: ['chat'] });
    expect(await probeWire(server.baseUrl, 'chat', 'qwen')).toMatchObject({ outcome: 'ok', status: 200 });
    expect(await probeWire(server.baseUrl, 'responses', 'qwen')).toMatchObject({
      outcome: 'missing',
      status: 404,
    });
  });

  it('LM Studio 0.3.x: HTTP 200 with "Unexpected endpoint" is a missing wire, not a working one', async () => {
    const legacy = await startFakeLmStudio({ api: 'v0', models: [{ id: 'm' }], wires: ['chat'] });
    try {
      const probe = await probeWire(legacy.baseUrl, 'responses', 'm');
      expect(probe).toMatchObject({ outcome: 'missing', status: 200 });
      expect(probe.detail).toContain('Unexpected endpoint or method');
    } finally {
      await legacy.close();
    }
  });

  it('a 404 about the model is an error, not a missing endpoint', async () => {
    server = await startFakeLlamaCpp({ model: 'qwen' });
    expect(await probeWire(server.baseUrl, 'chat', 'other')).toMatchObject({ outcome: 'error', status: 404 });
  });

  it('passes a cancellation on instead of reporting it as an outcome', async () => {
    server = await startFakeLlamaCpp({ model: 'qwen' });
    const controller = new AbortController();
    controller.abort();
    await expect(
      probeWire(server.baseUrl, 'chat', 'qwen', { signal: controller.signal }),
    ).rejects.toBeInstanceOf(InterruptedError);
  });
});

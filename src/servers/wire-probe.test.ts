import { afterEach, describe, expect, it } from 'vitest';
import { type FakeLlamaCpp, startFakeLlamaCpp } from '../../test/kit/fake-llamacpp-server.js';
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

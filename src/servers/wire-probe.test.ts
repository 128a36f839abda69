import { afterEach, describe, expect, it } from 'vitest';
import { type FakeLlamaCpp, startFakeLlamaCpp } from '../../test/kit/fake-llamacpp-server.js';
import { startFakeLmStudio } from '../../test/kit/fake-lmstudio-server.js';
import { InterruptedError } from '../errors.js';
import { chooseWire, probeWire } from './wire-probe.js';

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

describe('choosing the wire by a 1-token cut-off probe', () => {
  const probe = (wire: 'chat' | 'responses') =>
    probeWire(server!.baseUrl, wire, 'qwen', { cutOff: true }).then((result) => ({ result }));

  it('llama.cpp: chat says length, responses says completed: chat, and the reason names both', async () => {
    server = await startFakeLlamaCpp({ model: 'qwen' });
    const responses = (await probe('responses')).result;
    const chat = (await probe('chat')).result;
    expect(responses).toMatchObject({ outcome: 'ok', ending: 'completed', reportsCutOff: false });
    expect(chat).toMatchObject({ outcome: 'ok', ending: 'length', reportsCutOff: true });
    const choice = chooseWire([responses, chat]);
    expect(choice.wire).toBe('chat');
    expect(choice.reason).toBe(
      'asked for a long answer capped at 1 token, responses ended it with status "completed" but chat ended it with finish_reason "length": only chat tells a reply cut by a token limit from a complete one',
    );
  });

  it('a server that reports the cut on both wires gets responses; one wire missing gets the other', async () => {
    server = await startFakeLlamaCpp({ model: 'qwen', flavour: 'vllm' });
    const both = chooseWire([(await probe('responses')).result, (await probe('chat')).result]);
    expect(both.wire).toBe('responses');
    expect(both.reason).toContain('both wires answered alike');
    await server.close();
    server = await startFakeLlamaCpp({ model: 'qwen', wires: ['chat'] });
    const chatOnly = chooseWire([(await probe('responses')).result, (await probe('chat')).result]);
    expect(chatOnly).toEqual({
      wire: 'chat',
      reason:
        'responses is not available; chat ended it with finish_reason "length" (asked for a long answer capped at 1 token)',
    });
  });

  it('the probe asks for a long answer capped at one token on both wires', async () => {
    server = await startFakeLlamaCpp({ model: 'qwen' });
    await probe('responses');
    await probe('chat');
    const bodies = server.requests
      .filter((request) => request.method === 'POST')
      .map((request) => request.body);
    expect(bodies).toEqual([
      expect.objectContaining({ max_output_tokens: 1, input: expect.stringContaining('Count from 1 to 20') }),
      expect.objectContaining({ max_tokens: 1 }),
    ]);
  });
});

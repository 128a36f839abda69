// The wire probes against the scripted server (real HTTP, both wire renderers): a capable server
// passes all five on both wires; a chat-only server fails the responses wire with the endpoint
// named and is recommended chat; a model that sends one call for two, or drops the ids' meaning
// (does not read the outputs), fails exactly those probes.
import { afterEach, describe, expect, it } from 'vitest';
import { cooperative, evalResponder, type Policy, probeReply } from '../../../test/kit/eval-model.js';
import {
  type ScriptedModelServer,
  type ScriptedModelServerOptions,
  scriptedProvider,
  startScriptedModelServer,
} from '../../../test/kit/scripted-model-server.js';
import { checkConformance } from './wire-conformance.js';

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function probe(
  policy: Policy,
  options: ScriptedModelServerOptions = {},
  wireApi: 'chat' | 'responses' = 'responses',
) {
  server = await startScriptedModelServer({ ...options, respond: evalResponder(() => ({ policy })) });
  return checkConformance(scriptedProvider(server.url, { wireApi }), 'scripted-model');
}

const outcomes = (report: Awaited<ReturnType<typeof checkConformance>>, wire: string) =>
  Object.fromEntries(report.wires.find((w) => w.wire === wire)!.probes.map((p) => [p.probe, p.outcome]));

describe('wire conformance probes', () => {
  it('a capable model on a server with both wires passes every probe on both; the configured wire is kept', async () => {
    const report = await probe(cooperative, {}, 'chat');
    expect(report.wires.map((w) => [w.wire, w.passed, w.applicable])).toEqual([
      ['chat', 5, 5],
      ['responses', 5, 5],
    ]);
    expect(report.recommended).toBe('chat');
  });

  it('a chat-only server: the responses wire fails with the missing endpoint named, chat is recommended', async () => {
    const report = await probe(cooperative, { wires: ['chat'] }, 'responses');
    const responses = report.wires.find((w) => w.wire === 'responses')!;
    expect(responses.passed).toBe(0);
    expect(responses.probes[0]?.detail).toContain('no responses endpoint');
    expect(report.recommended).toBe('chat');
  });

  it('one call where two were asked fails parallel-calls; ignoring the outputs fails call-id-pairing', async () => {
    const policy: Policy = (view) => {
      if (view.scenario === 'probe:parallel-calls' && view.outputs.length === 0) {
        return { toolCalls: [{ name: 'record_value', arguments: { value: 'a', tags: [] } }] };
      }
      if (view.outputs.length > 0) return { text: 'Done.' };
      return probeReply(view);
    };
    const report = await probe(policy);
    expect(outcomes(report, 'responses')).toMatchObject({
      'streamed-arguments': 'pass',
      'parallel-calls': 'fail',
      'call-id-pairing': 'fail',
      'usage-reported': 'pass',
    });
  });

  it('no reasoning from the model makes the reasoning probe n/a, not a failure', async () => {
    const policy: Policy = (view) => {
      const reply = probeReply(view);
      return { ...reply, reasoning: undefined } as ReturnType<Policy>;
    };
    const report = await probe(policy);
    const responses = report.wires.find((w) => w.wire === 'responses')!;
    expect(outcomes(report, 'responses')['reasoning-round-trip']).toBe('n/a');
    expect(responses.applicable).toBe(4);
    expect(responses.passed).toBe(4);
  });

  it('arguments that do not parse, or differ, fail streamed-arguments with what arrived', async () => {
    const policy: Policy = (view) =>
      view.scenario === 'probe:streamed-arguments' && view.outputs.length === 0
        ? { toolCalls: [{ name: 'record_value', arguments: '{"value": "alpha-4' }] }
        : probeReply(view);
    const report = await probe(policy);
    const streamed = report.wires[0]!.probes.find((p) => p.probe === 'streamed-arguments')!;
    expect(streamed.outcome).toBe('fail');
    expect(streamed.detail).toContain('alpha-4');
  });
});

// Records real llama-server exchanges as the project's fixtures (test/fixtures/llamacpp), through a
// proxy between ossa and the server. With OSSA_RECORD_FIXTURES=1 the files are (re)written;
// otherwise each scenario is run live and must still have the recorded shape (the same SSE event
// types, finish reasons and JSON keys), so the fixtures cannot drift from what llama.cpp sends.
import { existsSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FIXTURE_DIR,
  loadScenario,
  type RecordedExchange,
  type RecordedScenario,
} from '../kit/recorded-exchanges.js';
import { runOssa } from '../kit/run-cli.js';
import { gitWorkspace } from '../kit/workspace.js';
import { type TinyModelKind, TRIGGERS } from './gguf/tiny-model.js';
import { startLlamaServer } from './kit/llama-server.js';
import { realHome } from './kit/real-home.js';
import { tierSkipped, tinyModel } from './kit/real-tier.js';
import { startRecordingProxy } from './kit/recording-proxy.js';

interface Scenario {
  kind: TinyModelKind;
  prompt: string;
  context?: number;
  args?: string[];
  what: string;
}

const SCENARIOS: Record<string, Scenario> = {
  plain: { kind: 'qwen2.5', prompt: 'say hi', what: 'a plain answer' },
  'tool-loop': {
    kind: 'qwen2.5',
    prompt: `use the${TRIGGERS.toolCall} tool`,
    what: 'a shell call, then the answer',
  },
  reasoning: { kind: 'qwen3', prompt: 'say hi', what: 'reasoning, then the answer (Qwen3 template)' },
  'cut-off': { kind: 'qwen2.5', prompt: 'say hi', args: ['-n', '2'], what: 'a reply cut by -n 2' },
  // ossa refuses before sending what it estimates cannot fit (context management), so the
  // prompt is one its estimate (3.2 UTF-8 bytes a token) puts inside -c 8192 but the model's
  // tokenizer does not: a hieroglyph outside its vocabulary takes a token for each of its 4 bytes. The server's own
  // HTTP 400 is what gets recorded.
  overflow: {
    kind: 'qwen2.5',
    prompt: `say hi ${'𓀀'.repeat(3500)}`,
    context: 8192,
    what: 'the first request exceeds -c 8192 (the model counts more tokens than ossa estimates)',
  },
};

/** What must stay the same between recordings: event types, finish reasons, statuses, JSON keys. */
function shapeOf(exchange: RecordedExchange): string[] {
  const shape = [`${exchange.method} ${exchange.path.split('?')[0]} ${exchange.status}`];
  if (exchange.contentType.includes('event-stream')) {
    for (const line of exchange.body.split('\n')) {
      if (line.startsWith('event: ')) shape.push(line);
      if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
      const data = JSON.parse(line.slice(6)) as Record<string, unknown>;
      const choice = (data.choices as { finish_reason?: string }[] | undefined)?.[0];
      shape.push(
        `data ${String(data.type ?? data.object ?? Object.keys(data).join(','))} ${choice?.finish_reason ?? ''}`,
      );
    }
  } else if (exchange.contentType.includes('json')) {
    shape.push(
      Object.keys(JSON.parse(exchange.body) as object)
        .sort()
        .join(','),
    );
  }
  return shape;
}

async function record(
  name: string,
  scenario: Scenario,
  wireApi: 'chat' | 'responses',
): Promise<RecordedScenario> {
  const model = tinyModel(scenario.kind);
  const server = await startLlamaServer({
    model: model.path,
    context: scenario.context,
    args: scenario.args,
  });
  const proxy = await startRecordingProxy(server.root);
  try {
    const home = realHome({
      baseUrl: proxy.baseUrl,
      wireApi,
      model: model.name,
    });
    await runOssa(['exec', scenario.prompt], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: home },
      timeoutMs: 60_000,
    });
    const props = proxy.exchanges.find((exchange) => exchange.path === '/props');
    return {
      description:
        `${name}: ${scenario.what}; ossa exec ${JSON.stringify(scenario.prompt)} over ${wireApi}, llama-server ${[
          ...(scenario.context ? ['-c', String(scenario.context)] : []),
          ...(scenario.args ?? []),
        ].join(' ')}`.trim(),
      llamaCpp: props ? String((JSON.parse(props.body) as { build_info?: string }).build_info) : 'unknown',
      exchanges: proxy.exchanges,
    };
  } finally {
    await proxy.close();
    await server.stop();
  }
}

describe.skipIf(tierSkipped())('recorded llama.cpp fixtures', () => {
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    for (const wireApi of ['chat', 'responses'] as const) {
      const file = `${wireApi}-${name}`;
      it(`${file} matches what the server sends today`, async () => {
        const live = await record(name, scenario, wireApi);
        if (process.env.OSSA_RECORD_FIXTURES === '1' || !existsSync(`${FIXTURE_DIR}${file}.json`)) {
          writeFileSync(`${FIXTURE_DIR}${file}.json`, `${JSON.stringify(live, null, 1)}\n`);
        }
        const stored = loadScenario(file);
        // The model requests in order; the probes (parallel, so in any order) by path.
        const posts = (scenario: RecordedScenario) =>
          scenario.exchanges.filter((exchange) => exchange.method === 'POST').map(shapeOf);
        expect(posts(live)).toEqual(posts(stored));
        for (const probe of live.exchanges.filter((exchange) => exchange.method === 'GET')) {
          const recorded = stored.exchanges.find((exchange) => exchange.path === probe.path);
          if (recorded) expect(shapeOf(probe)).toEqual(shapeOf(recorded));
        }
      });
    }
  }
});

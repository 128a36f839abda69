// The text form of `ossa models`: one block per server or provider, one aligned row per model.

import { formatTokens, howToStart } from '../../app/format.js';
import type { ModelEntry, ModelsReport, SourceEntry } from '../../app/models/collect.js';

export function renderModelsText(report: ModelsReport): string {
  const out: string[] = [];
  for (const source of report.sources) out.push(...renderSource(source, report.min_context_window), '');
  const found = new Set(
    report.sources.filter((source) => source.origin === 'server').map((source) => source.url),
  );
  const silent = report.probed.filter((root) => !found.has(root));
  if (report.sources.length === 0) {
    out.push(
      `No model server found (probed ${report.probed.join(', ')} in ${report.elapsed_ms} ms).`,
      `Start one, e.g. Ollama: ${howToStart('ollama')}.`,
      'For a server elsewhere, set OSSA_LOCAL_SERVERS=http://host:port (comma-separated).',
    );
  } else if (silent.length > 0) {
    out.push(`Nothing answered at ${silent.join(', ')}.`);
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function renderSource(source: SourceEntry, minimum: number): string[] {
  const title = [source.label + (source.version ? ` ${source.version}` : ''), source.url];
  if (source.provider) title.push(`provider: ${source.provider}`);
  else if (source.suggested_provider) {
    title.push(`not configured (\`ossa init\` adds provider \`${source.suggested_provider}\`)`);
  }
  const lines = [title.join(' — ')];
  if (source.error) lines.push(`  ! ${source.error}`);
  if (!source.error && source.models.length === 0) lines.push('  (no models)');
  const rows = source.models.map((model) => [
    model.id,
    contextText(model, minimum),
    model.tools === undefined ? 'tools: ?' : model.tools ? 'tools: yes' : 'tools: no',
    model.loaded ? 'loaded' : '',
  ]);
  const widths = [0, 1, 2].map((column) => Math.max(0, ...rows.map((row) => row[column]!.length)));
  for (const row of rows) {
    lines.push(
      `  ${row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ')}`.trimEnd(),
    );
  }
  const use = commandHint(source);
  if (use) lines.push(`  use: ${use}`);
  return lines;
}

function contextText(model: ModelEntry, minimum: number): string {
  const trained = model.trained_context ? `, max ${formatTokens(model.trained_context)}` : '';
  if (model.context_window === undefined) return `context ?${trained}`;
  const assumed = model.context_source.startsWith('ollama default') ? ' (server default, assumed)' : '';
  const small = model.context_window < minimum ? ` ✗ below ${formatTokens(minimum)}` : '';
  return `context ${formatTokens(model.context_window)}${small}${assumed}${trained}`;
}

function commandHint(source: SourceEntry): string | undefined {
  const first = source.models[0]?.id;
  if (!first) return undefined;
  if (source.provider === 'ollama' || source.provider === 'lmstudio') {
    return `ossa --oss --local-provider ${source.provider} -m ${first}`;
  }
  if (source.provider) return `ossa -c model_provider=${source.provider} -m ${first}`;
  return undefined;
}

// The config.toml a TUI suite's ossa reads: one provider at the scripted server's address.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeBenchConfig(
  home: string,
  options: { model: string; baseUrl: string; wireApi: 'chat' | 'responses'; contextWindow: number },
): void {
  writeFileSync(
    join(home, 'config.toml'),
    [
      `model = "${options.model}"`,
      'model_provider = "bench"',
      `model_context_window = ${options.contextWindow}`,
      '[model_providers.bench]',
      'name = "Bench"',
      `base_url = "${options.baseUrl}"`,
      `wire_api = "${options.wireApi}"`,
      '',
    ].join('\n'),
  );
}

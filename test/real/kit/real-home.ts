// An $OSSA_HOME whose config.toml points a `llamacpp` provider at a real llama-server. The context
// window is left to ossa's own probes (/props), which is part of what the tier checks.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../kit/workspace.js';

export interface RealHomeOptions {
  baseUrl: string;
  model?: string;
  wireApi: 'responses' | 'chat';
  /** Extra top-level TOML lines. */
  extra?: string[];
  /** Extra lines in the provider table (e.g. env_key). */
  provider?: string[];
}

export function realHome(options: RealHomeOptions): string {
  const home = tempDir('ossa-real-home-');
  writeFileSync(
    join(home, 'config.toml'),
    [
      `model = "${options.model ?? 'tiny'}"`,
      'model_provider = "llamacpp"',
      ...(options.extra ?? []),
      '[model_providers.llamacpp]',
      'name = "llama.cpp server"',
      `base_url = "${options.baseUrl}"`,
      `wire_api = "${options.wireApi}"`,
      'request_max_retries = 1',
      ...(options.provider ?? []),
      '',
    ].join('\n'),
  );
  return home;
}

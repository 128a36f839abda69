// doctor's wire check: one tiny request per wire (responses, chat/completions); the configured one
// must answer, and when only the other does, the fix names the setting to change.
import type { ResolvedConfig } from '../../config/index.js';
import type { WireApi } from '../../protocol/provider.js';
import type { ServerKind } from '../../servers/server-kind.js';
import { probeWire, type WireProbe } from '../../servers/wire-probe.js';
import { type DoctorCheck, fail, pass } from './check.js';

export async function checkWires(
  config: ResolvedConfig,
  baseUrl: string,
  model: string,
  headers: Record<string, string>,
  kind: ServerKind | undefined,
  signal?: AbortSignal,
): Promise<{ check: DoctorCheck; configuredWorks: boolean }> {
  const configured = config.provider.wireApi;
  const other: WireApi = configured === 'responses' ? 'chat' : 'responses';
  const options = { headers, ...(signal ? { signal } : {}) };
  const [mine, theirs] = [
    await probeWire(baseUrl, configured, model, options),
    await probeWire(baseUrl, other, model, options),
  ];
  const data = { [configured]: summary(mine), [other]: summary(theirs) };
  const line = `${describe(mine)}; ${describe(theirs)}`;
  if (mine.outcome === 'ok') return { check: pass('wire', line, data), configuredWorks: true };
  const fix =
    theirs.outcome === 'ok'
      ? switchWireFix(config, other, kind)
      : `the server answers neither wire: ${mine.detail}`;
  return { check: fail('wire', line, fix, data), configuredWorks: false };
}

function describe(probe: WireProbe): string {
  const name = probe.wire === 'responses' ? 'responses' : 'chat/completions';
  switch (probe.outcome) {
    case 'ok':
      return `${name} answers (${probe.elapsedMs} ms)`;
    case 'missing':
      return `${name} not available (HTTP ${probe.status})`;
    default:
      return `${name} fails: ${probe.detail}`;
  }
}

function summary(probe: WireProbe) {
  return { outcome: probe.outcome, status: probe.status, ms: probe.elapsedMs };
}

function switchWireFix(config: ResolvedConfig, wire: WireApi, kind: ServerKind | undefined): string {
  if (config.provider.builtIn && kind === 'ollama' && wire === 'chat') {
    return 'this Ollama has no /v1/responses (added in 0.13.3): upgrade Ollama, or use a custom provider with wire_api = "chat" ([model_providers.ollama-chat] base_url = "…/v1", wire_api = "chat")';
  }
  if (config.provider.builtIn)
    return `the server answers only the ${wire} wire: use a custom provider with wire_api = "${wire}"`;
  return `set wire_api = "${wire}" under [model_providers.${config.provider.id}]`;
}

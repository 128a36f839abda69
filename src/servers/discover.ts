// Finds the model servers running on this machine: probes the well-known local ports in parallel
// with a short timeout and identifies who answered. `OSSA_LOCAL_SERVERS` (comma-separated URLs)
// replaces the well-known list, e.g. to include a GPU box on the LAN.
import { type IdentifiedServer, identifyServer } from './identify.js';
import { SERVER_KINDS, type ServerKind } from './server-kind.js';
import { serverRoot } from './server-root.js';

export interface ProbeTarget {
  root: string;
  /** What normally listens there; labels a generic OpenAI-compatible answer (MLX-LM). */
  expected?: ServerKind;
}

export interface DiscoveredServer extends IdentifiedServer {
  /** OpenAI-compatible base URL (`root/v1`). */
  baseUrl: string;
}

export interface DiscoveryResult {
  servers: DiscoveredServer[];
  /** Targets where something answered that ossa could not identify (with why). */
  unknown: Array<{ root: string; detail: string }>;
  probed: ProbeTarget[];
  elapsedMs: number;
}

/** Ollama, LM Studio, llama.cpp, vLLM and MLX-LM on their default ports on 127.0.0.1. */
export function wellKnownTargets(overrides: { ollama?: string; lmstudio?: string } = {}): ProbeTarget[] {
  const kinds: ServerKind[] = ['ollama', 'lmstudio', 'llamacpp', 'vllm', 'mlx-lm'];
  return kinds.map((kind) => {
    const override =
      kind === 'ollama' ? overrides.ollama : kind === 'lmstudio' ? overrides.lmstudio : undefined;
    return {
      root: override ? serverRoot(override) : `http://127.0.0.1:${SERVER_KINDS[kind].defaultPort}`,
      expected: kind,
    };
  });
}

/** `OSSA_LOCAL_SERVERS="http://gpu:11434, http://127.0.0.1:8080/v1"` → targets; undefined when unset. */
export function targetsFromList(value: string | undefined): ProbeTarget[] | undefined {
  const items = (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) return undefined;
  return items.map((item) => ({ root: serverRoot(/^https?:\/\//.test(item) ? item : `http://${item}`) }));
}

export async function discoverServers(
  targets: ProbeTarget[],
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<DiscoveryResult> {
  const started = performance.now();
  const unique = targets.filter(
    (target, index) => targets.findIndex((other) => other.root === target.root) === index,
  );
  const results = await Promise.all(
    unique.map((target) =>
      identifyServer(target.root, {
        // A closed port answers at once; the wait only matters for a server that is busy (a CPU
        // doing inference may take a second to answer a listing), which must not read as absent.
        timeoutMs: options.timeoutMs ?? 1500,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(target.expected === 'mlx-lm' ? { genericKind: 'mlx-lm' as const } : {}),
      }),
    ),
  );
  const servers: DiscoveredServer[] = [];
  const unknown: DiscoveryResult['unknown'] = [];
  for (const result of results) {
    if (result.ok) servers.push({ ...result.server, baseUrl: `${result.server.root}/v1` });
    else if (result.problem === 'unknown') unknown.push({ root: result.root, detail: result.detail });
  }
  return { servers, unknown, probed: unique, elapsedMs: Math.round(performance.now() - started) };
}

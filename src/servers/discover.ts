// Finds the model servers running on this machine: probes the well-known local ports in parallel
// with a short timeout and identifies who answered. `OSSA_LOCAL_SERVERS` (comma-separated URLs)
// replaces the well-known list, e.g. to include a GPU box on the LAN.

import { kindByProviderId } from '../protocol/server-kinds.js';
import { type IdentifiedServer, identifyServer } from './identify.js';
import { SERVER_KINDS, type ServerKind } from './server-kind.js';
import { serverRoot } from './server-root.js';

export interface ProbeTarget {
  root: string;
  /** What normally listens there; labels a generic OpenAI-compatible answer (MLX-LM). */
  expected?: ServerKind;
  /** A configured provider's credentials (a llama-server started with --api-key wants them). */
  headers?: Record<string, string>;
  /** A configured provider's base URL, when it is not `root/v1`. */
  baseUrl?: string;
}

export interface DiscoveredServer extends IdentifiedServer {
  /** OpenAI-compatible base URL (`root/v1`, or the configured provider's). */
  baseUrl: string;
  /** The credentials it was probed with, for the questions asked next. */
  headers?: Record<string, string>;
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
  // One probe per root; a configured provider's target (with its credentials) wins over a well-known one.
  const unique = [...new Map(targets.map((target) => [target.root, target] as const)).values()].map(
    (target) => targets.filter((other) => other.root === target.root).reduce(mergeTargets),
  );
  const results = await Promise.all(
    unique.map((target) =>
      identifyServer(target.root, {
        // A closed port answers at once; the wait only matters for a server that is busy (a CPU
        // doing inference may take a second to answer a listing), which must not read as absent.
        timeoutMs: options.timeoutMs ?? 1500,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(target.expected === 'mlx-lm' ? { genericKind: 'mlx-lm' as const } : {}),
        ...(target.headers ? { headers: target.headers } : {}),
      }),
    ),
  );
  const servers: DiscoveredServer[] = [];
  const unknown: DiscoveryResult['unknown'] = [];
  results.forEach((result, index) => {
    const target = unique[index]!;
    if (result.ok) {
      servers.push({
        ...result.server,
        baseUrl: target.baseUrl ?? `${result.server.root}/v1`,
        ...(target.headers ? { headers: target.headers } : {}),
      });
    } else if (result.problem === 'unknown') unknown.push({ root: result.root, detail: result.detail });
  });
  return { servers, unknown, probed: unique, elapsedMs: Math.round(performance.now() - started) };
}

function mergeTargets(a: ProbeTarget, b: ProbeTarget): ProbeTarget {
  return {
    root: a.root,
    ...((a.expected ?? b.expected) ? { expected: (a.expected ?? b.expected)! } : {}),
    ...((b.headers ?? a.headers) ? { headers: (b.headers ?? a.headers)! } : {}),
    ...((b.baseUrl ?? a.baseUrl) ? { baseUrl: (b.baseUrl ?? a.baseUrl)! } : {}),
  };
}

/**
 * Targets for configured providers whose server can be asked who it is: those on this machine, and
 * those whose id names a server kind (`llamacpp-gpu` on a LAN box) — at whatever port base_url says.
 */
export function providerTargets(
  providers: readonly { id: string; baseUrl: string; isLocal: boolean; headers: Record<string, string> }[],
): ProbeTarget[] {
  return providers.flatMap((provider) => {
    const expected = kindByProviderId(provider.id);
    if (!provider.isLocal && !expected) return [];
    return [
      {
        root: serverRoot(provider.baseUrl),
        baseUrl: provider.baseUrl,
        ...(expected ? { expected } : {}),
        ...(Object.keys(provider.headers).length ? { headers: provider.headers } : {}),
      },
    ];
  });
}

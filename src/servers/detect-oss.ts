// `--oss` without --local-provider or oss_provider: the local server that is running. Ollama and
// LM Studio where the environment puts them, and the servers without a built-in provider that the
// server table marks for it (`ossWire`: llama.cpp's llama-server on 8080, vLLM on 8000) on their
// default ports or where OSSA_OSS_BASE_URL / OSSA_OSS_PORT say: exactly one must answer, as itself.
import { localEndpoint } from '../config/local-endpoints.js';
import { OssaError, UsageError } from '../errors.js';
import type { WireApi } from '../protocol/provider.js';
import { identifyServer } from './identify.js';
import { howToStart, SERVER_KINDS, type ServerKind } from './server-kind.js';
import { openAiBaseUrl, serverRoot } from './server-root.js';

/** Servers `--oss` looks for that have no built-in provider. */
const OTHER_OSS_KINDS = (Object.keys(SERVER_KINDS) as OtherOssKind[]).filter(
  (kind) => SERVER_KINDS[kind].ossWire,
);

export type OssServer =
  | { kind: 'ollama' | 'lmstudio' }
  /** No built-in provider: the caller makes one for `baseUrl` on `wire` (prepare-session.ts). */
  | { kind: OtherOssKind; root: string; baseUrl: string; wire: WireApi; model?: string };

/** A server `--oss` can find that has no built-in provider. */
export type OtherOssKind = Exclude<ServerKind, 'ollama' | 'lmstudio'>;

export interface DetectOssOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Where to look instead of the defaults (tests), by server kind. */
  roots?: Partial<Record<ServerKind, string>>;
}

export async function detectOssServer(
  env: NodeJS.ProcessEnv,
  options: DetectOssOptions = {},
): Promise<OssServer> {
  const candidates: { kind: 'ollama' | 'lmstudio' | OtherOssKind; root: string }[] = [
    ...(['ollama', 'lmstudio'] as const).map((kind) => ({
      kind,
      root: serverRoot(options.roots?.[kind] ?? localEndpoint(kind, env).baseUrl),
    })),
    ...OTHER_OSS_KINDS.map((kind) => ({ kind, root: options.roots?.[kind] ?? defaultRoot(kind, env) })),
  ];
  // One identification per address (OSSA_OSS_BASE_URL puts every candidate at the same one).
  const byRoot = new Map<string, ReturnType<typeof identifyServer>>();
  const identify = (root: string) => {
    const asked =
      byRoot.get(root) ??
      identifyServer(root, {
        timeoutMs: options.timeoutMs ?? 800,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    byRoot.set(root, asked);
    return asked;
  };
  const results = await Promise.all(candidates.map((candidate) => identify(candidate.root)));
  const running = candidates.flatMap((candidate, index): OssServer[] => {
    const result = results[index]!;
    if (!result.ok || result.server.kind !== candidate.kind) return [];
    const { kind, root } = candidate;
    if (kind === 'ollama' || kind === 'lmstudio') return [{ kind }];
    const model = result.server.models?.[0]?.id;
    const wire = SERVER_KINDS[kind].ossWire ?? 'chat';
    return [{ kind, root, baseUrl: openAiBaseUrl(root), wire, ...(model ? { model } : {}) }];
  });
  if (running.length === 1) return running[0]!;
  if (running.length > 1) {
    const names = listed(running.map((server) => SERVER_KINDS[server.kind].label));
    throw new UsageError(
      `--oss: ${names} are all running. Choose one with --local-provider ollama (or lmstudio), or set oss_provider = "ollama" in config.toml; for the others, \`ossa init\` writes a profile (then \`ossa -p NAME\`).`,
    );
  }
  const where = listed(
    candidates.map((candidate) => `${SERVER_KINDS[candidate.kind].label} at ${candidate.root}`),
  );
  const starts = OTHER_OSS_KINDS.map(
    (kind) => `for ${SERVER_KINDS[kind].label} ${howToStart(kind).replace(/^start it with /, '')}`,
  );
  throw new OssaError(
    `--oss: no local model server is running (tried ${where}). Start one — \`ollama serve\`, \`lms server start\` for LM Studio, ${starts.join(', ')} — or pass --local-provider to say which to use.`,
  );
}

/** Where OSSA_OSS_BASE_URL / OSSA_OSS_PORT say the --oss server is, else the kind's default port. */
function defaultRoot(kind: ServerKind, env: NodeJS.ProcessEnv): string {
  const moved = localEndpoint('lmstudio', env);
  return moved.envVar ? serverRoot(moved.baseUrl) : `http://localhost:${SERVER_KINDS[kind].defaultPort}`;
}

function listed(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

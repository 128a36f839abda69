// `--oss` without --local-provider or oss_provider: the local server that is running. Ollama and
// LM Studio where the environment puts them, and llama.cpp's llama-server on its default port
// (8080) or where OSSA_OSS_BASE_URL / OSSA_OSS_PORT say: exactly one must answer, as itself.
import { localEndpoint } from '../config/local-endpoints.js';
import { OssaError, UsageError } from '../errors.js';
import { identifyServer } from './identify.js';
import { howToStart, SERVER_KINDS } from './server-kind.js';
import { openAiBaseUrl, serverRoot } from './server-root.js';

export type OssServer =
  | { provider: 'ollama' | 'lmstudio' }
  /** llama-server has no built-in provider: the caller makes one for `baseUrl` (prepare-session.ts). */
  | { provider: 'llamacpp'; root: string; baseUrl: string; model?: string };

type Candidate = { id: OssServer['provider']; root: string };

export interface DetectOssOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Where to look instead of the defaults (tests). */
  roots?: { ollama?: string; lmstudio?: string; llamacpp?: string };
}

export async function detectOssServer(
  env: NodeJS.ProcessEnv,
  options: DetectOssOptions = {},
): Promise<OssServer> {
  const candidates: Candidate[] = [
    ...(['ollama', 'lmstudio'] as const).map((id) => ({
      id,
      root: serverRoot(options.roots?.[id] ?? localEndpoint(id, env).baseUrl),
    })),
    { id: 'llamacpp', root: options.roots?.llamacpp ?? llamaCppRoot(env) },
  ];
  // One identification per address (OSSA_OSS_BASE_URL puts every candidate at the same one).
  const byRoot = new Map<string, ReturnType<typeof identifyServer>>();
  const identify = (root: string) => {
    const known = byRoot.get(root);
    if (known) return known;
    const asked = identifyServer(root, {
      timeoutMs: options.timeoutMs ?? 800,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    byRoot.set(root, asked);
    return asked;
  };
  const results = await Promise.all(candidates.map((candidate) => identify(candidate.root)));
  const running = candidates.flatMap((candidate, index): OssServer[] => {
    const result = results[index]!;
    if (!result.ok || result.server.kind !== candidate.id) return [];
    if (candidate.id !== 'llamacpp') return [{ provider: candidate.id }];
    const model = result.server.models?.[0]?.id;
    return [
      {
        provider: 'llamacpp',
        root: candidate.root,
        baseUrl: openAiBaseUrl(candidate.root),
        ...(model ? { model } : {}),
      },
    ];
  });
  if (running.length === 1) return running[0]!;
  const where = listed(
    candidates.map((candidate) => `${SERVER_KINDS[candidate.id].label} at ${candidate.root}`),
  );
  if (running.length > 1) {
    const names = listed(running.map((server) => SERVER_KINDS[server.provider].label));
    throw new UsageError(
      `--oss: ${names} are all running. Choose one with --local-provider ollama (or lmstudio), or set oss_provider = "ollama" in config.toml; for the llama.cpp server, \`ossa init\` writes a profile (then \`ossa -p NAME\`).`,
    );
  }
  throw new OssaError(
    `--oss: no local model server is running (tried ${where}). Start one — \`ollama serve\`, \`lms server start\` for LM Studio, or for llama.cpp ${howToStart('llamacpp').replace(/^start it with /, '')} — or pass --local-provider to say which to use.`,
  );
}

/** Where OSSA_OSS_BASE_URL / OSSA_OSS_PORT say the --oss server is, else llama-server's default port. */
function llamaCppRoot(env: NodeJS.ProcessEnv): string {
  const moved = localEndpoint('lmstudio', env);
  return moved.envVar ? serverRoot(moved.baseUrl) : `http://localhost:${SERVER_KINDS.llamacpp.defaultPort}`;
}

function listed(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

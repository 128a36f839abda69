// The facts a run stands on, gathered before any scenario: refuses a setup whose scores would not
// mean anything (unknown or too-small window, no sandbox), then the server's kind and version,
// its speed, cache reuse and truncation (speed-facts.ts), and the wire conformance probes.
import { OssaError } from '../../errors.js';
import type { SessionTarget } from '../prepare-session.js';
import type { SpeedFacts } from './speed-facts.js';
import type { ConformanceReport } from './wire-conformance.js';

export interface SetupFacts {
  provider: string;
  /** A built-in provider (ollama, lmstudio …): its wire_api is not set from a profile. */
  providerBuiltIn: boolean;
  model: string;
  baseUrl: string;
  wireApi: string;
  serverKind?: string;
  /** The server's version or build, when it reports one. */
  serverVersion?: string;
  contextWindow: number;
  windowSource: string;
  trainedMax?: number;
  sandbox: string;
  speed: SpeedFacts;
  conformance: ConformanceReport;
}

/** The configuration cannot be scored: a window nobody knows, a too-small one, no sandbox. */
export class EvalRefusedError extends OssaError {
  constructor(message: string) {
    super(message, 1);
  }
}

/** What the run stands on; refuses a setup whose scores would not mean anything. */
export async function setupFacts(
  target: SessionTarget,
  env: NodeJS.ProcessEnv,
  quick: boolean,
  signal?: AbortSignal,
): Promise<SetupFacts> {
  const window = target.contextWindow;
  const minimum = target.config.minContextWindow;
  if (window.value === undefined) {
    throw new EvalRefusedError(
      `ossa cannot tell the context window of ${target.model} on ${target.provider.baseUrl}, so scores would not say whether long tasks fit. Set model_context_window = N (the window the server really serves) in config, or use a server that reports it (llama.cpp /props, Ollama, LM Studio, vLLM).`,
    );
  }
  if (window.value < minimum) {
    // doctor's window check names the fixes for this server (llama-server -c, Ollama num_ctx …).
    const { checkContextWindow } = await import('../../servers/context-guard.js');
    const { fixes, modelTooShort } = checkContextWindow({ info: window, model: target.model, minimum });
    const fix = fixes.length
      ? fixes.join('; ')
      : 'give the model a bigger window on the server (`ossa doctor` says how)';
    throw new EvalRefusedError(
      `${target.model} gets a ${window.value}-token context window (${window.source}), below min_context_window = ${minimum}: agent work will not fit${modelTooShort ? ', and the model was trained for less' : ''}. Fix: ${fix}. Or accept the small window with -c min_context_window=${window.value}.`,
    );
  }
  const sandbox = 'workspace-write';
  try {
    const { requireSandbox } = await import('../../sandbox/detect.js');
    await requireSandbox(process.platform, env.PATH);
  } catch (error) {
    // eval runs the model's commands: never without the sandbox.
    throw new EvalRefusedError(
      `eval runs the model's commands, and the sandbox cannot start here: ${(error as Error).message}`,
    );
  }
  const { serverOf } = await import('./server-of.js');
  const server = await serverOf(target, signal);
  const { measureSpeed } = await import('./speed-facts.js');
  const speed = await measureSpeed({
    provider: target.provider,
    model: target.model,
    window: window.value,
    quick,
    ...(server.kind ? { serverKind: server.kind } : {}),
    ...(signal ? { signal } : {}),
  });
  const { checkConformance } = await import('./wire-conformance.js');
  const conformance = await checkConformance(target.provider, target.model, signal);
  return {
    provider: target.provider.id,
    providerBuiltIn: target.provider.builtIn,
    model: target.model,
    baseUrl: target.provider.baseUrl,
    wireApi: target.provider.wireApi,
    ...(server.kind ? { serverKind: server.kind } : {}),
    ...(server.version ? { serverVersion: server.version } : {}),
    contextWindow: window.value,
    windowSource: window.source,
    ...(window.trainedMax ? { trainedMax: window.trainedMax } : {}),
    sandbox,
    speed,
    conformance,
  };
}

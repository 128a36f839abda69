// Wires a Session from a prepared SessionTarget: provider → model client, sandbox policy,
// command environment, tools, instructions and the session file. Shared by exec, the TUI and
// doctor's smoke test.
import { randomUUID } from 'node:crypto';
import { credentialVariables } from '../config/credential-variables.js';
import type { ResolvedConfig } from '../config/types.js';
import { type LazyMcpSource, startMcpServers } from '../mcp/start.js';
import { type McpStatus, mcpStatus } from '../mcp/status.js';
import { createModelClient } from '../model/client.js';
import type { ModelItem } from '../model/types.js';
import type { SandboxPolicy } from '../protocol/sandbox-policy.js';
import { resolveModelFamily } from '../repair/families.js';
import { buildCommandEnv } from '../sandbox/env-policy.js';
import { resolveWritableRoots } from '../sandbox/policy.js';
import { detectServerTruncation } from '../servers/truncation.js';
import { discoverAgentsMd } from '../session/agents-md.js';
import { buildInstructions, describeEnvironment } from '../session/instructions.js';
import { Session } from '../session/session.js';
import { findSession, loadSession, SessionFile } from '../store/session-file.js';
import { patchJournalDir } from '../tools/apply-patch/recover.js';
import { createApplyPatchTool } from '../tools/apply-patch/tool.js';
import { updatePlanTool } from '../tools/plan/tool.js';
import { createToolRegistry } from '../tools/registry.js';
import { shellTool } from '../tools/shell/tool.js';
import { VERSION } from '../version.js';
import type { SessionTarget } from './prepare-session.js';

/** A saved session to continue: its file, id and history. */
export interface SavedSession {
  path: string;
  id: string;
  items: ModelItem[];
  /** Lines that were cut short by a crash or a full disk and skipped (exec warns about them). */
  tornLines?: number[];
  /** What ossa tracked before the last compaction (checked by the session). */
  ledger?: unknown;
}

/** The saved session `exec resume` names: by id, or the newest for this directory. */
export function findSavedSession(
  config: Pick<SessionTarget['config'], 'home' | 'cwd'>,
  query: { last: true } | { id: string },
): SavedSession {
  const path = findSession(config.home, 'id' in query ? { id: query.id } : { cwd: config.cwd });
  const loaded = loadSession(path);
  return {
    path,
    id: loaded.meta.id,
    items: loaded.items,
    tornLines: loaded.tornLines,
    ...(loaded.ledger !== undefined ? { ledger: loaded.ledger } : {}),
  };
}

export interface CreateSessionOptions {
  target: SessionTarget;
  env: NodeJS.ProcessEnv;
  nonInteractive: boolean;
  ephemeral: boolean;
  /** Continue this saved session (path and its items). */
  resume?: SavedSession;
  /**
   * A reviewer: read-only sandbox without network whatever the config says, nobody asked for
   * approval, and the shell tool only (it reads files to check a claim; it never edits).
   */
  reviewer?: boolean;
}

export function createSession(options: CreateSessionOptions): Session {
  const { target, env } = options;
  const { config, model } = target;
  const family = resolveModelFamily(model, config.modelFamilies);
  // Chat wire: the field reasoning goes back in is the provider's setting when the user chose
  // one, else what the model family's chat template reads (gpt-oss: `reasoning`).
  const chatReasoningField = target.provider.chatReasoningField ?? family.reasoningField;
  const provider = { ...target.provider, ...(chatReasoningField ? { chatReasoningField } : {}) };
  const contextWindow = target.contextWindow.value;

  const sandbox = options.reviewer
    ? reviewerSandbox(config, env)
    : sandboxPolicyFor(config, env, options.nonInteractive);
  const instructions = sessionInstructions(config);
  const environment = sessionEnvironment(config, env, sandbox);

  const sampling = provider.familySampling === false ? undefined : family.sampling;
  const extraBody = sampling ? samplingBody(sampling, provider.wireApi) : undefined;

  const id = options.resume?.id ?? randomUUID();
  const store = options.ephemeral ? undefined : sessionStore(options, id);
  // MCP servers start now, in parallel with the rest; the first turn waits for them (bounded).
  // A reviewer gets none: their tools may write, and it only reads.
  const mcp = options.reviewer
    ? undefined
    : startMcpServers({
        servers: config.mcpServers,
        home: config.home,
        workspace: config.cwd,
        env,
        ...(contextWindow ? { contextWindow } : {}),
      });
  const session = new Session({
    id,
    model,
    providerId: config.provider.id,
    client: createModelClient(provider),
    tools: createToolRegistry(builtInTools(config, options.reviewer === true), mcp ? [mcp] : []),
    instructions,
    environment,
    sandbox,
    cwd: config.cwd,
    commandEnv: buildCommandEnv(env, config.shellEnvironmentPolicy, {
      alwaysExclude: credentialVariables(config),
    }),
    ...(config.reasoningEffort ? { reasoningEffort: config.reasoningEffort } : {}),
    ...(options.resume ? { history: options.resume.items } : {}),
    ...(options.resume?.ledger !== undefined ? { ledger: options.resume.ledger } : {}),
    ...(store ? { store } : {}),
    family,
    ...(extraBody ? { extraBody } : {}),
    ...(config.agentMaxSteps ? { maxSteps: config.agentMaxSteps } : {}),
    context: contextSettings(config, contextWindow, provider.isLocal),
    detectTruncation: (sentTokens, reportedPromptTokens, window) =>
      detectServerTruncation({ sentApproxTokens: sentTokens, reportedPromptTokens, contextWindow: window }),
  });
  if (mcp) mcpOfSession.set(session, mcp);
  return session;
}

const mcpOfSession = new WeakMap<Session, LazyMcpSource>();

/** The session's MCP servers and tool choice (for `/mcp`), or undefined when it has none. */
export async function mcpStatusOf(session: Session): Promise<McpStatus | undefined> {
  const source = mcpOfSession.get(session);
  if (!source) return undefined;
  return mcpStatus(await source.loading);
}

/**
 * The system prompt of a session: the base prompt, developer instructions and the AGENTS.md
 * files. Nothing in it depends on the flags of a run, so a resume keeps the server's cache.
 */
export function sessionInstructions(config: SessionTarget['config']): string {
  const agentsMd = discoverAgentsMd({
    home: config.home,
    cwd: config.cwd,
    ...(config.projectRoot ? { projectRoot: config.projectRoot } : {}),
    maxBytes: config.projectDocMaxBytes,
    fallbackFilenames: config.projectDocFallbackFilenames,
  });
  return buildInstructions({
    agentsMd,
    ...(config.developerInstructions ? { developerInstructions: config.developerInstructions } : {}),
  });
}

/** The environment block the first user message of a run carries (instructions.ts). */
export function sessionEnvironment(
  config: SessionTarget['config'],
  env: NodeJS.ProcessEnv,
  sandbox: SandboxPolicy,
): string {
  return describeEnvironment({
    cwd: config.cwd,
    shell: (env.SHELL ?? '/bin/bash').split('/').at(-1) || 'bash',
    sandbox,
  });
}

/** The read-only policy a reviewer runs under, whatever the config says. */
export function reviewerSandbox(config: SessionTarget['config'], env: NodeJS.ProcessEnv): SandboxPolicy {
  return {
    ...sandboxPolicyFor(config, env, true),
    mode: 'read-only',
    approval: 'never',
    writableRoots: [],
    networkAccess: false,
  };
}

/** The sandbox a session's commands and patches run under, from the resolved config. */
export function sandboxPolicyFor(
  config: SessionTarget['config'],
  env: NodeJS.ProcessEnv,
  nonInteractive: boolean,
): SandboxPolicy {
  return {
    mode: config.sandboxMode,
    approval: config.approvalPolicy,
    writableRoots: resolveWritableRoots(
      config.sandboxMode,
      config.cwd,
      // Already holds the --add-dir directories: config applies the flag, once.
      config.sandboxWorkspaceWrite.writableRoots,
      config.sandboxWorkspaceWrite,
      env,
    ),
    networkAccess: config.sandboxMode === 'danger-full-access' || config.sandboxWorkspaceWrite.networkAccess,
    nonInteractive,
  };
}

/** Sampling settings as request fields; `top_k` only on the chat wire, where local servers take it. */
function samplingBody(
  sampling: { temperature?: number; top_p?: number; top_k?: number },
  wireApi: 'responses' | 'chat',
): Record<string, unknown> | undefined {
  const body: Record<string, unknown> = {};
  if (sampling.temperature !== undefined) body.temperature = sampling.temperature;
  if (sampling.top_p !== undefined) body.top_p = sampling.top_p;
  if (wireApi === 'chat' && sampling.top_k !== undefined) body.top_k = sampling.top_k;
  return Object.keys(body).length > 0 ? body : undefined;
}

/** The session file: the resumed one, or a new one under $OSSA_HOME/sessions. */
function sessionStore(options: CreateSessionOptions, id: string): SessionFile {
  const { config, model } = options.target;
  if (options.resume) return SessionFile.open(options.resume.path);
  return SessionFile.create(config.home, {
    id,
    createdAt: new Date().toISOString(),
    cwd: config.cwd,
    model,
    provider: config.provider.id,
    ossaVersion: VERSION,
  });
}

/**
 * shell, apply_patch and update_plan — a reviewer gets the shell only (it reads; it never edits).
 * The same declarations under every sandbox and approval policy (tools/shell/tool.ts says why).
 */
function builtInTools(config: ResolvedConfig, reviewer: boolean) {
  if (reviewer) return [shellTool];
  return [shellTool, createApplyPatchTool({ journalDir: patchJournalDir(config.home) }), updatePlanTool];
}

/** The window the server really serves: the budgets of context management are fractions of it. */
function contextSettings(config: ResolvedConfig, contextWindow: number | undefined, isLocal: boolean) {
  return {
    ...(contextWindow ? { window: contextWindow } : {}),
    isLocal,
    ...(config.autoCompactTokenLimit ? { autoCompactTokenLimit: config.autoCompactTokenLimit } : {}),
    ...(config.toolOutputTokenLimit ? { toolOutputTokenLimit: config.toolOutputTokenLimit } : {}),
  };
}

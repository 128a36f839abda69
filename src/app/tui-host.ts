// The use cases behind the interactive UI, as the TuiHost callbacks tui/ calls: the first session
// (from the target prepared before the UI took the screen), model and profile switches that carry
// the conversation over, new and resumed sessions, model and session listings, /debug-config,
// /diff, /init and `@` completion. Every switch goes through prepareSession, like exec and doctor.

import { ConfigError } from '../config/errors.js';
import type { GlobalFlags } from '../config/flags.js';
import { OssaError } from '../errors.js';
import type { NoticeSink } from '../servers/provision/io.js';
import type { Session } from '../session/session.js';
import type { SessionBinding, TuiHost } from '../tui/host.js';
import type { SavedSession } from './create-session.js';
import type { PrepareIo, SessionTarget } from './prepare-session.js';

export interface TuiHostInput {
  cwd: string;
  env: NodeJS.ProcessEnv;
  flags: GlobalFlags;
  /** The first session's target, prepared before the UI started (pulls and questions on the terminal). */
  first: SessionTarget;
  /**
   * How later switches prepare their target while the UI owns the screen: nobody can be asked,
   * and notices are collected and shown in the UI instead of written to the terminal.
   */
  switchIo?: Omit<PrepareIo, 'notices' | 'interactive'>;
}

export type TuiHostHandle = TuiHost & { close(): void; sessionId(): string | undefined };

interface Current {
  target: SessionTarget;
  session: Session;
}

export function createTuiHost(input: TuiHostInput): TuiHostHandle {
  const sessions = new UiSessions(input);
  return {
    connect: () => sessions.connect(),
    listModels: () => listProviderModels(sessions.requireCurrent().target),
    // A model picked here is its own origin (`/model` in /debug-config), not the -m flag.
    switchModel: (model) => sessions.carryOver({ ...sessions.flags, sessionModel: model }),
    // The profile's own model applies, so a model chosen earlier (or with -m) is dropped.
    switchProfile: (name) =>
      sessions
        .carryOver({ ...sessions.flags, profile: name, model: undefined, sessionModel: undefined })
        .catch((error: unknown) => {
          throw asSlashCommandError(error, '-p', `/profile ${name}`);
        }),
    newSession: () => sessions.fresh(),
    async listSessions() {
      const { target, session } = sessions.requireCurrent();
      const { listResumableSessions } = await import('./saved-sessions.js');
      return listResumableSessions(target.config, session.id);
    },
    async resumeSession(id) {
      const { target } = sessions.requireCurrent();
      const { session, loaded } = await sessions.openSaved(target, id);
      const { replayOfSession } = await import('./saved-sessions.js');
      return sessions.bind({ target, session }, { replay: replayOfSession(loaded) });
    },
    async debugConfig() {
      const { target } = sessions.requireCurrent();
      const { debugConfigReport, renderDebugConfigText } = await import('./debug-config.js');
      return renderDebugConfigText(debugConfigReport(target.config, input.env));
    },
    async review(args, onNotice, signal) {
      const { target } = sessions.requireCurrent();
      const { reviewForUi } = await import('./review/review-for-ui.js');
      const { document, sessionId } = await reviewForUi(target, input.env, args, onNotice, signal);
      if (!sessionId) return { document };
      // The review continues under this UI's own settings (its sandbox, its approvals).
      const { session } = await sessions.openSaved(target, sessionId);
      return { document, binding: sessions.bind({ target, session }) };
    },
    ...workspaceCallbacks(() => sessions.cwd()),
    mcpStatus: () => mcpStatusText(sessions.requireCurrent().session),
    close() {
      // Interrupts the turn and stops the session's MCP servers.
      void sessions.current?.session.close();
    },
    sessionId: () => {
      const { current } = sessions;
      return current && current.session.items.length > 0 ? current.session.id : undefined;
    },
  };
}

/** The UI's current session and flags, and how it moves to another one. */
class UiSessions {
  flags: GlobalFlags;
  current: Current | undefined;
  private firstTarget: SessionTarget | undefined;

  constructor(private readonly input: TuiHostInput) {
    this.flags = { ...input.flags };
    this.firstTarget = input.first;
  }

  async connect(): Promise<SessionBinding> {
    // The first target was prepared before the UI started; use it once, without a second
    // config resolution or probe.
    const target = this.firstTarget ?? (await this.prepare(this.flags)).target;
    this.firstTarget = undefined;
    return this.bind({ target, session: await this.open(target) }, { notices: target.warnings });
  }

  async fresh(): Promise<SessionBinding> {
    const { target, notices } = await this.prepare(this.flags);
    return this.bind({ target, session: await this.open(target) }, { notices });
  }

  /** The same conversation under another configuration (model or profile switch). */
  async carryOver(nextFlags: GlobalFlags): Promise<SessionBinding> {
    const { target, notices } = await this.prepare(nextFlags);
    const previous = this.requireCurrent();
    // Nothing said yet means no session file yet, and nothing to carry over.
    let session: Session;
    if (previous.session.items.length === 0) {
      session = await this.open(target);
    } else {
      const { findSession } = await import('../store/session-file.js');
      const path = findSession(previous.target.config.home, { id: previous.session.id });
      session = await this.open(target, {
        path,
        id: previous.session.id,
        items: [...previous.session.items],
      });
    }
    this.flags = nextFlags;
    return this.bind({ target, session }, { notices });
  }

  /** A saved session (resumed, or the one a review left) opened under `target`. */
  async openSaved(target: SessionTarget, id: string) {
    const { findSession, loadSession } = await import('../store/session-file.js');
    const path = findSession(target.config.home, { id });
    const loaded = loadSession(path);
    const session = await this.open(target, { path, id: loaded.meta.id, items: loaded.items });
    return { session, loaded };
  }

  /** Makes `next` the current session (the previous one is interrupted) and describes it. */
  bind(next: Current, extra: Partial<SessionBinding> = {}): SessionBinding {
    if (this.current && this.current.session !== next.session) void this.current.session.close();
    this.current = next;
    return { session: next.session, info: sessionInfo(next.target, next.session.id), ...extra };
  }

  requireCurrent(): Current {
    if (!this.current) throw new Error('No session yet: still connecting.');
    return this.current;
  }

  cwd(): string {
    return this.current?.target.config.cwd ?? this.input.cwd;
  }

  private prepare(nextFlags: GlobalFlags) {
    return prepareForSwitch(this.input, nextFlags);
  }

  private open(target: SessionTarget, resume?: SavedSession) {
    return openSession(this.input.env, target, resume);
  }
}

async function mcpStatusText(session: Session): Promise<string> {
  const { mcpStatusOf } = await import('./create-session.js');
  const status = await mcpStatusOf(session);
  if (!status)
    return 'No MCP servers are configured. Add one with `ossa mcp add NAME -- COMMAND…` (see docs/mcp.md).';
  const { renderMcpStatus } = await import('../mcp/status.js');
  return renderMcpStatus(status);
}

/** What the status line and /status show about a session. */
function sessionInfo(target: SessionTarget, sessionId: string): SessionBinding['info'] {
  const { config } = target;
  const contextWindow = target.contextWindow.value;
  return {
    sessionId,
    provider: target.provider.id,
    model: target.model,
    ...(config.profile ? { profile: config.profile } : {}),
    sandbox: config.sandboxMode,
    approval: config.approvalPolicy,
    ...(contextWindow !== undefined ? { contextWindow } : {}),
    baseUrl: target.provider.baseUrl,
    cwd: config.cwd,
  };
}

/** /model's list: the models the provider serves, sorted. */
async function listProviderModels(target: SessionTarget): Promise<string[]> {
  const { listOpenAiModels } = await import('../servers/openai-models.js');
  const { providerHeaders } = await import('../servers/provider-headers.js');
  const models = await listOpenAiModels(target.provider.baseUrl, {
    headers: providerHeaders(target.provider),
    timeoutMs: 5000,
  });
  return models.map((model) => model.id).sort((a, b) => a.localeCompare(b));
}

/** Prepares a target while the UI owns the screen: nobody is asked, notices are collected. */
async function prepareForSwitch(
  input: TuiHostInput,
  flags: GlobalFlags,
): Promise<{ target: SessionTarget; notices: string[] }> {
  const { prepareSession } = await import('./prepare-session.js');
  const notices: string[] = [];
  const target = await prepareSession({
    cwd: input.cwd,
    env: input.env,
    flags,
    io: {
      assumeYes: Boolean(flags.yes),
      ...input.switchIo,
      interactive: false,
      notices: lineCollector(notices),
    },
  });
  return { target, notices: [...notices, ...target.warnings] };
}

async function openSession(
  env: NodeJS.ProcessEnv,
  target: SessionTarget,
  resume?: SavedSession,
): Promise<Session> {
  const { createSession } = await import('./create-session.js');
  return createSession({
    target,
    env,
    nonInteractive: false,
    ephemeral: false,
    ...(resume ? { resume } : {}),
  });
}

/** /diff, /init and `@` completion, in the current session's working directory. */
function workspaceCallbacks(cwd: () => string): Pick<TuiHost, 'gitDiff' | 'initAgentsMd' | 'listFiles'> {
  return {
    async gitDiff() {
      const { workspaceDiff } = await import('./workspace/git-diff.js');
      return workspaceDiff(cwd());
    },
    async initAgentsMd() {
      const { createAgentsMd } = await import('./workspace/agents-md.js');
      return createAgentsMd(cwd());
    },
    async listFiles() {
      const { listWorkspaceFiles } = await import('./workspace/list-files.js');
      return listWorkspaceFiles(cwd());
    },
  };
}

/** A writable that keeps each written line (provisioning notices while the UI owns the screen). */
function lineCollector(lines: string[]): NoticeSink {
  let partial = '';
  return {
    write(text: string) {
      partial += text;
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) if (line.trim()) lines.push(line.replace(/\r/g, ''));
    },
  };
}

/**
 * A config error that names a command-line flag (`-p: profile … not found`) said in terms of the
 * slash command that caused it (`/profile nope: profile … not found`).
 */
function asSlashCommandError(error: unknown, flag: string, command: string): unknown {
  if (!(error instanceof ConfigError) || error.file !== flag) return error;
  return new OssaError(
    `${command}: ${error.problem}${error.fix ? `\nfix: ${error.fix}` : ''}`,
    error.exitCode,
  );
}

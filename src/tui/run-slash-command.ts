// What each slash command does. Commands that change the session ask the host for a new
// binding; the rest add a panel or a notice to the transcript.
import type { SessionOp } from '../protocol/events.js';
import { reviewText } from '../protocol/review-document.js';
import type { BusyWork } from './busy-work.js';
import type { SessionBinding, TuiHost } from './host.js';
import type { Action } from './reducer.js';
import { helpText, type SlashInvocation } from './slash-commands.js';
import type { TuiState } from './state.js';
import { statusReport } from './status-report.js';

export interface SlashContext {
  host: TuiHost;
  state: TuiState;
  dispatch: (action: Action) => void;
  bind: (binding: SessionBinding, reason: 'model' | 'profile' | 'new' | 'resume' | 'review') => void;
  exit: () => void;
  /** Sends an op to the current session (`/compact`). */
  submit: (op: SessionOp) => void;
  /** Host work Esc or Ctrl-C can stop (`/review`). */
  busyWork: BusyWork;
}

export async function runSlashCommand({ spec, arg }: SlashInvocation, context: SlashContext): Promise<void> {
  const ui = slashUi(context);
  if (spec.needsIdle && context.state.running) {
    ui.notice('warning', `/${spec.name} waits until the current turn ends: press Esc to interrupt it first.`);
    return;
  }
  if (spec.needsIdle && !context.state.status) {
    ui.notice('warning', `/${spec.name} needs a connected session; still connecting.`);
    return;
  }
  const handler = HANDLERS[spec.name];
  if (handler) await handler(arg, ui, context);
  else ui.notice('error', `/${spec.name} is not handled.`);
}

/** What the handlers show with: notices, panels, a busy line around host work, a rebind. */
interface SlashUi {
  notice(tone: 'info' | 'warning' | 'error', text: string): void;
  panel(title: string, body: string, format?: 'text' | 'diff'): void;
  /** Runs host work under a busy line; an error becomes a notice (and `undefined`). */
  withBusy<T>(text: string, work: () => Promise<T>): Promise<T | undefined>;
  /** The same for work Esc or Ctrl-C may stop: it gets the signal; a stop is a notice, not an error. */
  withStoppable<T>(
    text: string,
    what: string,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T | undefined>;
  /** Asks the host for another session and shows it, or the error that stopped it. */
  rebind(
    text: string,
    reason: Parameters<SlashContext['bind']>[1],
    work: () => Promise<SessionBinding>,
  ): Promise<void>;
  /** Opens a picker (its choice comes back through runPickerChoice). */
  pick(purpose: 'model' | 'resume', title: string, items: { value: string; label: string }[]): void;
}

function slashUi({ dispatch, bind, busyWork }: SlashContext): SlashUi {
  const ui: SlashUi = {
    notice: (tone, text) => dispatch({ type: 'add-cell', cell: { kind: 'notice', tone, text } }),
    panel: (title, body, format = 'text') =>
      dispatch({ type: 'add-cell', cell: { kind: 'panel', title, body, format } }),
    async withBusy(text, work) {
      dispatch({ type: 'busy', text });
      try {
        return await work();
      } catch (error) {
        ui.notice('error', error instanceof Error ? error.message : String(error));
        return undefined;
      } finally {
        dispatch({ type: 'busy' });
      }
    },
    async withStoppable(text, what, work) {
      const signal = busyWork.start();
      dispatch({ type: 'busy', text: `${text} · Esc stops it`, cancellable: true });
      try {
        return await work(signal);
      } catch (error) {
        if (signal.aborted) ui.notice('info', `${what} stopped.`);
        else ui.notice('error', error instanceof Error ? error.message : String(error));
        return undefined;
      } finally {
        busyWork.end(signal);
        dispatch({ type: 'busy' });
      }
    },
    async rebind(text, reason, work) {
      const binding = await ui.withBusy(text, work);
      if (binding) bind(binding, reason);
    },
    pick: (purpose, title, items) => dispatch({ type: 'picker-open', picker: { purpose, title, items } }),
  };
  return ui;
}

type SlashHandler = (arg: string, ui: SlashUi, context: SlashContext) => Promise<void> | void;

/** Host work whose text result becomes a panel. */
const panelOf =
  (busy: string, title: string, work: (host: TuiHost) => Promise<string | undefined>): SlashHandler =>
  async (_arg, ui, { host }) => {
    const text = await ui.withBusy(busy, () => work(host));
    if (text !== undefined) ui.panel(title, text.trimEnd());
  };

const HANDLERS: Record<string, SlashHandler> = {
  help: (_arg, ui) => ui.panel('Commands', helpText()),
  quit: (_arg, _ui, context) => context.exit(),
  status: (_arg, ui, { state }) => {
    if (state.status) ui.panel('Status', statusReport(state.status));
    else ui.notice('info', 'Still connecting to the model provider.');
  },
  'debug-config': panelOf('reading the configuration…', 'Configuration', (host) => host.debugConfig()),
  mcp: panelOf('asking the MCP servers…', 'MCP', (host) => host.mcpStatus()),
  async diff(_arg, ui, { host }) {
    const diff = await ui.withBusy('running git diff…', () => host.gitDiff());
    if (diff === undefined) return;
    if (diff.trim() === '') ui.notice('info', 'No changes in the workspace.');
    else ui.panel('git diff', diff.trimEnd(), 'diff');
  },
  async init(_arg, ui, { host }) {
    const message = await ui.withBusy('writing AGENTS.md…', () => host.initAgentsMd());
    if (message !== undefined) ui.notice('info', message);
  },
  model: chooseModel,
  async profile(arg, ui, { host }) {
    if (!arg) {
      ui.notice('warning', 'Usage: /profile NAME (a file $OSSA_HOME/NAME.config.toml).');
      return;
    }
    await ui.rebind(`switching to profile ${arg}…`, 'profile', () => host.switchProfile(arg));
  },
  // Runs as a turn of its own: the transcript shows it, Esc interrupts it.
  compact: (arg, _ui, context) => context.submit({ type: 'compact', ...(arg ? { focus: arg } : {}) }),
  new: (_arg, ui, { host }) => ui.rebind('starting a new session…', 'new', () => host.newSession()),
  async review(arg, ui, { host, bind }) {
    const result = await ui.withStoppable('reviewing (read-only)…', 'The review', (signal) =>
      host.review(arg, (text) => ui.notice('info', text), signal),
    );
    if (!result) return;
    ui.panel('Review', reviewText(result.document).trimEnd());
    if (result.binding) bind(result.binding, 'review');
  },
  resume: chooseSession,
};

async function chooseModel(arg: string, ui: SlashUi, { host, state }: SlashContext): Promise<void> {
  if (arg) {
    await ui.rebind(`switching to ${arg}…`, 'model', () => host.switchModel(arg));
    return;
  }
  const models = await ui.withBusy('asking the provider for its models…', () => host.listModels());
  if (!models) return;
  if (models.length === 0) {
    ui.notice('warning', 'The provider listed no models. Use /model NAME to pick one by name.');
    return;
  }
  const current = state.status?.model;
  ui.pick(
    'model',
    'Choose a model (applies from the next turn)',
    orderCurrentFirst(models, current).map((model) => ({
      value: model,
      label: model === current ? `${model}  (current)` : model,
    })),
  );
}

async function chooseSession(arg: string, ui: SlashUi, { host }: SlashContext): Promise<void> {
  if (arg) {
    await ui.rebind(`resuming ${arg}…`, 'resume', () => host.resumeSession(arg));
    return;
  }
  const sessions = await ui.withBusy('looking for saved sessions…', () => host.listSessions());
  if (!sessions) return;
  if (sessions.length === 0) {
    ui.notice('info', 'No other saved session for this directory.');
    return;
  }
  ui.pick(
    'resume',
    'Resume a session',
    sessions.map((session) => ({ value: session.id, label: session.label })),
  );
}

/** Runs the choice made in a picker. */
export async function runPickerChoice(
  purpose: 'model' | 'resume',
  value: string,
  context: SlashContext,
): Promise<void> {
  const spec = { name: purpose, help: '', needsIdle: true };
  await runSlashCommand({ spec, arg: value }, context);
}

function orderCurrentFirst(models: string[], current: string | undefined): string[] {
  const unique = [...new Set(models)];
  return current && unique.includes(current) ? [current, ...unique.filter((m) => m !== current)] : unique;
}

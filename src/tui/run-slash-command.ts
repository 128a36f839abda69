// What each slash command does. Commands that change the session ask the host for a new
// binding; the rest add a panel or a notice to the transcript.
import type { SessionOp } from '../protocol/events.js';
import { reviewText } from '../protocol/review-document.js';
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
}

export async function runSlashCommand({ spec, arg }: SlashInvocation, context: SlashContext): Promise<void> {
  const { host, state, dispatch, bind } = context;
  const notice = (tone: 'info' | 'warning' | 'error', text: string) =>
    dispatch({ type: 'add-cell', cell: { kind: 'notice', tone, text } });
  const panel = (title: string, body: string, format: 'text' | 'diff' = 'text') =>
    dispatch({ type: 'add-cell', cell: { kind: 'panel', title, body, format } });

  if (spec.needsIdle && state.running) {
    notice('warning', `/${spec.name} waits until the current turn ends: press Esc to interrupt it first.`);
    return;
  }
  if (spec.needsIdle && !state.status) {
    notice('warning', `/${spec.name} needs a connected session; still connecting.`);
    return;
  }
  const withBusy = async <T>(text: string, work: () => Promise<T>): Promise<T | undefined> => {
    dispatch({ type: 'busy', text });
    try {
      return await work();
    } catch (error) {
      notice('error', error instanceof Error ? error.message : String(error));
      return undefined;
    } finally {
      dispatch({ type: 'busy' });
    }
  };
  /** Asks the host for another session and shows it, or the error that stopped it. */
  const rebind = async (
    text: string,
    reason: Parameters<SlashContext['bind']>[1],
    work: () => Promise<SessionBinding>,
  ) => {
    const binding = await withBusy(text, work);
    if (binding) bind(binding, reason);
  };

  switch (spec.name) {
    case 'help':
      panel('Commands', helpText());
      return;
    case 'quit':
      context.exit();
      return;
    case 'status':
      if (state.status) panel('Status', statusReport(state.status));
      else notice('info', 'Still connecting to the model provider.');
      return;
    case 'debug-config': {
      const text = await withBusy('reading the configuration…', () => host.debugConfig());
      if (text !== undefined) panel('Configuration', text.trimEnd());
      return;
    }
    case 'mcp': {
      const text = await withBusy('asking the MCP servers…', () => host.mcpStatus());
      if (text !== undefined) panel('MCP', text.trimEnd());
      return;
    }
    case 'diff': {
      const diff = await withBusy('running git diff…', () => host.gitDiff());
      if (diff === undefined) return;
      if (diff.trim() === '') notice('info', 'No changes in the workspace.');
      else panel('git diff', diff.trimEnd(), 'diff');
      return;
    }
    case 'init': {
      const message = await withBusy('writing AGENTS.md…', () => host.initAgentsMd());
      if (message !== undefined) notice('info', message);
      return;
    }
    case 'model': {
      if (arg) {
        await rebind(`switching to ${arg}…`, 'model', () => host.switchModel(arg));
        return;
      }
      const models = await withBusy('asking the provider for its models…', () => host.listModels());
      if (!models) return;
      if (models.length === 0) {
        notice('warning', 'The provider listed no models. Use /model NAME to pick one by name.');
        return;
      }
      const current = state.status?.model;
      dispatch({
        type: 'picker-open',
        picker: {
          purpose: 'model',
          title: 'Choose a model (applies from the next turn)',
          items: orderCurrentFirst(models, current).map((model) => ({
            value: model,
            label: model === current ? `${model}  (current)` : model,
          })),
        },
      });
      return;
    }
    case 'profile': {
      if (!arg) {
        notice('warning', 'Usage: /profile NAME (a file $OSSA_HOME/NAME.config.toml).');
        return;
      }
      await rebind(`switching to profile ${arg}…`, 'profile', () => host.switchProfile(arg));
      return;
    }
    case 'compact':
      // Runs as a turn of its own: the transcript shows it, Esc interrupts it.
      context.submit({ type: 'compact', ...(arg ? { focus: arg } : {}) });
      return;
    case 'new':
      await rebind('starting a new session…', 'new', () => host.newSession());
      return;
    case 'review': {
      const result = await withBusy('reviewing (read-only)…', () =>
        host.review(arg, (text) => notice('info', text)),
      );
      if (!result) return;
      panel('Review', reviewText(result.document).trimEnd());
      if (result.binding) bind(result.binding, 'review');
      return;
    }
    case 'resume': {
      if (arg) {
        await rebind(`resuming ${arg}…`, 'resume', () => host.resumeSession(arg));
        return;
      }
      const sessions = await withBusy('looking for saved sessions…', () => host.listSessions());
      if (!sessions) return;
      if (sessions.length === 0) {
        notice('info', 'No other saved session for this directory.');
        return;
      }
      dispatch({
        type: 'picker-open',
        picker: {
          purpose: 'resume',
          title: 'Resume a session',
          items: sessions.map((s) => ({ value: s.id, label: s.label })),
        },
      });
      return;
    }
    default:
      notice('error', `/${spec.name} is not handled.`);
  }
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

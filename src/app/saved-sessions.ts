// Saved sessions as the UI lists and replays them: the resumable ones for a directory (those with
// a prompt), labelled for a picker, and the text entries a resumed session shows again.

import type { ResolvedConfig } from '../config/index.js';
import type { ModelItem } from '../model/types.js';
import type { AgentEvent } from '../protocol/events.js';
import { withoutEnvironment } from '../session/instructions.js';
import type { ReplayEntry, SavedSessionSummary } from '../tui/host.js';

const LISTED = 20;

/** Sessions for this directory, newest first, without `excludeId`; at most 20. */
export async function listResumableSessions(
  config: Pick<ResolvedConfig, 'home' | 'cwd'>,
  excludeId: string,
): Promise<SavedSessionSummary[]> {
  const { listSessions, loadSession } = await import('../store/session-file.js');
  // A file is written from the first record on; one without a prompt (cut off before the user
  // message was recorded) has nothing to continue and is left out.
  const found: SavedSessionSummary[] = [];
  for (const entry of listSessions(config.home, { cwd: config.cwd })) {
    if (entry.meta.id === excludeId) continue;
    const firstPrompt = replayOf(loadSession(entry.path).items).find((e) => e.role === 'user')?.text;
    if (!firstPrompt) continue;
    const when = entry.meta.createdAt.slice(0, 16).replace('T', ' ');
    found.push({
      id: entry.meta.id,
      label: `${when}  ${entry.meta.model} · ${firstPrompt.replace(/\s+/g, ' ').slice(0, 60)}`,
    });
    if (found.length === LISTED) break;
  }
  return found;
}

/** The user and assistant messages of a history, oldest first. */
export function replayOf(items: readonly ModelItem[]): Extract<ReplayEntry, { text: string }>[] {
  return items.flatMap((item) =>
    item.type === 'message' && (item.role === 'user' || item.role === 'assistant')
      ? [{ role: item.role, text: item.role === 'user' ? withoutEnvironment(item.text) : item.text }]
      : [],
  );
}

/**
 * What /resume shows again, from the saved events: prompts, answers, and the commands, patches
 * and plans between them. A file without events (older ossa) replays its messages.
 */
export function replayOfSession(loaded: {
  items: readonly ModelItem[];
  events: readonly AgentEvent[];
}): ReplayEntry[] {
  if (!loaded.events.some((event) => event.type === 'turn-begin')) return replayOf(loaded.items);
  return loaded.events.flatMap((event): ReplayEntry[] => {
    switch (event.type) {
      case 'turn-begin':
        return [{ role: 'user', text: event.prompt }];
      case 'message':
        return event.text.trim() ? [{ role: 'assistant', text: event.text }] : [];
      case 'tool-call-begin':
      case 'tool-call-end':
      case 'plan-update':
        return [{ role: 'event', event }];
      default:
        return [];
    }
  });
}

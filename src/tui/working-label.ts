// The one line under the transcript while a turn runs: what it is doing now, in words. Waiting
// for the user is not "working", and a long tool call being written shows that output arrives.
import type { LiveState } from './state.js';

export function workingLabel(live: LiveState): string {
  if (live.interrupting) return 'Interrupting';
  if (live.approval) return 'Waiting for your answer';
  if (live.writingTool) {
    const what = live.writingTool.name === 'apply_patch' ? 'a patch' : live.writingTool.name;
    return `Receiving ${what} from the model · ${live.writingTool.characters.toLocaleString('en-US')} characters`;
  }
  if (!live.streamText && live.tools.length === 0) return 'Waiting for the model';
  return 'Working';
}

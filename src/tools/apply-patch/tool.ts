// The `apply_patch` function tool. The whole change is planned (and diffed) first; then, when the
// policy asks for it, approval is requested once for the whole diff; then everything is written
// atomically. Failures are returned to the model as results it can act on.
import { realpath } from 'node:fs/promises';
import type { ApprovalRequest } from '../../protocol/approval.js';
import type { SandboxPolicy } from '../../protocol/sandbox-policy.js';
import type { PatchDetails, PatchFile } from '../../protocol/tool-details.js';
import * as z from '../../protocol/zod.js';
import { decidePatch } from '../../sandbox/approvals.js';
import { findProtectedPaths, tempRoots } from '../../sandbox/protected-paths.js';
import { defineTool, type ToolResult } from '../define-tool.js';
import { applyPlan } from './apply.js';
import { PatchError } from './patch-error.js';
import { formatPatchSummary, type PatchPlan, planPatch } from './plan.js';

// Every token here is prefill cost on every request: keep it short, but complete enough that a
// small open model writes valid patches from it alone (about 200 tokens).
const DESCRIPTION = `Create, edit, move or delete files with a patch. Format:
*** Begin Patch
*** Add File: path/new.py
+every line of a new file starts with +
*** Update File: path/old.py
*** Move to: path/renamed.py (optional)
@@ def some_function(): (optional: a line above the change, to locate it)
 unchanged context line (starts with a space)
-line to remove
+line to add
*** Delete File: path/unused.py
*** End Patch
Paths are relative to the working directory. In an update, copy about 3 unchanged lines before and after each change exactly as they are in the file; start each separate change with @@. All files change or none do.`;

const PATCH_START = /^\s*(?:\*\*\* Begin Patch|(?:apply_?patch\s+)?<<|```)/;

const parameters = z.pipe(
  // Models without JSON discipline send the bare patch, or name the field `patch`.
  z.transform((value: unknown) => {
    if (typeof value === 'string' && PATCH_START.test(value)) return { input: value };
    if (value && typeof value === 'object' && !('input' in value) && 'patch' in value) {
      return { input: (value as { patch: unknown }).patch };
    }
    return value;
  }),
  z.object({
    input: z.string().check(z.describe('The whole patch, from *** Begin Patch to *** End Patch.')),
  }),
);

export type FileChangeSummary = PatchFile;

export interface ApplyPatchToolOptions {
  /** $OSSA_HOME/patch-journal: the commit journal that makes a killed apply recoverable. */
  journalDir?: string;
}

/** The tool without a journal (tests); sessions use createApplyPatchTool. */
export const applyPatchTool = createApplyPatchTool({});

export function createApplyPatchTool(toolOptions: ApplyPatchToolOptions) {
  return defineTool({
    name: 'apply_patch',
    description: DESCRIPTION,
    parameters,
    async run({ input }, ctx): Promise<ToolResult> {
      const options = {
        cwd: ctx.cwd,
        writableRoots: ctx.sandbox.writableRoots,
        allowOutside: true,
        // As for commands: .git and .ossa inside the roots are not written without asking, nor are
        // the git directories `.git` files point at (path-safety.ts adds .git/.ossa at any depth).
        protectedPaths: findProtectedPaths(ctx.sandbox.writableRoots, ctx.cwd, tempRoots(ctx.commandEnv))
          .existing,
      };
      let plan: PatchPlan;
      try {
        plan = await planPatch(input, options);
      } catch (error) {
        return failure(error);
      }
      const files = summariseFiles(plan);
      const details: PatchDetails = { kind: 'apply_patch', diff: plan.diff, files, applied: false };

      const verdict = decidePatch({ outsideWritableRoots: !plan.allInside, policy: ctx.sandbox });
      const reason = verdict.reason + listOutside(plan, ctx.sandbox);
      if (verdict.decision === 'reject')
        return rejected(reason, { ...details, rejected: { by: 'policy', reason } });
      if (verdict.decision === 'ask') {
        const request: ApprovalRequest = {
          kind: 'patch',
          callId: '',
          diff: plan.diff,
          files: files.flatMap((file) => (file.movedFrom ? [file.movedFrom, file.path] : [file.path])),
          reason,
          scope: approvalScope(plan),
        };
        const decision = await ctx.requestApproval(request);
        if (decision.decision === 'denied') {
          const why = decision.reason || reason;
          return rejected(why, { ...details, rejected: { by: 'user', reason: why } });
        }
        // The files may have changed while the user looked at the diff: apply only what was approved.
        try {
          const replanned = await planPatch(input, options);
          if (replanned.diff !== plan.diff) {
            return {
              output:
                'The files changed while the patch waited for approval. No files were modified; read them again and send a new patch.',
              success: false,
              details,
            };
          }
          plan = replanned;
        } catch (error) {
          return failure(error);
        }
      }
      if (ctx.signal.aborted) {
        return {
          output: 'Interrupted before the patch was applied. No files were modified.',
          success: false,
          details,
        };
      }
      try {
        await applyPlan(plan, {
          ...(toolOptions.journalDir ? { journalDir: toolOptions.journalDir } : {}),
          cwd: await realpath(ctx.cwd),
        });
      } catch (error) {
        return failure(error);
      }
      return { output: formatPatchSummary(plan), success: true, details: { ...details, applied: true } };
    },
  });
}

/** Real paths the patch writes or removes, each marked with whether it is inside the writable roots. */
function approvalScope(plan: PatchPlan): string[] {
  const outside = new Set(plan.outsideRealPaths);
  return plan.operations.map(
    (operation) => `${outside.has(operation.path) ? 'outside' : 'inside'}:${operation.path}`,
  );
}

/** Under workspace-write: which files are outside the writable roots and why (empty when none). */
function listOutside(plan: Pick<PatchPlan, 'changes'>, sandbox: SandboxPolicy): string {
  if (sandbox.mode !== 'workspace-write') return '';
  const listed = plan.changes
    .filter((change) => !change.inside)
    .map((change) => `${change.movePath ?? change.path} (${change.outsideReason})`);
  return listed.length === 0 ? '' : ` Outside: ${listed.join(', ')}.`;
}

function rejected(reason: string, details: PatchDetails): ToolResult {
  return {
    output: `Patch rejected: ${reason.replace(/\.$/, '')}. No files were modified.`,
    success: false,
    details,
  };
}

function summariseFiles(plan: PatchPlan): FileChangeSummary[] {
  return plan.changes.map((change) =>
    change.movePath === undefined
      ? { path: change.path, kind: change.kind }
      : { path: change.movePath, kind: change.kind, movedFrom: change.path },
  );
}

function failure(error: unknown): ToolResult {
  if (!(error instanceof PatchError)) throw error;
  let output = error.message.endsWith('No files were modified.')
    ? error.message
    : `${error.message}\nNo files were modified.`;
  if (error.message.startsWith('Failed to find')) {
    output += ' Read the file again and copy the context and - lines exactly.';
  }
  return { output, success: false };
}

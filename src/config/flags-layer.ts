// The dedicated flags as a config layer (the highest one): -m, -s, -a, --full-auto,
// --dangerously-bypass-approvals-and-sandbox, --local-provider. --oss and --add-dir depend on
// the merged config and are applied in resolve.ts.

import { UsageError } from '../errors.js';
import type { GlobalFlags } from './flags.js';
import type { Table } from './parse-toml.js';

export function flagsToTable(flags: GlobalFlags): Table {
  const table: Table = {};
  if (flags.model !== undefined) table.model = flags.model;
  if (flags.localProvider !== undefined) table.oss_provider = flags.localProvider;

  if (flags.dangerouslyBypassApprovalsAndSandbox) {
    const conflicts: string[] = [];
    if (flags.sandbox !== undefined && flags.sandbox !== 'danger-full-access')
      conflicts.push(`-s ${flags.sandbox}`);
    if (flags.askForApproval !== undefined && flags.askForApproval !== 'never') {
      conflicts.push(`-a ${flags.askForApproval}`);
    }
    if (flags.fullAuto) conflicts.push('--full-auto');
    if (conflicts.length > 0) {
      throw new UsageError(
        `--dangerously-bypass-approvals-and-sandbox cannot be combined with ${conflicts.join(', ')}: ` +
          'it turns off both the sandbox and the questions. Drop one of them.',
      );
    }
    table.sandbox_mode = 'danger-full-access';
    table.approval_policy = 'never';
    return table;
  }
  if (flags.fullAuto) {
    table.sandbox_mode = 'workspace-write';
    table.approval_policy = 'on-request';
  }
  if (flags.sandbox !== undefined) table.sandbox_mode = flags.sandbox;
  if (flags.askForApproval !== undefined) table.approval_policy = flags.askForApproval;
  return table;
}

// What the approval keys grant, in words that promise exactly that: `a` approves this command
// (the same argv), patches to exactly these files (the same set), or every call of this MCP tool
// for the rest of the session — the session's approval key (session.ts approvalKey) — and
// nothing more.
import type { ApprovalRequest } from '../protocol/approval.js';

/** The text after `a` in the approval prompt. */
export function sessionApprovalLabel(request: ApprovalRequest): string {
  switch (request.kind) {
    case 'command':
      return 'yes, and this same command again this session';
    case 'patch':
      return request.files.length === 1
        ? 'yes, and later patches to this file only, this session'
        : `yes, and later patches to exactly these ${request.files.length} files, this session`;
    case 'tool':
      return `yes, and every call of ${request.name} this session`;
  }
}

export { declinedByYou, isDefaultDecline } from '../protocol/tool-outcome-text.js';

// The approval questions of a session: asks the front-end (or answers `denied` when nobody can
// answer), remembers "approve for this session" and turns an interrupt into a denial.
import type { ApprovalDecision, ApprovalRequest } from '../protocol/approval.js';
import type { AgentEvent } from '../protocol/events.js';

export class ApprovalBroker {
  private readonly pending = new Map<string, (decision: ApprovalDecision) => void>();
  private readonly approvedForSession = new Set<string>();

  constructor(
    private readonly nonInteractive: boolean,
    private readonly emit: (event: AgentEvent) => void,
  ) {}

  /** A front-end's answer to an open question (ignored when none is open for `callId`). */
  answer(callId: string, decision: ApprovalDecision): void {
    const resolve = this.pending.get(callId);
    if (!resolve) return;
    this.pending.delete(callId);
    resolve(decision);
  }

  ask(turnId: string, request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
    const key = approvalKey(request);
    if (this.approvedForSession.has(key)) return Promise.resolve({ decision: 'approved' });
    const decide = (decision: ApprovalDecision) => {
      this.emit({ type: 'approval-decision', turnId, callId: request.callId, decision });
      return decision;
    };
    if (this.nonInteractive) {
      this.emit({ type: 'approval-request', turnId, request });
      return Promise.resolve(
        decide({
          decision: 'denied',
          reason: 'nobody can approve actions in a non-interactive run (approval policy requires asking)',
        }),
      );
    }
    if (signal.aborted) return Promise.resolve(decide({ decision: 'denied', reason: 'interrupted' }));
    // The answer is awaited before the question goes out, so a front-end may answer from inside
    // its event listener.
    const answered = new Promise<ApprovalDecision>((resolve) => {
      // An interrupt while the question is open answers it with a denial.
      const onAbort = () => this.answer(request.callId, { decision: 'denied', reason: 'interrupted' });
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(request.callId, (decision) => {
        signal.removeEventListener('abort', onAbort);
        if (decision.decision === 'approved-for-session') this.approvedForSession.add(key);
        resolve(decide(decision));
      });
    });
    this.emit({ type: 'approval-request', turnId, request });
    return answered;
  }
}

/** "Approve for this session" covers the same command, patches to the same files, or the same tool. */
function approvalKey(request: ApprovalRequest): string {
  switch (request.kind) {
    case 'command':
      return `command:${JSON.stringify(request.command)}`;
    case 'patch':
      // As the tool resolved them (real paths, inside or not), not as the patch named them.
      return `patch:${JSON.stringify([...(request.scope ?? request.files)].sort())}`;
    case 'tool':
      return `tool:${request.name}`;
  }
}

import { describe, expect, it } from 'vitest';
import type { ToolContext } from '../define-tool.js';
import { updatePlanTool } from './tool.js';

describe('update_plan tool', () => {
  it('returns "Plan updated" with the plan in details', async () => {
    const params = updatePlanTool.parameters.parse({
      explanation: 'two steps',
      plan: [
        { step: 'read', status: 'completed' },
        { step: 'edit', status: 'in_progress' },
      ],
    });
    const result = await updatePlanTool.run(params, {} as ToolContext);
    expect(result).toEqual({
      output: 'Plan updated',
      success: true,
      details: { kind: 'plan', explanation: 'two steps', plan: params.plan },
    });
  });

  it('rejects two steps in progress and unknown statuses', () => {
    const twice = updatePlanTool.parameters.safeParse({
      plan: [
        { step: 'a', status: 'in_progress' },
        { step: 'b', status: 'in_progress' },
      ],
    });
    expect(twice.success).toBe(false);
    expect(twice.error?.issues[0]?.message).toBe('At most one step can be in_progress at a time.');
    expect(updatePlanTool.parameters.safeParse({ plan: [{ step: 'a', status: 'done' }] }).success).toBe(
      false,
    );
  });
});

// The `update_plan` tool: the model's step list. It changes nothing on disk; front-ends show
// the plan from the result's details (kind `plan`).
import type { PlanDetails } from '../../protocol/tool-details.js';
import * as z from '../../protocol/zod.js';
import { defineTool } from '../define-tool.js';

const status = z.enum(['pending', 'in_progress', 'completed']);

const parameters = z.object({
  explanation: z.optional(z.string()),
  plan: z.array(z.object({ step: z.string(), status })).check(
    z.refine((steps) => steps.filter((step) => step.status === 'in_progress').length <= 1, {
      message: 'At most one step can be in_progress at a time.',
    }),
  ),
});

export const updatePlanTool = defineTool({
  name: 'update_plan',
  readOnly: true,
  description:
    'Keep a short step-by-step plan for a multi-step task; update step statuses as you work (at most one in_progress).',
  parameters,
  async run(update) {
    const details: PlanDetails = {
      kind: 'plan',
      plan: update.plan,
      ...(update.explanation !== undefined ? { explanation: update.explanation } : {}),
    };
    return { output: 'Plan updated', success: true, details };
  },
});

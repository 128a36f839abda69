import { describe, expect, it } from 'vitest';
import { setupResolve } from '../config/test-support.js';
import { debugConfigReport, renderDebugConfigText } from './debug-config.js';

describe('debug config', () => {
  it('never prints the header values OPENAI_ORGANIZATION and OPENAI_PROJECT add to openai', async () => {
    const { resolve } = await setupResolve();
    const env = { OPENAI_ORGANIZATION: 'org-secret-1', OPENAI_PROJECT: 'proj-secret-2' };
    const config = await resolve({ env });
    expect(config.provider.httpHeaders).toEqual({
      'OpenAI-Organization': 'org-secret-1',
      'OpenAI-Project': 'proj-secret-2',
    });
    expect(config.settings['model_providers.openai.http_headers.OpenAI-Organization']).toEqual({
      value: 'org-secret-1',
      origin: 'env',
    });
    const report = debugConfigReport(config, env);
    expect(report.settings['model_providers.openai.http_headers.OpenAI-Project']?.value).toBe('<redacted>');
    for (const printed of [JSON.stringify(report), renderDebugConfigText(report)]) {
      expect(printed).not.toContain('org-secret-1');
      expect(printed).not.toContain('proj-secret-2');
    }
  });
});

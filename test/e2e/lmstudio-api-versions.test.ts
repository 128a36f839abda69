// LM Studio's model-listing API decided by the answer's shape, on every LM Studio path a user
// takes (`--oss`, `--local-provider lmstudio`, a custom provider at LM Studio's port, `ossa
// models`, `ossa doctor`). LM Studio 0.3.x answers /api/v1/models with HTTP 200 and
// `{"error": "Unexpected endpoint or method. …"}`; ossa once took that for a broken v1 answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeLmStudio, startFakeLmStudio } from '../kit/fake-lmstudio-server.js';
import { runOssa } from '../kit/run-cli.js';
import { gitWorkspace, tempDir, writeFiles } from '../kit/workspace.js';

const MODEL = 'openai/gpt-oss-20b';
let legacy: FakeLmStudio; // LM Studio 0.3.x: v0 API only, unknown endpoints → 200 + error
let odd: FakeLmStudio; // /api/v1/models in some other shape, and v0 present
let broken: FakeLmStudio; // neither API readable

beforeAll(async () => {
  const models = [{ id: MODEL, loadedContext: 65536, maxContext: 131072 }];
  legacy = await startFakeLmStudio({ api: 'v0', models });
  odd = await startFakeLmStudio({ models, answers: { 'GET /api/v1/models': { data: [{ id: MODEL }] } } });
  broken = await startFakeLmStudio({
    models,
    // Lists that identify the server as LM Studio, with entries of no known shape.
    answers: {
      'GET /api/v1/models': { models: [{ id: MODEL }] },
      'GET /api/v0/models': { data: [{ name: 1 }] },
    },
  });
});
afterAll(async () => {
  await Promise.all([legacy, odd, broken].map((server) => server.close()));
});

function env(server: FakeLmStudio, home = tempDir('ossa-home-')) {
  return { OSSA_HOME: home, HOME: home, OSSA_OSS_BASE_URL: server.baseUrl, OSSA_LOCAL_SERVERS: server.root };
}

describe('LM Studio 0.3.x (HTTP 200 "Unexpected endpoint" for /api/v1/models)', () => {
  it('ossa models lists its models', async () => {
    const result = await runOssa(['models', '--json'], { env: env(legacy) });
    expect(result.stderr).not.toContain('unexpected answer');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(MODEL);
    expect(result.stdout).toContain('65536');
  });

  it('exec --oss --local-provider lmstudio runs the task', async () => {
    const result = await runOssa(
      ['exec', '--oss', '--local-provider', 'lmstudio', '-m', MODEL, '--skip-git-repo-check', 'hi'],
      { env: env(legacy), cwd: gitWorkspace() },
    );
    expect(result.stderr).not.toContain('unexpected answer');
    expect(result.code, result.stderr).toBe(0);
  });

  it('exec with a custom provider on that server runs the task', async () => {
    const home = tempDir('ossa-home-');
    writeFiles(home, {
      'config.toml': [
        `model = "${MODEL}"`,
        'model_provider = "lms"',
        '[model_providers.lms]',
        'name = "LM Studio box"',
        `base_url = "${legacy.baseUrl}"`,
        '',
      ].join('\n'),
    });
    const result = await runOssa(['exec', 'hi'], { env: env(legacy, home), cwd: gitWorkspace() });
    expect(result.stderr).not.toContain('unexpected answer');
    expect(result.code, result.stderr).toBe(0);
  });

  it('ossa doctor finds the model and reports the wires honestly', async () => {
    const result = await runOssa(
      ['doctor', '--oss', '--local-provider', 'lmstudio', '-m', MODEL, '--no-smoke'],
      {
        env: env(legacy),
      },
    );
    expect(result.stdout).toContain(`LM Studio has ${MODEL} (loaded)`);
    expect(result.stdout).toContain('65536');
    expect(result.stdout).not.toContain('unexpected answer');
  });
});

describe('/api/v1/models in another shape', () => {
  it('falls back to the v0 API', async () => {
    const result = await runOssa(['models', '--json'], { env: env(odd) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(MODEL);
  });
});

describe('neither API readable', () => {
  it('doctor prints its whole report with a failed model check naming both answers, exit 1', async () => {
    const result = await runOssa(
      ['doctor', '--oss', '--local-provider', 'lmstudio', '-m', MODEL, '--no-smoke'],
      {
        env: env(broken),
      },
    );
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(/✗ model: LM Studio at .* answered neither of its model APIs/);
    expect(result.stdout).toContain('/api/v1/models');
    expect(result.stdout).toContain('/api/v0/models');
    expect(result.stdout).toContain('required check(s) failed');
  });
});

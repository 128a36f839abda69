// The bundle's rewrite of Ink's text caches (scripts/ink-caches.mjs): Ink's Output bundled with
// the plugin shares one bounded cache across frames and draws the same text as Ink unpatched.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS build script without types
import { inkCaches } from '../scripts/ink-caches.mjs';

const OUTPUT = new URL('../node_modules/ink/build/output.js', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'ossa-ink-caches-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface OutputLike {
  caches: { styledChars: Map<string, unknown> };
  write(x: number, y: number, text: string, options: { transformers: unknown[] }): void;
  get(): { output: string; height: number };
}
type OutputClass = new (options: { width: number; height: number }) => OutputLike;

async function bundledOutput(withPlugin: boolean): Promise<OutputClass> {
  const outfile = join(out, `output-${withPlugin ? 'patched' : 'plain'}.mjs`);
  await build({
    entryPoints: [OUTPUT],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    plugins: withPlugin ? [inkCaches] : [],
    logLevel: 'silent',
  });
  return ((await import(pathToFileURL(outfile).href)) as { default: OutputClass }).default;
}

function draw(Output: OutputClass, lines: string[]): string {
  const output = new Output({ width: 40, height: lines.length });
  for (const [y, line] of lines.entries()) output.write(0, y, line, { transformers: [] });
  return output.get().output;
}

describe('Ink text caches in the bundle', () => {
  it('are shared by every frame and start again empty past their bound', async () => {
    const Output = await bundledOutput(true);
    const first = new Output({ width: 10, height: 1 });
    expect(new Output({ width: 10, height: 1 }).caches).toBe(first.caches);
    for (let i = 0; i < 5000; i++) draw(Output, [`line ${i}`]);
    const later = new Output({ width: 10, height: 1 });
    expect(later.caches).not.toBe(first.caches);
    expect(later.caches.styledChars.size).toBeLessThanOrEqual(4096);
  });

  it('draw exactly what Ink draws without them', async () => {
    const [patched, plain] = await Promise.all([bundledOutput(true), bundledOutput(false)]);
    const frame = ['\u001b[1mbold\u001b[22m and \u001b[32mgreen\u001b[39m', '宽字符 wide', 'plain ✔ line'];
    expect(draw(patched, frame)).toBe(draw(plain, frame));
    expect(draw(patched, frame)).toBe(draw(patched, frame));
  });
});

// Shows Ollama pull progress on stderr. On a terminal: one line redrawn in place (`\r`) with a
// bar, percent, bytes, speed and time left. Otherwise (logs, CI): a plain line per status and per
// 10% of each layer, so a log shows progress without thousands of lines.
import type { OllamaProgress } from '../../app/format.js';

export interface ProgressRendererOptions {
  stream: NodeJS.WritableStream;
  isTTY: boolean;
  /** Milliseconds clock; injectable for tests. */
  now?: () => number;
  /** Columns of the bar. Default 24. */
  barWidth?: number;
}

export interface ProgressRenderer {
  update(progress: OllamaProgress): void;
  /** Ends a redrawn line (call on success, failure and cancel alike). */
  finish(): void;
}

interface LayerState {
  startedAt: number;
  startBytes: number;
  lastDecile: number;
}

export function createProgressRenderer(options: ProgressRendererOptions): ProgressRenderer {
  const now = options.now ?? (() => performance.now());
  const width = options.barWidth ?? 24;
  const layers = new Map<string, LayerState>();
  let lineOpen = false;
  let lastStatus = '';

  const write = (text: string) => options.stream.write(text);
  const closeLine = () => {
    if (lineOpen) write('\n');
    lineOpen = false;
  };

  return {
    update(progress) {
      if (progress.total && progress.completed !== undefined && progress.digest) {
        let layer = layers.get(progress.digest);
        if (!layer) {
          layer = { startedAt: now(), startBytes: progress.completed, lastDecile: -1 };
          layers.set(progress.digest, layer);
        }
        const stats = layerStats(layer, progress.completed, progress.total, now());
        const name = shortDigest(progress.digest);
        if (options.isTTY) {
          write(`\r\x1b[2K${formatLine(name, stats, width)}`);
          lineOpen = true;
        } else {
          const decile = Math.floor(stats.fraction * 10);
          if (decile > layer.lastDecile) {
            layer.lastDecile = decile;
            write(`${formatPlain(name, stats)}\n`);
          }
        }
        lastStatus = progress.status;
        return;
      }
      if (progress.status && progress.status !== lastStatus) {
        closeLine();
        write(`${progress.status}\n`);
        lastStatus = progress.status;
      }
    },
    finish: closeLine,
  };
}

interface LayerStats {
  fraction: number;
  completed: number;
  total: number;
  /** Bytes per second, when measurable. */
  speed?: number;
  /** Seconds left, when measurable. */
  eta?: number;
}

function layerStats(layer: LayerState, completed: number, total: number, at: number): LayerStats {
  const fraction = total > 0 ? Math.min(1, completed / total) : 0;
  const seconds = (at - layer.startedAt) / 1000;
  const transferred = completed - layer.startBytes;
  if (seconds < 0.2 || transferred <= 0) return { fraction, completed, total };
  const speed = transferred / seconds;
  return { fraction, completed, total, speed, eta: (total - completed) / speed };
}

function formatLine(name: string, stats: LayerStats, width: number): string {
  const filled = Math.round(stats.fraction * width);
  const bar = `▕${'█'.repeat(filled)}${' '.repeat(width - filled)}▏`;
  const percent = `${Math.floor(stats.fraction * 100)}%`.padStart(4);
  const parts = [
    `pulling ${name}`,
    bar,
    percent,
    `${formatSize(stats.completed)}/${formatSize(stats.total)}`,
  ];
  if (stats.speed !== undefined) parts.push(`${formatSize(stats.speed)}/s`);
  if (stats.eta !== undefined) parts.push(`${formatDuration(stats.eta)} left`);
  return parts.join('  ');
}

function formatPlain(name: string, stats: LayerStats): string {
  const extras: string[] = [];
  if (stats.speed !== undefined) extras.push(`${formatSize(stats.speed)}/s`);
  if (stats.eta !== undefined) extras.push(`${formatDuration(stats.eta)} left`);
  const tail = extras.length ? ` (${extras.join(', ')})` : '';
  return `pulling ${name}: ${Math.floor(stats.fraction * 100)}% of ${formatSize(stats.total)}${tail}`;
}

function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

/** Decimal units, as Ollama prints sizes: `13 GB`, `512 MB`. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value >= 100 || unit === 0 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** `3m12s`, `45s`, `1h05m`. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}

// Stops a model that keeps repeating the same failing tool call.
import { exceedsJsonDepth } from '../protocol/json-depth.js';

export class RepeatGuard {
  private lastKey: string | undefined;
  private count = 0;

  constructor(private readonly limit: number) {}

  /** Records a call's outcome; returns true when the same failing call reached the limit. */
  record(name: string, args: string, success: boolean): boolean {
    if (success) {
      this.lastKey = undefined;
      this.count = 0;
      return false;
    }
    const key = `${name}\u0000${normalise(args)}`;
    this.count = key === this.lastKey ? this.count + 1 : 1;
    this.lastKey = key;
    return this.count >= this.limit;
  }
}

function normalise(args: string): string {
  // JSON.stringify recurses: a deeply nested value would overflow the stack.
  if (exceedsJsonDepth(args)) return args.trim();
  try {
    return JSON.stringify(JSON.parse(args));
  } catch {
    return args.trim();
  }
}

// One line of `ossa doctor`: what was checked, how it went, and the fix when it did not pass.

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface DoctorCheck {
  /** Stable id for --json consumers: `version`, `config`, `secrets`, `server`, `base-url`, … */
  id: string;
  status: CheckStatus;
  /** One line: what was found. */
  detail: string;
  /** What to do about it (fail and warn). */
  fix?: string;
  /** A failed required check makes `ossa doctor` exit non-zero. */
  required: boolean;
  /** Numbers behind the line (timings, windows) for --json. */
  data?: Record<string, unknown>;
}

export function pass(id: string, detail: string, data?: Record<string, unknown>): DoctorCheck {
  return { id, status: 'pass', detail, required: true, ...(data ? { data } : {}) };
}

export function fail(id: string, detail: string, fix?: string, data?: Record<string, unknown>): DoctorCheck {
  return { id, status: 'fail', detail, required: true, ...(fix ? { fix } : {}), ...(data ? { data } : {}) };
}

export function warn(id: string, detail: string, fix?: string, data?: Record<string, unknown>): DoctorCheck {
  return { id, status: 'warn', detail, required: false, ...(fix ? { fix } : {}), ...(data ? { data } : {}) };
}

export function skip(id: string, detail: string): DoctorCheck {
  return { id, status: 'skip', detail, required: false };
}

/**
 * The meters' scale. Levels are dBFS in [-120, 0]; -120.0 is digital silence (JSON has no -Infinity).
 * Bars are linear in dB from SCALE_MIN_DB (empty) to SCALE_MAX_DB (full): position = (dB + 60) / 60.
 * Anything at or below -60 dBFS, silence included, shows an empty bar; anything above 0 is clipped full.
 */
export const FLOOR_DB = -120;
export const SCALE_MIN_DB = -60;
export const SCALE_MAX_DB = 0;
/** where the bar turns from green to amber, and from amber to red */
export const WARN_DB = -18;
export const HOT_DB = -6;
export const SCALE_TICKS = [-60, -48, -36, -24, -18, -12, -6, -3, 0];

/** Bar position in [0, 1] for a level in dBFS. */
export function dbToPosition(db: number, minDb = SCALE_MIN_DB, maxDb = SCALE_MAX_DB): number {
  if (!Number.isFinite(db)) {
    return db === Infinity ? 1 : 0;
  }
  const position = (db - minDb) / (maxDb - minDb);
  return Math.min(1, Math.max(0, position));
}

/** A level from the wire as a number in [FLOOR_DB, 0], or undefined when it is not a number at all. */
export function clampLevel(value: unknown): number | undefined {
  const db = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (Number.isNaN(db)) {
    return undefined;
  }
  return Math.min(0, Math.max(FLOOR_DB, db));
}

export function isSilence(db: number): boolean {
  return db <= FLOOR_DB;
}

export function zoneOf(db: number): 'ok' | 'warn' | 'hot' {
  return db >= HOT_DB ? 'hot' : db >= WARN_DB ? 'warn' : 'ok';
}

/** "-23.1", or "silence" at the floor; the minus is a real minus sign for readability. */
export function formatDb(db: number | undefined): string {
  if (db === undefined || Number.isNaN(db)) {
    return '—';
  }
  if (isSilence(db)) {
    return 'silence';
  }
  const text = db.toFixed(1);
  return text === '-0.0' ? '0.0' : text.replace('-', '\u2212');
}

/**
 * Peak hold: the highest recent peak stays put for `holdMs`, then falls at `decayDbPerSecond` until a new
 * peak at or above the falling value catches it. Times are passed in, so it is plain arithmetic to test.
 */
export class PeakHold {
  private held = -Infinity;
  private heldAt = 0;

  constructor(readonly holdMs = 1500, readonly decayDbPerSecond = 20) {
  }

  update(peakDb: number, nowMs: number): void {
    if (peakDb >= this.value(nowMs)) {
      this.held = peakDb;
      this.heldAt = nowMs;
    }
  }

  value(nowMs: number): number {
    if (this.held === -Infinity) {
      return FLOOR_DB;
    }
    const past = nowMs - this.heldAt - this.holdMs;
    if (past <= 0) {
      return this.held;
    }
    return Math.max(FLOOR_DB, this.held - (past * this.decayDbPerSecond) / 1000);
  }

  reset(): void {
    this.held = -Infinity;
  }
}

import { describe, expect, it } from 'vitest';
import { clampLevel, dbToPosition, FLOOR_DB, formatDb, PeakHold, zoneOf } from './meter-scale';

describe('meter scale', () => {
  it('maps -60..0 dBFS linearly onto an empty to full bar', () => {
    expect(dbToPosition(-60)).toBe(0);
    expect(dbToPosition(-30)).toBe(0.5);
    expect(dbToPosition(-15)).toBe(0.75);
    expect(dbToPosition(0)).toBe(1);
  });

  it('shows digital silence and anything below the scale as an empty bar', () => {
    expect(dbToPosition(FLOOR_DB)).toBe(0);
    expect(dbToPosition(-90)).toBe(0);
    expect(dbToPosition(-Infinity)).toBe(0);
    expect(dbToPosition(NaN)).toBe(0);
  });

  it('clips levels above full scale to a full bar', () => {
    expect(dbToPosition(3)).toBe(1);
    expect(dbToPosition(Infinity)).toBe(1);
  });

  it('takes wire levels into [-120, 0] and refuses what is not a number', () => {
    expect(clampLevel(-23.1)).toBe(-23.1);
    expect(clampLevel(-200)).toBe(FLOOR_DB);
    expect(clampLevel(1.5)).toBe(0);
    expect(clampLevel('-12.5')).toBe(-12.5);
    expect(clampLevel('loud')).toBeUndefined();
    expect(clampLevel(null)).toBeUndefined();
  });

  it('names the floor silence and prints other levels with one decimal and a real minus sign', () => {
    expect(formatDb(-120)).toBe('silence');
    expect(formatDb(-23.14)).toBe('\u221223.1');
    expect(formatDb(-0.01)).toBe('0.0');
    expect(formatDb(undefined)).toBe('—');
  });

  it('colours levels green below -18, amber up to -6 and red above', () => {
    expect(zoneOf(-30)).toBe('ok');
    expect(zoneOf(-18)).toBe('warn');
    expect(zoneOf(-6)).toBe('hot');
  });
});

describe('peak hold', () => {
  it('reads the floor before any peak', () => {
    expect(new PeakHold().value(0)).toBe(FLOOR_DB);
  });

  it('holds the highest peak for 1.5 s, however low the later peaks are', () => {
    const hold = new PeakHold(1500, 20);
    hold.update(-6, 1000);
    hold.update(-30, 1200);
    hold.update(-40, 2400);
    expect(hold.value(1000)).toBe(-6);
    expect(hold.value(2500)).toBe(-6);
  });

  it('falls at its decay rate once the hold time is over', () => {
    const hold = new PeakHold(1500, 20);
    hold.update(-6, 0);
    expect(hold.value(2000)).toBeCloseTo(-16); // 0.5 s past the hold at 20 dB/s
    expect(hold.value(3500)).toBeCloseTo(-46);
    expect(hold.value(60_000)).toBe(FLOOR_DB);
  });

  it('jumps to a new higher peak at once and holds that one afresh', () => {
    const hold = new PeakHold(1500, 20);
    hold.update(-20, 0);
    hold.update(-3, 500);
    expect(hold.value(1900)).toBe(-3);
    expect(hold.value(2000)).toBe(-3);
    expect(hold.value(2500)).toBeCloseTo(-13);
  });

  it('is caught by a peak that meets the falling value, and holds from there', () => {
    const hold = new PeakHold(1500, 20);
    hold.update(-6, 0);
    hold.update(-20, 2500); // the held value has fallen to -26 by now
    expect(hold.value(2500)).toBe(-20);
    expect(hold.value(4000)).toBe(-20);
  });

  it('starts from nothing after a reset', () => {
    const hold = new PeakHold();
    hold.update(-1, 0);
    hold.reset();
    expect(hold.value(10)).toBe(FLOOR_DB);
  });
});

import { describe, expect, it } from 'vitest';
import { LevelHistory } from './level-history';

describe('level history', () => {
  it('gives the last 30 s as uPlot columns in seconds, oldest first', () => {
    const history = new LevelHistory(30_000, 16);
    history.push(1_000, -20, -10);
    history.push(20_000, -21, -11);
    history.push(40_000, -22, -12);
    expect(history.series(45_000, -60)).toEqual([[20, 40], [-21, -22], [-11, -12]]);
  });

  it('keeps only its capacity, dropping the oldest', () => {
    const history = new LevelHistory(1e9, 4);
    for (let i = 1; i <= 6; i++) {
      history.push(i * 1000, -i, -i);
    }
    expect(history.size).toBe(4);
    expect(history.series(6000, -60)[0]).toEqual([3, 4, 5, 6]);
  });

  it('draws silence at the chart floor and ignores points that go back in time', () => {
    const history = new LevelHistory(30_000, 8);
    history.push(1000, -120, -120);
    history.push(500, -10, -5);
    expect(history.series(2000, -60)).toEqual([[1], [-60], [-60]]);
  });
});

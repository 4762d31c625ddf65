import { describe, expect, it } from 'vitest';
import { SendPacer } from './pacer';

describe('send pacer', () => {
  it('lets a burst through at once and then holds back', () => {
    const pacer = new SendPacer(80, 40, 0);
    let sent = 0;
    while (pacer.tryTake(0)) {
      sent++;
    }
    expect(sent).toBe(80);
    expect(pacer.waitMs(0)).toBe(25);
  });

  it('refills at its rate and never above its burst', () => {
    const pacer = new SendPacer(10, 40, 0);
    for (let i = 0; i < 10; i++) {
      pacer.tryTake(0);
    }
    expect(pacer.tryTake(0)).toBe(false);
    expect(pacer.tryTake(100)).toBe(true); // 100 ms at 40/s = 4 slots
    let more = 0;
    while (pacer.tryTake(100)) {
      more++;
    }
    expect(more).toBe(3);
    let afterLongWait = 0;
    while (pacer.tryTake(60_000)) {
      afterLongWait++;
    }
    expect(afterLongWait).toBe(10);
  });

  it('stays under Herald default of 50 frames a second with a burst of 100 over any second', () => {
    const pacer = new SendPacer();
    const sendTimes: number[] = [];
    for (let t = 0; t <= 5000; t += 5) {
      while (pacer.tryTake(t)) {
        sendTimes.push(t);
      }
    }
    for (const start of sendTimes) {
      const inOneSecond = sendTimes.filter((t) => t >= start && t < start + 1000).length;
      expect(inOneSecond).toBeLessThanOrEqual(100 + 50);
    }
    const lastSecond = sendTimes.filter((t) => t > 4000).length;
    expect(lastSecond).toBeLessThanOrEqual(41);
  });
});

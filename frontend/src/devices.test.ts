import { describe, expect, it } from 'vitest';
import { DeviceStore } from './devices';

describe('device store', () => {
  it('adds a device on its first level and announces it once', () => {
    const store = new DeviceStore();
    const added: string[] = [];
    store.added.on((device) => added.push(device.id));
    store.level('volume/cam-1', { deviceId: 'cam-1', rmsDb: -23.1, peakDb: -9.8, ts: 1 }, 1000, 5);
    store.level('volume/cam-1', { deviceId: 'cam-1', rmsDb: -20, peakDb: -8, ts: 2 }, 1050, 6);
    expect(added).toEqual(['cam-1']);
    expect(store.get('cam-1')).toMatchObject({ rmsDb: -20, peakDb: -8, levelTs: 1050, state: 'live' });
  });

  it('clamps levels to [-120, 0] and ignores levels that are not numbers', () => {
    const store = new DeviceStore();
    store.level('volume/a', { deviceId: 'a', rmsDb: -500, peakDb: 4 }, 1, 1);
    expect(store.get('a')).toMatchObject({ rmsDb: -120, peakDb: 0 });
    expect(store.level('volume/a', { deviceId: 'a', rmsDb: 'x', peakDb: -1 }, 2, 2)).toBeUndefined();
    expect(store.get('a')!.rmsDb).toBe(-120);
  });

  it('marks a device stale and live again from devices/status and from resumed levels', () => {
    const store = new DeviceStore();
    store.level('volume/a', { deviceId: 'a', rmsDb: -30, peakDb: -10 }, 1, 1);
    store.status({ deviceId: 'a', state: 'stale', ts: 2 });
    expect(store.get('a')!.state).toBe('stale');
    store.level('volume/a', { deviceId: 'a', rmsDb: -30, peakDb: -10 }, 3, 3);
    expect(store.get('a')!.state).toBe('live');
    store.status({ deviceId: 'a', state: 'gone' });
    expect(store.get('a')!.state).toBe('live');
  });

  it('lists devices in natural order, so sim-2 comes before sim-10', () => {
    const store = new DeviceStore();
    store.load([{ deviceId: 'sim-10' }, { deviceId: 'sim-2' }, { deviceId: 'cam' }], 0);
    expect(store.list().map((d) => d.id)).toEqual(['cam', 'sim-2', 'sim-10']);
  });

  it('takes state, source and last levels from the device list', () => {
    const store = new DeviceStore();
    store.load([{ deviceId: 'x', source: 'api', state: 'stale', lastSeen: 77, rmsDb: -40, peakDb: -30 }], 100);
    expect(store.get('x')).toMatchObject({ source: 'api', state: 'stale', levelTs: 77, rmsDb: -40, peakDb: -30 });
  });
});

import type { DeviceInfo } from './api';
import { Emitter } from './lib/events';
import { LevelHistory } from './lib/level-history';
import { clampLevel, FLOOR_DB, PeakHold } from './lib/meter-scale';

export type DeviceState = 'live' | 'stale';

export class Device {
  source: string | undefined;
  state: DeviceState = 'live';
  rmsDb = FLOOR_DB;
  peakDb = FLOOR_DB;
  /** server time of the newest level */
  levelTs = 0;
  /** browser time the newest level arrived, for "last level 3 s ago" */
  receivedAt = 0;
  readonly peakHold = new PeakHold(1500, 20);
  readonly history = new LevelHistory(30_000);
  /** bumped on every change, so views redraw only what changed since their last frame */
  revision = 0;

  constructor(readonly id: string) {
  }
}

/**
 * The devices the dashboard knows: their newest levels, peak hold, liveness and the last 30 s of levels.
 * Filled from GET /v1/api/devices at start, then from the `volume/{id}` and `devices/status` channels.
 * It only stores; views read it once per animation frame.
 */
export class DeviceStore {
  /** a device seen for the first time (its volume channel needs a subscription) */
  readonly added = new Emitter<Device>();
  /** bumped when a device is added or changes state: the wall's layout and counts change */
  listRevision = 0;
  private readonly devices = new Map<string, Device>();

  load(list: DeviceInfo[], now: number): void {
    for (const info of list) {
      if (!info || typeof info.deviceId !== 'string') {
        continue;
      }
      const device = this.ensure(info.deviceId);
      device.source = info.source ?? device.source;
      if (info.state === 'live' || info.state === 'stale') {
        this.setState(device, info.state);
      }
      if (device.levelTs === 0 && typeof info.lastSeen === 'number') {
        device.levelTs = info.lastSeen;
        device.receivedAt = now;
        device.rmsDb = clampLevel(info.rmsDb) ?? FLOOR_DB;
        device.peakDb = clampLevel(info.peakDb) ?? FLOOR_DB;
      }
      device.revision++;
    }
  }

  /** A `volume/{id}` message: `data` = {deviceId, rmsDb, peakDb, ts}; `frameTs` is Herald's accept time. */
  level(channel: string, data: unknown, frameTs: number, now: number): Device | undefined {
    const level = (data ?? {}) as { deviceId?: unknown; rmsDb?: unknown; peakDb?: unknown };
    const id = typeof level.deviceId === 'string' ? level.deviceId : channel.slice('volume/'.length);
    const rms = clampLevel(level.rmsDb);
    const peak = clampLevel(level.peakDb);
    if (!id || rms === undefined || peak === undefined) {
      return undefined;
    }
    const device = this.ensure(id);
    device.rmsDb = rms;
    device.peakDb = Math.max(peak, rms);
    device.levelTs = frameTs;
    device.receivedAt = now;
    device.peakHold.update(device.peakDb, now);
    device.history.push(frameTs, rms, device.peakDb);
    if (device.state === 'stale') {
      this.setState(device, 'live');
    }
    device.revision++;
    return device;
  }

  /** A `devices/status` message: `data` = {deviceId, state, ts}. */
  status(data: unknown): Device | undefined {
    const status = (data ?? {}) as { deviceId?: unknown; state?: unknown };
    if (typeof status.deviceId !== 'string' || (status.state !== 'live' && status.state !== 'stale')) {
      return undefined;
    }
    const device = this.ensure(status.deviceId);
    this.setState(device, status.state);
    device.revision++;
    return device;
  }

  get(id: string): Device | undefined {
    return this.devices.get(id);
  }

  /** Every device, in natural order (sim-2 before sim-10). */
  list(): Device[] {
    return [...this.devices.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  }

  get size(): number {
    return this.devices.size;
  }

  private ensure(id: string): Device {
    let device = this.devices.get(id);
    if (!device) {
      device = new Device(id);
      this.devices.set(id, device);
      this.listRevision++;
      this.added.emit(device);
    }
    return device;
  }

  private setState(device: Device, state: DeviceState): void {
    if (device.state !== state) {
      device.state = state;
      if (state === 'stale') {
        device.peakHold.reset();
      }
      this.listRevision++;
    }
  }
}

import { describe, expect, it } from 'vitest';
import { outcomeOf, socketUrl } from './socket';

describe('socket address', () => {
  it('uses ws: on an http page and wss: on an https page, on the page origin, with no token in it', () => {
    expect(socketUrl({ protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/v1/ws');
    expect(socketUrl({ protocol: 'https:', host: 'herald.example' })).toBe('wss://herald.example/v1/ws');
  });
});

describe('subscribe outcome', () => {
  it('tells a first subscribe, a full recovery, a partial one and a restarted channel apart', () => {
    const base = { channel: 'c', offset: 9, epoch: 'e', recovered: false };
    expect(outcomeOf(base)).toBe('fresh');
    expect(outcomeOf({ ...base, recovered: true, since: { offset: 3, epoch: 'e' } })).toBe('recovered');
    expect(outcomeOf({ ...base, since: { offset: 3, epoch: 'e' } })).toBe('partial');
    expect(outcomeOf({ ...base, since: { offset: 3, epoch: 'old' } })).toBe('epoch-changed');
  });
});

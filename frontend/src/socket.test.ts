import { describe, expect, it } from 'vitest';
import { socketUrl } from './socket';

describe('socket address', () => {
  it('uses ws: on an http page and wss: on an https page, on the page origin', () => {
    expect(socketUrl({ protocol: 'http:', host: 'localhost:8080' } as Location, 'a.b.c'))
      .toBe('ws://localhost:8080/v1/ws?token=a.b.c');
    expect(socketUrl({ protocol: 'https:', host: 'herald.example' } as Location, 'a.b.c'))
      .toBe('wss://herald.example/v1/ws?token=a.b.c');
  });
});

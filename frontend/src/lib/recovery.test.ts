import { describe, expect, it } from 'vitest';
import { RecoveryBook } from './recovery';

describe('recovery bookkeeping', () => {
  it('asks for nothing on a first subscribe and remembers the offset and epoch of the reply', () => {
    const book = new RecoveryBook();
    expect(book.since('alerts')).toBeUndefined();
    const outcome = book.onSubscribed({ channel: 'alerts', offset: 42, epoch: 'e1', recovered: false }, undefined);
    expect(outcome).toBe('fresh');
    expect(book.since('alerts')).toEqual({ offset: 42, epoch: 'e1' });
  });

  it('builds since from the last message processed on each channel separately', () => {
    const book = new RecoveryBook();
    book.onSubscribed({ channel: 'a', offset: 0, epoch: 'ea', recovered: false }, undefined);
    book.onSubscribed({ channel: 'b', offset: 10, epoch: 'eb', recovered: false }, undefined);
    book.onMessage('a', 1);
    book.onMessage('a', 2);
    book.onMessage('b', 11);
    expect(book.since('a')).toEqual({ offset: 2, epoch: 'ea' });
    expect(book.since('b')).toEqual({ offset: 11, epoch: 'eb' });
  });

  it('keeps its own offset on a recovered resubscribe, so replayed messages count forward from it', () => {
    const book = new RecoveryBook();
    book.onSubscribed({ channel: 'alerts', offset: 37, epoch: 'e1', recovered: false }, undefined);
    const since = book.since('alerts');
    const outcome = book.onSubscribed({ channel: 'alerts', offset: 42, epoch: 'e1', recovered: true }, since);
    expect(outcome).toBe('recovered');
    expect(book.since('alerts')).toEqual({ offset: 37, epoch: 'e1' });
    expect([38, 39, 40].map((offset) => book.onMessage('alerts', offset))).toEqual(['next', 'next', 'next']);
    // a second drop in the middle of the replay resumes after 40, not after 42
    expect(book.since('alerts')).toEqual({ offset: 40, epoch: 'e1' });
  });

  it('starts over from the reply when the epoch changed, and says so', () => {
    const book = new RecoveryBook();
    book.onSubscribed({ channel: 'alerts', offset: 5, epoch: 'old', recovered: false }, undefined);
    book.onMessage('alerts', 6);
    const outcome = book.onSubscribed({ channel: 'alerts', offset: 2, epoch: 'new', recovered: false },
      book.since('alerts'));
    expect(outcome).toBe('epoch-changed');
    expect(book.since('alerts')).toEqual({ offset: 2, epoch: 'new' });
    expect(book.onMessage('alerts', 3)).toBe('next');
  });

  it('reports a partial recovery when the epoch matches but messages were no longer retained', () => {
    const book = new RecoveryBook();
    book.onSubscribed({ channel: 'alerts', offset: 37, epoch: 'e1', recovered: false }, undefined);
    const outcome = book.onSubscribed({ channel: 'alerts', offset: 42, epoch: 'e1', recovered: false },
      book.since('alerts'));
    expect(outcome).toBe('partial');
    expect(book.onMessage('alerts', 40)).toBe('gap');
    expect(book.onMessage('alerts', 41)).toBe('next');
  });

  it('drops messages at or below the offset already processed', () => {
    const book = new RecoveryBook();
    book.onSubscribed({ channel: 'alerts', offset: 3, epoch: 'e1', recovered: false }, undefined);
    expect(book.onMessage('alerts', 3)).toBe('duplicate');
    expect(book.onMessage('alerts', 2)).toBe('duplicate');
    expect(book.onMessage('alerts', 4)).toBe('next');
    expect(book.onMessage('alerts', 4)).toBe('duplicate');
  });

  it('sees skipped offsets as a gap, which conflated channels are allowed to have', () => {
    const book = new RecoveryBook();
    book.onSubscribed({ channel: 'volume/sim-1', offset: 100, epoch: 'v', recovered: false }, undefined);
    expect(book.onMessage('volume/sim-1', 104)).toBe('gap');
    expect(book.since('volume/sim-1')).toEqual({ offset: 104, epoch: 'v' });
  });

  it('forgets a channel that is unsubscribed, so its next subscribe is a fresh one', () => {
    const book = new RecoveryBook();
    book.onSubscribed({ channel: 'alerts', offset: 3, epoch: 'e1', recovered: false }, undefined);
    book.forget('alerts');
    expect(book.since('alerts')).toBeUndefined();
    expect(book.channels()).toEqual([]);
  });

  it('hands out a copy of its position, which a caller cannot change by accident', () => {
    const book = new RecoveryBook();
    book.onSubscribed({ channel: 'alerts', offset: 3, epoch: 'e1', recovered: false }, undefined);
    const since = book.since('alerts')!;
    since.offset = 99;
    expect(book.since('alerts')).toEqual({ offset: 3, epoch: 'e1' });
  });
});

import { describe, expect, it } from 'vitest';
import { ChannelPager } from './channel-pager';

const page = (names: string[], next: string | null) => ({ channels: names.map((channel) => ({ channel })), next });

describe('channel pager', () => {
  it('starts at the first page with no cursor and nowhere to go', () => {
    const pager = new ChannelPager(2);

    expect(pager.after).toBeNull();
    expect(pager.hasPrevious).toBe(false);
    expect(pager.hasNext).toBe(false);
    expect(pager.forward()).toBe(false);
    expect(pager.back()).toBe(false);
    expect(pager.firstPosition).toBe(1);
  });

  it('follows the next cursor forward and returns through the cursors it walked', () => {
    const pager = new ChannelPager(2);
    pager.loaded(page(['a', 'b'], 'b'));

    expect(pager.forward()).toBe(true);
    expect(pager.after).toBe('b');
    expect(pager.firstPosition).toBe(3);
    pager.loaded(page(['c', 'd'], 'd'));
    expect(pager.forward()).toBe(true);
    expect(pager.after).toBe('d');
    pager.loaded(page(['e'], null));
    expect(pager.hasNext).toBe(false);
    expect(pager.firstPosition).toBe(5);

    expect(pager.back()).toBe(true);
    expect(pager.after).toBe('b');
    expect(pager.back()).toBe(true);
    expect(pager.after).toBeNull();
    expect(pager.hasPrevious).toBe(false);
  });

  it('steps back when a later page comes back empty because its channels were forgotten', () => {
    const pager = new ChannelPager(2);
    pager.loaded(page(['a', 'b'], 'b'));
    pager.forward();

    expect(pager.loaded(page([], null))).toBe(false);
    expect(pager.after).toBeNull();
    expect(pager.loaded(page([], null))).toBe(true);
  });

  it('goes back to the first page on reset', () => {
    const pager = new ChannelPager(2);
    pager.loaded(page(['a', 'b'], 'b'));
    pager.forward();

    pager.reset();

    expect(pager.after).toBeNull();
    expect(pager.hasPrevious).toBe(false);
    expect(pager.firstPosition).toBe(1);
  });
});

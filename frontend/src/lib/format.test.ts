import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes } from './dom';

describe('formatting', () => {
  it('prints byte counts in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
  });

  it('prints how long ago something happened', () => {
    expect(formatAgo(undefined, 0)).toBe('—');
    expect(formatAgo(1000, 1200)).toBe('just now');
    expect(formatAgo(1000, 5000)).toBe('4 s ago');
    expect(formatAgo(0 + 1, 600_001)).toBe('10 min ago');
  });
});

import { describe, expect, it } from 'vitest';
import { compact, count, duration, groupName, interval, meanStd, percent, points, range } from '../../src-renderer/lib/format.ts';

describe('format', () => {
  it('percent has one decimal and handles missing values', () => {
    expect(percent(0.8123)).toBe('81.2%');
    expect(percent(0.03125)).toBe('3.1%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(0)).toBe('0.0%');
    expect(percent(0.5, 0)).toBe('50%');
    expect(percent(Number.NaN)).toBe('—');
    expect(percent(null)).toBe('—');
  });

  it('interval reads "81.2% (78.4–83.9)"', () => {
    expect(interval(0.812, 0.784, 0.839)).toBe('81.2% (78.4–83.9)');
    expect(interval(0.812, null, null)).toBe('81.2%');
    expect(range(0.784, 0.8394)).toBe('78.4–83.9');
  });

  it('points are signed percentage points with a real minus', () => {
    expect(points(0.781)).toBe('+78.1 pts');
    expect(points(-0.05)).toBe('\u22125.0 pts');
    expect(points(0)).toBe('±0.0 pts');
  });

  it('never prints negative zero', () => {
    expect(percent(-0.00001)).toBe('0.0%');
  });

  it('mean ± std, counts, durations, C values, group names', () => {
    expect(meanStd(0.801, 0.012)).toBe('80.1% ± 1.2');
    expect(count(11788)).toBe('11,788');
    expect(duration(75)).toBe('1 min 15 s');
    expect(duration(3725)).toBe('1 h 2 min');
    expect(duration(0.2)).toBe('<1 s');
    expect(duration(null)).toBe('—');
    expect(compact(0.3)).toBe('0.3');
    expect(compact(10)).toBe('10');
    expect(compact(0.0001)).toBe('1.0e\u22124');
    expect(groupName('y=1|place=0')).toBe('y=1 · place=0');
  });
});

import { describe, expect, it, vi } from 'vitest';
import { consoleProgress } from './progress.ts';

/** A stream that records what was written, as a terminal (isTTY) or a log file. */
function recordingStream(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream, written };
}

describe('npm start progress', () => {
  it('draws a bar with the count, the unit a phase names once it knows it, and an estimate after a second, on a terminal', () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const { stream, written } = recordingStream(true);
      const task = consoleProgress(stream, '').start('demo data: hotline');
      expect(written.at(-1)).toBe('demo data: hotline ... 0.0 s');
      vi.advanceTimersByTime(1000);
      expect(written.at(-1)).toBe('demo data: hotline ... 1.0 s');
      vi.setSystemTime(1500);
      task.update(1000, 4000, 'tickets');
      // 1,000 in 1.5 s: 3,000 more take about 4.5 s.
      expect(written.at(-1)).toBe('demo data: hotline [######..................] 25% 1,000 of 4,000 tickets, about 4.5 s left');
      vi.setSystemTime(3000);
      task.end('35,640 events');
      expect(written.slice(-2)).toEqual(['\r\x1b[2K', 'demo data: hotline done in 3.0 s (35,640 events)\n']);
      const count = written.length;
      vi.advanceTimersByTime(5000);
      expect(written).toHaveLength(count);
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes plain lines to a log file, at most one every 5 s per phase', () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const { stream, written } = recordingStream(false);
      const task = consoleProgress(stream, 'civicgraph: ').start('demo data: supervision');
      vi.setSystemTime(2000);
      task.update(1000, 7846, 'clues');
      expect(written).toEqual([]);
      vi.setSystemTime(6000);
      task.update(3000, 7846, 'clues');
      expect(written).toEqual(['civicgraph: demo data: supervision 38% (3,000 of 7,846 clues, about 9.7 s left)\n']);
      task.end();
      expect(written.at(-1)).toBe('civicgraph: demo data: supervision done in 6.0 s\n');
      expect(written.join('')).not.toContain('\x1b');
    } finally {
      vi.useRealTimers();
    }
  });
});

/**
 * What `npm start` is doing, as it does it: a redrawn bar on a terminal, plain lines in a log file
 * (at most one every few seconds per phase). Phases with a total show a count and an estimate.
 */
export interface ProgressTask {
  /** `done` of `total` units so far (the total may grow while the phase runs; a phase started without one may set it and its unit here). */
  update(done: number, total?: number, unit?: string): void;
  end(summary?: string): void;
}

export interface Progress {
  start(label: string, options?: { total?: number; unit?: string }): ProgressTask;
  line(text: string): void;
}

export const silentProgress: Progress = { start: () => ({ update: () => {}, end: () => {} }), line: () => {} };

const LOG_EVERY_MS = 5000;
const REDRAW_EVERY_MS = 100;
const BAR = 24;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const counted = (n: number) => n.toLocaleString('en-US');

export function consoleProgress(stream: NodeJS.WriteStream = process.stdout, prefix = 'civicgraph: '): Progress {
  const tty = stream.isTTY === true;
  let drawn = false;
  const clear = () => {
    if (drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  return {
    line: (text) => {
      clear();
      stream.write(`${prefix}${text}\n`);
    },
    start: (label, { total: initialTotal, unit: initialUnit = '' } = {}) => {
      let unit = initialUnit;
      const started = Date.now();
      let total = initialTotal;
      let done = 0;
      let shownAt = tty ? 0 : started;
      const describe = () => {
        const elapsed = Date.now() - started;
        if (!total) return `${label} ... ${seconds(elapsed)}`;
        const share = Math.min(1, done / total);
        const left = done > 0 ? (elapsed / done) * (total - done) : undefined;
        const estimate = left !== undefined && elapsed > 1000 ? `, about ${seconds(left)} left` : '';
        const count = `${counted(done)} of ${counted(total)}${unit ? ` ${unit}` : ''}`;
        if (!tty) return `${label} ${Math.floor(share * 100)}% (${count}${estimate})`;
        const filled = Math.round(share * BAR);
        return `${label} [${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${Math.floor(share * 100)}% ${count}${estimate}`;
      };
      const show = (force = false) => {
        const now = Date.now();
        if (!force && now - shownAt < (tty ? REDRAW_EVERY_MS : LOG_EVERY_MS)) return;
        shownAt = now;
        if (tty) {
          clear();
          stream.write(`${prefix}${describe()}`);
          drawn = true;
        } else stream.write(`${prefix}${describe()}\n`);
      };
      if (tty) show(true);
      // The elapsed time goes on while nothing is counted (whenever the work lets the event loop turn).
      const ticker = tty ? setInterval(() => show(), 1000).unref() : undefined;
      return {
        update: (n, newTotal, newUnit) => {
          done = n;
          if (newTotal !== undefined) total = newTotal;
          if (newUnit !== undefined) unit = newUnit;
          show();
        },
        end: (summary) => {
          clearInterval(ticker);
          clear();
          stream.write(`${prefix}${label} done in ${seconds(Date.now() - started)}${summary ? ` (${summary})` : ''}\n`);
        },
      };
    },
  };
}

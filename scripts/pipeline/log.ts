// Stage logging: one line per stage with counts and time, and a progress indicator on long inputs.

/** Where the pipeline reports progress; tests pass a silent one. */
export interface Logger {
  info(line: string): void;
  /** Called with done/total on long steps; may draw a progress bar. */
  progress(label: string, done: number, total: number): void;
}

/** Logs to stderr (stdout stays clean), with a progress line on a terminal. */
export function consoleLogger(): Logger {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    info: (line) => process.stderr.write(line + "\n"),
    progress(label, done, total) {
      const now = Date.now();
      if (!tty || (now - last < 200 && done < total)) return;
      last = now;
      const pct = total ? Math.floor((done / total) * 100) : 100;
      process.stderr.write(`\r${label}: ${pct}% (${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")})`);
      if (done >= total) process.stderr.write("\r\x1b[K");
    },
  };
}

/** A logger that keeps lines in memory, for tests. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (l) => lines.push(l), progress: () => {} };
}

/** Runs a stage and logs its line with elapsed time. */
export function timed<T>(log: Logger, stage: string, fn: () => T, describe: (r: T) => string): T {
  const t0 = performance.now();
  const r = fn();
  log.info(`${stage.padEnd(10)} ${describe(r)} (${((performance.now() - t0) / 1000).toFixed(2)} s)`);
  return r;
}

// Named points where the fault tests stop a run to kill it there (tests/faults). Outside those
// tests UOF_FAULT_PAUSE is unset and a point costs one comparison.
import fs from "node:fs";

/**
 * Where UOF_FAULT_PAUSE names this point: writes the point's name to the file UOF_FAULT_MARKER
 * (so the test knows the run got here) and then waits, without returning, to be killed.
 */
export function faultPoint(name: string): void {
  const wanted = process.env.UOF_FAULT_PAUSE;
  if (!wanted || wanted !== name) return;
  const marker = process.env.UOF_FAULT_MARKER;
  if (marker) fs.writeFileSync(marker, `${name} ${process.pid}\n`);
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(cell, 0, 0, 60_000);
}

// Run locks: a run that writes an output folder holds that folder's lock, so two runs in one
// checkout (or on one output) never mix their outputs; the second waits for the first, saying
// which process it waits for. A lock left by a killed run is taken over.
import fs from "node:fs";
import path from "node:path";

/** What a lock file holds: who holds it. */
export interface LockHolder {
  pid: number;
  /** The process's start time as the system counts it (Linux), to tell a reused pid apart. */
  start: string | null;
  command: string;
  since: string;
  /** Shared with the run's child processes, which hold the lock through their parent. */
  token: string;
}

/** The lock file of an output folder (or of any path): .<name>.lock beside it. */
export function lockPathOf(target: string): string {
  const abs = path.resolve(target);
  return path.join(path.dirname(abs), `.${path.basename(abs)}.lock`);
}

/** The start time of a process (field 22 of /proc/PID/stat), or null where there is no /proc. */
function startOf(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count from the last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether the process that wrote a lock is still running. */
export function holderAlive(h: LockHolder): boolean {
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const now = startOf(h.pid);
  return h.start === null || now === null || now === h.start;
}

function readHolder(file: string): LockHolder | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockHolder;
  } catch {
    return null;
  }
}

/** Locks held by this process, by lock file. */
const held = new Map<string, string>();

/** Options of acquire. */
export interface AcquireOptions {
  /** Shown to a run that waits: what this run is. */
  command: string;
  /** Told once when the lock is held by another live process. */
  onWait?: (holder: LockHolder, file: string) => void;
  /** Give up after this many milliseconds (default: two hours). */
  timeoutMs?: number;
  /** Token of a lock the parent process holds for this run (UOF_LOCK_TOKEN). */
  inherited?: string;
}

/** Thrown when the lock was not given in time. */
export class LockTimeout extends Error {}

/**
 * Takes the locks of some paths, in a fixed order (so two runs cannot each hold one and wait
 * for the other), waiting while another live process holds one. Returns the token that child
 * processes pass back as `inherited` and a function that gives the locks back.
 */
export async function acquire(targets: string[], o: AcquireOptions): Promise<{ token: string; release: () => void }> {
  const files = [...new Set(targets.map(lockPathOf))].sort();
  const token = o.inherited ?? `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const mine: string[] = [];
  const deadline = Date.now() + (o.timeoutMs ?? 2 * 3600_000);
  try {
    for (const file of files) {
      const told = new Set<string>();
      for (;;) {
        if (tryTake(file, token, o)) {
          if (!o.inherited) mine.push(file);
          break;
        }
        const h = readHolder(file);
        if (h && !told.has(h.token)) {
          told.add(h.token);
          o.onWait?.(h, file);
        }
        if (Date.now() > deadline) throw new LockTimeout(`${file} is still held by process ${h?.pid ?? "?"} (${h?.command ?? "unknown"}, since ${h?.since ?? "?"})`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } catch (e) {
    for (const f of mine) release(f, token);
    throw e;
  }
  for (const f of mine) held.set(f, token);
  return { token, release: () => mine.forEach((f) => release(f, token)) };
}

/** One attempt: creates the lock file, takes over a dead holder's, or accepts the parent's. */
function tryTake(file: string, token: string, o: AcquireOptions): boolean {
  const me: LockHolder = { pid: process.pid, start: startOf(process.pid), command: o.command, since: new Date().toISOString(), token };
  const h = readHolder(file);
  if (o.inherited) {
    if (h?.token === o.inherited) return true;
    // The parent's lock is gone: this run is on its own and takes its own lock.
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole under another name, then linked into place: link() fails if the lock exists,
  // and a reader never sees a half-written lock.
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(tmp, JSON.stringify(me) + "\n");
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  const now = readHolder(file);
  if (now && holderAlive(now)) return false;
  // A lock whose holder is gone (killed), or unreadable: set it aside under a name of this
  // process's own (only one of several waiting runs can), then try again.
  const stale = `${file}.stale-${process.pid}`;
  try {
    fs.renameSync(file, stale);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    return false;
  }
  // Another waiting run may have taken over the dead lock between the read and the rename: a
  // live lock moved aside by mistake is put back.
  const moved = readHolder(stale);
  if (moved && moved.token !== now?.token && holderAlive(moved)) {
    try {
      fs.linkSync(stale, file);
    } catch {
      // Taken again meanwhile; its holder keeps it.
    }
  }
  fs.rmSync(stale, { force: true });
  return false;
}

function release(file: string, token: string): void {
  const h = readHolder(file);
  if (h?.token === token) fs.rmSync(file, { force: true });
  held.delete(file);
}

/** Gives back every lock this process still holds (on exit). */
export function releaseAll(): void {
  for (const [f, t] of [...held]) release(f, t);
}

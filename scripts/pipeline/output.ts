// Output folders (generated/, dist/, imported/...) replaced whole and crash-safe: each output path
// is a symbolic link to one complete build kept beside it, in .<name>.builds/, and a new build
// becomes the output by one atomic rename of a new link over the old one. Killed at any moment,
// the output path exists and is either the complete previous build or the complete new one; the
// next run removes what an interrupted one left.
import fs from "node:fs";
import path from "node:path";
import { faultPoint } from "./faults.ts";

/** The folder beside an output path that holds its builds: dist -> .dist.builds. */
export function storeOf(output: string): string {
  return path.join(path.dirname(path.resolve(output)), `.${path.basename(path.resolve(output))}.builds`);
}

const TMP = "tmp-";

/** Whether a path is a symbolic link (without following it). */
function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** The build an output link points to (its name in the store), or null. */
function currentBuild(output: string): string | null {
  if (!isLink(output)) return null;
  return path.basename(fs.readlinkSync(output));
}

/**
 * Puts right what an interrupted run left: an output path that is missing while a build or an
 * older kit's renamed copy (<name>.old-PID) exists is restored; half-written builds, spare links
 * and builds no longer in use are removed. Call with the output's lock held.
 */
export function recoverOutput(output: string): void {
  const abs = path.resolve(output);
  const parent = path.dirname(abs);
  const base = path.basename(abs);
  if (!fs.existsSync(parent)) return;
  const store = storeOf(abs);
  const siblings = fs.readdirSync(parent);
  // A link made for a swap that did not happen.
  for (const n of siblings) if (n.startsWith(`${base}.link-`)) fs.rmSync(path.join(parent, n), { force: true });
  // Leftovers of the older two-rename swap: <name>.tmp-PID (incomplete) and <name>.old-PID (the previous output).
  for (const n of siblings) if (n.startsWith(`${base}.tmp-`)) fs.rmSync(path.join(parent, n), { recursive: true, force: true });
  const olds = siblings.filter((n) => n.startsWith(`${base}.old-`)).sort();
  if (!exists(abs) && olds.length > 0) fs.renameSync(path.join(parent, olds[olds.length - 1]), abs);
  for (const n of fs.readdirSync(parent)) if (n.startsWith(`${base}.old-`)) fs.rmSync(path.join(parent, n), { recursive: true, force: true });
  if (!fs.existsSync(store)) return;
  const builds = fs.readdirSync(store).sort();
  // A link left dangling, or no output at all, while complete builds exist: the newest is the output.
  if ((!exists(abs) || (isLink(abs) && !fs.existsSync(abs))) && builds.some((b) => !b.startsWith(TMP))) {
    const newest = builds.filter((b) => !b.startsWith(TMP)).pop()!;
    pointAt(abs, newest);
  }
  const keep = currentBuild(abs);
  for (const b of builds) if (b !== keep) fs.rmSync(path.join(store, b), { recursive: true, force: true });
  if (fs.readdirSync(store).length === 0) fs.rmdirSync(store);
}

/** A new, empty folder to write a build into; nothing reads it until commitOutput. */
export function beginOutput(output: string): string {
  const st = fs.lstatSync(output, { throwIfNoEntry: false });
  // Only a folder or a link is an output; anything else at the path is not the kit's to replace.
  if (st && !st.isDirectory() && !st.isSymbolicLink()) throw new Error(`${output} is a file, not an output folder: move it away, or choose another folder for the output`);
  recoverOutput(output);
  const store = storeOf(output);
  fs.mkdirSync(store, { recursive: true });
  const tmp = path.join(store, `${TMP}${buildId()}`);
  fs.mkdirSync(tmp);
  return tmp;
}

/** Removes a build that will not be used (the run failed). */
export function abandonOutput(tmp: string): void {
  fs.rmSync(tmp, { recursive: true, force: true });
}

/** Makes a complete build the output, in one atomic step, and removes the previous one. */
export function commitOutput(output: string, tmp: string): void {
  const abs = path.resolve(output);
  const store = storeOf(abs);
  const name = path.basename(tmp).slice(TMP.length);
  // Complete from here on: a build without the tmp- prefix is whole.
  fs.renameSync(tmp, path.join(store, name));
  faultPoint(`${path.basename(abs)}-swap`);
  const previous = currentBuild(abs);
  pointAt(abs, name);
  faultPoint(`${path.basename(abs)}-cleanup`);
  if (previous && previous !== name) fs.rmSync(path.join(store, previous), { recursive: true, force: true });
}

/** Points the output path at a build of its store, replacing what is there without a moment when it is missing. */
function pointAt(abs: string, build: string): void {
  const parent = path.dirname(abs);
  const base = path.basename(abs);
  const target = path.join(path.basename(storeOf(abs)), build);
  const link = path.join(parent, `${base}.link-${process.pid}`);
  fs.rmSync(link, { force: true });
  // Windows makes directory junctions without special rights; they need an absolute target.
  if (process.platform === "win32") fs.symlinkSync(path.join(parent, target), link, "junction");
  else fs.symlinkSync(target, link);
  if (exists(abs) && !isLink(abs)) {
    // A real folder (an older kit's output, or one made by hand) cannot be replaced by a link in
    // one step: it is renamed aside first, and restored by recoverOutput if the run stops here.
    const old = `${abs}.old-${process.pid}`;
    fs.renameSync(abs, old);
    faultPoint(`${base}-migrate`);
    fs.renameSync(link, abs);
    fs.rmSync(old, { recursive: true, force: true });
    return;
  }
  fs.renameSync(link, abs);
}

let seq = 0;
/** Build names sort by the time they were made. */
function buildId(): string {
  return `${String(Date.now()).padStart(15, "0")}-${process.pid}-${seq++}`;
}

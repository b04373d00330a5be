// Reading the department's files: only regular files inside the department's folder (or the
// export folder given with --source), following symbolic links only where they stay inside it,
// in an encoding the kit reads (encoding.ts). Anything else (a folder, a named pipe, a link
// leading out of the folder, a file the system will not read) is a located problem, never a
// stack trace, a hang or a file read from elsewhere.
import path from "node:path";
import { decodeText } from "./encoding.ts";
import type { FileKind, Io } from "./io.ts";
import type { Problem } from "./problems.ts";

/** A file read: its text and, when it was not UTF-8, the note saying how it was read. */
export interface InputText {
  /** The file's text, decoded. */
  text: string;
  /** How it was read when not UTF-8 (for the log and the report), or null. */
  note: string | null;
}

/** A file that was not read, and why. */
export interface Unread {
  /** The file-level problem naming the file and the fix. */
  problem: Problem;
}

const KIND_FOUND: Record<Exclude<FileKind, "file">, string> = {
  directory: "a folder",
  fifo: "a named pipe (FIFO), which would never end",
  socket: "a socket",
  device: "a device",
  "broken-link": "a symbolic link to a file that does not exist",
  missing: "nothing (no such file)",
};

/** Whether target is folder or inside it (both resolved). */
export function isInside(target: string, folder: string): boolean {
  const rel = path.relative(folder, target);
  return rel === "" || (!path.isAbsolute(rel) && rel !== ".." && !rel.startsWith(".." + path.sep));
}

/** Whether a relative file name given in the department's text stays inside its folder (no absolute path, no ".." leading out). */
export function staysInside(name: string): boolean {
  if (path.isAbsolute(name) || /^[A-Za-z]:[\\/]/.test(name) || name.startsWith("\\\\")) return false;
  return isInside(path.resolve("/folder", name), "/folder");
}

function problem(file: string, expected: string, fix: string): Unread {
  return { problem: { file, line: null, column: null, field: null, value: null, expected, fix } };
}

/** The problem of a system error (EACCES, EIO...) met reading a file. */
export function readError(file: string, e: unknown): Unread {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== "string") throw e;
  const fixes: Record<string, string> = {
    EACCES: "give the user running the kit permission to read it (for example chmod a+r), or copy it into the folder as that user",
    EPERM: "give the user running the kit permission to read it, or copy it into the folder as that user",
    ELOOP: "the symbolic link leads round in a loop: replace it with the file itself",
    EIO: "the disk or network share failed while reading: copy the file to a local disk and run again",
    EISDIR: "put the file itself here, not a folder",
    ENAMETOOLONG: "give the file (or its folder) a shorter name",
    ERR_STRING_TOO_LONG: "split the file in parts (for example one file per year) in the table's folder",
  };
  const what = code === "ERR_STRING_TOO_LONG" ? "a file under 512 MB of text" : `a file the kit can read (the system said ${code})`;
  return problem(file, what, fixes[code] ?? `check the file and its folder (${String((e as Error).message)})`);
}

/**
 * Reads one of the department's files: a regular file inside root (which may be reached through
 * symbolic links that stay inside root), decoded as encoding.ts says.
 */
export function readInput(io: Io, file: string, root: string): InputText | Unread {
  const read = readInputBytes(io, file, root);
  return "problem" in read ? read : decodeInput(read.bytes, file);
}

/** The bytes of one of the department's files, with the checks of readInput (for workbooks, which are not text). */
export function readInputBytes(io: Io, file: string, root: string): { bytes: Uint8Array } | Unread {
  try {
    const kind = io.kind(file);
    if (kind === "missing" || kind === "broken-link") return problem(file, `a file; found ${KIND_FOUND[kind]}`, "put the file in place, or remove the link");
    const real = io.realPath(file);
    const inside = io.realPath(root);
    if (!isInside(real, inside)) {
      return problem(file, `a file inside ${root}; this is a symbolic link leading out of it, to ${real}`, `copy the file into ${root} instead of linking to it`);
    }
    if (kind !== "file") return problem(file, `a regular file; found ${KIND_FOUND[kind]}`, kind === "directory" ? "put the file itself here, or rename the folder" : "replace it with a regular file holding the data");
    return { bytes: io.readBytes(file) };
  } catch (e) {
    return readError(file, e);
  }
}

/** A file's bytes decoded as encoding.ts says (readInput's second half). */
export function decodeInput(bytes: Uint8Array, file: string): InputText | Unread {
  try {
    const decoded = decodeText(bytes, file);
    if ("expected" in decoded) return { problem: { file, line: decoded.line, column: null, field: null, value: null, expected: decoded.expected, fix: decoded.fix } };
    return { text: decoded.text, note: decoded.note };
  } catch (e) {
    return readError(file, e);
  }
}

/** Whether something is at a path: a file, a folder, a link to nothing, or an entry the system will not describe. */
export function present(io: Io, file: string): boolean {
  try {
    return io.exists(file) || io.kind(file) !== "missing";
  } catch {
    return true;
  }
}

/** The names in a folder of the department's (sorted); a folder the system will not list is a problem. */
export function listInput(io: Io, dir: string, problems: Problem[]): string[] {
  try {
    return io.list(dir);
  } catch (e) {
    problems.push(readError(dir, e).problem);
    return [];
  }
}

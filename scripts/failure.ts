// What a user sees when a run stops on something other than a problem in the data: one located
// sentence with a fix (a full disk, a folder where a file should be, permission denied...), and the
// full trace in the report file, never on the terminal.
import fs from "node:fs";
import path from "node:path";

/** An operating-system error as Node gives it. */
type SystemError = Error & { code?: string; path?: string; dest?: string; syscall?: string };

/** Why an operating-system error happened and how to fix it, by error code. */
const CAUSES: Record<string, [string, string]> = {
  ENOSPC: ["no space is left on the device", "free some space there (or write the output elsewhere with --out and --dist) and run again"],
  EDQUOT: ["the disk quota is used up", "free some space or raise the quota, and run again"],
  EACCES: ["permission was denied", "give the user who runs the kit access to it (read for inputs, write for output folders)"],
  EPERM: ["the operation is not permitted", "give the user who runs the kit access to it, or choose another folder"],
  EROFS: ["the file system is read-only", "write the output to a writable folder (--out, --dist)"],
  EISDIR: ["it is a folder where a file was expected", "replace the folder with the file, or remove it"],
  ENOTDIR: ["a part of the path is a file where a folder was expected", "check the path"],
  ENOENT: ["it does not exist", "check the path, or create it"],
  EEXIST: ["it already exists", "remove it and run again"],
  ENOTEMPTY: ["the folder is not empty", "remove it and run again"],
  EMFILE: ["too many files are open", "close other programs, or raise the limit (ulimit -n), and run again"],
  ENFILE: ["the system has too many files open", "close other programs and run again"],
  EIO: ["the device reported an input/output error", "check the disk, then run again"],
  ELOOP: ["it is a loop of symbolic links", "replace the link with the file it should name"],
  ENAMETOOLONG: ["its name is too long", "use a shorter path"],
  EBUSY: ["it is in use by another program", "close the program that uses it and run again"],
  ENOMEM: ["the machine ran out of memory", "close other programs, or run on a machine with more memory"],
};

/** One sentence saying what failed, where and how to fix it. */
export function describeFailure(e: unknown): string {
  const err = e as SystemError;
  const cause = err?.code ? CAUSES[err.code] : undefined;
  if (cause) {
    const where = err.path ? `${err.path}${err.dest ? ` -> ${err.dest}` : ""}` : "a file the run needed";
    return `${where}: ${cause[0]} (${err.code}${err.syscall ? ` in ${err.syscall}` : ""}). Fix: ${cause[1]}.`;
  }
  const message = err instanceof Error ? err.message : String(e);
  // The first line only: later lines of an error's message are often a trace of their own.
  return `${message.split("\n")[0]}${err?.code ? ` (${err.code})` : ""}.`;
}

/**
 * Writes the failure with its full trace to the report file; returns a sentence on where it
 * went, or why it could not be written (itself located, never a trace).
 */
export function writeFailureReport(reportPath: string, e: unknown, context: string, extra = "", append = false): string {
  const err = e as Error;
  const text = [
    append ? "\n# Run stopped" : "# Run stopped",
    "",
    `The ${context} stopped before anything was published. ${describeFailure(e)}`,
    "",
    "## Details for a bug report",
    "",
    "```",
    (err instanceof Error ? err.stack ?? err.message : String(e)).replace(/```/g, "'''"),
    "```",
    extra ? `\n## Output of the step that failed\n\n\`\`\`\n${extra.replace(/```/g, "'''")}\n\`\`\`` : "",
    "",
  ].join("\n");
  try {
    fs.mkdirSync(path.dirname(reportPath), { recursive: true });
    if (append) fs.appendFileSync(reportPath, text);
    else fs.writeFileSync(reportPath, text);
    return `Details: ${reportPath}`;
  } catch (w) {
    return `The details could not be written to ${reportPath} either: ${describeFailure(w)}`;
  }
}

/** Lines of a child process's output that are not stack frames, for the terminal. */
export function withoutTrace(output: string): string[] {
  return output.split(/\r?\n/).filter((l) => l.trim() !== "" && !/^\s+at\s/.test(l) && !/^\s*\^+\s*$/.test(l) && !/^\s*Node\.js v\d/.test(l));
}

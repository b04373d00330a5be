// Reading the department's files: regular files inside the folder only, and a located problem
// for anything else. Permission errors are injected (tests run as root, which reads anything).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diskIo, type Io } from "../../scripts/pipeline/io.ts";
import { formatProblem } from "../../scripts/pipeline/problems.ts";
import { isInside, listInput, readInput, staysInside, type InputText, type Unread } from "../../scripts/pipeline/read.ts";
import { copyFixture, run, tmpDir } from "../helpers.ts";

const problemOf = (r: InputText | Unread) => ("problem" in r ? formatProblem(r.problem) : `read: ${r.text}`);
/** An error as the system gives it. */
const sysError = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

function folder(): string {
  const dir = path.join(tmpDir(), "dept");
  fs.mkdirSync(path.join(dir, "incidents"), { recursive: true });
  fs.writeFileSync(path.join(dir, "incidents", "2024.csv"), "a\n1\n");
  return dir;
}

describe("readInput(io, file, root)", () => {
  it("reads a regular file, and a symbolic link that stays inside the folder", () => {
    const dir = folder();
    fs.symlinkSync("2024.csv", path.join(dir, "incidents", "2025.csv"));
    expect(readInput(diskIo, path.join(dir, "incidents", "2024.csv"), dir)).toEqual({ text: "a\n1\n", note: null });
    expect(readInput(diskIo, path.join(dir, "incidents", "2025.csv"), dir)).toEqual({ text: "a\n1\n", note: null });
  });

  it("refuses a symbolic link leading out of the folder, and a folder linked from outside, naming where it leads", () => {
    const dir = folder();
    const outside = path.join(path.dirname(dir), "secret.csv");
    fs.writeFileSync(outside, "a\n1\n");
    fs.symlinkSync(outside, path.join(dir, "incidents", "2023.csv"));
    expect(problemOf(readInput(diskIo, path.join(dir, "incidents", "2023.csv"), dir))).toBe(
      `${dir}/incidents/2023.csv: expected a file inside ${dir}; this is a symbolic link leading out of it, to ${fs.realpathSync(outside)}. Fix: copy the file into ${dir} instead of linking to it`,
    );
    fs.mkdirSync(path.join(path.dirname(dir), "elsewhere"));
    fs.writeFileSync(path.join(path.dirname(dir), "elsewhere", "x.csv"), "a\n");
    fs.symlinkSync(path.join(path.dirname(dir), "elsewhere"), path.join(dir, "subjects"));
    expect(problemOf(readInput(diskIo, path.join(dir, "subjects", "x.csv"), dir))).toMatch(/symbolic link leading out of it/);
  });

  it("refuses a named pipe without opening it (which would wait forever), a folder, and a link to nothing", () => {
    const dir = folder();
    execFileSync("mkfifo", [path.join(dir, "subjects.csv")]);
    fs.mkdirSync(path.join(dir, "officers.csv"));
    fs.symlinkSync("gone.csv", path.join(dir, "arrests.csv"));
    expect(problemOf(readInput(diskIo, path.join(dir, "subjects.csv"), dir))).toBe(`${dir}/subjects.csv: expected a regular file; found a named pipe (FIFO), which would never end. Fix: replace it with a regular file holding the data`);
    expect(problemOf(readInput(diskIo, path.join(dir, "officers.csv"), dir))).toBe(`${dir}/officers.csv: expected a regular file; found a folder. Fix: put the file itself here, or rename the folder`);
    expect(problemOf(readInput(diskIo, path.join(dir, "arrests.csv"), dir))).toBe(`${dir}/arrests.csv: expected a file; found a symbolic link to a file that does not exist. Fix: put the file in place, or remove the link`);
  });

  it("turns a permission error (EACCES, injected) and a read error (EIO, injected) into problems naming the file and the fix", () => {
    const dir = folder();
    const file = path.join(dir, "incidents", "2024.csv");
    const denied: Io = { ...diskIo, readBytes: () => { throw sysError("EACCES"); } };
    expect(problemOf(readInput(denied, file, dir))).toBe(`${file}: expected a file the kit can read (the system said EACCES). Fix: give the user running the kit permission to read it (for example chmod a+r), or copy it into the folder as that user`);
    const failing: Io = { ...diskIo, kind: () => { throw sysError("EIO"); } };
    expect(problemOf(readInput(failing, file, dir))).toMatch(/the system said EIO\)\. Fix: the disk or network share failed while reading/);
    // Anything but a system error is a bug, and is not dressed up as a problem of the input.
    const buggy: Io = { ...diskIo, readBytes: () => { throw new TypeError("a bug"); } };
    expect(() => readInput(buggy, file, dir)).toThrow("a bug");
  });
});

describe("listInput(io, dir, problems)", () => {
  it("turns a folder the system will not list (EACCES, injected) into a problem", () => {
    const problems: Parameters<typeof listInput>[2] = [];
    expect(listInput({ ...diskIo, list: () => { throw sysError("EACCES"); } }, "dept/incidents", problems)).toEqual([]);
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/^dept\/incidents: expected a file the kit can read \(the system said EACCES\)/)]);
  });
});

describe("runPipeline(io, opts) with a file it cannot read", () => {
  it("stops with the file named and the previous output untouched when a table file is unreadable (EACCES, injected)", async () => {
    const data = copyFixture("small");
    const out = path.join(path.dirname(data), "generated");
    expect(run(data, out).error).toBe(null);
    const before = fs.readFileSync(path.join(out, "site", "aggregates.json"));
    const { runPipeline } = await import("../../scripts/pipeline/run.ts");
    const { memoryLogger } = await import("../../scripts/pipeline/log.ts");
    const denied: Io = { ...diskIo, readBytes: (p) => (p.endsWith("subjects.csv") ? (() => { throw sysError("EACCES"); })() : diskIo.readBytes(p)) };
    const log = memoryLogger();
    let error: { problems: Parameters<typeof formatProblem>[0][] } | null = null;
    try {
      runPipeline(denied, { dataDir: data, outDir: out, key: "test-key-0123456789abcdef", allowRejected: false, reportPath: path.join(path.dirname(data), "report.md"), log });
    } catch (e) {
      error = e as typeof error;
    }
    expect(error!.problems.map(formatProblem)).toEqual([expect.stringMatching(new RegExp(`^${data}/subjects\\.csv: expected a file the kit can read \\(the system said EACCES\\)`))]);
    expect(fs.readFileSync(path.join(out, "site", "aggregates.json"))).toEqual(before);
  });
});

describe("staysInside(name) and isInside(target, folder)", () => {
  it("accepts plain and nested names, and refuses absolute paths and names leading out with ..", () => {
    for (const ok of ["export.csv", "2024/export.csv", "a/../export.csv", "..export.csv", "x..csv"]) expect(staysInside(ok), ok).toBe(true);
    for (const bad of ["../outside.csv", "/etc/passwd", "a/../../x.csv", "..", "C:\\exports\\x.csv", "\\\\server\\share\\x.csv"]) expect(staysInside(bad), bad).toBe(false);
    expect(isInside("/a/b/c", "/a/b")).toBe(true);
    expect(isInside("/a/b", "/a/b")).toBe(true);
    expect(isInside("/a/bc", "/a/b")).toBe(false);
    expect(isInside("/a", "/a/b")).toBe(false);
  });
});

// runPipeline on bad input of the kinds a department's folder really holds: files in another
// encoding, control characters, dates after the release, empty tables, a column missing from one
// file, special files and links leading out of the folder. Each is read as documented or refused
// with its place named, and a refusal leaves the previous output as it was.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem, InputError } from "../../scripts/pipeline/problems.ts";
import { copyFixture, readTree, run, tmpDir } from "../helpers.ts";

/** A copy of the small fixture, its output made once, and a run over it after a change. */
function department() {
  const data = copyFixture("small");
  const out = path.join(path.dirname(data), "generated");
  expect(run(data, out).error).toBeNull();
  const before = readTree(out);
  return {
    data,
    out,
    file: (rel: string) => path.join(data, rel),
    /** Runs again; returns the problems as printed (or null on success), the log and whether the previous output is untouched. */
    rerun(opts: { allowRejected?: boolean } = {}) {
      const r = run(data, out, opts);
      const problems = r.error ? (r.error as InputError).problems.map(formatProblem) : null;
      if (r.error && !(r.error instanceof InputError)) throw r.error;
      return { ...r, problems, untouched: r.error ? JSON.stringify([...readTree(out)]) === JSON.stringify([...before]) : null };
    },
  };
}

const replaceBytes = (file: string, from: string, to: Buffer | string) => {
  const b = fs.readFileSync(file);
  const at = b.indexOf(from);
  if (at < 0) throw new Error(`${from} not in ${file}`);
  fs.writeFileSync(file, Buffer.concat([b.subarray(0, at), typeof to === "string" ? Buffer.from(to, "utf8") : to, b.subarray(at + Buffer.byteLength(from))]));
};

describe("runPipeline: encodings", () => {
  it("reads a BOM-less Windows-1252 file as Windows-1252, publishing é as é and saying so in the log and the report", () => {
    const d = department();
    const f = d.file("incidents/2022.csv");
    replaceBytes(f, "complaining of wrist pain", Buffer.from("complaining of wrist pain at the caf\xe9", "latin1"));
    const r = d.rerun();
    expect(r.problems).toBeNull();
    const note = `${f} is not UTF-8; read as Windows-1252 (1 character outside ASCII, first at line 2)`;
    expect(r.log).toContain(`read       ${note}`);
    expect(fs.readFileSync(r.reportPath, "utf8")).toContain(`- ${note}.`);
    const published = fs.readFileSync(path.join(d.out, "downloads", "incidents.csv"), "utf8");
    expect(published).toContain("at the café");
    expect(published).not.toContain("\uFFFD");
  });

  it("publishes a UTF-16 file with a byte-order mark exactly as the same file in UTF-8", () => {
    const d = department();
    const f = d.file("subjects.csv");
    fs.writeFileSync(f, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fs.readFileSync(f, "utf8"), "utf16le")]));
    const before = readTree(d.out);
    const r = d.rerun();
    expect(r.problems).toBeNull();
    expect(r.log).toContain(`read       ${f} is not UTF-8; read as UTF-16LE, as its byte-order mark says`);
    expect(readTree(d.out)).toEqual(before);
  });

  it("refuses a byte Windows-1252 leaves undefined (0x81, read as a C1 control) at its line and column", () => {
    const d = department();
    const f = d.file("incidents/2022.csv");
    replaceBytes(f, ",DOMESTIC,2,", Buffer.from(",DOMESTIC\x81CALL,2,", "latin1"));
    const r = d.rerun();
    expect(r.problems).toEqual([expect.stringMatching(new RegExp(`^${f}:2, column 9 "call_type_raw": expected text without control characters; found a C1 control \\(U\\+0081\\) at character 9 of the cell; got "DOMESTIC\\\\u0081CALL"`))]);
    expect(r.untouched).toBe(true);
  });
});

describe("runPipeline: control characters", () => {
  it("rejects a row with a NUL in a cell at its line and column, and --allow-rejected publishes the rest, reconciled", () => {
    const d = department();
    const f = d.file("incidents/2022.csv");
    replaceBytes(f, "complaining of wrist pain", "complaining of\u0000 wrist pain");
    const r = d.rerun();
    expect(r.problems![0]).toBe(`${f}:2, column 20 "summary": expected text without control characters; found NUL (U+0000) at character 111 of the cell; got "...was handcuffed, complaining of\\u0000 wrist pain.". Fix: delete the character (most programs do not show it; a text editor that shows invisible characters does), then export or save the file again`);
    expect(r.untouched).toBe(true);
    const allowed = d.rerun({ allowRejected: true });
    expect(allowed.problems).toBeNull();
    expect(allowed.result!.reconciliation.find((x) => x.table === "incidents")).toEqual({ table: "incidents", read: 5, published: 4, rejected: 1 });
    // (A bundle is binary, and holds the files checked here.)
    for (const [name, file] of readTree(d.out)) if (!name.endsWith(".zip")) expect(file.includes(0), name).toBe(false);
  });

  it("refuses ESC, BEL, DEL and C1 controls in cells, one problem per cell", () => {
    const d = department();
    const f = d.file("subjects.csv");
    replaceBytes(f, "S-1,E-1,,", "S-1,E-1,\u001b[31m,");
    replaceBytes(f, "S-2,E-2,,", "S-2,E-2,Bell\u0007,");
    replaceBytes(f, "S-3,E-3,,", "S-3,E-3\u007f,\u0085,");
    const r = d.rerun();
    expect(r.problems).toEqual([
      expect.stringMatching(new RegExp(`^${f}:2, column 3 "name": expected text without control characters; found ESC \\(U\\+001B\\)`)),
      expect.stringMatching(new RegExp(`^${f}:3, column 3 "name": expected text without control characters; found BEL \\(U\\+0007\\)`)),
      expect.stringMatching(new RegExp(`^${f}:4, column 2 "incident_id": expected text without control characters; found DEL \\(U\\+007F\\)`)),
      expect.stringMatching(new RegExp(`^${f}:4, column 3 "name": expected text without control characters; found a C1 control \\(U\\+0085\\)`)),
    ]);
  });

  it("refuses a NUL in a policy file at its line, before anything is written", () => {
    const d = department();
    const f = d.file("policy/continuum.md");
    replaceBytes(f, "least force", "least\u0000 force");
    const r = d.rerun();
    expect(r.problems).toEqual([expect.stringMatching(new RegExp(`^${f}:11: expected text without control characters; found NUL \\(U\\+0000\\) at character \\d+ of the line`))]);
    expect(r.untouched).toBe(true);
  });
});

describe("runPipeline: dates after the release", () => {
  it("refuses incidents dated 2031 and 2099 without data_through, against released, at file, line and column", () => {
    const d = department();
    const f = d.file("incidents/2023.csv");
    replaceBytes(f, "2023-01-15", "2031-01-15");
    replaceBytes(f, "2023-05-02", "2099-05-02");
    const r = d.rerun();
    expect(r.problems).toEqual([
      `${f}:2, column 3 "date": expected a date on or before 2024-02-01, the date of this release ("released" in config.json); got "2031-01-15". Fix: correct the date (is the year mistyped?), or, if this release is later, change released in config.json`,
      expect.stringMatching(new RegExp(`^${f}:3, column 3 "date": expected a date on or before 2024-02-01, .*; got "2099-05-02"`)),
    ]);
    expect(r.untouched).toBe(true);
  });

  it("refuses a calls-for-service month, a complaint received and a complaint closed after the release", () => {
    const d = department();
    replaceBytes(d.file("calls_for_service.csv"), "2023-01,assault_fight", "2031-01,assault_fight");
    fs.writeFileSync(d.file("complaints.csv"), "complaint_id,received_date,closed_date,allegation,finding\nC-1,2023-01-02,2024-03-01,excessive_force,sustained\nC-2,2099-01-02,,excessive_force,pending\nC-3,2023-04-02,2023-05-01,excessive_force,sustained\n");
    const r = d.rerun();
    expect(r.problems).toEqual([
      expect.stringMatching(new RegExp(`^${d.file("calls_for_service.csv")}:6, column 1 "period": expected a month on or before 2024-02-01, the date of this release \\("released" in config.json\\); got "2031-01"`)),
      expect.stringMatching(new RegExp(`^${d.file("complaints.csv")}:2, column 3 "closed_date": expected a date on or before 2024-02-01, .*; got "2024-03-01"`)),
      expect.stringMatching(new RegExp(`^${d.file("complaints.csv")}:3, column 2 "received_date": expected a date on or before 2024-02-01, .*; got "2099-01-02"`)),
    ]);
  });
});

describe("runPipeline: empty tables and columns missing from one file", () => {
  it("refuses required incidents whose files hold a header and no rows, naming each file, and leaves the previous output", () => {
    const d = department();
    for (const y of ["2022", "2023"]) {
      const f = d.file(`incidents/${y}.csv`);
      fs.writeFileSync(f, fs.readFileSync(f, "utf8").split("\n")[0] + "\n");
    }
    const r = d.rerun({ allowRejected: true });
    expect(r.problems!.slice(0, 2)).toEqual([
      `${d.file("incidents/2022.csv")}: expected data rows below the header (incidents is a required table, and none of its files has a row). Fix: export the incidents again with its rows; the previous site stays as it is until then`,
      `${d.file("incidents/2023.csv")}: expected data rows below the header (incidents is a required table, and none of its files has a row). Fix: export the incidents again with its rows; the previous site stays as it is until then`,
    ]);
    expect(r.untouched).toBe(true);
  });

  it("refuses header-only subjects, and notes (without refusing) one empty year among incident files with rows", () => {
    const d = department();
    const s = d.file("subjects.csv");
    fs.writeFileSync(s, fs.readFileSync(s, "utf8").split("\n")[0] + "\r\n");
    expect(d.rerun().problems).toContain(`${s}: expected data rows below the header (subjects is a required table, and none of its files has a row). Fix: export the subjects again with its rows; the previous site stays as it is until then`);

    const e = department();
    fs.writeFileSync(e.file("incidents/2024.csv"), fs.readFileSync(e.file("incidents/2023.csv"), "utf8").split("\n")[0] + "\n");
    const ok = e.rerun();
    expect(ok.problems).toBeNull();
    expect(fs.readFileSync(ok.reportPath, "utf8")).toContain(`${e.file("incidents/2024.csv")} has a header and no rows; the other files of incidents were read.`);
  });

  it("refuses every incident rejected under --allow-rejected rather than publish an empty site", () => {
    const d = department();
    for (const y of ["2022", "2023"]) {
      const f = d.file(`incidents/${y}.csv`);
      fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace(/,(dispatched|officer_initiated),/g, ",by_magic,"));
    }
    const r = d.rerun({ allowRejected: true });
    expect(r.problems).toContainEqual(`${d.file("incidents/2022.csv")}, ${d.file("incidents/2023.csv")}: expected at least one valid row in incidents (a required table); all 5 were rejected. Fix: correct the rows listed, so that the site is not published empty`);
    expect(r.untouched).toBe(true);
  });

  it("refuses a column present in one year's incidents and missing from the other's, naming both files", () => {
    const d = department();
    const f = d.file("incidents/2023.csv");
    const rows = fs.readFileSync(f, "utf8").replace(/^\uFEFF/, "").split("\n");
    // Drop the call_type column (the 8th) from 2023 only.
    const dropped = rows.map((l, i) => (i === 0 ? l.replace(",call_type,", ",") : l.replace(/^((?:[^,]*,){7})[^,]*,/, "$1")));
    fs.writeFileSync(f, dropped.join("\n"));
    const r = d.rerun();
    expect(r.problems).toEqual([`${f}:1, "call_type": expected a column "call_type", as in ${d.file("incidents/2022.csv")} (without it, every row of this file would read as not recorded). Fix: add the column "call_type" to this file's header; leave its cells empty if the department did not record it in this file's period (they then read as not recorded)`]);
    expect(r.untouched).toBe(true);
  });
});

describe("runPipeline: paths and special files", () => {
  it("refuses district code .. before anything is written (a first run leaves no output)", () => {
    const data = copyFixture("small");
    const config = path.join(data, "config.json");
    fs.writeFileSync(config, fs.readFileSync(config, "utf8").replace('"code": "N"', '"code": ".."'));
    const out = path.join(path.dirname(data), "generated");
    const r = run(data, out);
    expect((r.error as InputError).problems.map(formatProblem)).toEqual([expect.stringMatching(new RegExp(`^${config}:9, "districts\\.0\\.code": expected a district code`))]);
    expect(fs.existsSync(out)).toBe(false);
  });

  it("refuses a policy file named ....md, which would make the page address /policy/../", () => {
    const d = department();
    fs.copyFileSync(d.file("policy/continuum.md"), d.file("policy/....md"));
    expect(d.rerun().problems).toEqual([`${d.file("policy/....md")}: expected a file name of lowercase letters, digits and hyphens, ending in .md (it becomes the page address /policy/<name>/); got "....md". Fix: rename the file to policy-section.md`]);
  });

  it("refuses a named pipe and a folder where table files should be, without waiting and without blaming the rows referring to them", () => {
    const d = department();
    fs.rmSync(d.file("subjects.csv"));
    execFileSync("mkfifo", [d.file("subjects.csv")]);
    fs.mkdirSync(d.file("incidents/2024.csv"));
    const r = d.rerun();
    expect(r.problems).toEqual([
      `${d.file("incidents/2024.csv")}: expected a regular file; found a folder. Fix: put the file itself here, or rename the folder`,
      `${d.file("subjects.csv")}: expected a regular file; found a named pipe (FIFO), which would never end. Fix: replace it with a regular file holding the data`,
    ]);
    expect(r.untouched).toBe(true);
  });

  it("refuses a table file linked from outside the folder, and reads one linked inside it", () => {
    const d = department();
    const outside = path.join(tmpDir(), "elsewhere.csv");
    fs.copyFileSync(d.file("incidents/2023.csv"), outside);
    fs.rmSync(d.file("incidents/2023.csv"));
    fs.symlinkSync(outside, d.file("incidents/2023.csv"));
    expect(d.rerun().problems).toEqual([`${d.file("incidents/2023.csv")}: expected a file inside ${d.data}; this is a symbolic link leading out of it, to ${fs.realpathSync(outside)}. Fix: copy the file into ${d.data} instead of linking to it`]);
    fs.rmSync(d.file("incidents/2023.csv"));
    fs.copyFileSync(outside, d.file("archive-2023.csv.txt"));
    fs.symlinkSync("../archive-2023.csv.txt", d.file("incidents/2023.csv"));
    expect(d.rerun().problems).toBeNull();
  });
});

describe("runPipeline with the helper validation thread", () => {
  it("reads, notes and refuses the helper's tables as the main thread does (a Windows-1252 subjects file, a named pipe for force uses)", async () => {
    const { runPipeline } = await import("../../scripts/pipeline/run.ts");
    const { diskIo } = await import("../../scripts/pipeline/io.ts");
    const { memoryLogger } = await import("../../scripts/pipeline/log.ts");
    const data = copyFixture("small");
    replaceBytes(path.join(data, "subjects.csv"), "S-1,E-1,,", Buffer.from("S-1,E-1,Ren\xe9e,", "latin1"));
    fs.rmSync(path.join(data, "force_uses.csv"));
    execFileSync("mkfifo", [path.join(data, "force_uses.csv")]);
    const log = memoryLogger();
    let problems: string[] = [];
    try {
      runPipeline(diskIo, { dataDir: data, outDir: path.join(path.dirname(data), "generated"), key: "test-key-0123456789abcdef", allowRejected: false, reportPath: path.join(path.dirname(data), "report.md"), log, helperThread: true });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems = e.problems.map(formatProblem);
    }
    expect(problems).toEqual([`${data}/force_uses.csv: expected a regular file; found a named pipe (FIFO), which would never end. Fix: replace it with a regular file holding the data`]);
    expect(log.lines).toContain(`read       ${data}/subjects.csv is not UTF-8; read as Windows-1252 (1 character outside ASCII, first at line 2)`);
  });
});

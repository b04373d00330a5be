// runImport on bad input: mapping.json naming files outside the folder or keys twice, export
// files in another encoding or with control characters, dates after the release, an export with
// no rows, and a column one file of a several-file source lacks.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runImport } from "../../scripts/import/run.ts";
import { departmentConfig } from "../../src/lib/schema/config.ts";
import { diskIo } from "../../scripts/pipeline/io.ts";
import { memoryLogger } from "../../scripts/pipeline/log.ts";
import { formatProblem, InputError } from "../../scripts/pipeline/problems.ts";
import { FIXTURES, readTree, tmpDir } from "../helpers.ts";

const BASE = path.join(FIXTURES, "corpus", "_bases", "import");

/** A copy of the import base folder (config, mapping, export), changed, and imported once. */
function importOf(change: (dir: string) => void = () => {}, opts: { allowRejected?: boolean; sourceDir?: string } = {}) {
  const dir = path.join(tmpDir("uof-import-"), "dept");
  fs.cpSync(BASE, dir, { recursive: true });
  change(dir);
  const outDir = path.join(path.dirname(dir), "imported");
  const log = memoryLogger();
  const reportPath = path.join(path.dirname(dir), "import.md");
  const config = departmentConfig.parse(JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8")));
  try {
    const result = runImport(diskIo, { dataDir: dir, sourceDir: opts.sourceDir, outDir, reportPath, allowRejected: opts.allowRejected ?? false, config, log });
    return { dir, result, problems: null, log: log.lines, reportPath, wrote: fs.existsSync(outDir) };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { dir, result: null, problems: e.problems.map(formatProblem), log: log.lines, reportPath, wrote: fs.existsSync(outDir) };
  }
}

const editMapping = (dir: string, edit: (text: string) => string) => {
  const f = path.join(dir, "mapping.json");
  fs.writeFileSync(f, edit(fs.readFileSync(f, "utf8")));
};
const lineOf = (file: string, needle: string) => fs.readFileSync(file, "utf8").split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("runImport(io, opts): where export files may be", () => {
  it("refuses a mapping source ../outside.csv and /etc/passwd at its mapping.json line, reading neither", () => {
    for (const name of ["../outside.csv", "/etc/passwd", "sub/../../outside.csv"]) {
      const r = importOf((dir) => {
        fs.copyFileSync(path.join(dir, "export.csv"), path.join(path.dirname(dir), "outside.csv"));
        editMapping(dir, (t) => t.replace('"file": "export.csv"', `"file": ${JSON.stringify(name)}`));
      });
      expect(r.problems, name).toEqual([`${r.dir}/mapping.json:4, "sources[0].file": expected the name of a file inside ${r.dir} (no absolute path, no ".." leading out of the folder); got "${name}". Fix: copy the export into ${r.dir} and give its name only, or pass the folder holding it with --source DIR`]);
      expect(r.wrote).toBe(false);
    }
  });

  it("refuses an export file that is a symbolic link out of the folder (or the --source folder), and reads one linked inside", () => {
    const out = importOf((dir) => {
      fs.renameSync(path.join(dir, "export.csv"), path.join(path.dirname(dir), "real.csv"));
      fs.symlinkSync(path.join(path.dirname(dir), "real.csv"), path.join(dir, "export.csv"));
    });
    expect(out.problems).toEqual([expect.stringMatching(/export\.csv: expected a file inside .*\/dept; this is a symbolic link leading out of it, to .*\/real\.csv/)]);
    const inside = importOf((dir) => {
      fs.mkdirSync(path.join(dir, "exports"));
      fs.renameSync(path.join(dir, "export.csv"), path.join(dir, "exports", "2024.csv"));
      fs.symlinkSync("exports/2024.csv", path.join(dir, "export.csv"));
    });
    expect(inside.problems).toBeNull();
    // With --source, files are read from that folder, and links must stay inside it.
    const source = path.join(tmpDir(), "exports");
    fs.mkdirSync(source);
    const viaSource = importOf((dir) => fs.renameSync(path.join(dir, "export.csv"), path.join(source, "export.csv")), { sourceDir: source });
    expect(viaSource.problems).toBeNull();
  });

  it("refuses a named pipe where the export should be, without waiting for it", () => {
    const r = importOf((dir) => {
      fs.rmSync(path.join(dir, "export.csv"));
      execFileSync("mkfifo", [path.join(dir, "export.csv")]);
    });
    expect(r.problems).toEqual([`${r.dir}/export.csv: expected a regular file; found a named pipe (FIFO), which would never end. Fix: replace it with a regular file holding the data`]);
  });
});

describe("runImport(io, opts): mapping.json as written", () => {
  it("refuses a key written twice in mapping.json at the second one's line", () => {
    const r = importOf((dir) => editMapping(dir, (t) => t.replace('"grain": "officer",', '"grain": "officer",\n      "grain": "incident",')));
    expect(r.problems).toEqual([`${r.dir}/mapping.json:6, "sources.0.grain": expected each key once in its object; "grain" is also at line 5, and only the last would count. Fix: remove one of the two, keeping the value you mean`]);
  });

  it("locates a mapping mistake at its line", () => {
    const r = importOf((dir) => editMapping(dir, (t) => t.replace('"column": "Officer Yrs"', '"column": "Officer Years"')));
    const line = lineOf(path.join(r.dir, "mapping.json"), '"officers.years_of_service"');
    expect(r.problems).toEqual([expect.stringMatching(new RegExp(`^${r.dir}/mapping\\.json:${line}, "sources\\[0\\]\\.fields\\["officers\\.years_of_service"\\]": expected a column named "Officer Years"`))]);
  });
});

describe("runImport(io, opts): the export's text", () => {
  it("reads a BOM-less Windows-1252 export as Windows-1252 and says so in the log and the report", () => {
    const r = importOf((dir) => {
      const f = path.join(dir, "export.csv");
      fs.writeFileSync(f, Buffer.from(fs.readFileSync(f, "utf8").replace(/^\uFEFF/, "").replace("12 Elm St", "12 Rue de l'\u00c9glise"), "latin1"));
    });
    expect(r.problems).toBeNull();
    const note = `${r.dir}/export.csv is not UTF-8; read as Windows-1252 (1 character outside ASCII, first at line 2)`;
    expect(r.log).toContain(`import     ${note}`);
    expect(fs.readFileSync(r.reportPath, "utf8")).toContain(`- ${note}.`);
  });

  it("rejects an export row holding a control character at its line and column, before reading its labels", () => {
    const r = importOf((dir) => {
      const f = path.join(dir, "export.csv");
      fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace("ON VIEW", "ON\u0000VIEW"));
    });
    expect(r.problems).toEqual([`${r.dir}/export.csv:4, column 7 "Contact": expected text without control characters; found NUL (U+0000) at character 3 of the cell; got "ON\\u0000VIEW". Fix: delete the character (most programs do not show it; a text editor that shows invisible characters does), then export or save the file again`]);
    expect(r.wrote).toBe(false);
  });

  it("rejects an incident dated after the release at the export's line and column", () => {
    const r = importOf((dir) => {
      const f = path.join(dir, "export.csv");
      fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace("03/05/2024", "03/05/2099"));
    });
    expect(r.problems).toEqual([`${r.dir}/export.csv:4, column 3 "Date  Occurred": expected a date on or before 2026-01-01, the date of this release ("released" in config.json); got "03/05/2099 12:00:00 AM". Fix: correct the date in the export (is the year mistyped?), or, if this release is later, change released in config.json`]);
  });

  it("refuses an export with a header and no rows, and every row rejected under --allow-rejected", () => {
    const empty = importOf((dir) => {
      const f = path.join(dir, "export.csv");
      fs.writeFileSync(f, fs.readFileSync(f, "utf8").split("\n")[0] + "\n");
    });
    expect(empty.problems).toEqual([`${empty.dir}/export.csv: expected data rows below the header (no export file named in mapping.json has a row, so there would be no incidents). Fix: export the data again with its rows; the previous site stays as it is until then`]);
    const rejected = importOf((dir) => {
      const f = path.join(dir, "export.csv");
      fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace(/DISPATCHED|dispatched |ON VIEW/g, "WALK IN"));
    }, { allowRejected: true });
    expect(rejected.problems).toContainEqual(`${rejected.dir}/export.csv: expected at least one incident to import; every row was rejected. Fix: correct the rows listed in the import report, so that the site is not published empty`);
    expect(rejected.wrote).toBe(false);
  });

  it("names the file of a several-file source that lacks a column the mapping names, and the files that have it", () => {
    const r = importOf((dir) => {
      const text = fs.readFileSync(path.join(dir, "export.csv"), "utf8");
      fs.writeFileSync(path.join(dir, "2024.csv"), text);
      // 2023 has no "Officer Yrs" column (the last).
      fs.writeFileSync(path.join(dir, "2023.csv"), text.split("\n").map((l) => l.replace(/,[^,]*$/, "")).join("\n"));
      fs.rmSync(path.join(dir, "export.csv"));
      editMapping(dir, (t) => t.replace('"file": "export.csv"', '"files": ["2023.csv", "2024.csv"]'));
    });
    const line = lineOf(path.join(r.dir, "mapping.json"), '"officers.years_of_service"');
    expect(r.problems).toEqual([`${r.dir}/2023.csv:1, "Officer Yrs": expected a column "Officer Yrs", as in ${r.dir}/2024.csv (mapping.json sources[0].fields["officers.years_of_service"], line ${line}, maps it). Fix: add the column "Officer Yrs" to this file's header (or name this file's spelling in the source's aliases); leave its cells empty if the department did not record it in this file's period (they then read as not recorded)`]);
    expect(r.wrote).toBe(false);
  });
});

describe("runImport(io, opts) leaves the canonical tables of the last import when it refuses", () => {
  it("keeps imported/ byte for byte", () => {
    const ok = importOf();
    expect(ok.problems).toBeNull();
    const outDir = path.join(path.dirname(ok.dir), "imported");
    const before = readTree(outDir);
    const f = path.join(ok.dir, "export.csv");
    fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace("03/05/2024", "03/05/2031"));
    const config = departmentConfig.parse(JSON.parse(fs.readFileSync(path.join(ok.dir, "config.json"), "utf8")));
    expect(() => runImport(diskIo, { dataDir: ok.dir, outDir, reportPath: path.join(path.dirname(ok.dir), "r.md"), allowRejected: false, config, log: memoryLogger() })).toThrow(InputError);
    expect(readTree(outDir)).toEqual(before);
  });
});

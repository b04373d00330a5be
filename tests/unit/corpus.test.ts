// The bad-input corpus (tests/fixtures/corpus): each case is a department folder made from a base
// folder plus the case's own files, run through the real command line in a child process. A case
// expects either a located refusal (exit 1, the named file, line and column in the output, no stack
// trace, and the previous output byte-identical) or a success whose counts reconcile.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cleanEnv, FIXTURES, outputLeftovers, readTree, tmpDir } from "../helpers.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CORPUS = path.join(FIXTURES, "corpus");
const run = promisify(execFile);

/** One case's case.json. */
export interface CorpusCase {
  /** One sentence: the input, and what the kit must do with it. */
  what: string;
  /** The class of bad input (encoding, control-characters, future-date, ...). */
  class: string;
  /** The folder the case starts from: "small" (tests/fixtures/small/input) or "import" (_bases/import). */
  base: "small" | "import";
  /** Arguments after the command line's name: ["data"], ["import"], ["data", "--allow-rejected"], ... */
  command: string[];
  /** Files of the base to delete (relative to the department's folder). */
  remove?: string[];
  /** Steps after the files are in place, for what git cannot hold. */
  setup?: ({ fifo: string } | { mkdir: string } | { symlink: string; to: string } | { write: string; text: string } | { outside: string; text: string })[];
  /** Environment: a value, or null to unset (UOF_PSEUDONYM_KEY is set unless the case says otherwise). */
  env?: Record<string, string | null>;
  /** Run without a previous output (a first release). */
  fresh?: boolean;
  expect: {
    status: number;
    /** Substrings the output (stdout and stderr) must hold: the file, line, column and fix. */
    output?: string[];
    /** Substrings the output must not hold. */
    not_output?: string[];
    /** Per table: [read, published, rejected], as the run prints them. */
    rows?: Record<string, [number, number, number]>;
    /** Published files (relative to the generated folder) and substrings they must (not) hold. */
    files?: Record<string, { contains?: string[]; not_contains?: string[] }>;
    /** Substrings the run's report file must hold. */
    report?: string[];
  };
}

const KEY = "corpus-key-0123456789abcdef";
const BASES: Record<CorpusCase["base"], string> = {
  small: path.join(FIXTURES, "small", "input"),
  import: path.join(CORPUS, "_bases", "import"),
};

function cases(): [string, CorpusCase][] {
  if (!fs.existsSync(CORPUS)) return [];
  return fs
    .readdirSync(CORPUS)
    .filter((n) => !n.startsWith("_") && fs.existsSync(path.join(CORPUS, n, "case.json")))
    .sort()
    .map((n) => [n, JSON.parse(fs.readFileSync(path.join(CORPUS, n, "case.json"), "utf8")) as CorpusCase]);
}

/** Runs the command line in `cwd`; never throws for a non-zero exit. */
async function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number; output: string }> {
  try {
    const r = await run(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/cli.ts"), ...args], { cwd, env, timeout: 120_000, maxBuffer: 64 << 20 });
    return { status: 0, output: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number | string; killed?: boolean; signal?: string; stdout?: string; stderr?: string };
    if (err.killed || err.signal) return { status: -1, output: `killed (${err.signal ?? "timeout"}): the run hung or crashed\n${err.stdout ?? ""}${err.stderr ?? ""}` };
    return { status: typeof err.code === "number" ? err.code : -1, output: (err.stdout ?? "") + (err.stderr ?? "") };
  }
}

/** The previous output of each base (a successful run), made once and copied into each case. */
const previous = new Map<string, Promise<string>>();
function previousOf(base: CorpusCase["base"], command: string): Promise<string> {
  const k = `${base}:${command}`;
  if (!previous.has(k)) {
    previous.set(k, (async () => {
      const work = tmpDir("uof-corpus-prev-");
      fs.cpSync(BASES[base], path.join(work, "dept"), { recursive: true });
      const r = await cli([command === "import" ? "import" : "data", "--data", "dept", "--out", "generated", "--report", "report.md"], work, { ...cleanEnv(), UOF_PSEUDONYM_KEY: KEY });
      if (r.status !== 0) throw new Error(`the corpus base ${base} does not build:\n${r.output}`);
      return work;
    })());
  }
  return previous.get(k)!;
}

/** A folder's files (or a file's bytes), or null where there is nothing. */
function snapshot(p: string): Map<string, Buffer> | null {
  if (!fs.existsSync(p)) return null;
  return fs.statSync(p).isDirectory() ? readTree(p) : new Map([["", fs.readFileSync(p)]]);
}

const STACK_FRAME = /^\s+at .+(\(.+:\d+:\d+\)|:\d+:\d+)$/m;

describe("bad-input corpus (tests/fixtures/corpus)", () => {
  const all = cases();
  it("has at least 60 cases, each with a class and an expected outcome", () => {
    expect(all.length).toBeGreaterThanOrEqual(60);
    for (const [name, c] of all) {
      expect(c.what, name).toBeTruthy();
      expect(c.class, name).toBeTruthy();
      expect([0, 1], name).toContain(c.expect.status);
      if (c.expect.status === 1) expect(c.expect.output?.length, `${name}: a refusal must say what the output names`).toBeGreaterThan(0);
    }
  });

  for (const [name, c] of all) {
    it.concurrent(`${name}: ${c.what}`, { timeout: 180_000 }, async () => {
      const command = c.command[0];
      const work = tmpDir("uof-corpus-");
      if (!c.fresh) {
        const prev = await previousOf(c.base, command);
        for (const d of ["generated", "imported", "reports", "report.md"]) if (fs.existsSync(path.join(prev, d))) fs.cpSync(path.join(prev, d), path.join(work, d), { recursive: true, verbatimSymlinks: true });
        // Output folders are links into their builds folder beside them.
        for (const d of fs.readdirSync(prev)) if (d.endsWith(".builds")) fs.cpSync(path.join(prev, d), path.join(work, d), { recursive: true, verbatimSymlinks: true });
      }
      const dept = path.join(work, "dept");
      fs.cpSync(BASES[c.base], dept, { recursive: true });
      for (const r of c.remove ?? []) fs.rmSync(path.join(dept, r), { recursive: true, force: true });
      const overlay = path.join(CORPUS, name, "overlay");
      if (fs.existsSync(overlay)) fs.cpSync(overlay, dept, { recursive: true });
      for (const s of c.setup ?? []) {
        if ("fifo" in s) {
          fs.rmSync(path.join(dept, s.fifo), { force: true });
          await run("mkfifo", [path.join(dept, s.fifo)]);
        } else if ("mkdir" in s) {
          fs.rmSync(path.join(dept, s.mkdir), { recursive: true, force: true });
          fs.mkdirSync(path.join(dept, s.mkdir), { recursive: true });
        } else if ("symlink" in s) {
          fs.rmSync(path.join(dept, s.symlink), { force: true });
          fs.symlinkSync(s.to, path.join(dept, s.symlink));
        } else if ("write" in s) {
          fs.mkdirSync(path.dirname(path.join(dept, s.write)), { recursive: true });
          fs.writeFileSync(path.join(dept, s.write), s.text);
        } else if ("outside" in s) {
          // A file beside the department's folder, which a hostile mapping or link may name.
          fs.writeFileSync(path.join(work, s.outside), s.text);
        }
      }
      const env: NodeJS.ProcessEnv = { ...cleanEnv(), UOF_PSEUDONYM_KEY: KEY, NO_COLOR: "1" };
      for (const [k, v] of Object.entries(c.env ?? {})) {
        if (v === null) delete env[k];
        else env[k] = v;
      }
      const before = snapshot(path.join(work, "generated"));
      const importedBefore = snapshot(path.join(work, "imported"));
      const args = [...c.command, "--data", "dept", ...(command === "import" ? [] : ["--out", "generated", "--report", "report.md"])];
      const r = await cli(args, work, env);
      const shown = `${name} (${args.join(" ")}):\n${r.output}`;
      expect(r.status, shown).toBe(c.expect.status);
      expect(r.output, `${shown}\nno stack trace may reach the user`).not.toMatch(STACK_FRAME);
      for (const s of c.expect.output ?? []) expect(r.output, shown).toContain(s);
      for (const s of c.expect.not_output ?? []) expect(r.output, shown).not.toContain(s);
      if (c.expect.status !== 0) {
        // Nothing lost: the previous output is exactly as it was, and nothing half-written is left beside it.
        if (before) expect(snapshot(path.join(work, "generated")), `${name}: generated/ changed`).toEqual(before);
        else expect(fs.existsSync(path.join(work, "generated")), `${name}: a refused first run left generated/`).toBe(false);
        if (importedBefore) expect(snapshot(path.join(work, "imported")), `${name}: imported/ changed`).toEqual(importedBefore);
        for (const out of ["generated", path.join("imported", "dept")]) if (fs.existsSync(path.join(work, out)) && fs.statSync(path.join(work, out)).isDirectory()) expect(outputLeftovers(path.join(work, out)), `${name}: leftovers beside ${out}`).toEqual([]);
      } else {
        for (const [table, [read, published, rejected]] of Object.entries(c.expect.rows ?? {})) {
          expect(r.output, shown).toMatch(new RegExp(`rows\\s+${table}\\s+read ${read.toLocaleString("en-US")} = published ${published.toLocaleString("en-US")} \\+ rejected ${rejected.toLocaleString("en-US")}`));
        }
        // Every table's counts reconcile.
        for (const m of r.output.matchAll(/read ([\d,]+) = published ([\d,]+) \+ rejected ([\d,]+)/g)) {
          const [read, published, rejected] = m.slice(1).map((x) => Number(x.replace(/,/g, "")));
          expect(read, `${name}: ${m[0]}`).toBe(published + rejected);
        }
        for (const [file, want] of Object.entries(c.expect.files ?? {})) {
          const text = fs.readFileSync(path.join(work, "generated", file), "utf8");
          for (const s of want.contains ?? []) expect(text, `${name}: ${file}`).toContain(s);
          for (const s of want.not_contains ?? []) expect(text, `${name}: ${file}`).not.toContain(s);
        }
      }
      if (c.expect.report) {
        const report = fs.readFileSync(path.join(work, command === "import" ? path.join("reports", "dept-import.md") : "report.md"), "utf8");
        for (const s of c.expect.report) expect(report, `${name}: report`).toContain(s);
      }
    });
  }
});

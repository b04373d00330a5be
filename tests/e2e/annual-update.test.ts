// An annual update end to end: the sample department is built and recorded as release 2023.1
// without its last year, then built again as 2024.1 with that year added, three past incidents
// revised, one withdrawn and one incident's district corrected. The change list must name exactly
// those differences; both releases' bundles must download from the built site and verify; the
// moved incident's old address must lead to its new one; the data package must validate.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvParse } from "d3-dsv";
import { pseudonymizer } from "../../scripts/pipeline/anonymize.ts";
import type { Changes, ReleaseIndex } from "../../src/lib/releases.ts";
import { cleanEnv, copyDepartment, editCsv, tmpDir } from "../helpers.ts";
import { serveStatic } from "./browser.ts";
import { ROOT } from "./build.ts";
import { validatePackage } from "../datapackageProfile.ts";

const KEY = "release-test-key-0123456789abcdef";
const pid = (id: string) => pseudonymizer(KEY)("incident", id);

/** Runs the kit's command line on a department; returns its status and output. */
function cli(args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/cli.ts"), ...args], {
    cwd: ROOT, encoding: "utf8", env: { ...cleanEnv(), UOF_PSEUDONYM_KEY: KEY },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function setConfig(dept: string, edit: Record<string, unknown>): void {
  const file = path.join(dept, "config.json");
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, "utf8")), ...edit }, null, 2));
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Every entry of a ZIP, checked against the SHA256SUMS.txt inside it. */
function verifiedBundle(zip: Uint8Array): Map<string, Uint8Array> {
  const entries = new Map(Object.entries(unzipSync(zip)));
  const sums = Buffer.from(entries.get("SHA256SUMS.txt")!).toString("utf8").trim().split("\n");
  expect(sums.length).toBe(entries.size - 1);
  for (const line of sums) {
    const [hash, name] = line.split(/ {2}/);
    expect(entries.has(name), name).toBe(true);
    expect(sha256(entries.get(name)!), name).toBe(hash);
  }
  return entries;
}

describe("an annual update: two releases, what changed, and citations that keep working", () => {
  let work = "";
  let dept = "";
  let out = "";
  let dist = "";
  let firstZip: Buffer;
  let firstZipName = "";
  let origin = "";
  let close: () => Promise<void> = async () => {};
  // What the revision did, by raw id.
  const revised: string[] = [];
  let withdrawn = "";
  let moved = "";
  let addedYear = 0;
  let recordOut = "";

  beforeAll(async () => {
    work = tmpDir("uof-releases-");
    dept = copyDepartment(path.join(ROOT, "data"), path.join(work, "dept"));
    out = path.join(work, "generated");
    dist = path.join(work, "dist");
    const held = path.join(work, "held");
    // Release 2023.1: every table without the last year.
    addedYear = Math.max(...fs.readdirSync(path.join(dept, "incidents")).map((f) => Number(f.slice(0, 4))));
    for (const table of fs.readdirSync(dept)) {
      const f = path.join(dept, table, `${addedYear}.csv`);
      if (!fs.existsSync(f)) continue;
      fs.mkdirSync(path.join(held, table), { recursive: true });
      fs.renameSync(f, path.join(held, table, `${addedYear}.csv`));
    }
    for (const t of ["population", "training"]) {
      fs.copyFileSync(path.join(dept, t, `${t}.csv`), path.join(held, `${t}.csv`));
      editCsv(path.join(dept, t, `${t}.csv`), (rows) => rows.filter((r) => Number(r.year) < addedYear));
    }
    setConfig(dept, { version: "2023.1", released: "2024-09-01", data_through: `${addedYear - 1}-12-31`, release_notes: "First release of the sample department's records." });
    const first = cli(["build", "--data", dept, "--out", out, "--dist", dist, "--report", path.join(work, "r1.md"), "--release"]);
    if (first.status !== 0) throw new Error(`first build failed:\n${first.out}`);
    recordOut = first.out;
    const index1 = JSON.parse(fs.readFileSync(path.join(out, "site", "releases.json"), "utf8")) as ReleaseIndex;
    firstZipName = index1.releases[0].bundle.path;
    firstZip = fs.readFileSync(path.join(dist, firstZipName));

    // Release 2024.1: the last year added, and past records corrected.
    for (const table of fs.readdirSync(held)) {
      if (table.endsWith(".csv")) fs.copyFileSync(path.join(held, table), path.join(dept, table.replace(".csv", ""), table));
      else fs.renameSync(path.join(held, table, `${addedYear}.csv`), path.join(dept, table, `${addedYear}.csv`));
    }
    const year = (y: number, t: string) => path.join(dept, t, `${y}.csv`);
    editCsv(year(addedYear - 2, "incidents"), (rows) => {
      for (const r of rows.filter((r) => r.bwc_activated === "yes").slice(0, 3)) {
        r.bwc_activated = "no";
        revised.push(r.incident_id);
      }
      return rows;
    });
    editCsv(year(addedYear - 1, "incidents"), (rows) => {
      const r = rows.find((r) => r.district === "D1")!;
      const d2 = rows.find((x) => x.district === "D2")!;
      r.district = "D2";
      r.beat = d2.beat;
      moved = r.incident_id;
      return rows;
    });
    editCsv(year(addedYear - 3, "incidents"), (rows) => {
      withdrawn = rows[10].incident_id;
      return rows.filter((r) => r.incident_id !== withdrawn);
    });
    for (const t of ["subjects", "force_uses", "officers"]) editCsv(year(addedYear - 3, t), (rows) => rows.filter((r) => r.incident_id !== withdrawn));
    for (const f of fs.readdirSync(path.join(dept, "complaints"))) {
      editCsv(path.join(dept, "complaints", f), (rows) => rows.map((r) => (r.incident_id === withdrawn ? { ...r, incident_id: "" } : r)));
    }
    setConfig(dept, { version: "2024.1", released: "2025-03-01", data_through: undefined, next_update: "2026-03", release_notes: "Adds the records of the last year. Three reviews found that body-worn cameras were not switched on; one incident was recorded in the wrong district; one report was withdrawn as a duplicate." });
    // A new generated folder: the earlier release's bundle is rebuilt from its snapshot alone.
    out = path.join(work, "generated2");
    const second = cli(["build", "--data", dept, "--out", out, "--dist", dist, "--report", path.join(work, "r2.md"), "--release"]);
    if (second.status !== 0) throw new Error(`second build failed:\n${second.out}`);
    const server = await serveStatic(dist);
    origin = server.origin;
    close = server.close;
  }, 600_000);
  afterAll(async () => {
    await close();
  });

  const get = async (p: string) => {
    const r = await fetch(origin + p);
    expect(r.status, p).toBe(200);
    return r;
  };
  const changes = async () => (await (await get("/releases/2024.1/changes.json")).json()) as Changes;
  const table = (c: Changes, name: string) => c.tables.find((t) => t.table === name)!;

  it("records each release in the department's history, with a snapshot", () => {
    const history = JSON.parse(fs.readFileSync(path.join(dept, "releases", "releases.json"), "utf8"));
    expect(history.releases.map((r: { version: string }) => r.version)).toEqual(["2023.1", "2024.1"]);
    for (const r of history.releases) expect(fs.existsSync(path.join(dept, "releases", r.snapshot))).toBe(true);
    expect(recordOut).toMatch(/recorded release 2023\.1/);
  });

  it("lists exactly the records added, withdrawn and revised, by pseudonym", async () => {
    const c = await changes();
    expect(c.previous).toEqual({ version: "2023.1", released: "2024-09-01" });
    expect(c.pseudonyms).toBe("same");
    const incidents = table(c, "incidents");
    const index = JSON.parse(fs.readFileSync(path.join(out, "site", "releases.json"), "utf8")) as ReleaseIndex;
    const bundle = verifiedBundle(new Uint8Array(await (await get(`/${index.releases[0].bundle.path}`)).arrayBuffer()));
    const published = csvParse(Buffer.from(bundle.get("incidents.csv")!).toString("utf8"));
    const newYear = published.filter((r) => Number(r.year) === addedYear).map((r) => r.incident!).sort();
    expect(newYear.length).toBeGreaterThan(100);
    expect([...incidents.added].sort()).toEqual(newYear);
    expect(incidents.withdrawn).toEqual([pid(withdrawn)]);
    const byKey = new Map(incidents.revised.map((r) => [r.key, r.fields]));
    expect([...byKey.keys()].sort()).toEqual([...revised.map(pid), pid(moved)].sort());
    for (const id of revised) expect(byKey.get(pid(id))).toEqual(["bwc_activated"]);
    expect(byKey.get(pid(moved))).toContain("district");
    // Nothing else was revised by the department: any other difference is disclosure control's.
    for (const t of c.tables) if (t.table !== "incidents") expect(t.revised.filter((r) => r.incident !== pid(moved)), t.table).toEqual([]);
    // The year summary names the revised past years.
    expect(c.years.map((y) => y.year).sort()).toEqual([addedYear - 3, addedYear - 2, addedYear - 1]);
    expect(c.years.find((y) => y.year === addedYear - 3)!.withdrawn).toBe(1);
    expect(c.years.find((y) => y.year === addedYear - 2)!.revised).toBe(3);
  });

  it("shows the changes on the release page and marks the revised years", async () => {
    const page = await (await get("/releases/2024.1/")).text();
    expect(page).toContain("Three reviews found that body-worn cameras");
    for (const id of [...revised, withdrawn, moved]) expect(page).toContain(pid(id));
    // The report of a revised year says so; an unrevised year's does not.
    const words = (html: string) => html.replace(/<[^>]+>/g, "").replace(/\s+/g, " ");
    const report = words(await (await get(`/reports/${addedYear - 2}/`)).text());
    expect(/revised in release 2024\.1 \(released 2025-03-01\): 3 incidents revised/.test(report), "revision note in the report").toBe(true);
    // A year not revised has no note of its own; its chart of every year marks the years that were.
    const untouchedHtml = await (await get(`/reports/${addedYear - 4}/`)).text();
    const lede = words(untouchedHtml.slice(0, untouchedHtml.indexOf('class="lede"')));
    expect(lede).toContain(`Annual report ${addedYear - 4}`);
    expect(/revised in release/.test(lede), "no note for a year not revised").toBe(false);
    expect(words(untouchedHtml)).toContain(`${addedYear - 2} was revised in release 2024.1 (released 2025-03-01): 3 incidents revised.`);
    // So does the chart as an image, for use outside the site.
    const svg = await (await get("/charts/rate-by-year/chart.svg")).text();
    expect(svg).toContain(`${addedYear - 3}, ${addedYear - 2} and ${addedYear - 1} were revised in release 2024.1.`);
  });

  it("keeps both bundles downloadable, each verified by its checksums, the earlier one byte for byte", async () => {
    const index = JSON.parse(fs.readFileSync(path.join(out, "site", "releases.json"), "utf8")) as ReleaseIndex;
    expect(index.releases.map((r) => r.version)).toEqual(["2024.1", "2023.1"]);
    for (const r of index.releases) {
      const zip = new Uint8Array(await (await get(`/${r.bundle.path}`)).arrayBuffer());
      expect(sha256(zip)).toBe(r.bundle.sha256);
      const entries = verifiedBundle(zip);
      for (const name of ["incidents.csv", "datapackage.json", "README.md", "SHA256SUMS.txt", "changes.json"]) expect(entries.has(name), `${r.version} ${name}`).toBe(true);
      expect(Buffer.from(entries.get("README.md")!).toString("utf8")).toContain(r.version);
    }
    const again = new Uint8Array(await (await get(`/${firstZipName}`)).arrayBuffer());
    expect(Buffer.compare(Buffer.from(again), firstZip)).toBe(0);
    // The latest release page and the feed point to the newest.
    expect(await (await get("/releases/latest/")).text()).toContain("2024.1");
    const feed = await (await get("/releases/feed.xml")).text();
    expect(feed.match(/<entry>/g)?.length).toBe(2);
  });

  it("leads from the moved incident's old address to its new one", async () => {
    const c = await changes();
    const move = c.moved.find((m) => m.incident === pid(moved))!;
    expect(move.fields).toContain("district");
    expect(move.from).not.toBe(move.to);
    const old = await (await get(move.from)).text();
    const at = old.indexOf(`id="${pid(moved)}"`);
    expect(at).toBeGreaterThan(0);
    const entry = old.slice(at, at + 2000);
    expect(entry).toContain(`href="${move.to}#${pid(moved)}"`);
    expect(await (await get(move.to!)).text()).toContain(`id="${pid(moved)}"`);
    // The withdrawn incident's old anchor says so.
    const gone = c.moved.find((m) => m.incident === pid(withdrawn))!;
    expect(gone.to).toBeNull();
    const page = await (await get(gone.from)).text();
    expect(page.slice(page.indexOf(`id="${pid(withdrawn)}"`))).toMatch(/withdrawn/i);
    // Any other move is disclosure control's, never the department's.
    const revisedKeys = new Set(table(c, "incidents").revised.map((r) => r.key));
    for (const m of c.moved) if (m.incident !== pid(moved) && m.to !== null) expect(revisedKeys.has(m.incident), m.incident).toBe(false);
  });

  it("publishes a data package that validates, with every CSV matching its table schema", async () => {
    const index = JSON.parse(fs.readFileSync(path.join(out, "site", "releases.json"), "utf8")) as ReleaseIndex;
    for (const r of index.releases) {
      const entries = verifiedBundle(new Uint8Array(await (await get(`/${r.bundle.path}`)).arrayBuffer()));
      expect(validatePackage(entries), r.version).toEqual([]);
    }
  });

  it("refuses to publish other content under a version already released, and leaves the output as it was", () => {
    editCsv(path.join(dept, "incidents", `${addedYear - 2}.csv`), (rows) => rows.map((r, i) => (i === 0 ? { ...r, bwc_activated: r.bwc_activated === "yes" ? "no" : "yes" } : r)));
    const before = fs.readFileSync(path.join(out, "site", "releases.json"));
    const r = cli(["data", "--data", dept, "--out", out, "--report", path.join(work, "r3.md")]);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/config\.json.*version/);
    expect(r.out).toMatch(/release 2024\.1 was recorded/);
    expect(fs.readFileSync(path.join(out, "site", "releases.json"))).toEqual(before);
  });
});

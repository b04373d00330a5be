// The Node versions the README names are the ones every installed package accepts, so that
// `npm ci` prints no engine warning on them.
import fs from "node:fs";
import path from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean; os?: string[] }> };

describe("package.json engines", () => {
  it("are the Node versions the README states", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const stated = /Needs Node\.js ([^\n]+) and npm/.exec(readme)?.[1] ?? "";
    // Each alternative's lowest version, as major.minor, is named in the README's sentence.
    const lowest = (pkg.engines.node as string).split("||").map((r) => semver.minVersion(r.trim())!);
    expect(lowest.length).toBeGreaterThan(0);
    for (const v of lowest) expect(stated, `README: "${stated}"`).toContain(`${v.major}.${v.minor}`);
  });

  it("are accepted by every package in the lock file, at the lowest version of each, and by the Node running the tests", () => {
    const floors = [...(pkg.engines.node as string).split("||").map((r) => semver.minVersion(r.trim())!.version), process.versions.node];
    const refused: string[] = [];
    for (const [where, p] of Object.entries(lock.packages)) {
      const range = p.engines && !Array.isArray(p.engines) ? p.engines.node : undefined;
      if (!where || !range) continue;
      // Packages for other systems (optional, with an os list) are never installed here.
      if (p.optional && p.os && !p.os.includes(process.platform)) continue;
      for (const v of floors) if (!semver.satisfies(v, range)) refused.push(`${where} needs node ${range}; ${v} is not`);
    }
    expect(refused).toEqual([]);
  });
});

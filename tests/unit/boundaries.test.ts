import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { boundariesGeoJson, normalisePolygons, validateBoundaries } from "../../scripts/pipeline/boundaries.ts";
import { formatProblem, InputError, type Problem } from "../../scripts/pipeline/problems.ts";
import { departmentConfig } from "../../src/lib/schema/config.ts";
import { ringArea2, type PublishedBoundaries } from "../../src/lib/schema/boundaries.ts";
import { copyFixture, readTree, run } from "../helpers.ts";

const FILE = "data/boundaries/districts.geojson";

/** The small fixture's districts (N and S), and any other config keys given. */
function config(extra: Record<string, unknown> = {}) {
  return departmentConfig.parse({
    name: "Test PD", jurisdiction: "Testville", contact: {}, licence: { id: "CC0-1.0", name: "CC0", url: "https://creativecommons.org/publicdomain/zero/1.0/" },
    districts: [{ code: "N", name: "North" }, { code: "S", name: "South" }], version: "1", released: "2024-03-01", ...extra,
  });
}

/** A square ring from (x, y), of side d, clockwise (as many GIS programs write them). */
const square = (x: number, y: number, d = 0.01) => [[x, y], [x, y + d], [x + d, y + d], [x + d, y], [x, y]];
const feature = (props: Record<string, unknown>, geometry: unknown) => ({ type: "Feature", properties: props, geometry });
const poly = (x: number, y: number) => ({ type: "Polygon", coordinates: [square(x, y)] });
/** Two districts side by side, one feature a line, so that each feature's line is its index + 2. */
function collection(features: unknown[]): string {
  return `{"type": "FeatureCollection", "features": [\n${features.map((f) => JSON.stringify(f)).join(",\n")}\n]}\n`;
}
const good = () => [feature({ code: "N" }, poly(-93.1, 44.9)), feature({ code: "S" }, poly(-93.1, 44.89))];

function check(text: string, cfg = config()): { result: PublishedBoundaries | null; problems: Problem[]; texts: string[] } {
  const problems: Problem[] = [];
  const result = validateBoundaries({ path: FILE, text }, cfg, problems);
  return { result, problems, texts: problems.map(formatProblem) };
}

describe("validateBoundaries(file, config, problems)", () => {
  it("accepts one Polygon or MultiPolygon per configured district, in config order, named from config", () => {
    const multi = { type: "MultiPolygon", coordinates: [[square(-93.1, 44.89)], [square(-93.2, 44.89)]] };
    const { result, problems } = check(collection([feature({ code: "S", label: "ignored" }, multi), feature({ code: "N" }, poly(-93.1, 44.9))]));
    expect(problems).toEqual([]);
    expect(result!.districts.map((d) => [d.code, d.name, d.geometry.type])).toEqual([["N", "North", "Polygon"], ["S", "South", "MultiPolygon"]]);
  });

  it("rounds positions to 5 decimals, drops heights and winds outlines counter-clockwise (RFC 7946)", () => {
    const ring = [[-93.123456789, 44.9, 250], [-93.123456789, 44.91], [-93.11, 44.91], [-93.11, 44.9], [-93.123456789, 44.9, 250]];
    const { result } = check(collection([feature({ code: "N" }, { type: "Polygon", coordinates: [ring] }), good()[1]]));
    const out = (result!.districts[0].geometry as { coordinates: number[][][] }).coordinates[0];
    expect(out.every((p) => p.length === 2)).toBe(true);
    expect(out.flat().every((n) => Math.round(n * 1e5) / 1e5 === n)).toBe(true);
    expect(out[0]).toEqual([-93.12346, 44.9]);
    expect(ringArea2(out)).toBeGreaterThan(0);
    // A hole comes out clockwise, whatever its winding in the file.
    const [withHole] = normalisePolygons([[square(0, 0, 1) as [number, number][], [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.4], [0.2, 0.2]]]]);
    expect(ringArea2(withHole[0])).toBeGreaterThan(0);
    expect(ringArea2(withHole[1])).toBeLessThan(0);
  });

  it("invalid JSON: names the file and the line, and says to export again", () => {
    const { result, texts } = check('{"type": "FeatureCollection",\n "features": [\n  {"type": "Feature",}\n]}');
    expect(result).toBeNull();
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatch(new RegExp(`^${FILE}:3: expected valid JSON \\(a GeoJSON FeatureCollection\\)\\. Fix: correct the JSON syntax \\(.+\\), or export the layer from your GIS program again as GeoJSON$`));
  });

  it("not a FeatureCollection: says what was found", () => {
    expect(check('{"type": "Feature", "properties": {}, "geometry": null}').texts).toEqual([
      `${FILE}:1, "type": expected a GeoJSON FeatureCollection: {"type": "FeatureCollection", "features": [...]}; got type "Feature". Fix: export the district layer from your GIS program as GeoJSON, one feature per district`,
    ]);
  });

  it("wrong geometry type: names the feature index and says points and lines have no area", () => {
    const f = good();
    f[1] = feature({ code: "S" }, { type: "LineString", coordinates: [[-93.1, 44.89], [-93.09, 44.9]] });
    expect(check(collection(f)).texts).toEqual([
      `${FILE}:3, "features.1.geometry.type": expected a Polygon or MultiPolygon geometry (the district's area); got a LineString. Fix: export the district layer as polygons: points and lines have no area to colour`,
    ]);
    f[1] = feature({ code: "S" }, null);
    expect(check(collection(f)).texts).toEqual([
      `${FILE}:3, "features.1.geometry": expected a Polygon or MultiPolygon geometry (the district's area); got null. Fix: draw the district's outline, or remove the feature`,
    ]);
  });

  it("a feature whose code is not a configured district: names feature, property and value", () => {
    const f = [...good(), feature({ code: "EAST" }, poly(-93.0, 44.9))];
    expect(check(collection(f)).texts).toEqual([
      `${FILE}:4, "features.2.properties.code": expected a district code listed in config.json's districts (N, S); got "EAST". Fix: correct the code, or add the district to config.json; remove the feature if the area is not one of the department's districts`,
    ]);
  });

  it("a feature without the code property: lists the properties it has", () => {
    const f = good();
    f[0] = feature({ DIST_NAME: "North", OBJECTID: 1 }, poly(-93.1, 44.9));
    const { texts } = check(collection(f));
    expect(texts[0]).toBe(`${FILE}:2, "features.0.properties.code": expected a property "code" holding the district code (one of N, S); feature 0 has none (its properties: DIST_NAME, OBJECTID). Fix: give every feature a "code" property with its district's code, or set boundaries.key in config.json to the property that holds it`);
    // Its district is then missing too.
    expect(texts[1]).toBe(`${FILE}, "code": expected a feature for every district in config.json; none has "code": "N" (North). Fix: add the outline of district N to the file, with the property "code": "N"`);
  });

  it("a configured district with no feature: names the district and how to add it", () => {
    expect(check(collection([good()[0]])).texts).toEqual([
      `${FILE}, "code": expected a feature for every district in config.json; none has "code": "S" (South). Fix: add the outline of district S to the file, with the property "code": "S"`,
    ]);
  });

  it("two features for one district: says to merge them into one MultiPolygon", () => {
    const f = [...good(), feature({ code: "S" }, poly(-93.3, 44.89))];
    expect(check(collection(f)).texts).toEqual([
      `${FILE}:4, "features.2.properties.code": expected one feature per district; district S is also feature 1; got "S". Fix: merge the shapes of district S into one MultiPolygon feature (in QGIS: Vector > Geoprocessing Tools > Dissolve, by "code")`,
    ]);
  });

  it("coordinates out of range: projected coordinates are named as such, with how to export in WGS84", () => {
    const f = good();
    f[0] = feature({ code: "N" }, { type: "Polygon", coordinates: [[[478000, 4972000], [478000, 4973000], [479000, 4973000], [478000, 4972000]]] });
    const [text] = check(collection(f)).texts;
    expect(text).toBe(`${FILE}:2, "features.0.geometry.coordinates.0.0": expected longitude from -180 to 180, then latitude from -90 to 90 (WGS84 degrees); got [478000, 4972000], which looks like projected coordinates (metres or feet), not degrees. Fix: export the layer again as GeoJSON in WGS84 longitude and latitude (EPSG:4326): in QGIS, Export > Save Features As..., format GeoJSON, CRS EPSG:4326; in ArcGIS Pro, the Features To JSON tool with the GeoJSON option and Project to WGS_1984 ticked`);
    // One problem per kind in a feature, not one per position.
    expect(check(collection(f)).problems).toHaveLength(1);
  });

  it("latitude written first: says so", () => {
    const f = good();
    f[1] = feature({ code: "S" }, { type: "Polygon", coordinates: [square(-93.1, 44.89).map(([x, y]) => [y, x])] });
    expect(check(collection(f)).texts[0]).toContain(`"features.1.geometry.coordinates.0.0": expected longitude from -180 to 180, then latitude from -90 to 90 (WGS84 degrees); got [44.89, -93.1], which looks like latitude first. Fix: write each position longitude first`);
  });

  it("a ring not closed, or too short: names the ring and the fix", () => {
    const f = good();
    f[0] = feature({ code: "N" }, { type: "Polygon", coordinates: [[[-93.1, 44.9], [-93.1, 44.91], [-93.09, 44.91], [-93.09, 44.9]]] });
    f[1] = feature({ code: "S" }, { type: "MultiPolygon", coordinates: [[[[-93.1, 44.89], [-93.09, 44.89], [-93.1, 44.89]]]] });
    expect(check(collection(f)).texts).toEqual([
      `${FILE}:2, "features.0.geometry.coordinates.0.3": expected a closed ring: its last position the same as its first ([-93.1, 44.9]); got [-93.09, 44.9]. Fix: repeat the first position at the end of the ring`,
      `${FILE}:3, "features.1.geometry.coordinates.0.0": expected a ring of at least 4 positions, the last the same as the first; got 3 positions. Fix: draw the outline with at least three corners, and end it where it starts`,
    ]);
  });

  it("a crs member naming a projected system is refused", () => {
    const text = collection(good()).replace('{"type": "FeatureCollection",', '{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2263"}},');
    expect(check(text).texts[0]).toMatch(/^data\/boundaries\/districts\.geojson:1, "crs": expected coordinates in WGS84 longitude and latitude .*; got "urn:ogc:def:crs:EPSG::2263"\. Fix: export the layer again/);
    expect(check(collection(good()).replace('{"type": "FeatureCollection",', '{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},')).problems).toEqual([]);
  });

  it("reads codes from the property config.json names, whole numbers included", () => {
    const cfg = departmentConfig.parse({ ...config(), districts: [{ code: "1", name: "First" }, { code: "2", name: "Second" }], boundaries: { key: "DISTRICT" } });
    const { result, problems } = check(collection([feature({ DISTRICT: 2 }, poly(-93.1, 44.89)), feature({ DISTRICT: "1" }, poly(-93.1, 44.9))]), cfg);
    expect(problems).toEqual([]);
    expect(result!.districts.map((d) => d.code)).toEqual(["1", "2"]);
  });

  it("config.json: boundaries.file must stay inside the folder and be .geojson or .json", () => {
    for (const file of ["../outside.geojson", "/etc/districts.geojson", "boundaries/districts.shp", "C:\\maps\\d.geojson"]) {
      expect(departmentConfig.safeParse({ ...config(), boundaries: { file } }).success, file).toBe(false);
    }
    expect(departmentConfig.parse({ ...config(), boundaries: { file: "maps/beats.json" } }).boundaries).toEqual({ file: "maps/beats.json", key: "code" });
  });
});

describe("pipeline with boundaries", () => {
  /** The small fixture with a boundaries file (or the text given). */
  function department(text = collection(good())): string {
    const data = copyFixture("small");
    fs.mkdirSync(path.join(data, "boundaries"));
    fs.writeFileSync(path.join(data, "boundaries/districts.geojson"), text);
    return data;
  }

  it("writes the download, lists it in datapackage.json with its size and SHA-256, and in SHA256SUMS.txt", () => {
    const data = department();
    const out = path.join(path.dirname(data), "generated");
    const r = run(data, out);
    expect(r.error).toBeNull();
    expect(r.log).toContain("boundaries 2 district outlines from boundaries/districts.geojson");
    const geojson = fs.readFileSync(path.join(out, "downloads/districts.geojson"));
    const sha = createHash("sha256").update(geojson).digest("hex");
    const pkg = JSON.parse(fs.readFileSync(path.join(out, "downloads/datapackage.json"), "utf8"));
    const res = pkg.resources.find((x: { path: string }) => x.path === "districts.geojson");
    expect(res).toMatchObject({ name: "districts", format: "geojson", mediatype: "application/geo+json", bytes: geojson.length, hash: `sha256:${sha}` });
    expect(fs.readFileSync(path.join(out, "downloads/SHA256SUMS.txt"), "utf8").split("\n")).toContain(`${sha}  districts.geojson`);
    // The download is GeoJSON with each district's code and name; the site's copy has the same shapes.
    const fc = JSON.parse(geojson.toString("utf8"));
    expect(fc.type).toBe("FeatureCollection");
    expect(fc.features.map((f: { properties: unknown }) => f.properties)).toEqual([{ code: "N", name: "North" }, { code: "S", name: "South" }]);
    const site = JSON.parse(fs.readFileSync(path.join(out, "site/boundaries.json"), "utf8"));
    expect(site.districts.map((d: { geometry: unknown }) => d.geometry)).toEqual(fc.features.map((f: { geometry: unknown }) => f.geometry));
  });

  it("without a boundaries file: no download and a note in the report; with boundaries.file set, a missing file stops the run", () => {
    const data = copyFixture("small");
    const out = path.join(path.dirname(data), "generated");
    const r = run(data, out);
    expect(r.error).toBeNull();
    expect(fs.existsSync(path.join(out, "downloads/districts.geojson"))).toBe(false);
    expect(fs.readFileSync(path.join(out, "downloads/SHA256SUMS.txt"), "utf8")).not.toContain("geojson");
    expect(fs.readFileSync(r.reportPath, "utf8")).toContain("No district boundaries (boundaries/districts.geojson): the site will have no district map.");
    const f = path.join(data, "config.json");
    fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace('"districts":', '"boundaries": { "file": "maps/districts.geojson" },\n  "districts":'));
    const again = run(data, out);
    expect((again.error as InputError).problems.map(formatProblem)).toEqual([
      `${path.join(data, "maps/districts.geojson")}: expected the district boundaries file that config.json names (boundaries.file: "maps/districts.geojson"). Fix: put the GeoJSON file at ${path.join(data, "maps/districts.geojson")}, or correct boundaries.file in config.json (remove the boundaries key to publish no map)`,
    ]);
  });

  it("a wrong boundaries file stops the run through the same report, and leaves the previous output untouched", () => {
    const data = department();
    const out = path.join(path.dirname(data), "generated");
    expect(run(data, out).error).toBeNull();
    const before = readTree(out);
    fs.writeFileSync(path.join(data, "boundaries/districts.geojson"), collection([good()[0]]));
    const r = run(data, out);
    expect(r.error).toBeInstanceOf(InputError);
    const line = `${path.join(data, "boundaries/districts.geojson")}, "code": expected a feature for every district in config.json; none has "code": "S" (South)`;
    expect(r.log.join("\n")).toContain(line);
    expect(fs.readFileSync(r.reportPath, "utf8")).toContain(line);
    const after = readTree(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [p, bytes] of before) expect(bytes.equals(after.get(p)!), p).toBe(true);
  });

  it("boundariesGeoJson marks sample boundaries as synthetic", () => {
    const b: PublishedBoundaries = { source: "x", synthetic: true, districts: [] };
    expect(JSON.parse(boundariesGeoJson(b, config({ synthetic: true }))).description).toMatch(/^SYNTHETIC SAMPLE DATA/);
    expect(JSON.parse(boundariesGeoJson({ ...b, synthetic: false }, config())).description).toBeUndefined();
  });
});

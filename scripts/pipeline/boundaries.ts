// The department's district boundaries (boundaries/districts.geojson, or the file config.json
// names): a GeoJSON FeatureCollection with one Polygon or MultiPolygon per configured district,
// in WGS84 longitude and latitude. Checked with every problem at its feature, rounded, and
// written out for the site's map and as a download.
import path from "node:path";
import {
  BOUNDARIES_DOWNLOAD, COORDINATE_DECIMALS, DEFAULT_BOUNDARIES_FILE, DEFAULT_BOUNDARIES_KEY, ringArea2,
  type DistrictGeometry, type DistrictShape, type PolygonCoordinates, type Position, type PublishedBoundaries,
} from "../../src/lib/schema/boundaries.ts";
import type { DepartmentConfig } from "../../src/lib/schema/config.ts";
import { showControls } from "./controls.ts";
import { jsonProblems } from "./department.ts";
import type { Io } from "./io.ts";
import { parseLocatedJson, type LocatedJson } from "./json.ts";
import type { SourceFile } from "./parse.ts";
import type { Problem } from "./problems.ts";
import { present, readInput } from "./read.ts";

/** How to get a file in the right coordinates out of a GIS program. */
const EXPORT_WGS84 = "export the layer again as GeoJSON in WGS84 longitude and latitude (EPSG:4326): in QGIS, Export > Save Features As..., format GeoJSON, CRS EPSG:4326; in ArcGIS Pro, the Features To JSON tool with the GeoJSON option and Project to WGS_1984 ticked";

/** Where the boundaries file is, what property holds the codes, and whether config.json asked for it. */
export function boundariesSource(config: DepartmentConfig): { file: string; key: string; required: boolean } {
  return {
    file: config.boundaries?.file ?? DEFAULT_BOUNDARIES_FILE,
    key: config.boundaries?.key ?? DEFAULT_BOUNDARIES_KEY,
    required: config.boundaries !== undefined,
  };
}

/**
 * Reads and checks the boundaries file, if there is one: null (and no problem) when the
 * department has none and config.json does not name one; null with problems when it is wrong.
 */
export function readBoundaries(io: Io, dataDir: string, config: DepartmentConfig, problems: Problem[], notes: (found: string[]) => void = () => {}): PublishedBoundaries | null {
  const src = boundariesSource(config);
  const file = path.join(dataDir, src.file);
  if (!present(io, file)) {
    if (src.required) {
      problems.push({
        file, line: null, column: null, field: null, value: null,
        expected: `the district boundaries file that config.json names (boundaries.file: "${src.file}")`,
        fix: `put the GeoJSON file at ${file}, or correct boundaries.file in config.json (remove the boundaries key to publish no map)`,
      });
    }
    return null;
  }
  const input = readInput(io, file, dataDir);
  if ("problem" in input) {
    problems.push(input.problem);
    return null;
  }
  if (input.note) notes([input.note]);
  return validateBoundaries({ path: file, text: input.text }, config, problems, src.file.replace(/\\/g, "/"));
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const kindOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "an object" : typeof v === "string" ? `"${showControls(v.slice(0, 40))}"` : String(v));

/** What is wrong with one position, or null: two (or three) numbers, longitude -180..180 first, latitude -90..90. */
function positionProblem(p: unknown): { expected: string; fix: string } | null {
  if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === "number" && Number.isFinite(n))) {
    return { expected: `a position [longitude, latitude] of two numbers; got ${Array.isArray(p) ? `[${p.map(kindOf).join(", ")}]` : kindOf(p)}`, fix: "write each position as [longitude, latitude], for example [-93.26544, 44.97775]" };
  }
  const [x, y] = p as number[];
  if (Math.abs(x) <= 180 && Math.abs(y) <= 90) return null;
  const swapped = Math.abs(x) <= 90 && Math.abs(y) <= 180;
  return {
    expected: `longitude from -180 to 180, then latitude from -90 to 90 (WGS84 degrees); got [${x}, ${y}]${swapped ? ", which looks like latitude first" : ", which looks like projected coordinates (metres or feet), not degrees"}`,
    fix: swapped ? "write each position longitude first, [longitude, latitude], as GeoJSON requires" : EXPORT_WGS84,
  };
}

/**
 * Parses and checks the boundaries file against config.json's districts: a FeatureCollection of
 * Polygon or MultiPolygon features, each with the code property of a configured district, one
 * feature per district and every district present, positions in WGS84 degrees, rings closed.
 * Returns the districts' shapes, rounded and wound as RFC 7946 says, or null with the problems.
 */
export function validateBoundaries(file: SourceFile, config: DepartmentConfig, problems: Problem[], source = DEFAULT_BOUNDARIES_FILE): PublishedBoundaries | null {
  const { key } = boundariesSource(config);
  const before = problems.length;
  const at = (json: LocatedJson | null, where: (string | number)[], value: string | null, expected: string, fix: string) =>
    problems.push({ file: file.path, line: json ? json.lineOf(where) : null, column: null, field: where.length ? where.join(".") : null, value, expected, fix });

  const json = parseLocatedJson(file.text);
  if ("error" in json) {
    problems.push({ file: file.path, line: json.line, column: null, field: null, value: null, expected: "valid JSON (a GeoJSON FeatureCollection)", fix: `correct the JSON syntax (${json.error}), or export the layer from your GIS program again as GeoJSON` });
    return null;
  }
  jsonProblems(file.path, json, problems);
  const top = json.value;
  if (!isObject(top) || top.type !== "FeatureCollection" || !Array.isArray(top.features)) {
    const got = !isObject(top) ? kindOf(top) : top.type !== "FeatureCollection" ? `type ${kindOf(top.type)}` : `features ${kindOf(top.features)}`;
    at(json, isObject(top) && top.type === "FeatureCollection" ? ["features"] : isObject(top) ? ["type"] : [], null, `a GeoJSON FeatureCollection: {"type": "FeatureCollection", "features": [...]}; got ${got}`, "export the district layer from your GIS program as GeoJSON, one feature per district");
    return null;
  }
  // GeoJSON of 2008 could name another coordinate system; RFC 7946 allows WGS84 only.
  const crs = isObject(top.crs) && isObject(top.crs.properties) ? top.crs.properties.name : undefined;
  if (top.crs !== undefined && top.crs !== null && !(typeof crs === "string" && /CRS84$|EPSG:+4326$/i.test(crs))) {
    at(json, ["crs"], typeof crs === "string" ? showControls(crs) : null, "coordinates in WGS84 longitude and latitude (a crs member naming any other system is refused)", EXPORT_WGS84);
    return null;
  }

  const districts = new Map(config.districts.map((d) => [d.code, d.name]));
  const listed = config.districts.map((d) => d.code).join(", ");
  const found = new Map<string, { index: number; geometry: DistrictGeometry | null }>();
  top.features.forEach((f: unknown, i: number) => {
    const here = ["features", i];
    if (!isObject(f) || f.type !== "Feature") {
      at(json, isObject(f) ? [...here, "type"] : here, null, `a GeoJSON Feature ({"type": "Feature", "properties": {...}, "geometry": {...}}); got ${isObject(f) ? `type ${kindOf(f.type)}` : kindOf(f)}`, "make each district one Feature of the FeatureCollection");
      return;
    }
    const props = f.properties;
    const raw = isObject(props) ? props[key] : undefined;
    // Codes may come as whole numbers from GIS attribute tables (DISTRICT = 3).
    const code = typeof raw === "string" ? raw.trim() : typeof raw === "number" && Number.isInteger(raw) ? String(raw) : null;
    if (code === null) {
      at(json, isObject(props) ? [...here, "properties", key] : [...here, "properties"], raw === undefined ? null : kindOf(raw),
        `a property "${key}" holding the district code (one of ${listed})${raw === undefined ? `; feature ${i} has none${isObject(props) && Object.keys(props).length ? ` (its properties: ${Object.keys(props).slice(0, 8).map(showControls).join(", ")})` : ""}` : ""}`,
        `give every feature a "${key}" property with its district's code, or set boundaries.key in config.json to the property that holds it`);
    } else if (!districts.has(code)) {
      at(json, [...here, "properties", key], showControls(code), `a district code listed in config.json's districts (${listed})`, `correct the code, or add the district to config.json; remove the feature if the area is not one of the department's districts`);
    } else if (found.has(code)) {
      at(json, [...here, "properties", key], code, `one feature per district; district ${code} is also feature ${found.get(code)!.index}`, `merge the shapes of district ${code} into one MultiPolygon feature (in QGIS: Vector > Geoprocessing Tools > Dissolve, by "${key}")`);
    }
    const geometry = checkGeometry(f.geometry, [...here, "geometry"], (where, value, expected, fix) => at(json, where, value, expected, fix));
    // A district's feature counts as there even when its geometry is wrong (that is reported on its own).
    if (code !== null && districts.has(code) && !found.has(code)) found.set(code, { index: i, geometry });
  });
  for (const d of config.districts) {
    if (found.has(d.code)) continue;
    problems.push({
      file: file.path, line: null, column: null, field: key, value: null,
      expected: `a feature for every district in config.json; none has "${key}": "${d.code}" (${d.name})`,
      fix: `add the outline of district ${d.code} to the file, with the property "${key}": "${d.code}"`,
    });
  }
  if (problems.length > before) return null;

  const shapes: DistrictShape[] = [];
  for (const d of config.districts) {
    const { index, geometry } = found.get(d.code)!;
    const polygons = normalisePolygons(geometry!.type === "Polygon" ? [geometry!.coordinates] : geometry!.coordinates);
    if (polygons.length === 0) {
      at(json, ["features", index, "geometry"], null, `an outline of some size at ${COORDINATE_DECIMALS} decimal places (about a metre); district ${d.code}'s shrinks to nothing`, "check that the file is in longitude and latitude degrees, and that the district's outline is drawn");
      continue;
    }
    shapes.push({ code: d.code, name: d.name, geometry: polygons.length === 1 ? { type: "Polygon", coordinates: polygons[0] } : { type: "MultiPolygon", coordinates: polygons } });
  }
  if (problems.length > before) return null;
  return { source, synthetic: config.synthetic, districts: shapes };
}

type Report = (where: (string | number)[], value: string | null, expected: string, fix: string) => void;

/** Checks a geometry: Polygon or MultiPolygon, rings of four or more valid positions, closed. One problem per kind is reported. */
function checkGeometry(g: unknown, where: (string | number)[], report: Report): DistrictGeometry | null {
  if (!isObject(g) || (g.type !== "Polygon" && g.type !== "MultiPolygon")) {
    const got = !isObject(g) ? kindOf(g) : `a ${typeof g.type === "string" ? showControls(g.type) : kindOf(g.type)}`;
    report(isObject(g) ? [...where, "type"] : where, null, `a Polygon or MultiPolygon geometry (the district's area); got ${got}`, g === null || g === undefined ? "draw the district's outline, or remove the feature" : "export the district layer as polygons: points and lines have no area to colour");
    return null;
  }
  const polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  const base = [...where, "coordinates"];
  if (!Array.isArray(polygons) || (g.type === "MultiPolygon" && polygons.length === 0)) {
    report(base, null, `coordinates of a ${g.type}: ${g.type === "Polygon" ? "a list of rings" : "a list of polygons, each a list of rings"}`, "export the layer from your GIS program again as GeoJSON");
    return null;
  }
  let ok = true;
  const seen = new Set<string>();
  const once = (kind: string, w: (string | number)[], value: string | null, expected: string, fix: string) => {
    ok = false;
    if (seen.has(kind)) return;
    seen.add(kind);
    report(w, value, expected, fix);
  };
  polygons.forEach((rings: unknown, pi: number) => {
    const pw = g.type === "Polygon" ? base : [...base, pi];
    if (!Array.isArray(rings) || rings.length === 0) return once("rings", pw, null, "a polygon as a list of rings (the outline, then any holes)", "export the layer from your GIS program again as GeoJSON");
    rings.forEach((ring: unknown, ri: number) => {
      const rw = [...pw, ri];
      if (!Array.isArray(ring) || ring.length < 4) {
        return once("ring", rw, null, `a ring of at least 4 positions, the last the same as the first; got ${Array.isArray(ring) ? `${ring.length} position${ring.length === 1 ? "" : "s"}` : kindOf(ring)}`, "draw the outline with at least three corners, and end it where it starts");
      }
      let valid = true;
      ring.forEach((p: unknown, k: number) => {
        const bad = positionProblem(p);
        if (bad) {
          valid = false;
          once("position", [...rw, k], null, bad.expected, bad.fix);
        }
      });
      if (!valid) return;
      const first = ring[0] as number[], last = ring[ring.length - 1] as number[];
      if (first[0] !== last[0] || first[1] !== last[1]) once("closed", [...rw, ring.length - 1], null, `a closed ring: its last position the same as its first ([${first[0]}, ${first[1]}]); got [${last[0]}, ${last[1]}]`, "repeat the first position at the end of the ring");
    });
  });
  return ok ? (g as unknown as DistrictGeometry) : null;
}

const round = (n: number) => Math.round(n * 10 ** COORDINATE_DECIMALS) / 10 ** COORDINATE_DECIMALS;

/**
 * Rounds every position (dropping any height), removes repeats that rounding makes, drops rings
 * left with no area, and winds rings as RFC 7946 says: outlines counter-clockwise, holes clockwise.
 */
export function normalisePolygons(polygons: PolygonCoordinates[]): PolygonCoordinates[] {
  const out: PolygonCoordinates[] = [];
  for (const rings of polygons) {
    const kept: Position[][] = [];
    rings.forEach((ring, ri) => {
      const r: Position[] = [];
      for (const p of ring) {
        const q: Position = [round(p[0]), round(p[1])];
        const prev = r[r.length - 1];
        if (!prev || prev[0] !== q[0] || prev[1] !== q[1]) r.push(q);
      }
      if (r.length < 4 || ringArea2(r) === 0) return;
      // A hole whose outline is gone goes with it.
      if (ri > 0 && kept.length === 0) return;
      const ccw = ringArea2(r) > 0;
      kept.push(ccw === (ri === 0) ? r : r.reverse());
    });
    if (kept.length > 0) out.push(kept);
  }
  return out;
}

/** The download: the districts as a GeoJSON FeatureCollection, one feature a line, code and name as properties. */
export function boundariesGeoJson(b: PublishedBoundaries, config: DepartmentConfig): string {
  const head: Record<string, unknown> = {
    type: "FeatureCollection",
    name: `${config.name}: district boundaries`,
    ...(b.synthetic ? { description: "SYNTHETIC SAMPLE DATA: made-up district outlines of a made-up city, not a real place." } : {}),
  };
  const features = b.districts.map((d) => JSON.stringify({ type: "Feature", properties: { code: d.code, name: d.name }, geometry: d.geometry }));
  return `${JSON.stringify(head).slice(0, -1)},"features":[\n${features.join(",\n")}\n]}\n`;
}

/** The datapackage.json resource of the download (its size and SHA-256 given). */
export function boundariesResource(bytes: number, sha256: string): Record<string, unknown> {
  return {
    name: "districts",
    title: "District boundaries",
    description: "The outline of each district, as GeoJSON (RFC 7946: WGS84 longitude and latitude, to 5 decimal places), with the district's code and name: the shapes of the district map.",
    path: BOUNDARIES_DOWNLOAD,
    format: "geojson",
    mediatype: "application/geo+json",
    encoding: "utf-8",
    bytes,
    hash: `sha256:${sha256}`,
  };
}

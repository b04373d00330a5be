// The sample department's district boundaries: a made-up outline of the made-up city, divided
// into one district per district centre (each place belongs to the nearest centre), written as
// GeoJSON. Same seed, same bytes.
import { COORDINATE_DECIMALS } from "../../src/lib/schema/boundaries.ts";
import type { Rng } from "./random.ts";

/** A district's centre, in degrees. */
export interface DistrictCentre {
  code: string;
  name: string;
  lat: number;
  lon: number;
}

type Point = [number, number];

/** How far, at most, in degrees of latitude, a cell's centre is moved from its district's centre. */
const SITE_JITTER = 0.014;
/** Corners of the city outline. */
const OUTLINE_POINTS = 48;
/** The outline's mean radius in degrees of latitude (about 10 km), a little beyond the outer district centres. */
const OUTLINE_RADIUS = 0.098;

/**
 * The city's outline around its centre: a circle bent by two gentle waves of random phase, so
 * that it stays convex (and every district a single piece). Points are in a plane where one unit
 * is a degree of latitude, x east and y north.
 */
function outline(rng: Rng): Point[] {
  const p2 = rng.next() * 2 * Math.PI, p3 = rng.next() * 2 * Math.PI;
  const stretch = 1.05 + 0.1 * rng.next();
  const pts: Point[] = [];
  for (let i = 0; i < OUTLINE_POINTS; i++) {
    const t = (2 * Math.PI * i) / OUTLINE_POINTS;
    const r = OUTLINE_RADIUS * (1 + 0.07 * Math.sin(2 * t + p2) + 0.035 * Math.sin(3 * t + p3));
    pts.push([r * Math.cos(t) * stretch, r * Math.sin(t)]);
  }
  return pts;
}

/** The part of a polygon on the side of the line a.x + b.y <= c (Sutherland-Hodgman; the polygon stays convex). */
function clip(poly: Point[], a: number, b: number, c: number): Point[] {
  const out: Point[] = [];
  const inside = (p: Point) => a * p[0] + b * p[1] <= c;
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i], q = poly[(i + 1) % poly.length];
    const pin = inside(p), qin = inside(q);
    if (pin) out.push(p);
    if (pin !== qin) {
      const t = (c - a * p[0] - b * p[1]) / (a * (q[0] - p[0]) + b * (q[1] - p[1]));
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

const round = (n: number) => Math.round(n * 10 ** COORDINATE_DECIMALS) / 10 ** COORDINATE_DECIMALS;

/**
 * The GeoJSON file of the sample's districts: each district the part of the city outline
 * nearer its centre than any other (a Voronoi cell), so the districts meet edge to edge with
 * no gaps and no overlaps. Longitude is scaled by the cosine of the latitude, so that
 * "nearer" is measured on the ground.
 */
export function sampleBoundaries(rng: Rng, districts: readonly DistrictCentre[], centre: { lat: number; lon: number }): string {
  const k = Math.cos((centre.lat * Math.PI) / 180);
  const toPlane = (d: { lat: number; lon: number }): Point => [(d.lon - centre.lon) * k, d.lat - centre.lat];
  const toDegrees = (p: Point): [number, number] => [round(centre.lon + p[0] / k), round(centre.lat + p[1])];
  const city = outline(rng);
  // The cells are drawn around centres moved a little at random, so the districts are not a
  // regular pie (incidents still fall mostly in their own district).
  const sites = districts.map((d) => {
    const [x, y] = toPlane(d);
    const a = rng.next() * 2 * Math.PI, r = SITE_JITTER * Math.sqrt(rng.next());
    return [x + r * Math.cos(a), y + r * Math.sin(a)] as Point;
  });
  const features = districts.map((d, i) => {
    let cell = city;
    const s = sites[i];
    sites.forEach((o, j) => {
      if (j === i) return;
      // Nearer s than o: (o - s) . x <= (|o|^2 - |s|^2) / 2.
      cell = clip(cell, o[0] - s[0], o[1] - s[1], (o[0] ** 2 + o[1] ** 2 - s[0] ** 2 - s[1] ** 2) / 2);
    });
    const ring = cell.map(toDegrees).filter((p, n, all) => n === 0 || p[0] !== all[n - 1][0] || p[1] !== all[n - 1][1]);
    ring.push(ring[0]);
    return JSON.stringify({ type: "Feature", properties: { code: d.code, name: d.name }, geometry: { type: "Polygon", coordinates: [ring] } });
  });
  const head = {
    type: "FeatureCollection",
    name: "City of Riverton districts (synthetic sample)",
    description: "SYNTHETIC SAMPLE DATA: made-up district outlines of the made-up City of Riverton, at invented coordinates in open grassland. No real place or police district is meant.",
  };
  return `${JSON.stringify(head).slice(0, -1)},"features":[\n${features.join(",\n")}\n]}\n`;
}

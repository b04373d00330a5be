// District boundaries: where the department's GeoJSON file is, and the shape the pipeline
// publishes for the site's map (site/boundaries.json) and as a download (districts.geojson).

/** Where the boundaries file is looked for in the department's folder when config.json does not say. */
export const DEFAULT_BOUNDARIES_FILE = "boundaries/districts.geojson";
/** The feature property that holds the district code, when config.json does not say. */
export const DEFAULT_BOUNDARIES_KEY = "code";
/** Decimal places kept of each longitude and latitude: 5 is about a metre, finer than any district line needs. */
export const COORDINATE_DECIMALS = 5;
/** The published files: the site's copy and the download. */
export const BOUNDARIES_SITE_FILE = "site/boundaries.json";
export const BOUNDARIES_DOWNLOAD = "districts.geojson";

/** A position: longitude, latitude (WGS84 degrees). */
export type Position = [number, number];
/** A polygon: its outer ring, then any holes; each ring closed (last position = first). */
export type PolygonCoordinates = Position[][];

/** A district's outline, as GeoJSON geometry. */
export type DistrictGeometry =
  | { type: "Polygon"; coordinates: PolygonCoordinates }
  | { type: "MultiPolygon"; coordinates: PolygonCoordinates[] };

/** One district's published shape: its configured code and name, and its outline. */
export interface DistrictShape {
  code: string;
  name: string;
  geometry: DistrictGeometry;
}

/** site/boundaries.json: every configured district's shape, in the order of config.json. */
export interface PublishedBoundaries {
  /** The department's file the shapes were read from (relative to its folder). */
  source: string;
  /** True when the boundaries are made-up sample data. */
  synthetic: boolean;
  districts: DistrictShape[];
}

/** The polygons of a geometry (a Polygon is one). */
export function polygonsOf(g: DistrictGeometry): PolygonCoordinates[] {
  return g.type === "Polygon" ? [g.coordinates] : g.coordinates;
}

/** Twice the signed area of a ring in the plane (positive when counter-clockwise, x right and y up). */
export function ringArea2(ring: readonly (readonly number[])[]): number {
  let a = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a;
}

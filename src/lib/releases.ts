// Releases: what each release published and what changed since the one before. The build writes
// these shapes (scripts/release/); the pages read them (generated/site/releases.json and
// generated/releases/<version>/changes.json).

/** A file of a release, as its checksum list names it. */
export interface ReleaseFile {
  /** Path inside the release (the bundle), e.g. "incidents.csv" or "figures/districts.csv". */
  path: string;
  sha256: string;
  bytes: number;
}

/** How a release's pseudonyms relate to the release before it. */
export type PseudonymContinuity =
  /** The first release: nothing to compare with. */
  | "first"
  /** Made with the same key: records are compared by pseudonym. */
  | "same"
  /** Made with a new key (--new-pseudonyms): records cannot be matched, only totals are compared. */
  | "restarted";

/** Changes to one published table between two releases. Keys are the table's primary-key values joined by "|". */
export interface TableChanges {
  table: string;
  /** The columns whose values make a row's key (the data package's primaryKey). */
  key_columns: string[];
  /** Rows in the previous release and in this one. */
  before: number;
  after: number;
  /** Keys of rows only in this release. */
  added: string[];
  /** Keys of rows only in the previous release. */
  withdrawn: string[];
  /** Rows in both whose published values differ because the department's data changed. */
  revised: RecordRevision[];
  /**
   * Rows in both whose published values differ only in how much detail disclosure control
   * allowed (a value withheld now, a date shown to the month instead of the day, or the reverse).
   */
  protection: RecordRevision[];
}

/** One revised row: its key, the incident it belongs to (where the table has one), and which published fields changed. */
export interface RecordRevision {
  key: string;
  incident?: string;
  fields: string[];
}

/** An incident whose citable address changed, or that was withdrawn: its old address keeps a note. */
export interface Move {
  incident: string;
  /** The page the incident was on in the previous release (a path without the base, ending in "/"). */
  from: string;
  /** The page it is on now, or null when it was withdrawn. */
  to: string | null;
  /** The published fields whose change moved it (year, district, date), empty when withdrawn. */
  fields: string[];
  /**
   * True when those fields changed only in how much detail disclosure control allowed (the
   * district withheld now, the date shown to the year): the department corrected nothing.
   */
  protection?: boolean;
}

/** A published figure total whose value moved between the two releases. */
export interface TotalMoved {
  figure: string;
  title: string;
  /** The row, by its dimension cells (year, district, category...). */
  row: Record<string, string | number | null>;
  column: string;
  label: string;
  /** The year the row is about, where the table has a year column. */
  year: number | null;
  from: number | null;
  to: number | null;
}

/** What changed in the incidents of one year that the previous release also covered. */
export interface YearRevision {
  year: number;
  added: number;
  withdrawn: number;
  revised: number;
}

/** What changed since the previous release (changes.json of a release). */
export interface Changes {
  format: 1;
  version: string;
  released: string;
  /** The department's explanation of this release, as written in config.json (plain text). */
  notes: string;
  previous: { version: string; released: string } | null;
  pseudonyms: PseudonymContinuity;
  /** Record tables and count tables, in download order (empty for the first release). */
  tables: TableChanges[];
  moved: Move[];
  totals: TotalMoved[];
  /** Figure tables this release has that the previous one did not, and the reverse. */
  figures: { added: string[]; removed: string[] };
  /** Years of the previous release whose incidents were added, withdrawn or revised. */
  years: YearRevision[];
}

/** A year revised by a release, as charts and annual reports mark it. */
export interface YearMark extends YearRevision {
  version: string;
  released: string;
}

/** One release as the pages list it. */
export interface ReleaseEntry {
  version: string;
  released: string;
  notes: string;
  /** Whether it is in the department's release history (the newest may be built and not yet recorded). */
  recorded: boolean;
  pseudonyms: PseudonymContinuity;
  previous: string | null;
  /** The bundle, under the site root: releases/<version>/<name>.zip. */
  bundle: { path: string; sha256: string; bytes: number };
  /** The release's files (its SHA256SUMS), bundle contents. */
  files: ReleaseFile[];
  /** Figure tables of the release: id, title, and their files under releases/<version>/figures/. */
  figures: { id: string; title: string }[];
  /** Counts of its changes (null for the first release). */
  summary: {
    /** Rows of every table. */
    added: number; withdrawn: number; revised: number; protection: number;
    moved: number; totals: number;
    /** Incidents alone (what readers count in). */
    incidents?: { added: number; withdrawn: number; revised: number };
  } | null;
  /** Years covered by its records, first to last. */
  years: number[];
}

/** generated/site/releases.json: every release, newest first, and what the pages mark. */
export interface ReleaseIndex {
  /** The newest release's version (the one the site shows). */
  current: string;
  /** When the department expects the next update (config next_update), or null. */
  next_update: string | null;
  releases: ReleaseEntry[];
  /** Years revised by a later release than the one that first published them, oldest release first. */
  year_marks: YearMark[];
  /** Old incident addresses that now hold a note: every move and withdrawal of every release, newest last. */
  moved: (Move & { version: string; released: string })[];
}

/** The URL path of a release's folder: /releases/<version>/ (versions are [A-Za-z0-9._-]). */
export function releasePath(version: string): string {
  return `/releases/${version}/`;
}
export const LATEST_RELEASE_PATH = "/releases/latest/";
export const RELEASES_PATH = "/releases/";
export const RELEASES_FEED_PATH = "/releases/feed.xml";

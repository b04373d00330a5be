// The department's release history (releases/releases.json): every recorded release, oldest first.
import { z } from "zod";
import { isRealDate } from "./fields.ts";

/** What a release version may be: it names a folder and a URL path (/releases/<version>/). */
export const VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const version = z.string().regex(VERSION_PATTERN, "a version of letters, digits, '.', '_' and '-', starting with a letter or digit, for example 2025.1");
const isoDate = z.string().refine((s) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m !== null && isRealDate(+m[1], +m[2], +m[3]);
}, "a real date written YYYY-MM-DD, for example 2025-02-28");
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "a sha256 written as 64 lower-case hex digits");
const bytes = z.number().int().min(0);

export const releaseFileSchema = z.object({
  path: z.string().min(1),
  sha256,
  bytes,
}).strict();

export const releaseRecordSchema = z.object({
  version,
  released: isoDate,
  /** The department's explanation of the release (config release_notes), plain text. */
  notes: z.string(),
  /** The version this release's snapshot is a delta against, or null for the first. */
  base: version.nullable(),
  /** Fingerprint of the pseudonym key that made the release (scripts/pipeline/keys.ts). */
  key: z.string().regex(/^[0-9a-f]{32}$/, "a key fingerprint of 32 lower-case hex digits"),
  /** The snapshot file in releases/: "<version>.snapshot.gz". */
  snapshot: z.string(),
  /**
   * A large snapshot is kept in parts of at most 45 MB (file hosts such as GitHub refuse files
   * over 100 MB): "<snapshot>", "<snapshot>.2", ... whose bytes, joined in order, are the snapshot.
   */
  parts: z.number().int().min(2).optional(),
  files: z.array(releaseFileSchema),
  bundle: z.object({ name: z.string().min(1), sha256, bytes }).strict(),
  /** Years its records cover, first to last (for the release list). */
  years: z.array(z.number().int()).optional(),
}).strict();

export const releaseHistorySchema = z.object({
  format: z.literal(1),
  releases: z.array(releaseRecordSchema),
}).strict();

export type ReleaseRecord = z.infer<typeof releaseRecordSchema>;
export type ReleaseHistory = z.infer<typeof releaseHistorySchema>;

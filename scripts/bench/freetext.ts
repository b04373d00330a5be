// Measurement of the identifier scan on the labelled free-text corpus
// (tests/fixtures/freetext/corpus.jsonl: sentences in the style of incident summaries, each with
// the identifiers planted in it, or none): precision and recall per sentence and per identifier,
// by kind. Run as `npm run bench:freetext`; the free-text test asserts the recall.
import fs from "node:fs";
import path from "node:path";
import { findIdentifiers, indexIdentifiers, type IdentifierHit, type KnownIdentifiers } from "../pipeline/scan.ts";

const DIR = path.join(import.meta.dirname, "../../tests/fixtures/freetext");

export interface CorpusLine {
  text: string;
  identifiers: { kind: string; match: string }[];
}

/** The corpus, one sentence a line. */
export function readCorpus(file = path.join(DIR, "corpus.jsonl")): CorpusLine[] {
  return fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as CorpusLine);
}

/** The export's own identifier values the corpus sentences of kind "known" are taken from. */
export function corpusKnown(file = path.join(DIR, "export-values.json")): KnownIdentifiers {
  const v = JSON.parse(fs.readFileSync(file, "utf8")) as { names: string[]; others: string[] };
  return indexIdentifiers([...v.names, ...v.others]);
}

export interface Counts {
  found: number;
  total: number;
}

export interface Measurement {
  sentences: { truePositive: number; falsePositive: number; falseNegative: number; trueNegative: number };
  /** Planted identifiers found, by kind. */
  byKind: Record<string, Counts>;
  identifiers: Counts;
  /** Hits that overlap a planted identifier, and all hits (distinct places). */
  hits: { right: number; all: number };
  /** Sentences with a hit where none was planted, and planted identifiers missed. */
  falsePositives: { text: string; hits: IdentifierHit[] }[];
  missed: { text: string; kind: string; match: string }[];
}

/** Runs a finder on every sentence of the corpus and counts what it found. */
export function measure(lines: readonly CorpusLine[], find: (text: string) => IdentifierHit[]): Measurement {
  const m: Measurement = {
    sentences: { truePositive: 0, falsePositive: 0, falseNegative: 0, trueNegative: 0 },
    byKind: {}, identifiers: { found: 0, total: 0 }, hits: { right: 0, all: 0 }, falsePositives: [], missed: [],
  };
  for (const line of lines) {
    const hits = find(line.text);
    const lower = line.text.toLowerCase();
    const spans = hits.map((h) => {
      const at = lower.indexOf(h.match.toLowerCase());
      const start = h.kind === "known" && at >= 0 ? at : h.index;
      return [start, start + h.match.length] as const;
    });
    const planted = line.identifiers.map((id) => {
      const start = line.text.indexOf(id.match);
      if (start < 0) throw new Error(`corpus: ${JSON.stringify(id.match)} is not in ${JSON.stringify(line.text)}`);
      return [start, start + id.match.length] as const;
    });
    const overlaps = (a: readonly [number, number], b: readonly [number, number]) => a[0] < b[1] && b[0] < a[1];
    if (planted.length > 0) {
      if (hits.length > 0) m.sentences.truePositive++;
      else m.sentences.falseNegative++;
    } else if (hits.length > 0) {
      m.sentences.falsePositive++;
      m.falsePositives.push({ text: line.text, hits });
    } else m.sentences.trueNegative++;
    line.identifiers.forEach((id, i) => {
      const k = (m.byKind[id.kind] ??= { found: 0, total: 0 });
      k.total++;
      m.identifiers.total++;
      if (spans.some((s) => overlaps(s, planted[i]))) {
        k.found++;
        m.identifiers.found++;
      } else m.missed.push({ text: line.text, ...id });
    });
    // Hits at one place (two patterns on one phone number) count once.
    const places: (readonly [number, number])[] = [];
    for (const s of spans) if (!places.some((p) => overlaps(p, s))) places.push(s);
    m.hits.all += places.length;
    m.hits.right += places.filter((p) => planted.some((q) => overlaps(p, q))).length;
  }
  return m;
}

const pct = (a: number, b: number) => (b === 0 ? "-" : `${((100 * a) / b).toFixed(1)}%`);

/** The measurement as lines of text. */
export function formatMeasurement(m: Measurement): string[] {
  const s = m.sentences;
  const out = [
    `sentences: ${s.truePositive + s.falsePositive + s.falseNegative + s.trueNegative} (${s.truePositive + s.falseNegative} with identifiers)`,
    `sentence level:   precision ${pct(s.truePositive, s.truePositive + s.falsePositive)}, recall ${pct(s.truePositive, s.truePositive + s.falseNegative)}`,
    `identifier level: precision ${pct(m.hits.right, m.hits.all)} (${m.hits.right} of ${m.hits.all} hits), recall ${pct(m.identifiers.found, m.identifiers.total)} (${m.identifiers.found} of ${m.identifiers.total})`,
    "recall by kind:",
  ];
  for (const [kind, c] of Object.entries(m.byKind).sort()) out.push(`  ${kind.padEnd(12)} ${pct(c.found, c.total).padStart(6)}  (${c.found} of ${c.total})`);
  return out;
}

function main(): void {
  const lines = readCorpus();
  const known = corpusKnown();
  const t0 = performance.now();
  const m = measure(lines, (t) => findIdentifiers(t, known));
  const ms = performance.now() - t0;
  for (const l of formatMeasurement(m)) console.log(l);
  console.log(`time: ${ms.toFixed(0)} ms for ${lines.length} sentences (the first call loads the name lists)`);
  if (m.falsePositives.length > 0) {
    console.log("false positives (sentences with no identifier planted):");
    for (const f of m.falsePositives) console.log(`  ${f.text}  <- ${f.hits.map((h) => `${h.kind}: ${h.match}`).join("; ")}`);
  }
  if (m.missed.length > 0) {
    console.log("missed:");
    for (const x of m.missed) console.log(`  [${x.kind}] ${x.match}  in: ${x.text}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) main();

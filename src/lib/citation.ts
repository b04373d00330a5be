// How to cite the dataset: a plain-text reference and a BibTeX entry, from the release metadata.
import type { Aggregates } from "./aggregates.ts";

/** The release metadata a citation needs. */
export type CitationMeta = Pick<Aggregates["meta"], "department" | "short_name" | "version" | "released" | "synthetic">;

/** A citation in two forms. */
export interface Citation {
  /** Title of the dataset as cited (the department is the author). */
  title: string;
  /** One line for a reference list. */
  text: string;
  /** A BibTeX @misc entry (understood by BibTeX and biblatex alike). */
  bibtex: string;
}

/** Title of the dataset as cited under the department's name. */
export const CITED_TITLE = "Use of force on calls for police service";

/** Full title of the dataset, as the data package names it. */
export function datasetTitle(meta: Pick<CitationMeta, "department">): string {
  return `${meta.department}: use of force on calls for police service`;
}

// BibTeX treats these as commands or grouping; a department name like "A & B" must not break the entry.
const BIBTEX_SPECIAL: Record<string, string> = {
  "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "&": "\\&", "%": "\\%", $: "\\$", "#": "\\#", _: "\\_", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}",
};
const bib = (s: string) => s.replace(/[\\{}&%$#_~^]/g, (c) => BIBTEX_SPECIAL[c]);

/** Citation key: short name and version in lower-case ASCII, e.g. riverton-pd-sample-2024-1. */
export function citationKey(meta: Pick<CitationMeta, "short_name" | "version">): string {
  const slug = (s: string) => s.normalize("NFKD").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase();
  return [slug(meta.short_name), slug(meta.version)].filter(Boolean).join("-") || "dataset";
}

/**
 * The citation of this release. url is where the data page lives: an absolute URL when the
 * site's address is configured, otherwise the page's path.
 */
export function citation(meta: CitationMeta, url: string): Citation {
  const title = CITED_TITLE;
  const year = meta.released.slice(0, 4);
  const kind = meta.synthetic ? "Synthetic sample data set" : "Data set";
  const text = `${meta.department} (${year}). ${title} [${kind}], version ${meta.version}, released ${meta.released}. ${url}`;
  // Double braces keep a corporate author one name and the title's capitals as written.
  const fields: [string, string][] = [
    ["author", `{${bib(meta.department)}}`],
    ["title", `{${bib(title)}}`],
    ["year", year],
    ["date", meta.released],
    ["version", bib(meta.version)],
    ["howpublished", kind],
    ["url", url],
    ["note", `Release ${bib(meta.version)} of ${meta.released}${meta.synthetic ? "; synthetic sample data, not real incidents" : ""}`],
  ];
  const bibtex = [`@misc{${citationKey(meta)},`, fields.map(([k, v]) => `  ${k} = {${v}}`).join(",\n"), "}"].join("\n");
  return { title, text, bibtex };
}

/**
 * The citation of one chart of this release: the chart's title as the work, the dataset and
 * release it comes from, and url, the chart's own page (absolute when the site's address is
 * configured). Readers add the date they accessed it; the page says how.
 */
export function chartCitation(meta: CitationMeta, chart: { id: string; title: string }, url: string): Citation {
  const year = meta.released.slice(0, 4);
  const kind = meta.synthetic ? "Chart; synthetic sample data" : "Chart";
  const text = `${meta.department} (${year}). ${chart.title} [${kind}]. In ${CITED_TITLE}, version ${meta.version}, released ${meta.released}. ${url}`;
  const fields: [string, string][] = [
    ["author", `{${bib(meta.department)}}`],
    ["title", `{${bib(chart.title)}}`],
    ["year", year],
    ["date", meta.released],
    ["version", bib(meta.version)],
    ["howpublished", bib(kind)],
    ["url", url],
    ["note", `Chart from ${bib(CITED_TITLE)}, release ${bib(meta.version)} of ${meta.released}${meta.synthetic ? "; synthetic sample data, not real incidents" : ""}`],
  ];
  const key = `${citationKey(meta)}-${chart.id.replace(/[^A-Za-z0-9-]+/g, "-").toLowerCase()}`;
  const bibtex = [`@misc{${key},`, fields.map(([k, v]) => `  ${k} = {${v}}`).join(",\n"), "}"].join("\n");
  return { title: chart.title, text, bibtex };
}

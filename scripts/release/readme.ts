// The README.md of a release's bundle: what the data is, who published it, what it covers, where
// its definitions are, its caveats, the privacy protection applied, its licence, how to cite it,
// whom to ask and how to check the files. Plain Markdown, made only from the release's metadata
// (same release, same text). The department's own words are kept literal, on one line each
// (notes as a quoted block), so they cannot start a heading, list or code block of their own.
import type { Aggregates } from "../../src/lib/aggregates.ts";
import { citation, datasetTitle } from "../../src/lib/citation.ts";
import { dateKnownStatement } from "../../src/lib/dateKnown.ts";
import { notReportedList } from "../../src/lib/dictionary.ts";
import { FORMULA_GUARD_TEXT } from "../../src/lib/formula.ts";
import type { DepartmentConfig } from "../../src/lib/schema/config.ts";
import { ANOTHER_CATEGORY, ANOTHER_CATEGORY_TEXT, PROTECTED_NOTE, WITHHELD, WITHHELD_TEXT } from "../../src/lib/schema/disclosure.ts";
import { LIST_DELIMITER } from "../../src/lib/schema/fields.ts";

/** A file of the bundle as the README lists it. */
export interface BundleFile {
  /** Path inside the bundle, e.g. "incidents.csv" or "figures/districts.csv". */
  path: string;
  bytes: number;
  /** Data rows (header not counted) for a table; absent for other files. */
  rows?: number | null;
  /** One line on what the file holds (the data package's description); a default is used for the kit's own files. */
  description?: string | null;
}

export interface ReadmeInput {
  meta: Aggregates["meta"];
  /** The department's configuration; release_notes and next_update are read where present. */
  config: DepartmentConfig & { release_notes?: string | null; next_update?: string | null };
  files: BundleFile[];
  /** Where the release's data page lives, as the citation names it (absolute when the site's address is known). */
  url: string;
}

/** What the kit's own files hold, for files the data package does not describe. */
const FILE_DESCRIPTION: Record<string, string> = {
  "README.md": "This file.",
  "datapackage.json": "Machine-readable description of every table: fields, types, allowed values, keys between tables (Frictionless Data Package).",
  "data-dictionary.md": "Every field of every table, in words, and what this department does not report.",
  "SHA256SUMS.txt": "SHA-256 checksum of every file, to check the download.",
  "changes.json": "What changed since the release before: records added, withdrawn and revised, and totals that moved.",
  "districts.geojson": "District outlines (longitude and latitude) for maps.",
};

/** Department text on one line: control characters and line breaks become spaces. */
function line(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").replace(/ {2,}/g, " ").trim();
}

/** Multi-line department text as a quoted block, each line literal. */
function quoted(s: string): string[] {
  return s
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g, " ").trimEnd())
    .map((l) => (l ? `> ${l}` : ">"));
}

const n = (x: number) => x.toLocaleString("en-US");
const plural = (x: number, one: string, many: string) => `${n(x)} ${x === 1 ? one : many}`;

function size(bytes: number): string {
  if (bytes < 1024) return plural(bytes, "byte", "bytes");
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A code fence longer than any run of backticks in the text, so the text cannot close it. */
function fence(text: string, lang: string): string[] {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const f = "`".repeat(Math.max(3, longest + 1));
  return [f + lang, text, f];
}

/** The README.md text of a release's bundle. */
export function bundleReadme({ meta, config, files, url }: ReadmeInput): string {
  const department = line(meta.department);
  const jurisdiction = line(meta.jurisdiction);
  const out: string[] = [];
  const push = (...l: string[]) => out.push(...l);

  push(`# ${line(datasetTitle(meta))}`, "", `Version ${line(meta.version)}, released ${meta.released}.`, "");
  if (meta.synthetic) {
    push(
      "**SYNTHETIC SAMPLE DATA: these are not real incidents.** Every record in this bundle was generated to show how the kit works; no person, officer or event in it exists. Do not cite it as a department's data.",
      "",
    );
  }

  push("## What this is", "");
  push(
    `Anonymized records of the incidents in which officers of ${department} used force, with the people force was used on, the types of force, ` +
      `and the tables the figures are counted from, for ${jurisdiction}. Published by ${department}. ` +
      "Each table is a CSV file (UTF-8, comma-separated, header row first); the figures behind every chart are in the figures folder.",
    "",
  );

  push("## Coverage", "");
  push(`- Years: ${meta.years.length ? `${meta.years[0]} to ${meta.years[meta.years.length - 1]}` : "none"}.`);
  push(`- The records cover ${meta.period.from} through ${meta.period.through}.`);
  for (const p of meta.part_years) push(`- ${p.year} is a part year (${p.label}): it is never compared with a full year.`);
  for (const g of meta.not_covered ?? []) push(`- Not covered: ${g.from} to ${g.through}${g.note ? ` (${line(g.note)})` : ""}; the year it falls in is a part year.`);
  push("");
  if (config.release_notes) push("Notes from the department on this release:", "", ...quoted(config.release_notes), "");
  if (config.next_update) push(`Next update expected: ${line(config.next_update)}.`, "");

  push("## Files", "");
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const what = f.description ? line(f.description) : FILE_DESCRIPTION[f.path] ?? (f.path.startsWith("figures/") && f.path.endsWith(".json") ? "The same figure table with its title, notes and column labels (JSON)." : "");
    const counts = [f.rows !== undefined && f.rows !== null ? plural(f.rows, "row", "rows") : null, size(f.bytes)].filter(Boolean).join(", ");
    push(`- \`${f.path}\` (${counts})${what ? `: ${what}` : ""}`);
  }
  push("");

  push("## Definitions", "");
  push(
    "`data-dictionary.md` defines every field, its type and its values; `datapackage.json` says the same for software, with each table's primary key and the keys that join the tables (subjects, force uses, officers and complaints point at incidents by the `incident` column).",
    "",
    "In the CSV files:",
    "",
    `- An empty cell means the value was not recorded, except in a field this department does not report (listed under Caveats).`,
    `- \`${WITHHELD}\` means ${WITHHELD_TEXT}; \`${ANOTHER_CATEGORY}\` means ${ANOTHER_CATEGORY_TEXT.charAt(0).toLowerCase()}${ANOTHER_CATEGORY_TEXT.slice(1)}.`,
    `- A cell holding several values separates them with \`${LIST_DELIMITER}\`.`,
    `- ${FORMULA_GUARD_TEXT}`,
    "",
  );

  push("## Caveats", "");
  const gaps = notReportedList(meta);
  if (gaps.length === 0) push("- This department reports every table and field the figures use.");
  else {
    push("- Not reported by this department (not in its data, never a count of zero):");
    for (const g of gaps) push(`  - \`${g.key}\` (${g.name})${g.why ? `: ${g.why}` : ""}.`);
  }
  if (meta.part_years.length) push("- Part years hold only the months named under Coverage; their totals are not comparable with full years.");
  const known = dateKnownStatement(meta.date_known);
  if (known) push(`- ${known}`);
  push(`- ${PROTECTED_NOTE}`);
  push("");

  push("## Privacy protection applied", "");
  const d = meta.disclosure;
  if (!d) push("No record-level disclosure control report is available for this release.", "");
  else {
    push(
      `Disclosure control: ${d.model} with k = ${d.k} (the department's privacy threshold is ${meta.privacy_threshold}). ` +
        `Values are made coarser or withheld until every combination of the quasi-identifiers below, in the published records, is shared by at least ${d.k} people. ` +
        `Groups smaller than ${d.k} after protection: ${n(d.subjects.after.small_groups)} of subjects, ${n(d.incidents.after.small_groups)} of incidents.`,
      "",
      "Quasi-identifiers (what a reader could link to other knowledge) and what was done to each:",
      "",
    );
    for (const f of d.fields) {
      if (f.treatment === "not published") push(`- ${f.label}: not published in the records.`);
      else if (f.treatment === "exact") push(`- ${f.label}: published as recorded, by the department's choice; ${plural(f.withheld, "value", "values")} withheld.`);
      else push(`- ${f.label}: published at the level "${f.level ?? "none"}"; ${plural(f.generalised, "value", "values")} made coarser and ${plural(f.withheld, "value", "values")} withheld, of ${n(f.values)}.`);
    }
    const o = d.officers;
    if (o) {
      push("", `Officers' records are protected the same way (k = ${o.k}), grouped with their incidents' ${o.incident_fields.join(" and ")}:`, "");
      for (const f of o.fields) {
        if (f.treatment === "not reported") push(`- ${f.label}: not reported by this department.`);
        else push(`- ${f.label}: published at the level "${f.level ?? "none"}"; ${plural(f.generalised, "value", "values")} made coarser and ${plural(f.withheld, "value", "values")} withheld, of ${n(f.values)}.`);
      }
      if (o.fully_withheld) push(`- ${plural(o.fully_withheld, "officer record has", "officer records have")} every demographic value withheld.`);
    }
    push(
      "",
      `Share of quasi-identifier detail given up: ${(d.information_loss * 100).toFixed(1)}%. ` +
        "Names, badge numbers and exact addresses are never published; incidents, people and officers are named only by pseudonyms made for publication.",
      "",
    );
  }

  push("## Licence", "");
  push(`${line(meta.licence.name)} (${line(meta.licence.id)}): ${line(meta.licence.url)}`, "");

  push("## How to cite", "");
  const c = citation(meta, url);
  push(line(c.text), "", "BibTeX:", "", ...fence(c.bibtex, "bibtex"), "");
  push(`Cite the version (${line(meta.version)}): a later release may revise past years, and each release stays available under its version.`, "");

  push("## Contact", "");
  const contact = [
    meta.contact.email ? `- E-mail: ${line(meta.contact.email)}` : null,
    meta.contact.url ? `- Web: ${line(meta.contact.url)}` : null,
    meta.contact.phone ? `- Phone: ${line(meta.contact.phone)}` : null,
  ].filter((x): x is string => x !== null);
  push(...(contact.length ? contact : [`- ${department}`]), "");

  push("## Check the files", "");
  push(
    "In the folder where the bundle was unpacked:",
    "",
    "```sh",
    "sha256sum -c SHA256SUMS.txt",
    "```",
    "",
    "(on macOS: `shasum -a 256 -c SHA256SUMS.txt`). Every file listed must say OK.",
    "",
  );
  return out.join("\n");
}

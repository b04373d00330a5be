// /releases/feed.xml: an Atom feed of the data releases, newest first, one entry per release with its
// date, a summary of what changed and a link to its page. Links are absolute with the site's address
// (UOF_SITE), else paths; ids are then URNs made from the site's name and the version.
import type { APIRoute } from "astro";
import { href, loadAggregates } from "../../lib/site.ts";
import { RELEASES_FEED_PATH, RELEASES_PATH, releasePath } from "../../lib/releases.ts";
import { loadReleases, summaryText } from "../../lib/releaseSite.ts";
import { slug } from "../../lib/slug.ts";

/** Text for XML content and attribute values. */
function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** The feed's XML (exported for tests). */
export function atomFeed(site: URL | undefined): string {
  const { meta } = loadAggregates();
  const idx = loadReleases();
  const url = (p: string) => (site ? new URL(href(p), site).href : href(p));
  const idOf = (p: string, version?: string) => (site ? url(p) : `urn:uof:${slug(meta.short_name) || "site"}:${version === undefined ? "releases" : `release:${version}`}`);
  const stamp = (date: string) => `${date}T00:00:00Z`;
  const entries = idx?.releases ?? [{ version: meta.version, released: meta.released, notes: "", summary: null, previous: null, pseudonyms: "first" as const }];
  const updated = entries.reduce((a, r) => (r.released > a ? r.released : a), entries[0]?.released ?? meta.released);
  const lines = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom">`,
    `  <title>${xml(`${meta.short_name}: data releases`)}</title>`,
    `  <subtitle>${xml(`Releases of the use-of-force data of ${meta.department}${meta.synthetic && !/sample/i.test(meta.department) ? " (synthetic sample data)" : ""}.`)}</subtitle>`,
    `  <id>${xml(idOf(RELEASES_PATH))}</id>`,
    `  <updated>${stamp(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(url(RELEASES_FEED_PATH))}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(url(RELEASES_PATH))}"/>`,
    `  <author><name>${xml(meta.department)}</name>${meta.contact.email ? `<email>${xml(meta.contact.email)}</email>` : ""}</author>`,
  ];
  for (const r of entries) {
    const page = idx ? releasePath(r.version) : RELEASES_PATH;
    const summary = [r.notes, idx ? summaryText(r) : ""].filter(Boolean).join(" ");
    lines.push(
      `  <entry>`,
      `    <title>${xml(`Release ${r.version}`)}</title>`,
      // Without a release history the entry links to the list of releases; its id still names the version.
      `    <id>${xml(idx ? idOf(page, r.version) : site ? `${url(RELEASES_PATH)}#release-${r.version}` : idOf(page, r.version))}</id>`,
      `    <updated>${stamp(r.released)}</updated>`,
      `    <published>${stamp(r.released)}</published>`,
      `    <link rel="alternate" type="text/html" href="${xml(url(page))}"/>`,
      `    <summary type="text">${xml(summary || `Release ${r.version} of the data.`)}</summary>`,
      `  </entry>`,
    );
  }
  lines.push(`</feed>`, "");
  return lines.join("\n");
}

export const GET: APIRoute = ({ site }) => new Response(atomFeed(site), { headers: { "Content-Type": "application/atom+xml; charset=utf-8" } });

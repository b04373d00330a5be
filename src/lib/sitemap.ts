// sitemap.xml and robots.txt, written into the built site by the build integration in
// astro.config.mjs. Pure functions of the site's address, base path and page list.

/** Most URLs one sitemap file may list (sitemaps.org); a larger site gets an index of several. */
export const SITEMAP_LIMIT = 50_000;

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

/** The absolute URL of a path inside the site: https://host/<base>/<path>. */
export function absoluteUrl(site: string, base: string, p: string): string {
  const b = `/${base.replace(/^\/+|\/+$/g, "")}/`.replace(/^\/\/$/, "/");
  return new URL(b + p.replace(/^\/+/, ""), site).href;
}

/**
 * The sitemap files of a site: path in the built folder -> text. Pages are paths inside the site
 * ("", "explore/", "incidents/2024/north-side/03/"); the 404 page is left out. Up to
 * SITEMAP_LIMIT pages, one sitemap.xml; more, and sitemap.xml is an index of sitemap-1.xml, ...
 */
export function sitemapFiles(site: string, base: string, pages: readonly string[], limit = SITEMAP_LIMIT): Record<string, string> {
  const urls = [...new Set(pages.filter((p) => !/^\/?404(\.html|\/)?$/.test(p)).map((p) => absoluteUrl(site, base, p)))].sort();
  const urlset = (list: string[]) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${list.map((u) => `  <url><loc>${escapeXml(u)}</loc></url>`).join("\n")}\n</urlset>\n`;
  if (urls.length <= limit) return { "sitemap.xml": urlset(urls) };
  const out: Record<string, string> = {};
  const parts: string[] = [];
  for (let i = 0; i * limit < urls.length; i++) {
    const name = `sitemap-${i + 1}.xml`;
    out[name] = urlset(urls.slice(i * limit, (i + 1) * limit));
    parts.push(absoluteUrl(site, base, name));
  }
  out["sitemap.xml"] = `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${parts.map((u) => `  <sitemap><loc>${escapeXml(u)}</loc></sitemap>`).join("\n")}\n</sitemapindex>\n`;
  return out;
}

/** robots.txt: every crawler may read every page; with the site's address, where the sitemap is. */
export function robotsTxt(site: string | undefined, base: string): string {
  return `User-agent: *\nAllow: /\n${site ? `\nSitemap: ${absoluteUrl(site, base, "sitemap.xml")}\n` : ""}`;
}

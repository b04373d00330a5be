import { describe, expect, it } from "vitest";
import { absoluteUrl, robotsTxt, sitemapFiles } from "../../src/lib/sitemap.ts";

describe("sitemap.ts", () => {
  it("absoluteUrl(site, base, path) puts the path under the base path of the site's address", () => {
    expect(absoluteUrl("https://data.example.gov", "/", "explore/")).toBe("https://data.example.gov/explore/");
    expect(absoluteUrl("https://data.example.gov", "/uof/", "")).toBe("https://data.example.gov/uof/");
    expect(absoluteUrl("https://data.example.gov/", "/uof", "/incidents/2024/north-side/")).toBe("https://data.example.gov/uof/incidents/2024/north-side/");
  });

  it("sitemapFiles lists every page once, absolute and sorted, without the 404 page, with XML special characters escaped", () => {
    const files = sitemapFiles("https://data.example.gov", "/uof/", ["", "data/", "404", "404.html", "explore/", "data/", "a&b/"]);
    expect(Object.keys(files)).toEqual(["sitemap.xml"]);
    const locs = [...files["sitemap.xml"].matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toEqual(["https://data.example.gov/uof/", "https://data.example.gov/uof/a&amp;b/", "https://data.example.gov/uof/data/", "https://data.example.gov/uof/explore/"]);
    expect(files["sitemap.xml"]).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
  });

  it("more pages than one sitemap may hold: sitemap.xml becomes an index of sitemap-1.xml, sitemap-2.xml, ...", () => {
    const pages = Array.from({ length: 5 }, (_, i) => `p${i}/`);
    const files = sitemapFiles("https://x.example", "/", pages, 2);
    expect(Object.keys(files).sort()).toEqual(["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]);
    expect([...files["sitemap.xml"].matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1])).toEqual(["https://x.example/sitemap-1.xml", "https://x.example/sitemap-2.xml", "https://x.example/sitemap-3.xml"]);
    expect(files["sitemap.xml"]).toContain("<sitemapindex");
    const all = ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"].flatMap((f) => [...files[f].matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]));
    expect(all).toEqual(pages.map((p) => `https://x.example/${p}`));
  });

  it("robotsTxt allows every crawler, and names the sitemap only where the site's address is known", () => {
    expect(robotsTxt("https://data.example.gov", "/uof/")).toBe("User-agent: *\nAllow: /\n\nSitemap: https://data.example.gov/uof/sitemap.xml\n");
    expect(robotsTxt(undefined, "/uof/")).toBe("User-agent: *\nAllow: /\n");
  });
});

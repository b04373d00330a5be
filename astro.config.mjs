// Static site configuration. The build command (scripts/cli.ts) passes where the generated
// data is (UOF_GENERATED), the URL base path (UOF_BASE), the public address (UOF_SITE, may be
// empty) and the output folder (UOF_DIST).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "astro/config";
import { robotsTxt, sitemapFiles } from "./src/lib/sitemap.ts";

const generated = path.resolve(process.env.UOF_GENERATED ?? "generated");
const base = process.env.UOF_BASE ?? "/";
const site = process.env.UOF_SITE || undefined;

/**
 * Copies the generated downloads (CSV, JSON, datapackage, checksums) into the built site, and every
 * release's files (bundle, figure tables, changes.json, checksums) beside its page under releases/.
 */
function downloads() {
  return {
    name: "uof-downloads",
    hooks: {
      "astro:build:done": ({ dir }) => {
        const from = path.join(generated, "downloads");
        if (fs.existsSync(from)) fs.cpSync(from, path.join(fileURLToPath(dir), "downloads"), { recursive: true });
        const releases = path.join(generated, "releases");
        if (fs.existsSync(releases)) fs.cpSync(releases, path.join(fileURLToPath(dir), "releases"), { recursive: true });
      },
    },
  };
}

/**
 * Writes robots.txt, and with the site's public address sitemap.xml listing every page (absolute
 * URLs under the base path). Without an address there is no sitemap: its URLs must be absolute.
 */
function crawlers() {
  return {
    name: "uof-crawlers",
    hooks: {
      "astro:build:done": ({ dir, pages }) => {
        const out = fileURLToPath(dir);
        fs.writeFileSync(path.join(out, "robots.txt"), robotsTxt(site, base));
        if (!site) return;
        for (const [name, text] of Object.entries(sitemapFiles(site, base, pages.map((p) => p.pathname)))) fs.writeFileSync(path.join(out, name), text);
      },
    },
  };
}

export default defineConfig({
  output: "static",
  // The public address (e.g. https://data.example.gov), for citations and dataset metadata.
  site,
  base,
  trailingSlash: "always",
  outDir: process.env.UOF_DIST ?? "dist",
  // Stylesheets are files, never inline <style>: the Content-Security-Policy (scripts/csp.ts)
  // then allows styles from the site's own origin only, one policy for every page and host.
  build: { format: "directory", inlineStylesheets: "never" },
  devToolbar: { enabled: false },
  integrations: [downloads(), crawlers()],
});

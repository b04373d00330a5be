// Static site configuration. The build command (scripts/cli.ts) passes where the generated
// data is (UOF_GENERATED), the URL base path (UOF_BASE) and the output folder (UOF_DIST).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "astro/config";

const generated = path.resolve(process.env.UOF_GENERATED ?? "generated");
const base = process.env.UOF_BASE ?? "/";

/** Copies the generated downloads (CSV, JSON, datapackage, checksums) into the built site. */
function downloads() {
  return {
    name: "uof-downloads",
    hooks: {
      "astro:build:done": ({ dir }) => {
        const from = path.join(generated, "downloads");
        if (fs.existsSync(from)) fs.cpSync(from, path.join(fileURLToPath(dir), "downloads"), { recursive: true });
      },
    },
  };
}

export default defineConfig({
  output: "static",
  // The public address (e.g. https://data.example.gov), for citations and dataset metadata.
  site: process.env.UOF_SITE || undefined,
  base,
  trailingSlash: "always",
  outDir: process.env.UOF_DIST ?? "dist",
  // Stylesheets are files, never inline <style>: the Content-Security-Policy (scripts/csp.ts)
  // then allows styles from the site's own origin only, one policy for every page and host.
  build: { format: "directory", inlineStylesheets: "never" },
  devToolbar: { enabled: false },
  integrations: [downloads()],
});

// `npm run screenshot -- [--dist DIR] [--width N] [--full] [--out DIR] PATH...`: serves a built site
// on 127.0.0.1 and saves a PNG of each path (the window, or the whole page with --full), through the same Chromium launcher the browser
// tests use, for looking at pages as a reader would (phone width: --width 390).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { launchChromium, serveStatic } from "../tests/e2e/browser.ts";

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dist: { type: "string", default: "dist" },
      base: { type: "string", default: "/" },
      width: { type: "string", default: "1280" },
      out: { type: "string", default: "screenshots" },
      height: { type: "string", default: "900" },
      full: { type: "boolean", default: false },
    },
  });
  if (positionals.length === 0) {
    process.stderr.write("Usage: npm run screenshot -- [--dist DIR] [--base /uof/] [--width 390] [--height 900] [--full] [--out DIR] /path/ [/other/path/?q=words ...]\n");
    return 2;
  }
  const width = Number(values.width);
  // A link to a build (dist is one) is served as its target, as a static host would.
  const server = await serveStatic(fs.realpathSync(values.dist), values.base);
  const browser = await launchChromium();
  fs.mkdirSync(values.out, { recursive: true });
  try {
    for (const p of positionals) {
      const ctx = await browser.newContext({ viewport: { width, height: Number(values.height) } });
      const page = await ctx.newPage();
      const res = await page.goto(server.origin + p, { waitUntil: "networkidle" });
      const file = path.join(values.out, `${p.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "home"}-${width}.png`);
      await page.screenshot({ path: file, fullPage: values.full });
      process.stdout.write(`${res?.status()} ${p} -> ${file}\n`);
      await ctx.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: Error) => {
    process.stderr.write(`screenshot failed: ${e.message.split("\n")[0]}\n`);
    process.exitCode = 1;
  },
);

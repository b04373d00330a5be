// The heap limit the build gives the site build (Astro) process.
import fs from "node:fs";
import path from "node:path";

/**
 * A heap limit for the site build. Without one V8 lets garbage grow towards 2 GB on a large
 * department before it collects (a 100,000-incident site build peaked at 1.9 GB while keeping
 * under 1 GB); a limit well above what the build keeps makes it collect sooner. What it keeps
 * grows with the incidents: about four times their files, plus room for Astro itself.
 */
export function siteHeapMB(generated: string): number {
  const dir = path.join(generated, "site", "incidents");
  let bytes = 0;
  if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) bytes += fs.statSync(path.join(dir, f)).size;
  return Math.max(1536, Math.ceil((4 * bytes) / 2 ** 20) + 768);
}

/** NODE_OPTIONS with a heap limit added, unless the person running the build set one. */
export function withHeapLimit(options: string | undefined, mb: number): string {
  if (options && /--max-old-space-size/.test(options)) return options;
  return `${options ?? ""} --max-old-space-size=${mb}`.trim();
}

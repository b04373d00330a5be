// Finds a Chromium for the browser tests and serves a built site on 127.0.0.1.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** CHROME_PATH, else Debian's /usr/bin/chromium, else the Chromium shipped in the @sparticuz/chromium package. */
export async function launchChromium(): Promise<Browser> {
  const candidates = [process.env.CHROME_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean) as string[];
  const found = candidates.find((p) => fs.existsSync(p));
  if (found) return chromium.launch({ executablePath: found, args: CHROMIUM_ARGS });
  try {
    const sparticuz = (await import("@sparticuz/chromium")).default;
    const exe = await sparticuz.executablePath();
    return await chromium.launch({ executablePath: exe, args: [...sparticuz.args, ...CHROMIUM_ARGS] });
  } catch (e) {
    throw new Error(
      `No Chromium found for the browser tests (tried ${candidates.join(", ")} and the @sparticuz/chromium package: ${(e as Error).message}). ` +
        "Install one with `apt-get install chromium`, or set CHROME_PATH to a Chromium or Chrome executable.",
    );
  }
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
  ".csv": "text/csv; charset=utf-8", ".svg": "image/svg+xml", ".txt": "text/plain", ".wasm": "application/wasm",
};

/** Serves a folder as a static host would, under a base path; returns the origin and a close function. */
export async function serveStatic(root: string, base = "/"): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let p = decodeURIComponent(url.pathname);
    if (!p.startsWith(base)) {
      res.writeHead(404).end("not found");
      return;
    }
    p = path.join(root, p.slice(base.length));
    if (!p.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(p) && fs.statSync(p).isDirectory()) p = path.join(p, "index.html");
    if (!fs.existsSync(p)) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(p)] ?? "application/octet-stream" });
    fs.createReadStream(p).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

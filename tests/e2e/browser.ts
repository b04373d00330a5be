// Finds a Chromium for the browser tests and serves a built site on 127.0.0.1.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import zlib from "node:zlib";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

// Flags for a headless browser run as root in a closed network. The package-shipped Chromium's
// own recommended flags are not used: they include --single-process, with which the browser dies
// when a second context opens after the first closed, and --disable-web-security.
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--disable-dev-shm-usage", "--no-default-browser-check",
];

/** Where the browser came from, for messages: CHROME_PATH or the @sparticuz/chromium package. */
export interface ChromiumFound {
  path: string;
  source: string;
}

/**
 * The Chromium the tests and benchmarks drive: CHROME_PATH when set, else the one shipped
 * inside the @sparticuz/chromium npm package (the same browser on every machine, whether or not
 * it has a system Chromium), unpacked once into the temporary folder.
 */
export function findChromium(): ChromiumFound {
  const override = process.env.CHROME_PATH;
  if (override) {
    if (!isExecutable(override)) throw new Error(`CHROME_PATH is set to ${override}, which is not an executable file. Unset it to use the Chromium that \`npm ci\` installs, or point it at a Chromium or Chrome executable.`);
    return { path: override, source: "CHROME_PATH" };
  }
  return { path: unpackPackagedChromium(), source: "@sparticuz/chromium" };
}

/** Unpacks the package's brotli-compressed Chromium to <tmp>/uof-chromium-<version>/chromium; whole or not at all. */
export function unpackPackagedChromium(tmp = os.tmpdir()): string {
  let pkgDir: string;
  try {
    // The package's exports do not include package.json: find it above the resolved entry.
    pkgDir = path.dirname(createRequire(import.meta.url).resolve("@sparticuz/chromium"));
    while (!fs.existsSync(path.join(pkgDir, "package.json")) || !pkgDir.endsWith(path.join("@sparticuz", "chromium"))) {
      if (path.dirname(pkgDir) === pkgDir) throw new Error("not found");
      pkgDir = path.dirname(pkgDir);
    }
  } catch {
    throw new Error(
      "No Chromium for the browser tests: the @sparticuz/chromium package is not installed. Run `npm ci` (it is a development dependency), " +
        "or set CHROME_PATH to a Chromium or Chrome executable (for example after `apt-get install chromium`, CHROME_PATH=/usr/bin/chromium).",
    );
  }
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")).version as string;
  const dir = path.join(tmp, `uof-chromium-${version}`);
  const exe = path.join(dir, "chromium");
  if (isExecutable(exe)) return exe;
  const packed = path.join(pkgDir, "bin", "chromium.br");
  if (!fs.existsSync(packed)) throw new Error(`No Chromium for the browser tests: ${packed} is missing. Reinstall with \`npm ci\`, or set CHROME_PATH to a Chromium or Chrome executable.`);
  fs.mkdirSync(dir, { recursive: true });
  // Written under a name of this process's own and renamed into place, so a run that is killed
  // half way, or another test file unpacking at the same time, never leaves a truncated browser
  // at the name that is used.
  const part = `${exe}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
  try {
    fs.writeFileSync(part, zlib.brotliDecompressSync(fs.readFileSync(packed)), { mode: 0o755 });
    fs.renameSync(part, exe);
  } catch (e) {
    fs.rmSync(part, { force: true });
    throw new Error(`Could not unpack the Chromium of @sparticuz/chromium into ${dir}: ${(e as Error).message}. Free space in the temporary folder, or set CHROME_PATH to a Chromium or Chrome executable.`);
  }
  return exe;
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Launches headless Chromium (see findChromium); fails with a message that says how to get one. */
export async function launchChromium(): Promise<Browser> {
  const found = findChromium();
  try {
    return await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
  } catch (e) {
    throw new Error(
      `Chromium from ${found.source} (${found.path}) did not start: ${(e as Error).message.split("\n")[0]}. ` +
        "Reinstall with `npm ci`, or set CHROME_PATH to a working Chromium or Chrome executable (for example after `apt-get install chromium`, CHROME_PATH=/usr/bin/chromium).",
    );
  }
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
  ".csv": "text/csv; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png", ".txt": "text/plain", ".wasm": "application/wasm",
};

/**
 * Serves a folder as a static host would, under a base path; returns the origin and a close
 * function. With notFound (a file in the folder, e.g. "uof/404.html"), a missing address gets that
 * page with status 404, as hosts serve a site's 404.html.
 */
export async function serveStatic(root: string, base = "/", options: { notFound?: string } = {}): Promise<{ origin: string; close: () => Promise<void> }> {
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
      if (options.notFound) {
        res.writeHead(404, { "content-type": TYPES[".html"] });
        fs.createReadStream(path.join(root, options.notFound)).pipe(res);
      } else res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(p)] ?? "application/octet-stream" });
    fs.createReadStream(p).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * For the tests of one describe block: serves a built site and launches Chromium before them,
 * closes both after them. The getters are read inside the tests.
 */
export function servedInChromium(root: () => string): { browser: () => Browser; origin: () => string } {
  let browser: Browser | undefined;
  let server: { origin: string; close: () => Promise<void> } | undefined;
  beforeAll(async () => {
    server = await serveStatic(root());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return { browser: () => browser!, origin: () => server!.origin };
}

// The site deployed under a sub-path (--base /uof/): every internal link resolves and stays under the base.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { serveStatic } from "./browser.ts";
import { buildSample, crawl, type Built } from "./build.ts";

let built: Built;
let server: { origin: string; close: () => Promise<void> };

beforeAll(async () => {
  built = buildSample("/uof/");
  // The static host's web root holds the site in its uof/ folder.
  server = await serveStatic(path.join(built.work, "site"));
});

afterAll(async () => {
  await server?.close();
});

describe("sub-path build (/uof/)", () => {
  it("crawling every internal link from /uof/ finds no broken link and none outside the base", async () => {
    const { status, from, html } = await crawl(server.origin + "/uof/", server.origin);
    expect(html.size).toBeGreaterThan(50);
    const broken = [...status].filter(([, s]) => s !== 200).map(([u, s]) => `${s} ${u} (linked from ${from.get(u)})`);
    expect(broken).toEqual([]);
    const outside = [...status.keys()].filter((u) => !new URL(u).pathname.startsWith("/uof/"));
    expect(outside).toEqual([]);
  });
});

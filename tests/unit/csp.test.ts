// The Content-Security-Policy step (scripts/csp.ts): the policy in every page's <head>, the
// static hosts' header files with the same policy, and a refusal for pages it cannot cover.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CSP_META, EMBED_HEADER_POLICY, HEADER_POLICY, PAGE_POLICY, addCspMeta, applyCsp, headerFiles, inlineCode, startTags } from "../../scripts/csp.ts";
import { tmpDir } from "../helpers.ts";

const PAGE = '<!DOCTYPE html><html lang="en"> <head><meta charset="utf-8"><title>T</title><link rel="stylesheet" href="/_astro/a.css"></head><body><main><p>Text</p></main><script type="module" src="/search.js"></script></body></html>';

/** The directives of a policy, by name. */
const directives = (policy: string) => new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...v]) => [name, v.join(" ")]));

describe("PAGE_POLICY and HEADER_POLICY", () => {
  it("allow nothing inline and nothing from another origin", () => {
    const d = directives(PAGE_POLICY);
    expect(d.get("default-src")).toBe("'none'");
    expect(d.get("script-src")).toBe("'self' 'wasm-unsafe-eval'");
    expect(d.get("style-src")).toBe("'self'");
    for (const v of d.values()) expect(v).not.toMatch(/'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'|https?:|\*|sha256-|nonce-/);
    expect(d.get("base-uri")).toBe("'none'");
    expect(d.get("object-src")).toBe("'none'");
    expect(d.get("form-action")).toBe("'none'");
    // frame-ancestors is ignored (with a console error) in a <meta>: only the headers carry it.
    expect(d.has("frame-ancestors")).toBe(false);
  });

  it("the header policy is the page policy plus frame-ancestors 'none'", () => {
    const page = directives(PAGE_POLICY);
    const header = directives(HEADER_POLICY);
    expect(header.get("frame-ancestors")).toBe("'none'");
    header.delete("frame-ancestors");
    expect(header).toEqual(page);
  });
});

describe("addCspMeta(html)", () => {
  it("puts the policy <meta> first in <head> and leaves the rest byte for byte", () => {
    const out = addCspMeta(PAGE);
    expect(out).toBe(PAGE.replace("<head>", `<head>${CSP_META}`));
    expect(out.indexOf(CSP_META)).toBe(out.indexOf("<head>") + "<head>".length);
  });

  it("is idempotent: a policy <meta> already in the page is replaced, not doubled", () => {
    const once = addCspMeta(PAGE);
    expect(addCspMeta(once)).toBe(once);
    const other = PAGE.replace("<title>", `<meta http-equiv="content-security-policy" content="default-src *"><title>`);
    expect(addCspMeta(other)).toBe(once);
  });

  it("finds the real <head>, not the word in an attribute or a comment", () => {
    const tricky = '<!DOCTYPE html><html data-x="<head>"><!-- <head> --><head><title>x</title></head><body></body></html>';
    const out = addCspMeta(tricky);
    expect(out).toBe(tricky.replace("--><head>", `--><head>${CSP_META}`));
  });

  it("refuses a page without a <head>", () => {
    expect(() => addCspMeta("<p>no head</p>")).toThrow(/no <head>/);
  });
});

describe("inlineCode(html)", () => {
  it("finds nothing in a page of files only, JSON-LD included", () => {
    const jsonLd = '<script type="application/ld+json">{"name":"x\\u003c/script>"}</script>';
    expect(inlineCode(PAGE.replace("<main>", `<main>${jsonLd}`))).toEqual([]);
  });

  it.each([
    ['<style>p{}</style>', "an inline <style> element"],
    ['<svg><style>.a{}</style></svg>', "an inline <style> element"],
    ['<p style="color:red">x</p>', "a style attribute on <p>"],
    ["<script>alert(1)</script>", "an inline <script>"],
    ['<script type="module">import("/x.js")</script>', "an inline <script>"],
    ['<img src="/a.png" onerror="alert(1)">', "an event handler attribute onerror on <img>"],
    ['<a href="javascript:alert(1)">x</a>', "a javascript: URL in href on <a>"],
    ['<a href=" JaVa\tScRiPt&#58;alert(1)">x</a>', "a javascript: URL in href on <a>"],
    ['<a href="java&#x73;cript:alert(1)">x</a>', "a javascript: URL in href on <a>"],
  ])("finds %j", (fragment, what) => {
    expect(inlineCode(PAGE.replace("<main>", `<main>${fragment}`))).toEqual([what]);
  });

  it("reads a department's escaped text as text: markup inside attribute values, text and script data is not a tag", () => {
    const page = PAGE.replace(
      "<main>",
      '<main><p aria-label="Harbor<img src=x onerror=alert(1)>" title=\'"><svg onload=alert(1)>\'>Harbor&lt;img src=x onerror=alert(1)&gt; style="x"</p>' +
        '<script type="application/ld+json">{"a":"<p style=1 onclick=x>"}</script>',
    );
    expect(inlineCode(page)).toEqual([]);
    const p = [...startTags(page)].find((t) => t.name === "p")!;
    expect(p.attrs).toEqual([["aria-label", "Harbor<img src=x onerror=alert(1)>"], ["title", '"><svg onload=alert(1)>']]);
  });
});

describe("headerFiles()", () => {
  const files = headerFiles();

  it("writes the header policy and the other headers for Netlify/Cloudflare, Apache and Azure", () => {
    expect(Object.keys(files).sort()).toEqual([".htaccess", "_headers", "staticwebapp.config.json"]);
    expect(files._headers).toContain(`/*\n  Content-Security-Policy: ${HEADER_POLICY}\n`);
    expect(files[".htaccess"]).toContain(`Header always set Content-Security-Policy "${HEADER_POLICY}"`);
    const azure = JSON.parse(files["staticwebapp.config.json"]);
    expect(azure.globalHeaders["Content-Security-Policy"]).toBe(HEADER_POLICY);
    for (const text of Object.values(files)) {
      expect(text).toContain("nosniff");
      expect(text).toContain("no-referrer");
    }
  });
});

describe("applyCsp(dist)", () => {
  it("puts the policy in every page and writes the header files", () => {
    const dist = tmpDir("uof-csp-");
    fs.mkdirSync(path.join(dist, "a/b"), { recursive: true });
    fs.writeFileSync(path.join(dist, "index.html"), PAGE);
    fs.writeFileSync(path.join(dist, "a/b/index.html"), PAGE);
    fs.writeFileSync(path.join(dist, "a/data.json"), '{"x":"<head>"}');
    expect(applyCsp(dist)).toEqual({ pages: 2 });
    for (const p of ["index.html", "a/b/index.html"]) expect(fs.readFileSync(path.join(dist, p), "utf8")).toBe(addCspMeta(PAGE));
    expect(fs.readFileSync(path.join(dist, "a/data.json"), "utf8")).toBe('{"x":"<head>"}');
    for (const [name, text] of Object.entries(headerFiles())) expect(fs.readFileSync(path.join(dist, name), "utf8")).toBe(text);
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it("refuses a site with a page the policy would break, naming the page and what it holds, and writes nothing", () => {
    const dist = tmpDir("uof-csp-");
    fs.mkdirSync(path.join(dist, "bad"));
    fs.writeFileSync(path.join(dist, "index.html"), PAGE);
    fs.writeFileSync(path.join(dist, "bad/index.html"), PAGE.replace("<main>", '<main><p style="x">'));
    expect(() => applyCsp(dist)).toThrow(/1 page\(s\)[^]*bad\/index\.html: a style attribute on <p>/);
    expect(fs.readFileSync(path.join(dist, "index.html"), "utf8")).toBe(PAGE);
    expect(fs.existsSync(path.join(dist, "_headers"))).toBe(false);
    fs.rmSync(dist, { recursive: true, force: true });
  });
});

describe("headerFiles(embeds, base): pages other sites may frame", () => {
  it("lets the chart-only pages of a sub-path site be framed, and no other page", () => {
    const dist = tmpDir("uof-csp-");
    for (const p of ["index.html", "charts/rate-by-year/index.html", "charts/rate-by-year/embed/index.html", "charts/districts/embed/index.html"]) {
      fs.mkdirSync(path.dirname(path.join(dist, p)), { recursive: true });
      fs.writeFileSync(path.join(dist, p), PAGE);
    }
    applyCsp(dist, "/uof/");
    const headers = fs.readFileSync(path.join(dist, "_headers"), "utf8");
    // The whole site keeps frame-ancestors 'none'; each chart-only page (and only those) is listed after it.
    expect(headers).toContain(`/*\n  Content-Security-Policy: ${HEADER_POLICY}\n`);
    const rules = [...headers.matchAll(/^(\/\S*)$/gm)].map((m) => m[1]);
    expect(rules).toEqual(["/*", "/uof/charts/districts/embed/", "/uof/charts/rate-by-year/embed/"]);
    expect(headers).toContain(`/uof/charts/districts/embed/\n  ! Content-Security-Policy\n  ! X-Frame-Options\n  Content-Security-Policy: ${EMBED_HEADER_POLICY}\n`);
    expect(EMBED_HEADER_POLICY).toBe(`${PAGE_POLICY}; frame-ancestors *`);
    const apache = fs.readFileSync(path.join(dist, ".htaccess"), "utf8");
    expect(apache).toContain(`<If "%{REQUEST_URI} =~ m#^/uof/charts/[^/]+/embed/#">\n    Header always set Content-Security-Policy "${EMBED_HEADER_POLICY}"\n    Header always unset X-Frame-Options\n  </If>`);
    // Apache applies the <If> after the site-wide headers: it must come after them.
    expect(apache.indexOf("<If \"")).toBeGreaterThan(apache.indexOf("X-Frame-Options \"DENY\""));
    const azure = JSON.parse(fs.readFileSync(path.join(dist, "staticwebapp.config.json"), "utf8"));
    expect(azure.globalHeaders["Content-Security-Policy"]).toBe(HEADER_POLICY);
    expect(azure.routes).toEqual([
      { route: "/uof/charts/districts/embed/*", headers: { "Content-Security-Policy": EMBED_HEADER_POLICY } },
      { route: "/uof/charts/rate-by-year/embed/*", headers: { "Content-Security-Policy": EMBED_HEADER_POLICY } },
    ]);
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it("writes no framing rule for a site without chart-only pages", () => {
    const files = headerFiles([]);
    expect(files._headers).not.toContain("frame-ancestors *");
    expect(files[".htaccess"]).not.toContain("<If \"");
    expect(JSON.parse(files["staticwebapp.config.json"]).routes).toBeUndefined();
  });
});

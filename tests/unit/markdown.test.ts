import { describe, expect, it } from "vitest";
import { isSafeUrl, linkTarget, renderMarkdown, slugify } from "../../src/lib/markdown.ts";
import { parseHTML } from "linkedom";

describe("renderMarkdown(markdown, options)", () => {
  it("drops raw HTML, keeping the text around it", async () => {
    const r = await renderMarkdown('Some <b onclick="x()">bold</b> text.\n\n<script>alert(1)</script>\n\n<div>block</div>\n');
    expect(r.html).not.toMatch(/<(b|script|div)\b/);
    expect(r.html).not.toContain("onclick");
    expect(r.html).toContain("bold");
    expect(r.removed.length).toBe(4);
  });

  it("turns images into their alt text and loads nothing", async () => {
    const r = await renderMarkdown("![Chart of levels](https://elsewhere.example/x.png)\n");
    expect(r.html).not.toContain("<img");
    expect(r.html).not.toContain("elsewhere.example");
    expect(r.html).toContain("Chart of levels");
  });

  it("unlinks script-capable links and keeps safe ones", async () => {
    const r = await renderMarkdown("[a](javascript:alert(1)) [b](JavaScript:alert(1)) [c](data:text/html,x) [d](https://ok.example/) [e](/policy/) [f](mailto:x@y.example) [g](#top)\n");
    expect(r.html).not.toMatch(/javascript:|data:/i);
    for (const href of ["https://ok.example/", "/policy/", "mailto:x@y.example", "#top"]) expect(r.html).toContain(`href="${href}"`);
    expect(r.html).toContain("a");
  });

  it("shifts headings under the page's h1 and closes skipped levels", async () => {
    const r = await renderMarkdown("# Title\n\n## Part\n\n#### Deep\n\n## Next\n");
    expect(r.headings.map((h) => h.depth)).toEqual([2, 3, 4, 3]);
    expect(r.html).not.toContain("<h1");
    const r2 = await renderMarkdown("## A\n\n### B\n", { headingStart: 3 });
    expect(r2.headings.map((h) => h.depth)).toEqual([3, 4]);
  });

  it("prefixes heading ids and keeps them unique", async () => {
    const r = await renderMarkdown("## Main\n\n## Main\n", { idPrefix: "policy-" });
    expect(r.headings.map((h) => h.id)).toEqual(["policy-main", "policy-main-1"]);
    expect(r.html).toContain('id="policy-main"');
  });

  it("wraps tables in a focusable, labelled scrolling region with column headers", async () => {
    const r = await renderMarkdown("## Levels\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
    expect(r.html).toContain('<div class="table-wrap" tabindex="0" role="region" aria-label="Table 1: Levels">');
    expect(r.html).toContain('<th scope="col">a</th>');
  });

  it("turns a department's hostile Markdown into text and safe links only", async () => {
    const md = [
      '# Use of force </script><script>alert(1)</script>',
      "",
      'Text <img src=x onerror=alert(2)> and "><svg onload=alert(3)> and <iframe src="javascript:alert(4)"></iframe>.',
      "",
      "<style>body { display: none }</style>",
      "",
      "[a](javascript:alert(5)) [b](<javascript:alert(6)>) <javascript:alert(7)> [c](java&#115;cript:alert(8)) [d](&#106;avascript:alert(9)) [e][ref] [f](vbscript:x)",
      "",
      "[ref]: javascript:alert(10)",
      "",
      "[g](https://ok.example/ 't\" onmouseover=\"alert(11)') `<b>code</b>` 5 < 6 & 7 > 3",
      "",
      "| <img src=x onerror=alert(12)> | b |",
      "|---|---|",
      "| [x](javascript:alert(13)) | ![i](https://elsewhere.example/i.png) |",
      "",
    ].join("\n");
    const r = await renderMarkdown(md);
    const { document } = parseHTML(`<!doctype html><html><body>${r.html}</body></html>`);
    const tags = new Set([...document.body.querySelectorAll("*")].map((e) => e.localName));
    for (const t of ["script", "img", "svg", "iframe", "style", "object", "embed"]) expect(tags.has(t), t).toBe(false);
    for (const e of document.body.querySelectorAll("*")) for (const a of e.attributes) expect(a.name, `${e.localName} ${a.name}`).not.toMatch(/^on|^style$/);
    const hrefs = [...document.body.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(hrefs).toEqual(["https://ok.example/"]);
    // The quote in the link title stays inside the attribute value.
    expect(r.html).toMatch(/<a href="https:\/\/ok\.example\/" title="t&#x22; onmouseover=&#x22;alert\(11\)">g<\/a>/);
    const text = document.body.textContent!;
    expect(text).toContain("<b>code</b>");
    expect(text).toContain("5 < 6 & 7 > 3");
    expect(text).toContain("Use of force");
    expect(r.removed.length).toBeGreaterThanOrEqual(10);
  });

  it("is deterministic", async () => {
    const md = "## A\n\nText with 'quotes' and a [link](https://x.example).\n";
    expect((await renderMarkdown(md)).html).toBe((await renderMarkdown(md)).html);
  });
});

describe("isSafeUrl(url)", () => {
  it.each([
    ["https://x.example", true],
    ["/a/b", true],
    ["a/b:c", true],
    ["#x", true],
    ["mailto:a@b.example", true],
    ["javascript:alert(1)", false],
    [" java\tscript:alert(1)", false],
    ["vbscript:x", false],
    ["data:text/html,x", false],
  ])("%j is %s", (url, safe) => expect(isSafeUrl(url)).toBe(safe));
});

describe("linkTarget(url)", () => {
  it("gives safe URLs and nothing for script-capable ones", () => {
    expect(linkTarget("https://creativecommons.org/licenses/by/4.0/")).toBe("https://creativecommons.org/licenses/by/4.0/");
    expect(linkTarget("javascript:alert(1)")).toBeUndefined();
    expect(linkTarget(" JaVa\nscript:alert(1)")).toBeUndefined();
    expect(linkTarget("data:text/html,<script>alert(1)</script>")).toBeUndefined();
    expect(linkTarget(undefined)).toBeUndefined();
  });
});

describe("slugify(text)", () => {
  it("makes lower-case hyphenated ids", () => {
    expect(slugify("What changed on 1 January 2022")).toBe("what-changed-on-1-january-2022");
    expect(slugify("Café & co.")).toBe("cafe-co");
    expect(slugify("!!!")).toBe("section");
  });
});

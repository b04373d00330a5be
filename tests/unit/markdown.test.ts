import { describe, expect, it } from "vitest";
import { isSafeUrl, renderMarkdown, slugify } from "../../src/lib/markdown.ts";

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

describe("slugify(text)", () => {
  it("makes lower-case hyphenated ids", () => {
    expect(slugify("What changed on 1 January 2022")).toBe("what-changed-on-1-january-2022");
    expect(slugify("Café & co.")).toBe("cafe-co");
    expect(slugify("!!!")).toBe("section");
  });
});

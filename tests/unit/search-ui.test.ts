// The search page's script (public/search.js): excerpts become text and <mark> only, the
// address keeps the query and filters, and links stay on the site.
import { DOMParser, parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { excerptNodes, readState, safeHref, writeState } from "../../public/search.js";
import { escapeHtml } from "../../scripts/search.ts";

const FILTERS = ["type", "year", "district", "call type", "force level", "injury", "review finding"];

/** Renders an excerpt into a fresh paragraph, as the page does; returns the paragraph. */
function render(excerpt: string) {
  const { document } = parseHTML("<!doctype html><html><body><p id=out></p></body></html>");
  const p = document.getElementById("out")!;
  p.append(...excerptNodes(excerpt, document, DOMParser as never));
  return p;
}

describe("excerptNodes(excerpt, doc)", () => {
  it("keeps text and <mark>, as text and new <mark> elements", () => {
    const p = render("The subject <mark>pulled</mark> away &amp; was <mark>handcuffed</mark>.");
    expect(p.textContent).toBe("The subject pulled away & was handcuffed.");
    expect([...p.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["pulled", "handcuffed"]);
    expect(p.children.length).toBe(2);
  });

  it("shows an escaped department string exactly as the department wrote it", () => {
    const hostile = 'Harbor<img src=x onerror=alert(1)> "><svg onload=alert(2)> </script><script>alert(3)</script> & co';
    const p = render(`In <mark>${escapeHtml("Harbor")}</mark>${escapeHtml(hostile.slice("Harbor".length))}`);
    expect(p.textContent).toBe(`In ${hostile}`);
    expect(p.querySelectorAll("*").length).toBe(1);
  });

  it("never puts another element into the page, even from raw markup: only its text", () => {
    const p = render('a<img src=x onerror=alert(1)>b<script>alert(2)</script><svg onload=alert(3)><a href="javascript:alert(4)">c</a></svg><mark onclick="alert(5)">d</mark>');
    expect([...p.querySelectorAll("*")].map((e) => e.localName)).toEqual(["mark"]);
    expect(p.querySelector("mark")!.attributes.length).toBe(0);
    expect(p.innerHTML).not.toMatch(/<(img|script|svg|a)\b|onerror|onclick|onload/);
    expect(p.textContent).toBe("abalert(2)cd");
  });
});

describe("readState(query, names) and writeState(q, filters, names)", () => {
  it("keep the words and the chosen filters in the address and read them back", () => {
    const filters = { district: ["Harbor<img src=x onerror=alert(1)>", "North & South"], "call type": ["Domestic disturbance"], year: ["2024"] };
    const query = writeState(" pressure point ", filters, FILTERS);
    expect(query).toBe("?q=pressure+point&year=2024&district=Harbor%3Cimg+src%3Dx+onerror%3Dalert%281%29%3E&district=North+%26+South&call-type=Domestic+disturbance");
    expect(readState(query, FILTERS)).toEqual({ q: "pressure point", filters });
  });

  it("write nothing for an empty search, and ignore unknown and empty parameters", () => {
    expect(writeState("  ", {}, FILTERS)).toBe("");
    expect(readState("?foo=1&district=&year=2023&year=2023", FILTERS)).toEqual({ q: "", filters: { year: ["2023"] } });
  });
});

describe("safeHref(url, base)", () => {
  it.each([
    ["/incidents/2024/d1/03/#abc", "http://127.0.0.1:4321/incidents/2024/d1/03/#abc"],
    ["http://127.0.0.1:4321/policy/", "http://127.0.0.1:4321/policy/"],
    ["javascript:alert(1)", null],
    ["https://elsewhere.example/", null],
    ["data:text/html,x", null],
  ])("%j is %j", (url, want) => expect(safeHref(url, "http://127.0.0.1:4321/search/")).toBe(want));
});

describe("escapeHtml(text)", () => {
  it("escapes & < > so the text reads back exactly", () => {
    expect(escapeHtml('a<b>&amp;"c"')).toBe('a&lt;b&gt;&amp;amp;"c"');
    expect(render(escapeHtml('a<b>&amp;"c"')).textContent).toBe('a<b>&amp;"c"');
  });
});

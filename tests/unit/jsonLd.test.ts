import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { jsonLdText } from "../../src/lib/jsonLd.ts";

describe("jsonLdText(value)", () => {
  const value = { name: 'PD </script><script>alert(1)</script> <!-- & "quoted"', nested: ["</SCRIPT >", "a > b"] };

  it("holds no < > or &, so nothing in it can close the element or open a comment", () => {
    expect(jsonLdText(value)).not.toMatch(/[<>&]/);
  });

  it("parses back to exactly the same value, inside a page as a browser reads it", () => {
    expect(JSON.parse(jsonLdText(value))).toEqual(value);
    const { document } = parseHTML(`<!doctype html><html><head></head><body><script type="application/ld+json">${jsonLdText(value)}</script><p id="after">after</p></body></html>`);
    const scripts = document.querySelectorAll("script");
    expect(scripts.length).toBe(1);
    expect(JSON.parse(scripts[0].textContent!)).toEqual(value);
    expect(document.getElementById("after")!.textContent).toBe("after");
  });
});

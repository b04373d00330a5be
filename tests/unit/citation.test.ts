import { describe, expect, it } from "vitest";
import { citation, citationKey } from "../../src/lib/citation.ts";

const meta = { department: "City of Riverton Police Department", short_name: "Riverton PD", version: "2024.1", released: "2025-03-01", synthetic: false };

describe("citation(meta, url)", () => {
  it("names department, title, version, release date and URL in the text", () => {
    const c = citation(meta, "https://data.riverton.example/uof/data/");
    expect(c.text).toBe(
      "City of Riverton Police Department (2025). Use of force on calls for police service [Data set], version 2024.1, released 2025-03-01. https://data.riverton.example/uof/data/",
    );
  });

  it("writes a BibTeX entry with a corporate author", () => {
    const { bibtex } = citation(meta, "/data/");
    expect(bibtex.split("\n")[0]).toBe("@misc{riverton-pd-2024-1,");
    expect(bibtex).toContain("author = {{City of Riverton Police Department}}");
    expect(bibtex).toContain("version = {2024.1}");
    expect(bibtex).toContain("date = {2025-03-01}");
    expect(bibtex).toContain("url = {/data/}");
    expect(bibtex.trim().endsWith("}")).toBe(true);
  });

  it("escapes BibTeX specials in names", () => {
    const { bibtex } = citation({ ...meta, department: "Parks & Transit Police_100%" }, "/data/");
    expect(bibtex).toContain("author = {{Parks \\& Transit Police\\_100\\%}}");
  });

  it("says when the data is a synthetic sample", () => {
    const c = citation({ ...meta, synthetic: true }, "/data/");
    expect(c.text).toContain("[Synthetic sample data set]");
    expect(c.bibtex).toContain("synthetic sample data, not real incidents");
  });
});

describe("citationKey(meta)", () => {
  it("is lower-case ASCII from short name and version", () => {
    expect(citationKey({ short_name: "Riverton PD (sample)", version: "2024.1" })).toBe("riverton-pd-sample-2024-1");
  });
});

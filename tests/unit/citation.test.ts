import { describe, expect, it } from "vitest";
import { chartCitation, citation, citationKey } from "../../src/lib/citation.ts";

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

describe("chartCitation(meta, chart, url)", () => {
  const chart = { id: "rate-by-year", title: "Force per 1,000 dispatched calls, by year" };

  it("cites the chart by its title, in the data set and release it comes from, at its own address", () => {
    const c = chartCitation(meta, chart, "https://data.riverton.example/uof/charts/rate-by-year/");
    expect(c.text).toBe(
      "City of Riverton Police Department (2025). Force per 1,000 dispatched calls, by year [Chart]. In Use of force on calls for police service, version 2024.1, released 2025-03-01. https://data.riverton.example/uof/charts/rate-by-year/",
    );
    expect(c.bibtex.split("\n")[0]).toBe("@misc{riverton-pd-2024-1-rate-by-year,");
    expect(c.bibtex).toContain("title = {{Force per 1,000 dispatched calls, by year}}");
    expect(c.bibtex).toContain("url = {https://data.riverton.example/uof/charts/rate-by-year/}");
    expect(c.bibtex).toContain("howpublished = {Chart}");
  });

  it("escapes BibTeX specials in the chart title and says when the data is a synthetic sample", () => {
    const c = chartCitation({ ...meta, synthetic: true }, { id: "x", title: "Calls & 50% share" }, "/charts/x/");
    expect(c.bibtex).toContain("title = {{Calls \\& 50\\% share}}");
    expect(c.text).toContain("[Chart; synthetic sample data]");
    expect(c.bibtex).toContain("synthetic sample data, not real incidents");
  });
});

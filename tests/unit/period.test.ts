import { describe, expect, it } from "vitest";
import { comparable, partLabel, partYears, shortPartLabel } from "../../src/lib/period.ts";

const counts = (m: Record<number, number>) => new Map(Object.entries(m).map(([y, n]) => [Number(y), n]));

describe("partYears", () => {
  const base = { years: [2022, 2023, 2024], incidents: counts({ 2022: 300, 2023: 480, 2024: 240 }), firstIncident: "2022-04-02", lastIncident: "2024-06-28" };

  it("finds a part year at each end from the incidents when many would be expected in the months missing", () => {
    expect(partYears(base)).toEqual([
      { year: 2022, from: "2022-04", through: "2022-12", label: "April to December" },
      { year: 2024, from: "2024-01", through: "2024-06", label: "January to June" },
    ]);
  });

  it("does not call a year part when a small department simply had no incident in its first or last months", () => {
    const small = { years: [2022, 2023, 2024], incidents: counts({ 2022: 6, 2023: 8, 2024: 7 }), firstIncident: "2022-03-09", lastIncident: "2024-11-20" };
    expect(partYears(small)).toEqual([]);
  });

  it("does not call a year part when some of its incidents are dated only to the year (their months are unknown)", () => {
    // 2022 and 2024 each hold incidents dated only to the year; the dated ones begin in April and end in June.
    expect(partYears({ ...base, coarse: counts({ 2022: 40, 2024: 60 }) })).toEqual([]);
    // Only the year with such dates is spared.
    expect(partYears({ ...base, coarse: counts({ 2024: 60 }) }).map((p) => p.year)).toEqual([2022]);
    // A first year dated only to the year: the first dated incident is in the next year, so nothing is inferred.
    expect(partYears({ ...base, firstIncident: "2023-01-03", coarse: counts({ 2022: 300 }) }).map((p) => p.year)).toEqual([2024]);
    // With calls for service and no month-dated incident at all, the calls' months still decide.
    expect(partYears({ ...base, firstIncident: "", lastIncident: "", coarse: counts({ 2022: 300, 2023: 480, 2024: 240 }), firstCallsMonth: "2022-03", lastCallsMonth: "2024-12" })).toEqual([
      { year: 2022, from: "2022-03", through: "2022-12", label: "March to December" },
    ]);
  });

  it("makes a year with a period the records do not cover (config.json not_covered) a part year, wherever the gap falls", () => {
    const full = { ...base, dataFrom: "2022-01-01", dataThrough: "2024-12-31" };
    // A first quarter's file lost in a middle year: that year covers April to December only.
    expect(partYears({ ...full, gaps: [{ from: "2023-01-01", through: "2023-03-31" }] })).toEqual([
      { year: 2023, from: "2023-04", through: "2023-12", label: "April to December" },
    ]);
    // A gap inside the year names what the year lacks.
    expect(partYears({ ...full, gaps: [{ from: "2023-05-01", through: "2023-06-30" }] })).toEqual([
      { year: 2023, from: "2023-01", through: "2023-12", label: "January to December, without May to June" },
    ]);
    // With a part year at an end, both shorten it; a gap across two years touches both.
    expect(partYears({ ...base, gaps: [{ from: "2023-11-01", through: "2024-01-31" }] })).toEqual([
      { year: 2022, from: "2022-04", through: "2022-12", label: "April to December" },
      { year: 2023, from: "2023-01", through: "2023-10", label: "January to October" },
      { year: 2024, from: "2024-02", through: "2024-06", label: "February to June" },
    ]);
    // No gap: nothing changes.
    expect(partYears({ ...full, gaps: [] })).toEqual([]);
  });

  it("lets config.json's dates decide, to the day", () => {
    expect(partYears({ ...base, dataFrom: "2022-01-01", dataThrough: "2024-06-15" })).toEqual([
      { year: 2024, from: "2024-01", through: "2024-06-15", label: "January to 15 June" },
    ]);
    expect(partYears({ ...base, dataFrom: "2022-04-01", dataThrough: "2024-12-31" })).toEqual([
      { year: 2022, from: "2022-04-01", through: "2022-12", label: "April to December" },
    ]);
  });

  it("reads the calls for service's months where there is no stated date", () => {
    expect(partYears({ ...base, firstCallsMonth: "2022-01", lastCallsMonth: "2024-09" })).toEqual([
      { year: 2024, from: "2024-01", through: "2024-09", label: "January to September" },
    ]);
  });

  it("a single year covered from April to June is one part year", () => {
    expect(partYears({ years: [2024], incidents: counts({ 2024: 90 }), firstIncident: "2024-04-01", lastIncident: "2024-06-30", dataFrom: "2024-04-01", dataThrough: "2024-06-30" })).toEqual([
      { year: 2024, from: "2024-04-01", through: "2024-06-30", label: "April to June" },
    ]);
  });

  it("labels and comparability", () => {
    expect(partLabel("2024-01-01", "2024-06-30")).toBe("January to June");
    expect(partLabel("2024-01-10", "2024-06-29")).toBe("10 January to 29 June");
    expect(partLabel("2024-03", "2024-03")).toBe("March");
    expect(partLabel("2024-03-01", "2024-03-20")).toBe("March to 20 March");
    expect(shortPartLabel({ from: "2024-01", through: "2024-06" })).toBe("Jan–Jun");
    const parts = partYears(base);
    expect(comparable(parts, 2023, 2022)).toBe(false);
    expect(comparable(parts, 2024, 2023)).toBe(false);
    expect(comparable([], 2024, 2023)).toBe(true);
  });
});

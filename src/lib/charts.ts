// Chart builders: pure functions from figure rows to Plot SVG markup, rendered at build time
// with a server-side DOM, so pages ship no chart script.
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import type { PolicyChange } from "./aggregates.ts";

// Okabe-Ito: distinguishable with the common forms of colour blindness.
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

function render(options: Plot.PlotOptions): string {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const svg = Plot.plot({ ...options, document } as Plot.PlotOptions) as unknown as Element;
  // Plot labels groups without a role; give them one so the labels are allowed.
  for (const g of svg.querySelectorAll("g[aria-label]")) g.setAttribute("role", "group");
  svg.setAttribute("role", "img");
  return svg.outerHTML;
}

/** Trend of a rate by year as a line with labelled points, policy changes marked by dashed rules. */
export function rateTrend(rows: { year: number; value: number | null }[], opts: { yLabel: string; changes: PolicyChange[]; title: string }): string {
  const data = rows.filter((r) => r.value !== null) as { year: number; value: number }[];
  const changes = opts.changes.map((c) => ({ x: Number(c.date.slice(0, 4)) + (Number(c.date.slice(5, 7)) - 1) / 12, label: `Policy change: ${c.title}` }));
  return render({
    width: 720,
    height: 320,
    marginLeft: 56,
    marginTop: 28,
    ariaLabel: opts.title,
    style: { fontSize: "14px", color: "#1a1a1a", background: "transparent" },
    x: { label: "Year", tickFormat: "d", ticks: data.map((d) => d.year), inset: 20 },
    y: { label: opts.yLabel, grid: true, zero: true, nice: true },
    marks: [
      Plot.ruleX(changes, { x: "x", stroke: "#555", strokeDasharray: "6 4" }),
      Plot.text(changes, { x: "x", frameAnchor: "top", dy: -14, text: () => "Policy change", fill: "#333", textAnchor: "start", dx: 4 }),
      Plot.lineY(data, { x: "year", y: "value", stroke: PALETTE[0], strokeWidth: 2.5 }),
      Plot.dot(data, { x: "year", y: "value", fill: PALETTE[0], r: 4, symbol: "circle" }),
      Plot.text(data, { x: "year", y: "value", text: (d: { value: number }) => d.value.toFixed(2), dy: -12, fill: "#1a1a1a" }),
    ],
  });
}

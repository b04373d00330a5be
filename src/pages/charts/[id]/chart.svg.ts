// The chart of a figure as a standalone SVG file (src/lib/chartImage.ts), one per figure with a chart.
import type { APIRoute } from "astro";
import { FIGURES } from "../../../figures/index.ts";
import { chartIds, chartImage } from "../../../lib/chartImage.ts";
import { chartPath, publicUrl } from "../../../lib/chartLinks.ts";
import { href, loadAggregates } from "../../../lib/site.ts";

export function getStaticPaths() {
  return chartIds(loadAggregates(), FIGURES.map((f) => f.id)).map((id) => ({ params: { id } }));
}

export const GET: APIRoute = ({ params, site }) => {
  const id = params.id!;
  const image = chartImage(loadAggregates(), id, publicUrl(site, href(chartPath(id))))!;
  return new Response(image.svg, { headers: { "Content-Type": "image/svg+xml; charset=utf-8" } });
};

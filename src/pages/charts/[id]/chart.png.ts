// The chart of a figure as a PNG, rendered once at build time from its standalone SVG by resvg.
import type { APIRoute } from "astro";
import { FIGURES } from "../../../figures/index.ts";
import { chartIds, chartImage, renderPng } from "../../../lib/chartImage.ts";
import { chartPath, publicUrl } from "../../../lib/chartLinks.ts";
import { href, loadAggregates } from "../../../lib/site.ts";

export function getStaticPaths() {
  return chartIds(loadAggregates(), FIGURES.map((f) => f.id)).map((id) => ({ params: { id } }));
}

export const GET: APIRoute = ({ params, site }) => {
  const id = params.id!;
  const image = chartImage(loadAggregates(), id, publicUrl(site, href(chartPath(id))))!;
  return new Response(new Uint8Array(renderPng(image.svg)), { headers: { "Content-Type": "image/png" } });
};

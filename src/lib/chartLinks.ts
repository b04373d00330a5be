// The addresses of a chart's own page, its chart-only page for embedding and its image files,
// as site paths (without the base) and as the addresses readers copy.

/** The chart's page: chart, summary, table, notes, downloads, citation and embed code. */
export const chartPath = (id: string) => `/charts/${id}/`;
/** The chart-only page an <iframe> shows. */
export const embedPath = (id: string) => `/charts/${id}/embed/`;
/** The standalone SVG file. */
export const svgPath = (id: string) => `/charts/${id}/chart.svg`;
/** The PNG rendered from the standalone SVG. */
export const pngPath = (id: string) => `/charts/${id}/chart.png`;

/**
 * The address to copy for a path already under the base: absolute when the site's public
 * address is configured (--site), else the path itself.
 */
export function publicUrl(site: URL | undefined, pathUnderBase: string): string {
  return site ? new URL(pathUnderBase, site).href : pathUnderBase;
}

const attr = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The <iframe> code a reader copies to show the chart on another page. */
export function embedCode(o: { src: string; title: string; width: number; height: number }): string {
  return `<iframe src="${attr(o.src)}" title="${attr(o.title)}" width="${o.width}" height="${o.height}" loading="lazy"></iframe>`;
}

// Renders a department's Markdown (policy text) to HTML at build time with Astro's own
// processor, safely: raw HTML and images are dropped, unsafe links unlinked, headings shifted.
import { createMarkdownProcessor, type MarkdownProcessor, type RehypePlugin, type RemarkPlugin } from "@astrojs/markdown-remark";

/** How to fit the rendered text into its page. */
export interface MarkdownOptions {
  /** Level the text's top headings become; the page's own h1 stays the only h1. Default 2. */
  headingStart?: number;
  /** Prefix of heading ids, so they cannot clash with the page's own ids (e.g. "main"). Default "". */
  idPrefix?: string;
  /** Accessible name prefix of the scrolling region around each table. Default "Table". */
  tableLabel?: string;
}

/** A rendered text. */
export interface RenderedMarkdown {
  /** HTML with no raw HTML from the source, no images and no script-capable links. */
  html: string;
  /** The headings as rendered: level after shifting, id and text. */
  headings: { depth: number; id: string; text: string }[];
  /** What was taken out of the source, one line each (for a build warning). */
  removed: string[];
}

// Minimal tree shapes: the plugins only look at type, children and a few fields.
interface Node {
  type: string;
  children?: Node[];
  value?: string;
  url?: string;
  alt?: string | null;
  tagName?: string;
  properties?: Record<string, unknown>;
}

/** Per-render settings and findings travel in the file's front matter object (the one per-call channel). */
interface Channel {
  headingStart: number;
  idPrefix: string;
  tableLabel: string;
  removed: string[];
  headings: RenderedMarkdown["headings"];
}
const channelOf = (file: { data: { astro?: { frontmatter?: Record<string, unknown> } } }) => file.data.astro?.frontmatter as unknown as Channel;

const SAFE_SCHEMES = new Set(["http", "https", "mailto", "tel"]);

/** Whether a link target is safe to publish: relative, a fragment, or http(s)/mailto/tel. */
export function isSafeUrl(url: string): boolean {
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
  const clean = url.replace(/[\u0000-\u0020\u007f]/g, "");
  const m = /^([^/?#]*?):/.exec(clean);
  return !m || SAFE_SCHEMES.has(m[1].toLowerCase());
}

/** A department's link target as an href: the URL where isSafeUrl allows it, else none (the text stays, unlinked). */
export function linkTarget(url: string | null | undefined): string | undefined {
  return url && isSafeUrl(url) ? url : undefined;
}

const short = (s: string) => (s.length > 60 ? s.slice(0, 57) + "..." : s).replace(/\s+/g, " ");

/** Drops raw HTML, turns images into their alt text and unsafe links into plain text (mdast). */
const remarkSafe: RemarkPlugin = () => (tree, file) => {
  const ch = channelOf(file);
  const walk = (node: Node) => {
    if (!node.children) return;
    const out: Node[] = [];
    for (const child of node.children) {
      if (child.type === "html") {
        ch.removed.push(`raw HTML ${JSON.stringify(short(child.value ?? ""))}`);
        continue;
      }
      if (child.type === "image" || child.type === "imageReference") {
        // Nothing is loaded from elsewhere; the alt text keeps what the image said.
        ch.removed.push(`image ${JSON.stringify(short(child.url ?? child.alt ?? ""))}`);
        if (child.alt) out.push({ type: "text", value: child.alt });
        continue;
      }
      if ((child.type === "link" || child.type === "definition") && child.url !== undefined && !isSafeUrl(child.url)) {
        ch.removed.push(`link to ${JSON.stringify(short(child.url))}`);
        if (child.type === "link") {
          walk(child);
          out.push(...(child.children ?? []));
        }
        continue;
      }
      walk(child);
      out.push(child);
    }
    node.children = out;
  };
  walk(tree as unknown as Node);
};

const textOf = (n: Node): string => (n.type === "text" ? n.value ?? "" : (n.children ?? []).map(textOf).join(""));

/** Slug of a heading's text: lower case, letters and digits joined by hyphens. */
export function slugify(text: string): string {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "") || "section";
}

/**
 * Shifts headings so the text's top level becomes headingStart and no level is skipped going
 * down; gives headings prefixed ids; wraps tables in a focusable scrolling region (hast).
 */
const rehypeFit: RehypePlugin = () => (tree, file) => {
  const ch = channelOf(file);
  const headings: Node[] = [];
  const tables: { parent: Node; index: number; near: string }[] = [];
  let lastHeading = "";
  const walk = (node: Node) => {
    (node.children ?? []).forEach((child, index) => {
      if (child.type !== "element") return;
      if (/^h[1-6]$/.test(child.tagName ?? "")) {
        headings.push(child);
        lastHeading = textOf(child);
      } else if (child.tagName === "table") tables.push({ parent: node, index, near: lastHeading });
      walk(child);
    });
  };
  walk(tree as unknown as Node);

  const depthOf = (h: Node) => Number(h.tagName!.slice(1));
  const top = Math.min(...headings.map(depthOf));
  const used = new Map<string, number>();
  let prev = ch.headingStart - 1;
  for (const h of headings) {
    // GFM's footnotes heading (id footnote-label, which references point to) heads its own section.
    const footnotes = h.properties?.id === "footnote-label";
    const depth = footnotes ? ch.headingStart : Math.min(6, depthOf(h) - top + ch.headingStart, prev + 1);
    h.tagName = `h${depth}`;
    prev = depth;
    const text = textOf(h).trim();
    let id = typeof h.properties?.id === "string" ? h.properties.id : ch.idPrefix + slugify(text);
    const n = used.get(id) ?? 0;
    used.set(id, n + 1);
    if (n > 0) id += `-${n}`;
    h.properties = { ...h.properties, id };
    ch.headings.push({ depth, id, text });
  }

  // Last first, so earlier indexes stay valid while wrapping.
  tables.reverse().forEach(({ parent, index, near }, i) => {
    const table = parent.children![index];
    for (const row of (table.children ?? []).filter((c) => c.tagName === "thead").flatMap((t) => t.children ?? []))
      for (const cell of row.children ?? []) if (cell.tagName === "th") cell.properties = { ...cell.properties, scope: "col" };
    const label = `${ch.tableLabel} ${tables.length - i}${near ? `: ${near}` : ""}`;
    parent.children![index] = {
      type: "element",
      tagName: "div",
      properties: { className: ["table-wrap"], tabIndex: 0, role: "region", ariaLabel: label },
      children: [table],
    };
  });
};

let processor: Promise<MarkdownProcessor> | null = null;

function getProcessor(): Promise<MarkdownProcessor> {
  return (processor ??= createMarkdownProcessor({
    syntaxHighlight: false,
    gfm: true,
    smartypants: true,
    remarkPlugins: [remarkSafe],
    // Belt and braces: even a raw node that slipped past remarkSafe is not turned into HTML.
    remarkRehype: { allowDangerousHtml: false },
    rehypePlugins: [rehypeFit],
  }));
}

/** Renders Markdown to safe HTML that fits under the page's own headings. */
export async function renderMarkdown(markdown: string, options: MarkdownOptions = {}): Promise<RenderedMarkdown> {
  const channel: Channel = {
    headingStart: Math.min(6, Math.max(1, options.headingStart ?? 2)),
    idPrefix: options.idPrefix ?? "",
    tableLabel: options.tableLabel ?? "Table",
    removed: [],
    headings: [],
  };
  const result = await (await getProcessor()).render(markdown, { frontmatter: channel as unknown as Record<string, unknown> });
  return { html: result.code, headings: channel.headings, removed: channel.removed };
}

// Content-Security-Policy: after the site is built and indexed, every page gets the policy as
// the first element of its <head>, and the built folder gets header files for common static
// hosts with the same policy plus what a <meta> cannot carry. The site has no inline script or
// style at all (stylesheets are files, charts carry no <style>, the search page's script is a
// file), so one policy fits every page, and a page that would need more fails the build.
// Run by `scripts/cli.ts build` on the temporary dist before it is swapped in.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

/**
 * The policy of every page: nothing from another origin; scripts, styles, images, fetches and
 * workers from the site itself. 'wasm-unsafe-eval' lets Pagefind compile its WebAssembly (it
 * allows no eval of JavaScript). Images allow data: for the empty favicon (`data:,`).
 */
export const DIRECTIVES: readonly (readonly [string, string])[] = [
  ["default-src", "'none'"],
  ["script-src", "'self' 'wasm-unsafe-eval'"],
  ["style-src", "'self'"],
  ["img-src", "'self' data:"],
  ["connect-src", "'self'"],
  ["worker-src", "'self'"],
  ["font-src", "'self'"],
  ["base-uri", "'none'"],
  ["form-action", "'none'"],
  ["object-src", "'none'"],
];

/** The policy as a page's <meta http-equiv="Content-Security-Policy"> carries it. */
export const PAGE_POLICY = DIRECTIVES.map(([d, v]) => `${d} ${v}`).join("; ");

/** The policy as the header files carry it: the page's, plus frame-ancestors, which a <meta> cannot set. */
export const HEADER_POLICY = `${PAGE_POLICY}; frame-ancestors 'none'`;

/** Every response header the header files set, in order. */
export const HEADERS: readonly (readonly [string, string])[] = [
  ["Content-Security-Policy", HEADER_POLICY],
  ["X-Content-Type-Options", "nosniff"],
  ["Referrer-Policy", "no-referrer"],
  ["X-Frame-Options", "DENY"],
];

/** The <meta> element that carries PAGE_POLICY. */
export const CSP_META = `<meta http-equiv="Content-Security-Policy" content="${PAGE_POLICY}">`;

/** One start tag of a page: its lower-case name, attributes and where it is; for <script> and <style>, their text. */
interface Tag {
  name: string;
  attrs: [name: string, value: string][];
  start: number;
  end: number;
  text?: string;
}

const SPACE = /[\s]/;

/**
 * The start tags of an HTML page, in order. A small tokenizer rather than a regular expression:
 * attribute values (quoted text such as aria-label="Harbor<img onerror=...>") and the text of
 * <script> and <style> are skipped as the browser skips them, so text never reads as a tag.
 */
export function* startTags(html: string): Generator<Tag> {
  const n = html.length;
  let i = 0;
  while ((i = html.indexOf("<", i)) !== -1) {
    if (html.startsWith("<!--", i)) {
      const e = html.indexOf("-->", i + 4);
      i = e < 0 ? n : e + 3;
      continue;
    }
    const c = html[i + 1] ?? "";
    if (c === "!" || c === "?" || c === "/") {
      const e = html.indexOf(">", i + 1);
      i = e < 0 ? n : e + 1;
      continue;
    }
    if (!/[a-zA-Z]/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    let j = i + 1;
    while (j < n && !SPACE.test(html[j]) && html[j] !== "/" && html[j] !== ">") j++;
    const name = html.slice(i + 1, j).toLowerCase();
    const attrs: [string, string][] = [];
    for (;;) {
      while (j < n && (SPACE.test(html[j]) || html[j] === "/")) j++;
      if (j >= n || html[j] === ">") break;
      let k = j;
      while (k < n && !SPACE.test(html[k]) && !"=/>".includes(html[k])) k++;
      // A stray character where a name should start is one character of a name.
      if (k === j) k++;
      const attr = html.slice(j, k).toLowerCase();
      j = k;
      while (j < n && SPACE.test(html[j])) j++;
      let value = "";
      if (html[j] === "=") {
        j++;
        while (j < n && SPACE.test(html[j])) j++;
        const q = html[j];
        if (q === '"' || q === "'") {
          const e = html.indexOf(q, j + 1);
          value = html.slice(j + 1, e < 0 ? n : e);
          j = e < 0 ? n : e + 1;
        } else {
          k = j;
          while (k < n && !SPACE.test(html[k]) && html[k] !== ">") k++;
          value = html.slice(j, k);
          j = k;
        }
      }
      attrs.push([attr, value]);
    }
    const end = Math.min(n, j + 1);
    const tag: Tag = { name, attrs, start, end };
    i = end;
    if (name === "script" || name === "style") {
      // Raw text: it ends at the first </script (or </style), whatever it holds.
      const closing = new RegExp(`</${name}`, "ig");
      closing.lastIndex = end;
      const close = closing.exec(html)?.index ?? -1;
      tag.text = html.slice(end, close < 0 ? n : close);
      i = close < 0 ? n : close;
    }
    yield tag;
  }
}

/** The characters of an attribute value as the browser reads them (character references decoded). */
function decodeAttr(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(Math.min(0x10ffff, parseInt(h, 16))))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Math.min(0x10ffff, Number(d))))
    .replace(/&colon;/gi, ":")
    .replace(/&tab;/gi, "\t")
    .replace(/&newline;/gi, "\n")
    .replace(/&amp;/gi, "&");
}

// Script types a browser runs; anything else in <script type> (JSON-LD) is a data block.
const SCRIPT_TYPES = new Set(["", "module", "text/javascript", "application/javascript", "text/ecmascript", "application/ecmascript"]);
const URL_ATTRS = new Set(["href", "src", "action", "formaction", "xlink:href", "data"]);

/**
 * What in a page the policy would block or that would run code from the page itself: inline
 * <style> elements, style attributes, inline scripts, event handler attributes and javascript:
 * URLs. One line each; empty for a page the policy fits.
 */
export function inlineCode(html: string): string[] {
  const found: string[] = [];
  for (const t of startTags(html)) {
    if (t.name === "style") found.push("an inline <style> element");
    if (t.name === "script") {
      const type = (t.attrs.find(([a]) => a === "type")?.[1] ?? "").trim().toLowerCase();
      if (SCRIPT_TYPES.has(type) && !t.attrs.some(([a]) => a === "src")) found.push("an inline <script>");
    }
    for (const [a, v] of t.attrs) {
      if (a === "style") found.push(`a style attribute on <${t.name}>`);
      else if (a.startsWith("on")) found.push(`an event handler attribute ${a} on <${t.name}>`);
      else if (URL_ATTRS.has(a) && /^javascript:/i.test(decodeAttr(v).replace(/[\u0000-\u0020\u007f]/g, ""))) found.push(`a javascript: URL in ${a} on <${t.name}>`);
    }
  }
  return found;
}

/**
 * The page with CSP_META as the first element of its <head> (replacing a policy <meta> already
 * there, so running twice changes nothing). Throws when the page has no <head> tag.
 */
export function addCspMeta(html: string): string {
  let head: Tag | null = null;
  const existing: Tag[] = [];
  for (const t of startTags(html)) {
    if (t.name === "head" && !head) head = t;
    else if (t.name === "meta" && t.attrs.some(([a, v]) => a === "http-equiv" && v.toLowerCase() === "content-security-policy")) existing.push(t);
  }
  if (!head) throw new Error("no <head> tag to put the Content-Security-Policy in");
  let out = html;
  for (const t of existing.reverse()) out = out.slice(0, t.start) + out.slice(t.end);
  return out.slice(0, head.end) + CSP_META + out.slice(head.end);
}

/**
 * The policy of the pages other sites may show in a frame (a chart's chart-only page, which its
 * embed code puts in an <iframe>): the page's policy, framing allowed from any web page. Browsers
 * ignore X-Frame-Options where a policy names frame-ancestors.
 */
export const EMBED_HEADER_POLICY = `${PAGE_POLICY}; frame-ancestors *`;

/** Built pages that other sites may frame, by their path in the built folder: the chart-only pages. */
export const EMBEDDABLE = /^charts\/[^/]+\/embed\/index\.html$/;

/**
 * The header files for static hosts, by file name: Netlify and Cloudflare Pages, Apache, Azure
 * Static Web Apps. embeds: the URL paths of pages other sites may frame, which get
 * EMBED_HEADER_POLICY instead (a later rule overrides on Netlify; "! Name" detaches the earlier
 * value on Cloudflare, and Netlify skips such a line).
 */
export function headerFiles(embeds: readonly string[] = [], base = "/"): Record<string, string> {
  const framed = embeds.map((p) => `\n${p}\n  ! Content-Security-Policy\n  ! X-Frame-Options\n  Content-Security-Policy: ${EMBED_HEADER_POLICY}\n`).join("");
  const prefix = base.replace(/\/?$/, "/").replace(/[.*+?^${}()|[\]\\#]/g, "\\$&");
  const apache = embeds.length
    ? `  <If "%{REQUEST_URI} =~ m#^${prefix}charts/[^/]+/embed/#">\n    Header always set Content-Security-Policy "${EMBED_HEADER_POLICY}"\n    Header always unset X-Frame-Options\n  </If>\n`
    : "";
  const azure = { globalHeaders: Object.fromEntries(HEADERS), ...(embeds.length ? { routes: embeds.map((p) => ({ route: `${p}*`, headers: { "Content-Security-Policy": EMBED_HEADER_POLICY } })) } : {}) };
  return {
    _headers: `# Response headers for Netlify and Cloudflare Pages (written by the build; see README, Deployment).\n/*\n${HEADERS.map(([h, v]) => `  ${h}: ${v}`).join("\n")}\n${framed}`,
    ".htaccess": `# Response headers for Apache with mod_headers (written by the build; see README, Deployment).\n<IfModule mod_headers.c>\n${HEADERS.map(([h, v]) => `  Header always set ${h} "${v}"`).join("\n")}\n${apache}</IfModule>\n`,
    "staticwebapp.config.json": JSON.stringify(azure, null, 2) + "\n",
  };
}

/** What applyCsp did. */
export interface CspResult {
  pages: number;
}

/**
 * Puts the policy into every HTML page under dist and writes the header files. Every page is
 * checked first: if one holds inline code the policy would block, nothing is written and the
 * error names each page and what it holds.
 */
export function applyCsp(dist: string, base = "/"): CspResult {
  const pages = fs
    .readdirSync(dist, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".html"))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  const problems: string[] = [];
  const out = new Map<string, string>();
  for (const file of pages) {
    const html = fs.readFileSync(file, "utf8");
    const found = inlineCode(html);
    if (found.length) {
      problems.push(`${path.relative(dist, file)}: ${[...new Set(found)].join("; ")}`);
      continue;
    }
    try {
      out.set(file, addCspMeta(html));
    } catch (e) {
      problems.push(`${path.relative(dist, file)}: ${(e as Error).message}`);
    }
  }
  if (problems.length) {
    throw new Error(
      `${problems.length} page(s) hold what the Content-Security-Policy would block (the kit's pages must have no inline script or style):\n  ${problems.slice(0, 20).join("\n  ")}${problems.length > 20 ? `\n  ... and ${problems.length - 20} more` : ""}`,
    );
  }
  for (const [file, html] of out) fs.writeFileSync(file, html);
  const root = base.replace(/\/?$/, "/");
  const embeds = pages.map((f) => path.relative(dist, f).split(path.sep).join("/")).filter((r) => EMBEDDABLE.test(r)).map((r) => root + r.replace(/index\.html$/, ""));
  for (const [name, text] of Object.entries(headerFiles(embeds, root))) fs.writeFileSync(path.join(dist, name), text);
  return { pages: pages.length };
}

function main(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { dist: { type: "string" }, base: { type: "string" } } });
  if (!values.dist) {
    process.stderr.write("Usage: tsx scripts/csp.ts --dist DIR\n");
    return 2;
  }
  const t0 = performance.now();
  try {
    const { pages } = applyCsp(values.dist, values.base ?? process.env.UOF_BASE ?? "/");
    process.stderr.write(`${"csp".padEnd(10)} policy in ${pages.toLocaleString("en-US")} pages, header files for static hosts (${((performance.now() - t0) / 1000).toFixed(2)} s)\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`Content-Security-Policy: ${(e as Error).message}\n`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) process.exitCode = main(process.argv.slice(2));

// The search page's script, the only JavaScript of the site: a search box, filters and results
// over Pagefind's index through its JS API (pagefind.js). Everything from the index (titles,
// filter names and values, excerpts) is a department's text, so it is put into the page as text
// nodes, never parsed as markup into the page: an excerpt's <mark> elements are rebuilt one by
// one from an inert parse (excerptNodes). The query and the chosen filters are kept in the
// address (?q=...&district=...), so a search can be shared.

/** Results shown at first and added by each "More results". */
export const PAGE_SIZE = 10;

/** Sub-results (sections of a policy page) shown under a result. */
const MAX_SUB_RESULTS = 3;

/**
 * The nodes of an excerpt: Pagefind's excerpt is escaped text with <mark> around the words
 * found. It is parsed by DOMParser (an inert document: nothing loads or runs) and only text and
 * <mark> are copied, as new nodes of `doc`; any other element gives only its text.
 * @param {string} excerpt
 * @param {Document} doc the page's document
 * @param {{ new (): DOMParser }} [Parser] DOMParser (the page's by default)
 * @returns {Node[]}
 */
export function excerptNodes(excerpt, doc, Parser = globalThis.DOMParser) {
  const parsed = new Parser().parseFromString(`<!doctype html><html><body>${excerpt}</body></html>`, "text/html");
  /** @type {Node[]} */
  const out = [];
  /** @param {Node} node @param {boolean} marked */
  const walk = (node, marked) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        const text = doc.createTextNode(child.nodeValue ?? "");
        if (marked) {
          const mark = doc.createElement("mark");
          mark.appendChild(text);
          out.push(mark);
        } else out.push(text);
      } else if (child.nodeType === 1) walk(child, marked || /** @type {Element} */ (child).localName === "mark");
    }
  };
  walk(parsed.body, false);
  return out;
}

/** The address parameter of a filter: its name with spaces as hyphens ("call type" -> "call-type"). */
export function filterParam(name) {
  return name.replace(/ /g, "-");
}

/**
 * The search held in an address's query string: the words and the chosen values per filter.
 * @param {string} query location.search
 * @param {readonly string[]} filterNames
 * @returns {{ q: string, filters: Record<string, string[]> }}
 */
export function readState(query, filterNames) {
  const params = new URLSearchParams(query);
  /** @type {Record<string, string[]>} */
  const filters = {};
  for (const name of filterNames) {
    const values = params.getAll(filterParam(name)).filter((v) => v !== "");
    if (values.length) filters[name] = [...new Set(values)];
  }
  return { q: params.get("q") ?? "", filters };
}

/**
 * The query string of a search ("" when there is nothing to keep), filters in the given order.
 * @param {string} q
 * @param {Record<string, string[]>} filters
 * @param {readonly string[]} filterNames
 */
export function writeState(q, filters, filterNames) {
  const params = new URLSearchParams();
  if (q.trim()) params.set("q", q.trim());
  for (const name of filterNames) for (const v of filters[name] ?? []) params.append(filterParam(name), v);
  const s = params.toString();
  return s ? `?${s}` : "";
}

/**
 * A link target from the index, if it stays on this site (http or https, this origin); else null.
 * @param {string} url
 * @param {string} base the page's address
 */
export function safeHref(url, base) {
  try {
    const u = new URL(url, base);
    return (u.protocol === "http:" || u.protocol === "https:") && u.origin === new URL(base).origin ? u.href : null;
  } catch {
    return null;
  }
}

/** "1 result", "12 results". */
const results = (n) => `${n.toLocaleString("en-US")} result${n === 1 ? "" : "s"}`;

/** Sorts a filter's values: years newest first, the rest by their label. */
function sortValues(name, values) {
  return name === "year" ? values.sort((a, b) => b.localeCompare(a, "en", { numeric: true })) : values.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

/**
 * Runs the search page: loads Pagefind (and the extra indexes of a large department), draws
 * the filters, and searches as the reader types or picks filters.
 * @param {HTMLElement} root the page's #search element
 */
async function start(root) {
  const doc = root.ownerDocument;
  const $ = (id) => /** @type {HTMLElement} */ (doc.getElementById(id));
  const input = /** @type {HTMLInputElement} */ ($("search-input"));
  const status = $("search-status");
  const filterBox = $("search-filters");
  const list = $("search-results");
  const more = /** @type {HTMLButtonElement} */ ($("search-more"));
  const clear = /** @type {HTMLButtonElement} */ ($("search-clear"));
  const failed = $("search-failed");
  /** @type {string[]} */
  const order = JSON.parse(root.dataset.filters ?? "[]");
  const base = root.dataset.base ?? "/";
  root.hidden = false;

  const initial = readState(doc.defaultView?.location.search ?? "", order);
  input.value = initial.q;
  status.textContent = "Loading the search index…";

  let pagefind;
  /** @type {Record<string, Record<string, number>>} */
  let totals;
  try {
    pagefind = await import(root.dataset.bundle + "pagefind.js");
    await pagefind.options({ baseUrl: base, excerptLength: 30 });
    for (const bundle of (root.dataset.merge ?? "").split(" ").filter(Boolean)) await pagefind.mergeIndex(bundle, { baseUrl: base });
    totals = await pagefind.filters();
  } catch (e) {
    status.textContent = "The search could not be loaded.";
    failed.hidden = false;
    throw e;
  }

  // The filter groups, in the site's order; a group the index does not have (a field this
  // department does not report) is left out.
  const names = order.filter((n) => totals[n] && Object.keys(totals[n]).length > 0);
  /** @type {Map<string, { details: HTMLDetailsElement, chosen: HTMLElement, boxes: Map<string, { box: HTMLInputElement, count: HTMLElement }> }>} */
  const groups = new Map();
  names.forEach((name, g) => {
    const details = doc.createElement("details");
    details.className = "filter-group";
    const summary = doc.createElement("summary");
    const title = doc.createElement("span");
    title.className = "filter-name";
    title.textContent = name;
    const chosen = doc.createElement("span");
    chosen.className = "filter-chosen";
    summary.append(title, chosen);
    const fieldset = doc.createElement("fieldset");
    const legend = doc.createElement("legend");
    legend.className = "visually-hidden";
    legend.textContent = `Filter by ${name}`;
    const ul = doc.createElement("ul");
    const boxes = new Map();
    sortValues(name, Object.keys(totals[name])).forEach((value, v) => {
      const li = doc.createElement("li");
      const box = doc.createElement("input");
      box.type = "checkbox";
      box.id = `filter-${g}-${v}`;
      box.value = value;
      box.checked = initial.filters[name]?.includes(value) ?? false;
      const label = doc.createElement("label");
      label.htmlFor = box.id;
      const count = doc.createElement("span");
      count.className = "filter-count";
      label.append(doc.createTextNode(value), doc.createTextNode(" "), count);
      li.append(box, label);
      ul.append(li);
      boxes.set(value, { box, count });
    });
    fieldset.append(legend, ul);
    details.append(summary, fieldset);
    details.open = name === "type" || [...boxes.values()].some((b) => b.box.checked);
    filterBox.append(details);
    groups.set(name, { details, chosen, boxes });
  });

  /** The chosen values per filter. */
  const chosenFilters = () => {
    /** @type {Record<string, string[]>} */
    const out = {};
    for (const [name, { boxes }] of groups) {
      const values = [...boxes].filter(([, b]) => b.box.checked).map(([v]) => v);
      if (values.length) out[name] = values;
    }
    return out;
  };

  /** Shows each value's count: of the current results when there is a search, else of everything. */
  const showCounts = (counts) => {
    for (const [name, { boxes, chosen }] of groups) {
      let n = 0;
      for (const [value, { box, count }] of boxes) {
        count.textContent = `(${(counts?.[name]?.[value] ?? 0).toLocaleString("en-US")})`;
        if (box.checked) n++;
      }
      chosen.textContent = n ? ` (${n} chosen)` : "";
    }
  };

  let shown = 0;
  /** @type {any[]} */
  let found = [];
  let run = 0;

  /** Adds the next page of results; returns the first link added. */
  const showMore = async (id) => {
    const page = found.slice(shown, shown + PAGE_SIZE);
    const data = await Promise.all(page.map((r) => r.data()));
    if (id !== run) return null;
    /** @type {HTMLAnchorElement | null} */
    let first = null;
    for (const d of data) {
      const li = doc.createElement("li");
      li.className = "result";
      const h = doc.createElement("h3");
      h.className = "result-title";
      const href = safeHref(d.url, doc.URL);
      const title = d.meta?.title || d.url;
      if (href) {
        const a = doc.createElement("a");
        a.href = href;
        a.textContent = title;
        h.append(a);
        first ??= a;
      } else h.textContent = title;
      li.append(h);
      if (d.meta?.type) {
        const type = doc.createElement("p");
        type.className = "result-type";
        type.textContent = d.meta.type;
        li.append(type);
      }
      const excerpt = doc.createElement("p");
      excerpt.className = "result-excerpt";
      excerpt.append(...excerptNodes(d.excerpt ?? "", doc));
      li.append(excerpt);
      // Sections of a page (policy headings) that hold the words, as Pagefind finds them.
      const subs = (d.sub_results ?? []).filter((s) => s.url !== d.url && s.url.includes("#")).slice(0, MAX_SUB_RESULTS);
      if (subs.length) {
        const ul = doc.createElement("ul");
        ul.className = "sub-results";
        for (const s of subs) {
          const sub = doc.createElement("li");
          const link = safeHref(s.url, doc.URL);
          const name = doc.createElement(link ? "a" : "span");
          if (link) /** @type {HTMLAnchorElement} */ (name).href = link;
          name.textContent = s.title;
          const p = doc.createElement("p");
          p.append(...excerptNodes(s.excerpt ?? "", doc));
          sub.append(name, p);
          ul.append(sub);
        }
        li.append(ul);
      }
      list.append(li);
    }
    shown += page.length;
    more.hidden = shown >= found.length;
    return first;
  };

  /** Searches for the box's words and the chosen filters, and shows the first page. */
  const search = async () => {
    const id = ++run;
    const q = input.value.trim();
    const filters = chosenFilters();
    const state = writeState(q, filters, names);
    const loc = doc.defaultView?.location;
    if (loc && state !== loc.search) doc.defaultView?.history.replaceState(null, "", loc.pathname + state + loc.hash);
    clear.hidden = Object.keys(filters).length === 0;
    if (!q && Object.keys(filters).length === 0) {
      found = [];
      shown = 0;
      list.replaceChildren();
      more.hidden = true;
      showCounts(totals);
      status.textContent = "Type words to search, or choose a filter.";
      return;
    }
    // Values of one filter widen the results (any of them); different filters narrow them.
    const query = (except) => {
      const rest = Object.entries(filters).filter(([k]) => k !== except);
      // No words and no other filter: every record, whose counts are the totals.
      if (!q && rest.length === 0) return Promise.resolve({ results: [], filters: totals });
      return pagefind.search(q || null, { filters: Object.fromEntries(rest.map(([k, v]) => [k, { any: v }])) });
    };
    // A filter's counts say what choosing each of its values would give: for a filter with
    // chosen values, they come from the search without that filter's own choice.
    const chosenNames = Object.keys(filters);
    const [res, ...others] = await Promise.all([query(null), ...chosenNames.map((n) => query(n))]);
    if (id !== run || !res) return;
    found = res.results;
    shown = 0;
    list.replaceChildren();
    const counts = { ...res.filters };
    chosenNames.forEach((n, i) => (counts[n] = others[i]?.filters?.[n] ?? {}));
    showCounts(counts);
    await showMore(id);
    if (id !== run) return;
    const what = q ? ` for “${q}”` : "";
    const narrowed = Object.keys(filters).length ? " with the chosen filters" : "";
    status.textContent = found.length ? `${results(found.length)}${what}${narrowed}.` : `No results${what}${narrowed}.`;
  };

  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      clearTimeout(timer);
      search();
    }
  });
  filterBox.addEventListener("change", () => search());
  clear.addEventListener("click", () => {
    for (const { boxes } of groups.values()) for (const { box } of boxes.values()) box.checked = false;
    search();
    input.focus();
  });
  more.addEventListener("click", async () => {
    const before = shown;
    const first = await showMore(run);
    if (first) first.focus();
    status.textContent = `Showing ${results(shown)} of ${found.length.toLocaleString("en-US")}.`;
    if (shown === before) more.hidden = true;
  });
  await search();
}

if (typeof document !== "undefined") {
  const root = document.getElementById("search");
  if (root) start(root);
}

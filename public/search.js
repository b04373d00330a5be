// The search page's script, the only JavaScript of the site: a search box, filters and results
// over Pagefind's index through its JS API (pagefind.js). Incidents are indexed in search units
// of up to 50 (src/lib/searchUnits.ts); the unit file (incidents.json) says where each incident's
// words start in its unit and its filter values, so this script finds which incidents hold the
// words Pagefind found and counts the filter values itself, exactly, without Pagefind's filter
// files. Everything from the index (titles, filter names and values, excerpts) is a department's
// text, so it is put into the page as text nodes, never parsed as markup into the page: an
// excerpt's <mark> elements are rebuilt one by one from an inert parse (excerptNodes). The query
// and the chosen filters are kept in the address (?q=...&district=...), so a search can be shared.

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

/** The digits of the unit file's numbers (src/lib/searchUnits.ts, encodeNumbers). */
const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/**
 * The numbers of a text written by encodeNumbers: base 32, digits but the last shifted up by 32.
 * @param {string} text
 * @returns {number[]}
 */
export function decodeNumbers(text) {
  /** @type {number[]} */
  const out = [];
  let x = 0;
  for (const ch of text) {
    const d = DIGITS.indexOf(ch);
    if (d < 0) throw new Error(`unit file: unexpected character ${JSON.stringify(ch)}`);
    x = x * 32 + (d & 31);
    if (d < 32) {
      out.push(x);
      x = 0;
    }
  }
  return out;
}

/**
 * @typedef {object} IncidentIndex
 * @property {string} typeFilter
 * @property {string} incidentType
 * @property {string[]} filters the incident filters other than type
 * @property {string[][]} values each filter's values
 * @property {number} count incidents in all
 * @property {Uint16Array[]} codes per filter, each incident's value (a position in values)
 * @property {Uint32Array} start per incident, where its heading starts in its unit, in words
 * @property {{ hash: string, first: number, size: number }[]} units incidents first..first+size-1, in their order in the unit
 * @property {Map<string, number>} unitOf Pagefind page hash -> unit
 * @property {Map<string, string>} pages Pagefind page hash -> type, for other pages with a type
 */

/**
 * The incidents of the search units, from the unit file (IncidentIndexFile in src/lib/searchUnits.ts).
 * @param {any} file the parsed JSON
 * @returns {IncidentIndex}
 */
export function readIncidentIndex(file) {
  if (file?.version !== 1) throw new Error(`unit file: unknown version ${file?.version}`);
  const k = file.unitFilters;
  const { hash, codes: unitCodes, incidents, starts } = file.units;
  const decoded = hash.map((_, n) => ({ combos: decodeNumbers(incidents[n]), steps: decodeNumbers(starts[n]) }));
  const count = decoded.reduce((n, d) => n + d.combos.length, 0);
  const codes = file.filters.map(() => new Uint16Array(count));
  const start = new Uint32Array(count);
  const units = [];
  const unitOf = new Map();
  let i = 0;
  hash.forEach((h, n) => {
    const { combos, steps } = decoded[n];
    if (steps.length !== combos.length) throw new Error(`unit file: unit ${n} has ${combos.length} incidents but ${steps.length} starts`);
    units.push({ hash: h, first: i, size: combos.length });
    unitOf.set(h, n);
    let step = 0;
    let at = 0;
    combos.forEach((c, j) => {
      // zigzag back: 0, 1, 2, 3 ... as 0, -1, 1, -2 ...
      step += steps[j] & 1 ? -(steps[j] + 1) / 2 : steps[j] / 2;
      at += step;
      start[i] = at;
      for (let f = 0; f < k; f++) codes[f][i] = unitCodes[n][f];
      const combo = file.combos[c];
      for (let f = k; f < file.filters.length; f++) codes[f][i] = combo[f - k];
      i++;
    });
  });
  return {
    typeFilter: file.typeFilter, incidentType: file.incidentType, filters: file.filters, values: file.values,
    count, codes, start, units, unitOf, pages: new Map(Object.entries(file.pages)),
  };
}

/**
 * The incidents of a unit that hold words found at the given word positions, with how many each.
 * @param {IncidentIndex} index
 * @param {number} unit
 * @param {readonly number[]} locations word positions in the unit (Pagefind's result.words)
 * @returns {Map<number, number>} incident -> words found in it
 */
export function hitsByIncident(index, unit, locations) {
  const { first, size } = index.units[unit];
  const hits = new Map();
  for (const loc of locations) {
    // The last incident whose heading starts at or before the word.
    let lo = first;
    let hi = first + size - 1;
    if (loc < index.start[lo]) continue;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (index.start[mid] <= loc) lo = mid;
      else hi = mid - 1;
    }
    hits.set(lo, (hits.get(lo) ?? 0) + 1);
  }
  return hits;
}

/**
 * Applies the chosen filters to what the words found, and counts each filter's values: for a
 * filter, the count of a value is what choosing it would give with the other filters as chosen
 * (values of one filter widen the results, different filters narrow them).
 * @param {IncidentIndex} index
 * @param {Iterable<number>} incidents the incidents found
 * @param {readonly (string | undefined)[]} pageTypes the type of each other page found (undefined: none)
 * @param {Record<string, string[]>} chosen
 * @returns {{ counts: Record<string, Record<string, number>>, incidents: Set<number>, pages: Set<number> }} counts, and the incidents and pages (positions in pageTypes) kept
 */
export function filterAndCount(index, incidents, pageTypes, chosen) {
  const F = index.filters.length;
  /** @type {(Uint8Array | null)[]} */
  const masks = index.filters.map((name, f) => {
    const want = chosen[name];
    if (!want?.length) return null;
    const mask = new Uint8Array(index.values[f].length);
    index.values[f].forEach((v, j) => (mask[j] = want.includes(v) ? 1 : 0));
    return mask;
  });
  const chosenOther = masks.filter(Boolean).length;
  const types = chosen[index.typeFilter]?.length ? new Set(chosen[index.typeFilter]) : null;
  const tally = index.filters.map((_, f) => new Uint32Array(index.values[f].length));
  /** @type {Record<string, number>} */
  const typeCounts = {};
  const keep = new Set();
  const incidentTypeOk = !types || types.has(index.incidentType);
  let incidentsOfType = 0;
  for (const i of incidents) {
    let fails = incidentTypeOk ? 0 : 1;
    let failed = -1;
    for (let f = 0; f < F && fails < 2; f++) {
      const mask = masks[f];
      if (mask && !mask[index.codes[f][i]]) {
        fails++;
        failed = f;
      }
    }
    if (fails === 0) {
      keep.add(i);
      incidentsOfType++;
      for (let f = 0; f < F; f++) tally[f][index.codes[f][i]]++;
    } else if (fails === 1) {
      if (failed < 0) incidentsOfType++;
      else tally[failed][index.codes[failed][i]]++;
    }
  }
  if (incidentsOfType) typeCounts[index.incidentType] = incidentsOfType;
  const keepPages = new Set();
  pageTypes.forEach((type, p) => {
    // A page has no value for the incident filters: any chosen one leaves it out.
    if (chosenOther > 0) return;
    if (!types) keepPages.add(p);
    else if (type !== undefined && types.has(type)) keepPages.add(p);
    if (type !== undefined) typeCounts[type] = (typeCounts[type] ?? 0) + 1;
  });
  /** @type {Record<string, Record<string, number>>} */
  const counts = { [index.typeFilter]: typeCounts };
  index.filters.forEach((name, f) => {
    /** @type {Record<string, number>} */
    const c = {};
    index.values[f].forEach((v, j) => {
      if (tally[f][j]) c[v] = tally[f][j];
    });
    counts[name] = c;
  });
  return { counts, incidents: keep, pages: keepPages };
}

/**
 * The words of a query searched one by one, so that an incident is found only when it holds every
 * word (Pagefind matches a unit that holds them all, perhaps in different incidents). A quoted
 * phrase is one; pieces that are only punctuation, which Pagefind drops, are left out.
 * @param {string} q
 * @returns {string[]}
 */
export function queryWords(q) {
  const t = q.trim();
  if (/^".+"$/.test(t)) return [t];
  return [...new Set(t.split(/\s+/).filter((w) => !/^[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]*$/u.test(w)))];
}

/** "1 result", "12 results". */
const results = (n) => `${n.toLocaleString("en-US")} result${n === 1 ? "" : "s"}`;

/** Sorts a filter's values: years newest first, the rest by their label. */
function sortValues(name, values) {
  return name === "year" ? values.sort((a, b) => b.localeCompare(a, "en", { numeric: true })) : values.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

/** Words of a text, as Pagefind splits its page text into the words its positions count. */
const WORDS = /[^\S\uFEFF]+/;

/**
 * The start of an incident's text when the words were not found in it (a search by filters
 * only): up to `length` words after its heading, as escaped text like Pagefind's excerpts.
 * @param {any} fragment the unit's Pagefind data
 * @param {{ location: number, text: string }} anchor the incident's heading
 * @param {number} end where the next incident starts
 * @param {number} length
 */
function leadExcerpt(fragment, anchor, end, length) {
  const words = String(fragment.raw_content ?? "").split(WORDS);
  const from = anchor.location + String(anchor.text ?? "").split(WORDS).filter(Boolean).length;
  const to = Math.min(end, words.length, from + length);
  return words.slice(from, to).join(" ") + (to < Math.min(end, words.length) ? " …" : "");
}

/** Excerpt length in words (Pagefind's excerptLength). */
const EXCERPT_WORDS = 30;

/**
 * Runs the search page: loads Pagefind (and the extra indexes of a large department) and the unit
 * file, draws the filters, and searches as the reader types or picks filters.
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
  /** @type {IncidentIndex} */
  let index;
  try {
    const file = fetch(/** @type {string} */ (root.dataset.incidents)).then((r) => {
      if (!r.ok) throw new Error(`${r.url}: ${r.status}`);
      return r.json();
    });
    pagefind = await import(root.dataset.bundle + "pagefind.js");
    await pagefind.options({ baseUrl: base, excerptLength: EXCERPT_WORDS });
    for (const bundle of (root.dataset.merge ?? "").split(" ").filter(Boolean)) await pagefind.mergeIndex(bundle, { baseUrl: base });
    index = readIncidentIndex(await file);
  } catch (e) {
    status.textContent = "The search could not be loaded.";
    failed.hidden = false;
    throw e;
  }
  const pageTypes = [...index.pages.values()];
  const all = Array.from({ length: index.count }, (_, i) => i);
  const totals = filterAndCount(index, all, pageTypes, {}).counts;

  // The filter groups, in the site's order; a group without values (a field this department
  // does not report) is left out.
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
    details.open = name === index.typeFilter || [...boxes.values()].some((b) => b.box.checked);
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

  /**
   * Every indexed page as a Pagefind result (a search by no words and no filters), for the
   * results of a search by filters only; fetched once, it loads nothing more.
   * @type {Promise<Map<string, any>> | null}
   */
  let everything = null;
  const allPages = () => (everything ??= pagefind.search(null).then((r) => new Map(r.results.map((x) => [x.id, x]))));

  /**
   * What the words find, in the order shown: each item an incident ({ incident, result: its
   * unit's Pagefind result }) or another page ({ page: position in `types`, result }).
   * @param {string} q
   */
  const find = async (q) => {
    /** @type {({ incident: number, result: any } | { page: number, result: any })[]} */
    const items = [];
    /** @type {(string | undefined)[]} */
    const types = [];
    if (!q) {
      // No words: the typed pages (policy), then every incident, newest year first.
      const pages = await allPages();
      for (const [hash, type] of index.pages) {
        const result = pages.get(hash);
        if (result) items.push({ page: types.push(type) - 1, result });
      }
      index.units.forEach((u) => {
        const result = pages.get(u.hash);
        if (result) for (let i = u.first; i < u.first + u.size; i++) items.push({ incident: i, result });
      });
      return { items, types };
    }
    const words = queryWords(q);
    // With several words, each is searched alone too: an incident must hold each of them.
    const [full, ...each] = await Promise.all([q, ...(words.length > 1 ? words : [])].map((w) => pagefind.search(w)));
    const perWord = each.filter((r) => r.results.length > 0).map((r) => new Map(r.results.map((x) => [x.id, x.words])));
    for (const result of full.results) {
      const unit = index.unitOf.get(result.id);
      if (unit === undefined) {
        items.push({ page: types.push(index.pages.get(result.id)) - 1, result });
        continue;
      }
      let hits = hitsByIncident(index, unit, result.words);
      if (perWord.length > 1) {
        const found = perWord.map((m) => hitsByIncident(index, unit, m.get(result.id) ?? []));
        hits = new Map([...hits].filter(([i]) => found.every((h) => h.has(i))));
      }
      // Incidents with more of the words first, then in the unit's order.
      for (const [i] of [...hits].sort((a, b) => b[1] - a[1] || a[0] - b[0])) items.push({ incident: i, result });
    }
    return { items, types };
  };

  let shown = 0;
  /** @type {({ incident: number, result: any } | { page: number, result: any })[]} */
  let found = [];
  let run = 0;

  /** The heading, link and excerpt of a result. */
  const describe = async (item) => {
    const d = await item.result.data();
    if (!("incident" in item)) return { title: d.meta?.title || d.url, href: safeHref(d.url, doc.URL), type: d.meta?.type, excerpt: d.excerpt ?? "", subs: d.sub_results ?? [] };
    const unit = index.units[/** @type {number} */ (index.unitOf.get(item.result.id))];
    const k = item.incident - unit.first;
    const anchors = (d.anchors ?? []).filter((a) => a.id).sort((a, b) => a.location - b.location);
    const anchor = anchors[k];
    if (!anchor) return { title: index.incidentType, href: null, type: index.incidentType, excerpt: "", subs: [] };
    const sub = (d.sub_results ?? []).find((s) => s.anchor?.id === anchor.id);
    const end = anchors[k + 1]?.location ?? Infinity;
    return {
      title: anchor.text,
      // The heading's id is the incident's address under the site.
      href: safeHref(base + anchor.id, doc.URL),
      type: index.incidentType,
      excerpt: sub?.excerpt ?? leadExcerpt(d, anchor, end, EXCERPT_WORDS),
      subs: [],
    };
  };

  /** Adds the next page of results; returns the first link added. */
  const showMore = async (id) => {
    const page = found.slice(shown, shown + PAGE_SIZE);
    const data = await Promise.all(page.map(describe));
    if (id !== run) return null;
    /** @type {HTMLAnchorElement | null} */
    let first = null;
    for (const d of data) {
      const li = doc.createElement("li");
      li.className = "result";
      const h = doc.createElement("h3");
      h.className = "result-title";
      if (d.href) {
        const a = doc.createElement("a");
        a.href = d.href;
        a.textContent = d.title;
        h.append(a);
        first ??= a;
      } else h.textContent = d.title;
      li.append(h);
      if (d.type) {
        const type = doc.createElement("p");
        type.className = "result-type";
        type.textContent = d.type;
        li.append(type);
      }
      const excerpt = doc.createElement("p");
      excerpt.className = "result-excerpt";
      excerpt.append(...excerptNodes(d.excerpt, doc));
      li.append(excerpt);
      // Sections of a page (policy headings) that hold the words, as Pagefind finds them.
      const subs = d.subs.filter((s) => s.url.includes("#") && safeHref(s.url, doc.URL) !== d.href).slice(0, MAX_SUB_RESULTS);
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
    const { items, types } = await find(q);
    if (id !== run) return;
    const incidents = [];
    for (const item of items) if ("incident" in item) incidents.push(item.incident);
    const kept = filterAndCount(index, incidents, types, filters);
    found = items.filter((item) => ("incident" in item ? kept.incidents.has(item.incident) : kept.pages.has(item.page)));
    shown = 0;
    list.replaceChildren();
    showCounts(kept.counts);
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

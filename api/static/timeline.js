/* The timeline page: reads the public API and shows its events as cards.
 *
 * Month names, weekdays and the rules for labels come from api/display.py (the
 * page receives its data as JSON in #timeline-config); the functions in
 * `Dates` apply the same rules as display.py so the page and the exports say a
 * date the same way (a browser test compares them). Every text from the API is
 * set with textContent, never as HTML.
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("timeline-config").textContent);
  const D = config.display;

  // --- dates, as api/display.py says them ---------------------------------------------

  function parts(iso) {
    const m = /^(\d{1,4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
  }

  function isLeap(y) {
    return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  }

  function monthLength(y, m) {
    return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  }

  // Monday = 0, as Python's date.weekday().
  function weekday(p) {
    const d = new Date(Date.UTC(2000, p[1] - 1, p[2]));
    d.setUTCFullYear(p[0]);
    return (d.getUTCDay() + 6) % 7;
  }

  function same(a, b) {
    return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
  }

  function dayRange(a, b, months, suffix) {
    const tail = suffix ? " " + suffix : "";
    const [y1, m1, d1] = a, [y2, m2, d2] = b;
    if (same(a, b)) return `${d1} ${months[m1 - 1]} ${y1}${tail}`;
    if (y1 === y2 && m1 === m2) return `${d1}-${d2} ${months[m1 - 1]} ${y1}${tail}`;
    if (y1 === y2) return `${d1} ${months[m1 - 1]} - ${d2} ${months[m2 - 1]} ${y1}${tail}`;
    return `${d1} ${months[m1 - 1]} ${y1} - ${d2} ${months[m2 - 1]} ${y2}${tail}`;
  }

  function monthRange(a, b, months) {
    if (a[0] === b[0] && a[1] === b[1]) return `${months[a[1] - 1]} ${a[0]}`;
    if (a[0] === b[0]) return `${months[a[1] - 1]} - ${months[b[1] - 1]} ${a[0]}`;
    return `${months[a[1] - 1]} ${a[0]} - ${months[b[1] - 1]} ${b[0]}`;
  }

  function isMonthEnd(p) {
    return p[2] === monthLength(p[0], p[1]);
  }

  function wholeYears(a, b) {
    return a[1] === 1 && a[2] === 1 && b[1] === 12 && b[2] === 31;
  }

  function namedUnit(gran, value, a, b) {
    let m = /^(\d{4})-(SP|SU|FA|WI)$/.exec(value);
    if (gran === "season" && m) {
      const y = Number(m[1]), s = m[2], [m1, m2] = D.season_months[s];
      const y2 = s === "WI" ? y + 1 : y;
      if (same(a, [y, m1, 1]) && same(b, [y2, m2, monthLength(y2, m2)])) {
        return y2 !== y ? `${D.seasons[s]} ${y}-${y2}` : `${D.seasons[s]} ${y}`;
      }
    }
    m = /^(\d{4})-(Q[1-4])$/.exec(value);
    if (gran === "quarter" && m) {
      const y = Number(m[1]), q = Number(m[2][1]);
      if (same(a, [y, 3 * q - 2, 1]) && same(b, [y, 3 * q, monthLength(y, 3 * q)])) return `${D.quarters[m[2]]} ${y}`;
    }
    if (gran === "decade" && /^\d{3}$/.test(value) && wholeYears(a, b)) return `${D.words.decade} ${a[0]}-${b[0]}`;
    if (gran === "century" && /^\d{2}$/.test(value) && wholeYears(a, b)) return `${D.words.century} ${Number(value) + 1}`;
    return null;
  }

  const COARSE = ["month", "quarter", "season", "year", "decade", "century"];

  function gregorian(ev, style, withWeekday) {
    const months = D.month_styles[style || D.default_style].months;
    const a = parts(ev.date_start), b = parts(ev.date_end) || a;
    const gran = ev.granularity || "day", value = ev.value || "";
    const named = namedUnit(gran, value, a, b);
    if (named) return named;
    if (["year", "decade", "century"].includes(gran) && wholeYears(a, b)) {
      return a[0] === b[0] ? `${D.words.year} ${a[0]}` : `${a[0]}-${b[0]}`;
    }
    if (COARSE.includes(gran) && a[2] === 1 && isMonthEnd(b)) return monthRange(a, b, months);
    let label = dayRange(a, b, months, "");
    if (gran === "week") return `${D.words.week} ${label}`;
    if (same(a, b) && withWeekday !== false) label = `${D.words.day} ${D.weekdays[weekday(a)]} ${label}`;
    const clock = /T(\d{2}:\d{2})/.exec(value);
    if (gran === "time" && clock) label += ` ${D.words.at} ${clock[1]}`;
    return label;
  }

  function hijri(ev, withWeekday) {
    const a = parts(ev.hijri_start);
    if (!a) return null;
    const b = parts(ev.hijri_end) || a;
    const gran = ev.granularity || "day", suffix = D.hijri_suffix;
    if (["year", "decade", "century"].includes(gran)) {
      return a[0] === b[0] ? `${a[0]} ${suffix}` : `${a[0]}-${b[0]} ${suffix}`;
    }
    if (ev.calendar === "hijri" && gran === "month" && a[2] === 1 && a[0] === b[0] && a[1] === b[1]) {
      return `${D.hijri_months[a[1] - 1]} ${a[0]} ${suffix}`;
    }
    let label = dayRange(a, b, D.hijri_months, suffix);
    if (same(a, b) && withWeekday) label = `${D.words.day} ${D.weekdays[weekday(parts(ev.date_start))]} ${label}`;
    return label;
  }

  function quality(ev) {
    if (ev.confidence === null || ev.confidence === undefined) return null;
    for (const [name, below] of D.quality_thresholds) if (ev.confidence < below) return name;
    return null;
  }

  function explanation(ev) {
    if (ev.explanation) return ev.explanation;
    const phrase = (ev.provenance || {}).mention_text;
    if (phrase) return D.explanation_fallback.phrase.replace("{phrase}", phrase);
    return D.explanation_fallback.article;
  }

  function countLabel(n, forms) {
    const r = n % 100;
    const form = n === 1 ? forms[0] : n === 2 ? forms[1] : r >= 3 && r <= 10 ? forms[2] : r >= 11 ? forms[3] : forms[4];
    return form.replace("{n}", String(n));
  }

  // The provenance offsets count from the start of the document, not of the
  // sentence the event carries: find the phrase in the sentence by its text.
  function phraseSpans(text, phrase) {
    const spans = [];
    if (!phrase) return spans;
    let i = text.indexOf(phrase);
    while (i >= 0) {
      spans.push([i, i + phrase.length]);
      i = text.indexOf(phrase, i + phrase.length);
    }
    return spans;
  }

  const Dates = { gregorian, hijri, quality, explanation, countLabel, phraseSpans };
  window.TimelineDates = Dates;

  // --- state ------------------------------------------------------------------------------

  const FILTERS = ["q", "from", "to", "place", "source"];
  const store = {
    get(key, fallback) {
      try { return window.localStorage.getItem(key) || fallback; } catch (e) { return fallback; }
    },
    set(key, value) {
      try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: not remembered */ }
    },
  };
  const state = {
    filters: {},
    events: [],
    cursor: null,
    done: false,
    loading: false,
    generation: 0,
    controller: null,
    calendar: store.get("timeline.calendar", "gregorian") === "hijri" ? "hijri" : "gregorian",
    months: Object.prototype.hasOwnProperty.call(D.month_styles, store.get("timeline.months", ""))
      ? store.get("timeline.months") : D.default_style,
    token: sessionToken(),
    places: new Set(),
    sources: new Set(),
    group: null, // the year and month sections cards are being added to
  };

  function sessionToken() {
    try { return window.sessionStorage.getItem("timeline.token") || ""; } catch (e) { return ""; }
  }

  const $ = (id) => document.getElementById(id);
  const form = $("filters"), timeline = $("timeline"), statusLine = $("status"), more = $("more");

  // --- DOM helpers (text only: nothing from the API becomes markup) -----------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === "") continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function webUrl(url) {
    try {
      const u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  // --- the API ------------------------------------------------------------------------------

  class NeedsToken extends Error {}

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined) q.set(k, v);
    return q;
  }

  async function api(path, params, signal) {
    const headers = { Accept: "application/json" };
    if (state.token) headers.Authorization = "Bearer " + state.token;
    const response = await fetch(`${config.api}${path}?${query(params)}`, { headers, signal });
    if (response.status === 401) throw new NeedsToken();
    if (!response.ok) {
      let detail = `${response.status}`;
      try { detail = (await response.json()).detail || detail; } catch (e) { /* not problem+json */ }
      throw new Error(detail);
    }
    return response.json();
  }

  // --- cards ------------------------------------------------------------------------------

  function datetimeOf(ev) {
    return /^\d{4}(-\d{2}(-\d{2})?)?$|^\d{4}-W\d{2}$/.test(ev.value || "") ? ev.value : ev.date_start;
  }

  function sentence(ev) {
    const p = el("p", { class: "sentence" });
    let last = 0;
    for (const [a, b] of phraseSpans(ev.text || "", (ev.provenance || {}).mention_text)) {
      p.append(ev.text.slice(last, a), el("mark", { class: "date-phrase" }, ev.text.slice(a, b)));
      last = b;
    }
    p.append((ev.text || "").slice(last));
    return p;
  }

  function card(ev) {
    const prov = ev.provenance || {};
    const hijriFirst = state.calendar === "hijri" && ev.hijri_start;
    const greg = gregorian(ev, state.months, !hijriFirst);
    const hij = hijri(ev, hijriFirst);
    const q = quality(ev);
    const titleId = `event-${ev.id}-title`;

    const when = el("p", { class: "when" },
      el("time", { class: "date-primary", datetime: datetimeOf(ev) }, hijriFirst ? hij : greg),
      (hijriFirst ? greg : hij) ? el("span", { class: "date-secondary" }, hijriFirst ? greg : hij) : null,
      q ? el("span", { class: `badge badge-${q}` }, D.quality_labels[q]) : null);

    const meta = el("ul", { class: "meta" });
    if (ev.place) meta.append(el("li", { class: "place" }, el("span", { class: "label" }, "المكان: "), ev.place));
    const url = webUrl(prov.url);
    if (prov.source || prov.document_title || url) {
      const item = el("li", { class: "outlet" }, el("span", { class: "label" }, prov.source ? "المصدر: " : "المقال: "));
      if (prov.source) item.append(el("span", { class: "source" }, prov.source));
      if (prov.source && (prov.document_title || url)) item.append(" — ");
      if (url) item.append(el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, prov.document_title || "المقال"));
      else if (prov.document_title) item.append(el("span", { class: "article-title" }, prov.document_title));
      meta.append(item);
    }
    meta.append(el("li", { class: "count" }, `ترويه ${countLabel(ev.document_count || 1, D.article_count)}`));

    const how = el("details", { class: "how" },
      el("summary", {}, q ? `${D.quality_labels[q]}: كيف حُدِّد؟` : "كيف حُدِّد هذا التاريخ؟"),
      el("p", {}, explanation(ev)));

    return el("article", {
      class: "event" + (q ? ` event-${q}` : ""),
      "data-event-id": ev.id,
      "data-date-start": ev.date_start,
      "data-granularity": ev.granularity,
      "aria-labelledby": titleId,
    }, when, el("h4", { id: titleId, class: "title" }, ev.title), sentence(ev), meta, how);
  }

  // Cards go into a section per year and per month of the calendar shown first.
  function groupKey(ev) {
    const h = state.calendar === "hijri" ? parts(ev.hijri_start) : null;
    const p = h || parts(ev.date_start);
    return { hijri: Boolean(h), year: p[0], month: p[1] };
  }

  function monthHeading(key) {
    const months = key.hijri ? D.hijri_months : D.month_styles[state.months].months;
    return `${months[key.month - 1]} ${key.year}` + (key.hijri ? ` ${D.hijri_suffix}` : "");
  }

  function yearHeading(key) {
    return key.hijri ? `${key.year} ${D.hijri_suffix}` : String(key.year);
  }

  function place(ev) {
    const key = groupKey(ev);
    let g = state.group;
    const yearId = `${key.hijri ? "h" : "g"}${key.year}`;
    if (!g || g.yearId !== yearId) {
      const heading = el("h2", { class: "year-heading", id: `year-${yearId}` }, yearHeading(key));
      const section = el("section", { class: "year", "data-year": key.year, "aria-labelledby": `year-${yearId}` }, heading);
      timeline.append(section);
      g = state.group = { yearId, yearSection: section, monthId: null, list: null };
    }
    const monthId = `${yearId}-${key.month}`;
    if (g.monthId !== monthId) {
      const heading = el("h3", { class: "month-heading", id: `month-${monthId}` }, monthHeading(key));
      g.list = el("div", { class: "cards" });
      g.yearSection.append(el("section", { class: "month", "data-month": monthId, "aria-labelledby": `month-${monthId}` },
        heading, g.list));
      g.monthId = monthId;
    }
    g.list.append(card(ev));
  }

  function renderAll() {
    timeline.replaceChildren();
    state.group = null;
    state.events.forEach(place);
  }

  function remember(ev) {
    const lists = [[ev.place, state.places, "places"], [(ev.provenance || {}).source, state.sources, "sources"]];
    for (const [value, seen, id] of lists) {
      if (value && !seen.has(value)) {
        seen.add(value);
        $(id).append(el("option", { value }));
      }
    }
  }

  // --- loading ------------------------------------------------------------------------------

  function showStatus(text, alert) {
    statusLine.textContent = text;
    statusLine.setAttribute("role", alert ? "alert" : "status");
  }

  function nearViewport(node) {
    return !node.hidden && node.getBoundingClientRect().top < window.innerHeight + 800;
  }

  async function loadMore() {
    if (state.loading || state.done) return;
    const generation = state.generation;
    state.loading = true;
    timeline.setAttribute("aria-busy", "true");
    showStatus("جارٍ التحميل…");
    try {
      const params = { ...state.filters, limit: config.page_size };
      if (state.cursor) params.cursor = state.cursor;
      const page = await api("/events", params, state.controller.signal);
      if (generation !== state.generation) return;
      for (const ev of page.items) {
        state.events.push(ev);
        remember(ev);
        place(ev);
      }
      if (page.items.length && !performance.getEntriesByName("timeline:first-cards").length) {
        performance.mark("timeline:first-cards"); // how long until a reader sees events (measured by the tests)
      }
      state.cursor = page.next_cursor; // follow the cursor; never parse the `next` link
      state.done = !state.cursor;
      more.hidden = state.done;
      const shown = countLabel(state.events.length, D.event_count);
      showStatus(state.events.length === 0 ? "لا أحداث تطابق هذه المعايير."
        : state.done ? `عُرضت كل الأحداث: ${shown}.` : `عُرض ${shown}؛ يُحمَّل المزيد عند التمرير.`);
    } catch (err) {
      if (generation !== state.generation || err.name === "AbortError") return;
      if (err instanceof NeedsToken) askForToken();
      else showStatus(`تعذّر تحميل الأحداث: ${err.message}`, true);
      state.done = true;
    } finally {
      if (generation === state.generation) {
        state.loading = false;
        timeline.setAttribute("aria-busy", "false");
      }
    }
    if (generation === state.generation && !state.done && nearViewport(more)) loadMore();
  }

  function askForToken() {
    const tokenForm = $("token-form");
    tokenForm.hidden = false;
    more.hidden = true;
    showStatus(state.token ? "رمز القراءة غير صحيح." : "أدخل رمز القراءة لعرض الأحداث.", true);
    $("token").focus();
  }

  // --- the density strip -------------------------------------------------------------------

  async function loadDensity(generation) {
    const strip = $("density");
    const params = { bucket: "month", q: state.filters.q, place: state.filters.place, source: state.filters.source };
    strip.setAttribute("aria-busy", "true");
    let data;
    try {
      data = await api("/timeline/histogram", params);
    } catch (err) {
      if (generation === state.generation) {
        strip.replaceChildren();
        strip.setAttribute("aria-busy", "false");
      }
      return;
    }
    if (generation !== state.generation) return;
    strip.replaceChildren();
    strip.setAttribute("aria-busy", "false");
    const buckets = data.buckets;
    $("summary").textContent = buckets.length
      ? `${countLabel(data.total, D.event_count)} من ${buckets[0].bucket.slice(0, 4)} إلى ${buckets[buckets.length - 1].bucket.slice(0, 4)}`
      : "";
    if (!buckets.length) return;
    const counts = new Map(buckets.map((b) => [b.bucket, b.count]));
    const first = parts(buckets[0].start), last = parts(buckets[buckets.length - 1].start);
    // A long span shows years; a short one every month, empty ones too, so the strip keeps the time scale.
    const byYear = (last[0] - first[0]) > 30;
    const cells = [];
    if (byYear) {
      const years = new Map();
      for (const b of buckets) years.set(Number(b.bucket.slice(0, 4)), (years.get(Number(b.bucket.slice(0, 4))) || 0) + b.count);
      for (let y = first[0]; y <= last[0]; y++) cells.push({ year: y, month: null, count: years.get(y) || 0 });
    } else {
      for (let y = first[0]; y <= last[0]; y++) {
        for (let m = (y === first[0] ? first[1] : 1); m <= (y === last[0] ? last[1] : 12); m++) {
          const key = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}`;
          cells.push({ year: y, month: m, count: counts.get(key) || 0 });
        }
      }
    }
    const peak = Math.max(...cells.map((c) => c.count));
    const months = D.month_styles[state.months].months;
    let yearGroup = null;
    for (const c of cells) {
      const year = String(c.year).padStart(4, "0");
      if (!yearGroup || yearGroup.year !== c.year) {
        const bars = el("div", { class: "bars" });
        strip.append(el("div", { class: "year-group" }, bars,
          el("button", { type: "button", class: "year-label", "data-from": `${year}-01-01` }, String(c.year))));
        yearGroup = { year: c.year, bars };
      }
      const from = c.month ? `${year}-${String(c.month).padStart(2, "0")}-01` : `${year}-01-01`;
      const name = `${c.month ? months[c.month - 1] + " " : ""}${c.year}: ${countLabel(c.count, D.event_count)}`;
      const bar = el("button", { type: "button", class: "bar" + (c.count ? "" : " empty"), "data-from": from,
        "data-to": c.month ? `${year}-${String(c.month).padStart(2, "0")}-31` : `${year}-12-31`,
        "aria-label": name, title: name, disabled: c.count === 0 });
      const fill = el("span", { class: "fill" });
      fill.style.height = `${c.count ? Math.max(8, Math.round(100 * c.count / peak)) : 0}%`;
      bar.append(fill);
      yearGroup.bars.append(bar);
    }
    markRange();
  }

  function markRange() {
    for (const bar of document.querySelectorAll("#density .bar")) {
      const { from, to } = bar.dataset;
      const inside = (!state.filters.from || to >= state.filters.from) && (!state.filters.to || from <= state.filters.to);
      bar.classList.toggle("in-range", Boolean((state.filters.from || state.filters.to) && inside));
    }
  }

  // --- filters, settings, exports ----------------------------------------------------------

  function readForm() {
    const filters = {};
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value) filters[name] = value;
    }
    return filters;
  }

  function writeForm(filters) {
    for (const name of FILTERS) form.elements[name].value = filters[name] || "";
  }

  function updateLinks() {
    const q = query({ ...state.filters, months: state.months });
    $("export-timelinejs").href = `${config.api}/exports/timelinejs?${q}`;
    $("export-csv").href = `${config.api}/exports/csv?${q}`;
    $("export-ics").href = `${config.api}/exports/ics?${q}`;
    $("api-docs").href = `${config.api}/openapi.json`;
    const url = new URL(window.location.href);
    url.search = query(state.filters).toString();
    window.history.replaceState(null, "", url);
  }

  function apply(filters) {
    if (filters.from && filters.to && filters.from > filters.to) {
      showStatus("تاريخ البداية بعد تاريخ النهاية.", true);
      return;
    }
    state.generation += 1;
    if (state.controller) state.controller.abort();
    state.controller = new AbortController();
    state.filters = filters;
    state.events = [];
    state.cursor = null;
    state.done = false;
    state.loading = false;
    more.hidden = true;
    $("token-form").hidden = true;
    renderAll();
    updateLinks();
    loadDensity(state.generation);
    loadMore();
  }

  function refresh() {
    apply(readForm());
  }

  let typing = null;
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(typing);
    refresh();
  });
  form.addEventListener("reset", () => setTimeout(refresh, 0));
  form.elements.q.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(refresh, 400);
  });
  for (const name of ["from", "to", "place", "source"]) form.elements[name].addEventListener("change", refresh);

  $("density").addEventListener("click", (e) => {
    const target = e.target.closest("button[data-from]");
    if (!target) return;
    form.elements.from.value = target.dataset.from;
    if (form.elements.to.value && form.elements.to.value < target.dataset.from) form.elements.to.value = "";
    refresh();
    $("events").focus({ preventScroll: true });
    $("events").scrollIntoView({ block: "start" });
  });

  more.addEventListener("click", loadMore);
  if ("IntersectionObserver" in window) {
    new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore();
    }, { rootMargin: "0px 0px 800px 0px" }).observe(more);
  }
  window.addEventListener("scroll", () => {
    if (nearViewport(more)) loadMore();
  }, { passive: true });

  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    state.token = $("token").value.trim();
    try { window.sessionStorage.setItem("timeline.token", state.token); } catch (err) { /* not remembered */ }
    refresh();
  });

  for (const radio of document.querySelectorAll('input[name="calendar"]')) {
    radio.checked = radio.value === state.calendar;
    radio.addEventListener("change", () => {
      state.calendar = radio.value;
      store.set("timeline.calendar", state.calendar);
      renderAll();
    });
  }
  const monthsSelect = $("months");
  monthsSelect.value = state.months;
  monthsSelect.addEventListener("change", () => {
    state.months = monthsSelect.value;
    store.set("timeline.months", state.months);
    renderAll();
    loadDensity(state.generation);
    updateLinks();
  });

  const initial = {};
  const params = new URLSearchParams(window.location.search);
  for (const name of FILTERS) if (params.get(name)) initial[name] = params.get(name);
  writeForm(initial);
  apply(initial);
})();

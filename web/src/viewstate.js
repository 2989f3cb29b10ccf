// The explorer's view state and its form in the URL's query string, so that a link
// reproduces the view. Pure functions only: the unit tests in test/ import this module in
// Node without a browser.
//
//   all=0            leave out the overview of the whole graph (shown unless all=0)
//   show=a,b         actors shown without their neighbours
//   expand=c,d       actors shown with all their neighbours
//   kinds=STATE,NGO  actor kinds shown (all when absent)
//   types=MEMBER_OF,ACCUSES   edge types shown (all when absent)
//   asOf=2025-01-28  the graph as of a date (every recorded tie when absent)
//   sel=a,b          the selection (actors, ties or allegations), in the order chosen
//   from=a&to=b      a path asked between two actors; via=0 to leave allegations out
//   path=1           which of the paths found is drawn (0, the shortest, when absent)

export const KINDS = [
  'STATE',
  'JUNTA',
  'ARMED_FORCE',
  'ARMED_GROUP',
  'PARAMILITARY',
  'NGO',
  'COURT',
  'ORGANIZATION',
  'PERSON',
];

export const REL_TYPES = [
  'MEMBER_OF',
  'ALLIED_WITH',
  'GOVERNS',
  'LEADS',
  'PART_OF',
  'OPERATES_IN',
  'SUCCEEDED',
  'CONTROLLED_BY',
  'INVESTIGATES',
];

// ACCUSES is not a relationship type: it is an allegation read as accuser → accused.
export const ACCUSES = 'ACCUSES';
export const EDGE_TYPES = [...REL_TYPES, ACCUSES];

// Most ids a list in the URL may hold; the API takes 50 seeds per subgraph, the explorer
// asks in chunks.
export const MAX_IDS = 200;

const ID = /^[A-Za-z0-9][A-Za-z0-9._:~/-]{0,199}$/;
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export function defaultState() {
  return {
    all: true,
    show: [],
    expand: [],
    kinds: null, // null: every kind
    types: null, // null: every edge type
    asOf: null,
    sel: [],
    from: null,
    to: null,
    via: true, // paths may go through allegations
    path: 0,
  };
}

export function isId(s) {
  return typeof s === 'string' && ID.test(s);
}

// isDate tells a valid PartialDate: "2013", "2022-03" or "2025-09-22".
export function isDate(s) {
  const m = typeof s === 'string' && DATE.exec(s);
  if (!m) return false;
  if (m[2] !== undefined && (+m[2] < 1 || +m[2] > 12)) return false;
  if (m[3] !== undefined) {
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    if (d.getUTCDate() !== +m[3]) return false;
  }
  return true;
}

function ids(value) {
  if (!value) return [];
  const out = [];
  for (const part of value.split(',')) {
    const id = part.trim();
    if (isId(id) && !out.includes(id)) out.push(id);
    if (out.length === MAX_IDS) break;
  }
  return out;
}

function members(value, allowed) {
  if (value === null || value === undefined) return null;
  const out = [];
  for (const part of value.split(',')) {
    const v = part.trim().toUpperCase();
    if (allowed.includes(v) && !out.includes(v)) out.push(v);
  }
  // In the order of `allowed`, so that equal sets give equal URLs.
  out.sort((a, b) => allowed.indexOf(a) - allowed.indexOf(b));
  return out.length === allowed.length ? null : out;
}

// parseState reads a state from a query string ("?a=b&..." or "a=b&..."). Whatever is not
// understood is dropped, never an error: a damaged link still opens.
export function parseState(search) {
  const p = new URLSearchParams(search);
  const s = defaultState();
  s.all = p.get('all') !== '0';
  s.show = ids(p.get('show'));
  s.expand = ids(p.get('expand'));
  s.show = s.show.filter((id) => !s.expand.includes(id));
  s.kinds = members(p.get('kinds'), KINDS);
  s.types = members(p.get('types'), EDGE_TYPES);
  const asOf = p.get('asOf');
  s.asOf = isDate(asOf) ? asOf : null;
  s.sel = ids(p.get('sel'));
  const from = p.get('from');
  const to = p.get('to');
  if (isId(from) && isId(to) && from !== to) {
    s.from = from;
    s.to = to;
  }
  s.via = p.get('via') !== '0';
  const path = Number.parseInt(p.get('path') ?? '', 10);
  s.path = Number.isInteger(path) && path >= 0 && path < 5 ? path : 0;
  return s;
}

// formatState writes a state as a query string with a leading "?", or "" for the default
// state. Defaults are left out, and the order of the keys is fixed.
export function formatState(s) {
  const p = new URLSearchParams();
  if (!s.all) p.set('all', '0');
  if (s.show.length) p.set('show', s.show.join(','));
  if (s.expand.length) p.set('expand', s.expand.join(','));
  if (s.kinds) p.set('kinds', s.kinds.join(','));
  if (s.types) p.set('types', s.types.join(','));
  if (s.asOf) p.set('asOf', s.asOf);
  if (s.sel.length) p.set('sel', s.sel.join(','));
  if (s.from && s.to) {
    p.set('from', s.from);
    p.set('to', s.to);
    if (!s.via) p.set('via', '0');
    if (s.path) p.set('path', String(s.path));
  }
  // Commas and slashes are safe in a query and easier to read unescaped.
  const q = p.toString().replace(/%2C/gi, ',').replace(/%2F/gi, '/');
  return q ? `?${q}` : '';
}

// ---- Dates ----

// The date slider runs from SLIDER_START to today, a day a step; one step past today means
// "every recorded tie" (no date).
export const SLIDER_START = '1960-01-01';
const DAY = 86_400_000;

function utc(date) {
  const m = DATE.exec(date);
  if (!m) return NaN;
  return Date.UTC(+m[1], m[2] ? +m[2] - 1 : 0, m[3] ? +m[3] : 1);
}

// earliestDay is the first day a partial date may mean: "2024" → "2024-01-01". The API
// compares partial dates the same way.
export function earliestDay(date) {
  return new Date(utc(date)).toISOString().slice(0, 10);
}

export function todayISO(now = new Date()) {
  return now.toISOString().slice(0, 10);
}

export function sliderMax(today = todayISO()) {
  return Math.round((utc(today) - utc(SLIDER_START)) / DAY) + 1;
}

// sliderValue is the slider's position for a date, or sliderMax for no date.
export function sliderValue(asOf, today = todayISO()) {
  const max = sliderMax(today);
  if (!asOf) return max;
  const v = Math.round((utc(asOf) - utc(SLIDER_START)) / DAY);
  return Math.min(Math.max(v, 0), max - 1);
}

// sliderDate is the date at a slider position, or null at the far end.
export function sliderDate(value, today = todayISO()) {
  const max = sliderMax(today);
  const v = Math.round(Number(value));
  if (!(v >= 0) || v >= max) return null;
  return new Date(utc(SLIDER_START) + v * DAY).toISOString().slice(0, 10);
}

// addMonths moves a full date by n months, keeping the day where the month allows.
export function addMonths(date, n) {
  const t = new Date(utc(date));
  const day = t.getUTCDate();
  t.setUTCDate(1);
  t.setUTCMonth(t.getUTCMonth() + n);
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(day, last));
  return t.toISOString().slice(0, 10);
}

// existsOn tells whether an actor founded and dissolved on these (partial) dates exists on
// the date asOf: founded on or before it, and not dissolved on or before it.
export function existsOn(founded, dissolved, asOf) {
  if (!asOf) return true;
  const day = earliestDay(asOf);
  if (founded && earliestDay(founded) > day) return false;
  if (dissolved && earliestDay(dissolved) <= day) return false;
  return true;
}

// ended tells whether a tie that ended `until` has ended by `asOf` (today when null).
export function ended(until, asOf, today = todayISO()) {
  if (!until) return false;
  return earliestDay(until) <= earliestDay(asOf || today);
}

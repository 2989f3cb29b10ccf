// Unit tests of the explorer's pure modules (no browser, no server):
//
//   node --test web/test/explorer-unit.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addMonths,
  defaultState,
  ended,
  existsOn,
  formatState,
  isDate,
  parseState,
  sliderDate,
  sliderMax,
  sliderValue,
} from '../src/viewstate.js';
import { buildView, chunk, emptyData, mergeSubgraph } from '../src/graph.js';
import { escapeXML, toGraphML } from '../src/graphml.js';

test('the default state is the empty query string, and back', () => {
  assert.equal(formatState(defaultState()), '');
  assert.deepEqual(parseState(''), defaultState());
  assert.deepEqual(parseState('?'), defaultState());
});

test('a state survives the URL', () => {
  const s = {
    ...defaultState(),
    all: false,
    show: ['kel-akal'],
    expand: ['africa-corps', 'mali'],
    kinds: ['STATE', 'NGO'],
    types: ['MEMBER_OF', 'ACCUSES'],
    asOf: '2025-01-28',
    sel: ['vladimir-putin', 'allegation-tuareg-icc-2025/kel-akal/africa-corps'],
    from: 'vladimir-putin',
    to: 'kel-akal',
    via: false,
    path: 2,
  };
  const q = formatState(s);
  assert.equal(
    q,
    '?all=0&show=kel-akal&expand=africa-corps,mali&kinds=STATE,NGO&types=MEMBER_OF,ACCUSES&asOf=2025-01-28' +
      '&sel=vladimir-putin,allegation-tuareg-icc-2025/kel-akal/africa-corps&from=vladimir-putin&to=kel-akal&via=0&path=2',
  );
  assert.deepEqual(parseState(q), s);
});

test('a damaged URL still opens, dropping what it does not understand', () => {
  const s = parseState('?all=1&show=ok,<script>,ok,,&expand=a%20b,good&kinds=state,PLANET&types=&asOf=2025-02-30&from=x&to=x&path=9');
  assert.equal(s.all, true);
  assert.deepEqual(s.show, ['ok']);
  assert.deepEqual(s.expand, ['good']);
  assert.deepEqual(s.kinds, ['STATE']);
  assert.deepEqual(s.types, []); // an empty list: show no ties
  assert.equal(s.asOf, null);
  assert.equal(s.from, null, 'a path from an actor to itself is dropped');
  assert.equal(s.path, 0);
  // An actor both shown and expanded is expanded.
  assert.deepEqual(parseState('?show=a,b&expand=b').show, ['a']);
  // Every kind listed is the same as none listed.
  assert.equal(parseState('?kinds=STATE,JUNTA,ARMED_FORCE,ARMED_GROUP,PARAMILITARY,NGO,COURT,ORGANIZATION,PERSON').kinds, null);
});

test('partial dates', () => {
  for (const d of ['2013', '2022-03', '2025-09-22', '2024-02-29']) assert.ok(isDate(d), d);
  for (const d of ['', '13', '2022-13', '2025-02-29', '2025-1-1', '2025-01-01T00:00', null]) assert.ok(!isDate(d), String(d));
  assert.equal(addMonths('2025-03-31', -1), '2025-02-28');
  assert.equal(addMonths('2024-12-15', 1), '2025-01-15');
  assert.equal(addMonths('2025-06-01', -5), '2025-01-01');
});

test('the date slider maps days to dates, with "all dates" at the far end', () => {
  const today = '2025-11-29';
  const max = sliderMax(today);
  assert.equal(sliderValue(null, today), max);
  assert.equal(sliderDate(max, today), null);
  assert.equal(sliderDate(0, today), '1960-01-01');
  assert.equal(sliderDate(max - 1, today), today);
  for (const d of ['1960-01-01', '2025-01-28', '2025-01-29', '2000-02-29']) {
    assert.equal(sliderDate(sliderValue(d, today), today), d);
  }
  assert.equal(sliderDate(sliderValue('2025', today), today), '2025-01-01');
  assert.equal(sliderValue('1900-01-01', today), 0);
});

test('existence and endings count partial dates from their earliest day, as the API does', () => {
  assert.ok(existsOn(null, null, '2025-01-01'));
  assert.ok(existsOn('2024', null, '2024-01-01'));
  assert.ok(!existsOn('2024', null, '2023-12-31'));
  assert.ok(!existsOn(null, '2025-06', '2025-06-01'));
  assert.ok(existsOn(null, '2025-06', '2025-05-31'));
  assert.ok(existsOn('2030', null, null), 'no date: everything exists');
  assert.ok(ended('2025-01-29', '2025-01-29'));
  assert.ok(!ended('2025-01-29', '2025-01-28'));
  assert.ok(ended('2025-01', null, '2025-11-29'));
  assert.ok(!ended(null, '2025-01-28'));
});

// A small graph: Mali is in ECOWAS until 2025-01-29; Kel Akal accuses Africa Corps, which
// operates in Mali; Putin is not connected.
function sample() {
  const data = emptyData();
  mergeSubgraph(data, {
    truncated: false,
    nodes: [
      { id: 'mali', label: 'Mali', kind: 'STATE', actor: { founded: '1960', dissolved: null } },
      { id: 'ecowas', label: 'ECOWAS', kind: 'ORGANIZATION', actor: { founded: '1975', dissolved: null } },
      { id: 'africa-corps', label: 'Africa Corps', kind: 'PARAMILITARY', actor: { founded: '2023', dissolved: null } },
      { id: 'kel-akal', label: 'Kel Akal', kind: 'NGO', actor: null },
      { id: 'vladimir-putin', label: 'Vladimir Putin', kind: 'PERSON', actor: {} },
    ],
    edges: [
      { id: 'mali-member-of-ecowas', source: 'mali', target: 'ecowas', type: 'MEMBER_OF', since: null, until: '2025-01-29', allegation: null },
      { id: 'ac-in-mali', source: 'africa-corps', target: 'mali', type: 'OPERATES_IN', since: '2024', until: null, allegation: null },
      { id: 'al/kel-akal/africa-corps', source: 'kel-akal', target: 'africa-corps', type: 'ACCUSES', since: '2025-06-15', until: null, allegation: { id: 'al' } },
    ],
  });
  return data;
}

const ids = (xs) => xs.map((x) => x.id).sort();

test('buildView: expanded actors bring their neighbours; shown ones only themselves', () => {
  const data = sample();
  let v = buildView(data, { ...defaultState(), all: false, show: ['africa-corps'] }, null, null, '2025-11-29');
  assert.deepEqual(ids(v.nodes), ['africa-corps']);
  assert.deepEqual(v.edges, []);

  v = buildView(data, { ...defaultState(), all: false, expand: ['africa-corps'] }, null, null, '2025-11-29');
  assert.deepEqual(ids(v.nodes), ['africa-corps', 'kel-akal', 'mali']);
  assert.deepEqual(ids(v.edges), ['ac-in-mali', 'al/kel-akal/africa-corps']);
  const ac = v.nodes.find((n) => n.id === 'africa-corps');
  assert.equal(ac.degree, 2);
  assert.equal(ac.expanded, true);
  assert.equal(v.edges.find((e) => e.type === 'ACCUSES').allegation, 'al');

  // The overview draws every actor it lists, and the ties among them.
  v = buildView(data, defaultState(), ['mali', 'ecowas', 'vladimir-putin'], null, '2025-11-29');
  assert.deepEqual(ids(v.nodes), ['ecowas', 'mali', 'vladimir-putin']);
  assert.deepEqual(ids(v.edges), ['mali-member-of-ecowas']);
  assert.equal(v.edges[0].ended, true, 'Mali left ECOWAS: without a date the tie is drawn as ended');
});

test('buildView: filters and dates', () => {
  const data = sample();
  const all = ['mali', 'ecowas', 'africa-corps', 'kel-akal', 'vladimir-putin'];
  let v = buildView(data, { ...defaultState(), types: ['MEMBER_OF'] }, all, null, '2025-11-29');
  assert.deepEqual(ids(v.edges), ['mali-member-of-ecowas']);

  v = buildView(data, { ...defaultState(), kinds: ['STATE', 'ORGANIZATION'], show: ['kel-akal'] }, all, null, '2025-11-29');
  assert.deepEqual(ids(v.nodes), ['ecowas', 'kel-akal', 'mali'], 'named actors stay whatever their kind');
  assert.equal(v.hiddenByKind, 2);

  v = buildView(data, { ...defaultState(), asOf: '2022-01-01' }, all, null, '2025-11-29');
  assert.ok(!v.nodes.some((n) => n.id === 'africa-corps'), 'Africa Corps was founded in 2023');
  assert.equal(v.hiddenByDate, 1);
  assert.equal(v.edges.find((e) => e.id === 'mali-member-of-ecowas').ended, false);
});

test('buildView: a path adds its allegations and marks its hops', () => {
  const data = sample();
  const path = {
    length: 3,
    nodes: [
      { id: 'vladimir-putin', label: 'Vladimir Putin', type: 'Actor', kind: 'PERSON' },
      { id: 'warrant', label: 'ICC warrant', type: 'Allegation', kind: '' },
      { id: 'icc', label: 'ICC', type: 'Actor', kind: 'COURT' },
      { id: 'kel-akal', label: 'Kel Akal', type: 'Actor', kind: 'NGO' },
    ],
    edges: [
      { id: 'warrant/AGAINST/vladimir-putin', source: 'warrant', target: 'vladimir-putin', type: 'AGAINST' },
      { id: 'icc/MADE/warrant', source: 'icc', target: 'warrant', type: 'MADE' },
      { id: 'x/LODGED_WITH/icc', source: 'x', target: 'icc', type: 'LODGED_WITH' },
    ].slice(0, 2),
  };
  const v = buildView(data, { ...defaultState(), all: false, show: ['vladimir-putin', 'kel-akal'] }, null, path, '2025-11-29');
  assert.deepEqual(ids(v.nodes), ['icc', 'kel-akal', 'vladimir-putin', 'warrant']);
  assert.ok(v.nodes.every((n) => n.onPath));
  const warrant = v.nodes.find((n) => n.id === 'warrant');
  assert.equal(warrant.allegation, true);
  assert.equal(warrant.kind, 'ALLEGATION');
  assert.equal(v.edges.length, 2);
  assert.ok(v.edges.every((e) => e.onPath));
});

test('chunks', () => {
  assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  assert.deepEqual(chunk([], 50), []);
});

test('GraphML of a view', () => {
  const xml = toGraphML(
    [
      { id: 'mali', label: 'Mali & co <"x">', kind: 'STATE', country: 'MLI' },
      { id: 'ecowas', label: 'ECOWAS', kind: 'ORGANIZATION' },
    ],
    [{ id: 'mali-member-of-ecowas', source: 'mali', target: 'ecowas', type: 'MEMBER_OF', since: null, until: '2025-01-29' }],
    new Map([['mali', { x: 1.234, y: -5 }]]),
    'a test',
  );
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<graphml xmlns="http:\/\/graphml\.graphdrawing\.org\/xmlns">/);
  assert.match(xml, /<node id="mali"><data key="n_label">Mali &amp; co &lt;&quot;x&quot;&gt;<\/data><data key="n_kind">STATE<\/data><data key="n_country">MLI<\/data><data key="n_x">1.23<\/data><data key="n_y">-5<\/data><\/node>/);
  assert.match(xml, /<node id="ecowas"><data key="n_label">ECOWAS<\/data><data key="n_kind">ORGANIZATION<\/data><\/node>/);
  assert.match(xml, /<edge id="mali-member-of-ecowas" source="mali" target="ecowas"><data key="e_type">MEMBER_OF<\/data><data key="e_until">2025-01-29<\/data><\/edge>/);
  assert.match(xml, /<desc>a test<\/desc>/);
  assert.equal(escapeXML('a\u0001b\u0008c'), 'abc');
});

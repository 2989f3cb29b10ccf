// GraphML of what the explorer shows: the drawn actors (and allegations on a drawn path) with
// their positions, and the drawn ties. Gephi, yEd, Cytoscape desktop and networkx read it.
// Pure (unit-tested in Node).

// The GraphML namespace is a name, not an address: nothing is fetched from it (the Go test
// that keeps other hosts out of web/src allows exactly this string).
const NS = 'http://graphml.graphdrawing.org/xmlns';

const NODE_KEYS = [
  ['label', 'string'],
  ['kind', 'string'],
  ['country', 'string'],
  ['founded', 'string'],
  ['dissolved', 'string'],
  ['x', 'double'],
  ['y', 'double'],
];
const EDGE_KEYS = [
  ['type', 'string'],
  ['since', 'string'],
  ['until', 'string'],
  ['allegation', 'string'],
];

export function escapeXML(s) {
  return String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // Characters XML 1.0 does not allow at all.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

function data(key, value) {
  if (value === null || value === undefined || value === '') return '';
  return `<data key="${key}">${escapeXML(value)}</data>`;
}

// toGraphML returns the document. nodes: [{id, label, kind, country, founded, dissolved}],
// edges: [{id, source, target, type, since, until, allegation}], positions: id → {x, y}.
// `description` goes into the graph's <desc>.
export function toGraphML(nodes, edges, positions = new Map(), description = '') {
  const out = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<graphml xmlns="${NS}">`);
  for (const [name, type] of NODE_KEYS) {
    out.push(`  <key id="n_${name}" for="node" attr.name="${name}" attr.type="${type}"/>`);
  }
  for (const [name, type] of EDGE_KEYS) {
    out.push(`  <key id="e_${name}" for="edge" attr.name="${name}" attr.type="${type}"/>`);
  }
  out.push('  <graph id="actorgraph" edgedefault="directed">');
  if (description) out.push(`    <desc>${escapeXML(description)}</desc>`);
  for (const n of nodes) {
    const p = positions.get(n.id);
    out.push(
      `    <node id="${escapeXML(n.id)}">` +
        data('n_label', n.label) +
        data('n_kind', n.kind) +
        data('n_country', n.country) +
        data('n_founded', n.founded) +
        data('n_dissolved', n.dissolved) +
        (p ? data('n_x', round(p.x)) + data('n_y', round(p.y)) : '') +
        '</node>',
    );
  }
  for (const e of edges) {
    out.push(
      `    <edge id="${escapeXML(e.id)}" source="${escapeXML(e.source)}" target="${escapeXML(e.target)}">` +
        data('e_type', e.type) +
        data('e_since', e.since) +
        data('e_until', e.until) +
        data('e_allegation', e.allegation) +
        '</edge>',
    );
  }
  out.push('  </graph>');
  out.push('</graphml>');
  return out.join('\n') + '\n';
}

function round(v) {
  return Math.round(v * 100) / 100;
}

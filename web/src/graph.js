// What the explorer draws, computed from the subgraphs the API returned and the view state.
// Pure functions only (unit-tested in Node).
import { ACCUSES, existsOn, ended } from './viewstate.js';

// emptyData is the store of what the API answered: nodes and edges by id.
export function emptyData() {
  return { nodes: new Map(), edges: new Map(), truncated: false };
}

// mergeSubgraph adds one `subgraph` answer to data (in place) and returns data.
export function mergeSubgraph(data, sg) {
  for (const n of sg.nodes) {
    data.nodes.set(n.id, {
      id: n.id,
      label: n.label,
      kind: n.kind,
      country: n.country ?? null,
      founded: n.actor?.founded ?? null,
      dissolved: n.actor?.dissolved ?? null,
    });
  }
  for (const e of sg.edges) {
    data.edges.set(e.id, {
      id: e.id,
      source: e.source,
      target: e.target,
      type: e.type,
      since: e.since ?? null,
      until: e.until ?? null,
      allegation: e.allegation?.id ?? null,
    });
  }
  if (sg.truncated) data.truncated = true;
  return data;
}

export function chunk(list, size) {
  const out = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

// buildView decides what is drawn:
//   - the overview's actors (unless state.all is off), the shown and the expanded actors;
//   - the neighbours of expanded actors over the ties shown;
//   - minus actors of kinds filtered out (those the user named are kept) and actors that did
//     not exist on state.asOf (founded later, or dissolved by then);
//   - every tie of a shown type between two drawn actors;
//   - the chosen path, if any: its actors and allegations, added when not drawn yet.
// Each node gets its degree in the view; nodes and edges keep a stable order.
export function buildView(data, state, overviewIds, path, today) {
  const types = state.types ? new Set(state.types) : null;
  const kinds = state.kinds ? new Set(state.kinds) : null;
  const named = new Set([...state.show, ...state.expand]);
  const edgeShown = (e) => !types || types.has(e.type);

  const wanted = new Set(state.all && overviewIds ? overviewIds : []);
  for (const id of named) wanted.add(id);
  const expanded = new Set(state.expand);
  for (const e of data.edges.values()) {
    if (!edgeShown(e)) continue;
    if (expanded.has(e.source)) wanted.add(e.target);
    if (expanded.has(e.target)) wanted.add(e.source);
  }

  let hiddenByKind = 0;
  let hiddenByDate = 0;
  const drawn = new Map();
  for (const id of wanted) {
    const n = data.nodes.get(id);
    if (!n) continue;
    if (kinds && !kinds.has(n.kind) && !named.has(id)) {
      hiddenByKind++;
      continue;
    }
    if (!existsOn(n.founded, n.dissolved, state.asOf)) {
      hiddenByDate++;
      continue;
    }
    drawn.set(id, {
      id,
      label: n.label,
      kind: n.kind,
      country: n.country,
      founded: n.founded,
      dissolved: n.dissolved,
      expanded: expanded.has(id),
      named: named.has(id),
      degree: 0,
      allegation: false,
      onPath: false,
    });
  }

  const edges = [];
  for (const e of data.edges.values()) {
    if (!edgeShown(e) || !drawn.has(e.source) || !drawn.has(e.target)) continue;
    edges.push({ ...e, ended: e.type !== ACCUSES && ended(e.until, state.asOf, today), onPath: false });
  }

  if (path) {
    for (const pn of path.nodes) {
      const have = drawn.get(pn.id);
      if (have) {
        have.onPath = true;
        continue;
      }
      const known = data.nodes.get(pn.id);
      drawn.set(pn.id, {
        id: pn.id,
        label: pn.label,
        kind: pn.type === 'Allegation' ? 'ALLEGATION' : pn.kind || known?.kind || 'ORGANIZATION',
        country: known?.country ?? null,
        founded: known?.founded ?? null,
        dissolved: known?.dissolved ?? null,
        expanded: false,
        named: false,
        degree: 0,
        allegation: pn.type === 'Allegation',
        onPath: true,
      });
    }
    const byId = new Map(edges.map((e) => [e.id, e]));
    for (const pe of path.edges) {
      const have = byId.get(pe.id);
      if (have) {
        have.onPath = true;
        continue;
      }
      const e = {
        id: pe.id,
        source: pe.source,
        target: pe.target,
        type: pe.type,
        since: pe.since ?? null,
        until: pe.until ?? null,
        allegation: pe.allegation?.id ?? null,
        ended: false,
        onPath: true,
      };
      edges.push(e);
      byId.set(e.id, e);
    }
  }

  for (const e of edges) {
    drawn.get(e.source).degree++;
    drawn.get(e.target).degree++;
  }
  return { nodes: [...drawn.values()], edges, hiddenByKind, hiddenByDate, truncated: data.truncated };
}

// pathAllegation returns the allegation a path hop goes through: the hop's own allegation,
// or, for MADE / AGAINST / LODGED_WITH hops, the end that is an allegation.
export function pathAllegation(edge, nodeIsAllegation) {
  if (edge.allegation) return edge.allegation;
  if (nodeIsAllegation(edge.source)) return edge.source;
  if (nodeIsAllegation(edge.target)) return edge.target;
  return null;
}

// The network canvas: Cytoscape.js with the fCoSE layout, kept in step with the view the
// explorer computes (graph.js). Mouse: click selects (Shift/Ctrl/⌘-click adds), double-click
// expands, drag moves, wheel zooms. Keyboard (the canvas is focusable): arrows move to the
// nearest actor that way and select it (Ctrl+arrows only move the focus), Space adds the
// focused actor to the selection or takes it out, Enter expands it, Escape clears the
// selection, + and − zoom, 0 fits the view.
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { cytoscapeStyle, typeLabel } from './styles.js';

cytoscape.use(fcose);

// Past these sizes the canvas trades looks for speed: straight edges without arrows, labels
// only when zoomed in, no edges while panning, a rougher layout.
const LARGE_NODES = 700;
const LARGE_EDGES = 1500;

// seeded returns a deterministic pseudo-random generator (mulberry32), so that the same view
// is laid out the same way each time a link is opened.
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export class GraphCanvas {
  // handlers: onSelect(ids, {additive}), onToggle(id), onExpand(id), onAnnounce(text)
  constructor(container, handlers) {
    this.container = container;
    this.handlers = handlers;
    this.large = false;
    this.focusId = null;
    this.selection = [];
    this.cy = cytoscape({
      container,
      style: cytoscapeStyle(false),
      elements: [],
      minZoom: 0.03,
      maxZoom: 5,
      boxSelectionEnabled: false,
      autounselectify: true, // the explorer keeps the selection itself, in order
      motionBlur: false,
      pixelRatio: 'auto',
    });
    this.bind();
  }

  bind() {
    const cy = this.cy;
    // Cytoscape.js calls any two quick clicks a double click, even on two different nodes;
    // only two on the same node expand it.
    let lastTap = null;
    let prevTap = null;
    cy.on('tap', (evt) => {
      prevTap = lastTap;
      lastTap = evt.target === cy ? null : evt.target.id();
    });
    cy.on('tap', 'node, edge', (evt) => {
      const oe = evt.originalEvent || {};
      const additive = !!(oe.shiftKey || oe.ctrlKey || oe.metaKey);
      const id = evt.target.id();
      if (evt.target.isNode()) this.setFocus(id);
      if (additive) this.handlers.onToggle(id);
      else this.handlers.onSelect([id]);
    });
    cy.on('tap', (evt) => {
      if (evt.target === cy) this.handlers.onSelect([]);
    });
    cy.on('dbltap', 'node', (evt) => {
      if (prevTap === evt.target.id() && !evt.target.hasClass('allegation')) this.handlers.onExpand(evt.target.id());
    });
    this.container.addEventListener('keydown', (e) => this.onKey(e));
  }

  destroy() {
    this.cy.destroy();
  }

  // update draws `view` (nodes and edges from buildView). New actors are placed next to a
  // drawn neighbour and the layout runs from where things are; a first draw lays out from
  // scratch. Returns a promise that settles when the layout has run.
  update(view, { fit = false } = {}) {
    const cy = this.cy;
    const large = view.nodes.length > LARGE_NODES || view.edges.length > LARGE_EDGES;
    if (large !== this.large) {
      this.large = large;
      cy.style(cytoscapeStyle(large));
      const r = cy.renderer();
      if (r) {
        r.hideEdgesOnViewport = large;
        r.textureOnViewport = large;
      }
    }
    const wantNodes = new Map(view.nodes.map((n) => [n.id, n]));
    const wantEdges = new Map(view.edges.map((e) => [e.id, e]));
    const pathShown = view.nodes.some((n) => n.onPath);
    const fresh = cy.nodes().length === 0;
    const added = [];
    cy.batch(() => {
      cy.edges().forEach((e) => {
        if (!wantEdges.has(e.id())) e.remove();
      });
      cy.nodes().forEach((n) => {
        if (!wantNodes.has(n.id())) n.remove();
      });
      const newNodes = [];
      for (const n of view.nodes) {
        const data = { id: n.id, label: n.label, kind: n.kind, degree: n.degree };
        const ele = cy.getElementById(n.id);
        if (ele.empty()) {
          newNodes.push({ group: 'nodes', data });
        } else {
          ele.data(data);
        }
      }
      const addedNodes = cy.add(newNodes);
      addedNodes.forEach((n) => added.push(n));
      const newEdges = [];
      for (const e of view.edges) {
        if (cy.getElementById(e.id).empty()) {
          newEdges.push({
            group: 'edges',
            data: { id: e.id, source: e.source, target: e.target, type: e.type, typeLabel: typeLabel(e.type) },
          });
        }
      }
      cy.add(newEdges);
      for (const n of view.nodes) {
        const ele = cy.getElementById(n.id);
        ele.toggleClass('expanded', n.expanded);
        ele.toggleClass('allegation', n.allegation);
        ele.toggleClass('on-path', n.onPath);
        ele.toggleClass('faded', pathShown && !n.onPath);
      }
      for (const e of view.edges) {
        const ele = cy.getElementById(e.id);
        ele.toggleClass('ended', e.ended);
        ele.toggleClass('on-path', e.onPath);
        ele.toggleClass('faded', pathShown && !e.onPath);
      }
    });
    this.applySelection();
    if (added.length === 0) {
      if (fit) this.fit();
      return Promise.resolve();
    }
    if (!fresh) this.placeNear(added);
    return this.layout(fresh).then(() => {
      if (fit || fresh) this.fit();
    });
  }

  // placeNear puts each new node beside a drawn neighbour (or the middle of the view), a
  // little apart, so that the incremental layout starts from a sensible place.
  placeNear(nodes) {
    const cy = this.cy;
    const isNew = new Set(nodes.map((n) => n.id()));
    const ext = cy.extent();
    const centre = { x: (ext.x1 + ext.x2) / 2, y: (ext.y1 + ext.y2) / 2 };
    const counts = new Map();
    for (const n of nodes) {
      const anchor = n.neighborhood('node').filter((m) => !isNew.has(m.id()))[0];
      const base = anchor ? anchor.position() : centre;
      const key = anchor ? anchor.id() : '';
      const k = (counts.get(key) || 0) + 1;
      counts.set(key, k);
      const angle = (hash(n.id()) % 360) * (Math.PI / 180) + k * 0.6;
      const r = 60 + 12 * Math.sqrt(k);
      n.position({ x: base.x + r * Math.cos(angle), y: base.y + r * Math.sin(angle) });
    }
  }

  layout(fresh) {
    const cy = this.cy;
    const n = cy.nodes().length;
    const animate = !fresh && !this.large && n < 300;
    const options = {
      name: 'fcose',
      quality: this.large ? 'draft' : 'default',
      randomize: fresh,
      animate,
      animationDuration: 450,
      fit: false,
      padding: 30,
      nodeDimensionsIncludeLabels: !this.large,
      packComponents: true,
      nodeRepulsion: () => 9000,
      idealEdgeLength: () => (this.large ? 60 : 90),
      edgeElasticity: () => 0.45,
      numIter: this.large ? 800 : 2500,
      tile: true,
    };
    if (fresh) {
      // A deterministic start: in a circle, by id.
      const ids = cy.nodes().map((x) => x.id()).sort();
      const r = 40 * Math.sqrt(ids.length) + 40;
      ids.forEach((id, i) => {
        const a = (2 * Math.PI * i) / ids.length;
        cy.getElementById(id).position({ x: r * Math.cos(a), y: r * Math.sin(a) });
      });
    }
    return new Promise((resolve) => {
      const layout = cy.layout(options);
      layout.one('layoutstop', () => resolve());
      const random = Math.random;
      Math.random = seeded(hash(cy.nodes().map((x) => x.id()).join(',')));
      try {
        layout.run();
      } finally {
        Math.random = random;
      }
    });
  }

  fit(ids) {
    const eles = ids && ids.length ? this.cy.collection(ids.map((id) => this.cy.getElementById(id))) : this.cy.elements();
    if (eles.length) this.cy.fit(eles, 40);
    if (this.cy.zoom() > 1.6) {
      this.cy.zoom({ level: 1.6, renderedPosition: { x: this.cy.width() / 2, y: this.cy.height() / 2 } });
      this.cy.center(eles);
    }
  }

  zoomBy(factor) {
    const cy = this.cy;
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }

  // reveal pans so that the element is in sight, zooming in if the view is far out.
  reveal(id) {
    const ele = this.cy.getElementById(id);
    if (ele.empty()) return;
    if (this.cy.zoom() < 0.6) this.cy.zoom(0.9);
    this.cy.center(ele);
  }

  setSelection(ids) {
    this.selection = ids;
    this.applySelection();
  }

  applySelection() {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements('.selected').removeClass('selected');
      for (const id of this.selection) cy.getElementById(id).addClass('selected');
    });
  }

  setFocus(id) {
    this.cy.nodes('.focused').removeClass('focused');
    this.focusId = id;
    if (id) this.cy.getElementById(id).addClass('focused');
  }

  positions() {
    const out = new Map();
    this.cy.nodes().forEach((n) => out.set(n.id(), { ...n.position() }));
    return out;
  }

  png() {
    return this.cy.png({ output: 'blob', full: true, scale: 2, maxWidth: 4000, maxHeight: 4000, bg: '#ffffff' });
  }

  describe(node) {
    const ties = node.connectedEdges().length;
    return `${node.data('label')}, ${ties} ${ties === 1 ? 'tie' : 'ties'}`;
  }

  // nearest finds the drawn actor nearest to `from` in direction (dx, dy), preferring those
  // straight ahead.
  nearest(from, dx, dy) {
    const p = from.position();
    let best = null;
    let bestScore = Infinity;
    this.cy.nodes().forEach((n) => {
      if (n.same(from)) return;
      const q = n.position();
      const vx = q.x - p.x;
      const vy = q.y - p.y;
      const ahead = vx * dx + vy * dy;
      if (ahead <= 0) return;
      const across = Math.abs(vx * dy - vy * dx);
      if (across > 2.5 * ahead) return;
      const score = ahead + 2 * across;
      if (score < bestScore) {
        bestScore = score;
        best = n;
      }
    });
    return best;
  }

  // centreNode is the drawn actor nearest the middle of the view.
  centreNode() {
    const ext = this.cy.extent();
    const c = { x: (ext.x1 + ext.x2) / 2, y: (ext.y1 + ext.y2) / 2 };
    let best = null;
    let bestD = Infinity;
    this.cy.nodes().forEach((n) => {
      const q = n.position();
      const d = (q.x - c.x) ** 2 + (q.y - c.y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = n;
      }
    });
    return best;
  }

  onKey(e) {
    const cy = this.cy;
    const dirs = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    let focus = this.focusId ? cy.getElementById(this.focusId) : null;
    if (focus && focus.empty()) focus = null;
    if (!focus) {
      const sel = this.selection.map((id) => cy.getElementById(id)).find((x) => x.nonempty() && x.isNode());
      focus = sel || null;
    }
    if (dirs[e.key]) {
      e.preventDefault();
      const next = focus ? this.nearest(focus, ...dirs[e.key]) : this.centreNode();
      if (!next) {
        this.handlers.onAnnounce(focus ? `No actor further ${e.key.replace('Arrow', '').toLowerCase()}` : 'The graph is empty');
        return;
      }
      this.setFocus(next.id());
      this.reveal(next.id());
      if (!e.ctrlKey && !e.metaKey) this.handlers.onSelect([next.id()]);
      this.handlers.onAnnounce(this.describe(next));
      return;
    }
    switch (e.key) {
      case ' ':
      case 'Spacebar':
        e.preventDefault();
        if (focus) this.handlers.onToggle(focus.id());
        break;
      case 'Enter':
        e.preventDefault();
        if (focus && !focus.hasClass('allegation')) this.handlers.onExpand(focus.id());
        break;
      case 'Escape':
        this.setFocus(null);
        this.handlers.onSelect([]);
        break;
      case '+':
      case '=':
        e.preventDefault();
        this.zoomBy(1.25);
        break;
      case '-':
      case '_':
        e.preventDefault();
        this.zoomBy(0.8);
        break;
      case '0':
        e.preventDefault();
        this.fit();
        break;
      default:
    }
  }
}

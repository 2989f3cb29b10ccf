// How actors and ties look: a colour and a shape per actor kind, a colour and a line per edge
// type, used by both the canvas and the legend. Every colour reaches 4.5:1 against white, so
// that it also reads as text in the legend and the lists.

export const KIND_STYLE = {
  STATE: { label: 'State', color: '#1f5fa8', shape: 'round-rectangle' },
  JUNTA: { label: 'Junta', color: '#7b3294', shape: 'hexagon' },
  ARMED_FORCE: { label: 'Armed force', color: '#2e6b30', shape: 'triangle' },
  ARMED_GROUP: { label: 'Armed group', color: '#6d4c41', shape: 'star' },
  PARAMILITARY: { label: 'Paramilitary', color: '#b23c00', shape: 'diamond' },
  NGO: { label: 'NGO', color: '#00695c', shape: 'vee' },
  COURT: { label: 'Court', color: '#37474f', shape: 'octagon' },
  ORGANIZATION: { label: 'Organisation', color: '#7a5c00', shape: 'rhomboid' },
  PERSON: { label: 'Person', color: '#ad1457', shape: 'ellipse' },
  ALLEGATION: { label: 'Allegation (on a path)', color: '#b71c1c', shape: 'cut-rectangle' },
};

export const EDGE_STYLE = {
  MEMBER_OF: { label: 'member of', color: '#1f5fa8', line: 'solid', arrow: 'triangle' },
  ALLIED_WITH: { label: 'allied with', color: '#2e6b30', line: 'solid', arrow: 'none' },
  GOVERNS: { label: 'governs', color: '#7b3294', line: 'solid', arrow: 'triangle' },
  LEADS: { label: 'leads', color: '#ad1457', line: 'solid', arrow: 'triangle' },
  PART_OF: { label: 'part of', color: '#546e7a', line: 'solid', arrow: 'triangle' },
  OPERATES_IN: { label: 'operates in', color: '#b23c00', line: 'solid', arrow: 'triangle' },
  SUCCEEDED: { label: 'succeeded', color: '#6d4c41', line: 'solid', arrow: 'triangle-tee' },
  CONTROLLED_BY: { label: 'controlled by', color: '#263238', line: 'solid', arrow: 'triangle' },
  INVESTIGATES: { label: 'investigates', color: '#00695c', line: 'solid', arrow: 'triangle' },
  ACCUSES: { label: 'accuses', color: '#c62828', line: 'dashed', arrow: 'triangle' },
  // Hops of a path through an allegation.
  MADE: { label: 'made', color: '#c62828', line: 'dashed', arrow: 'triangle' },
  AGAINST: { label: 'against', color: '#c62828', line: 'dashed', arrow: 'triangle' },
  LODGED_WITH: { label: 'lodged with', color: '#37474f', line: 'dashed', arrow: 'triangle' },
};

export function kindStyle(kind) {
  return KIND_STYLE[kind] || KIND_STYLE.ORGANIZATION;
}

export function edgeStyle(type) {
  return EDGE_STYLE[type] || { label: type.toLowerCase().replace(/_/g, ' '), color: '#455a64', line: 'solid', arrow: 'triangle' };
}

export function kindLabel(kind) {
  return kindStyle(kind).label;
}

export function typeLabel(type) {
  return edgeStyle(type).label;
}

const SELECT = '#0b57d0';
const PATH = '#f9a825';

// cytoscapeStyle is the canvas's stylesheet. `large` trades looks for speed.
export function cytoscapeStyle(large) {
  const style = [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'font-family': 'system-ui, sans-serif',
        'font-size': 11,
        color: '#111111',
        'text-valign': 'bottom',
        'text-margin-y': 3,
        'text-wrap': 'ellipsis',
        'text-max-width': 140,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': 1,
        'min-zoomed-font-size': large ? 16 : 6,
        width: 'mapData(degree, 0, 30, 18, 46)',
        height: 'mapData(degree, 0, 30, 18, 46)',
        'border-width': 1.5,
        'border-color': '#ffffff',
      },
    },
  ];
  for (const [kind, s] of Object.entries(KIND_STYLE)) {
    style.push({ selector: `node[kind = "${kind}"]`, style: { 'background-color': s.color, shape: s.shape } });
  }
  style.push(
    { selector: 'node.expanded', style: { 'border-width': 3, 'border-color': '#111111' } },
    { selector: 'node.allegation', style: { width: 16, height: 16, 'font-size': 9, 'text-max-width': 120 } },
    {
      selector: 'edge',
      style: {
        width: 1.6,
        'curve-style': large ? 'haystack' : 'bezier',
        'haystack-radius': 0.3,
        'line-color': '#455a64',
        'target-arrow-color': '#455a64',
        'target-arrow-shape': large ? 'none' : 'triangle',
        'arrow-scale': 0.8,
        'font-size': 9,
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.9,
        'text-background-padding': 1,
        color: '#111111',
        'min-zoomed-font-size': 7,
      },
    },
  );
  for (const [type, s] of Object.entries(EDGE_STYLE)) {
    style.push({
      selector: `edge[type = "${type}"]`,
      style: {
        'line-color': s.color,
        'target-arrow-color': s.color,
        'line-style': s.line,
        ...(large ? {} : { 'target-arrow-shape': s.arrow }),
      },
    });
  }
  style.push(
    { selector: 'edge[type = "ACCUSES"]', style: { width: 2.2 } },
    { selector: 'edge.ended', style: { 'line-style': 'dotted', opacity: 0.55 } },
    { selector: '.faded', style: { opacity: 0.18 } },
    {
      selector: '.on-path',
      style: { opacity: 1, 'underlay-color': PATH, 'underlay-opacity': 0.7, 'underlay-padding': 5 },
    },
    { selector: 'edge.on-path', style: { width: 3.5, label: 'data(typeLabel)', 'underlay-padding': 3 } },
    {
      // A white ring inside a blue halo: visible on every kind's colour, blue ones included.
      selector: 'node.selected',
      style: {
        opacity: 1,
        'border-width': 3,
        'border-color': '#ffffff',
        'underlay-color': SELECT,
        'underlay-opacity': 0.55,
        'underlay-padding': 7,
        'font-weight': 'bold',
        'z-index': 10,
      },
    },
    { selector: 'node.expanded.selected', style: { 'border-color': '#111111' } },
    {
      selector: 'edge.selected',
      style: {
        opacity: 1,
        width: 4,
        label: 'data(typeLabel)',
        'underlay-color': SELECT,
        'underlay-opacity': 0.3,
        'underlay-padding': 4,
        'z-index': 10,
      },
    },
    { selector: 'node.focused', style: { 'outline-width': 3, 'outline-color': '#111111', 'outline-offset': 3 } },
  );
  return style;
}

// ---- Legend shapes, as SVG path data in a 20×20 box, drawn like Cytoscape's ----

function polygon(points) {
  return 'M' + points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join('L') + 'Z';
}

function regular(n, r, rotation = -Math.PI / 2) {
  const pts = [];
  for (let i = 0; i < n; i++) {
    const a = rotation + (i * 2 * Math.PI) / n;
    pts.push([10 + r * Math.cos(a), 10 + r * Math.sin(a)]);
  }
  return polygon(pts);
}

export function shapePath(shape) {
  switch (shape) {
    case 'round-rectangle':
      return 'M5,2H15Q18,2 18,5V15Q18,18 15,18H5Q2,18 2,15V5Q2,2 5,2Z';
    case 'hexagon':
      return regular(6, 8.5, 0);
    case 'triangle':
      return polygon([
        [10, 2],
        [18.5, 17.5],
        [1.5, 17.5],
      ]);
    case 'star': {
      const pts = [];
      for (let i = 0; i < 10; i++) {
        const r = i % 2 ? 3.8 : 9;
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        pts.push([10 + r * Math.cos(a), 10.5 + r * Math.sin(a)]);
      }
      return polygon(pts);
    }
    case 'diamond':
      return polygon([
        [10, 1.5],
        [18.5, 10],
        [10, 18.5],
        [1.5, 10],
      ]);
    case 'vee':
      return polygon([
        [2, 3],
        [10, 9],
        [18, 3],
        [10, 18],
      ]);
    case 'octagon':
      return regular(8, 8.8, -Math.PI / 8);
    case 'rhomboid':
      return polygon([
        [6, 3],
        [19, 3],
        [14, 17],
        [1, 17],
      ]);
    case 'cut-rectangle':
      return polygon([
        [5, 3],
        [15, 3],
        [18, 6],
        [18, 14],
        [15, 17],
        [5, 17],
        [2, 14],
        [2, 6],
      ]);
    default:
      return 'M10,2A8,8 0 1 1 9.99,2Z';
  }
}

// The actorgraph explorer: a network view of the graph, built only on the public GraphQL API
// (api.js). Served by actorgraph at / under a CSP that allows no inline script or style and
// no other host; bundled by build.mjs.
//
// The view state (viewstate.js) lives in the URL, so a link reproduces the view. From it the
// explorer asks for subgraphs (depth 1 around the actors in view, in chunks of 50 seeds),
// computes what to draw (graph.js) and draws it on a Cytoscape.js canvas (canvas.js).
import React, { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ACTOR_IDS, PATHS, SUBGRAPH, gql, setToken, token } from './api.js';
import { GraphCanvas } from './canvas.js';
import { Line, SearchBox, Shape } from './components.jsx';
import { ActorDetails, AllegationDetails, RelationshipDetails } from './details.jsx';
import { buildView, chunk, emptyData, mergeSubgraph, pathAllegation } from './graph.js';
import { toGraphML } from './graphml.js';
import { KIND_STYLE, kindLabel, typeLabel } from './styles.js';
import {
  ACCUSES,
  EDGE_TYPES,
  KINDS,
  REL_TYPES,
  SLIDER_START,
  addMonths,
  formatState,
  isDate,
  parseState,
  sliderDate,
  sliderMax,
  sliderValue,
  todayISO,
} from './viewstate.js';
import './explorer.css';

const OVERVIEW_MAX = 500; // actors in the overview of the whole graph
const SEEDS_PER_QUERY = 50; // the API's cap
const NODE_LIMIT = 2000; // the API's cap per subgraph
const LIST_MAX = 1000; // rows in the "In view" lists
const PARALLEL = 4;

// ---- State ----

function without(list, id) {
  return list.filter((x) => x !== id);
}

function reducer(s, a) {
  switch (a.type) {
    case 'load':
      return a.state;
    case 'select':
      return { ...s, sel: a.ids };
    case 'toggle':
      return { ...s, sel: s.sel.includes(a.id) ? without(s.sel, a.id) : [...s.sel, a.id] };
    case 'add': {
      // Show an actor (if not drawn yet) and select it.
      const show = a.drawn || s.show.includes(a.id) || s.expand.includes(a.id) ? s.show : [...s.show, a.id];
      const sel = a.additive ? [...without(s.sel, a.id), a.id] : [a.id];
      return { ...s, show, sel };
    }
    case 'expand':
      if (s.expand.includes(a.id)) return s;
      return { ...s, show: without(s.show, a.id), expand: [...s.expand, a.id], sel: [a.id] };
    case 'collapse':
      return { ...s, expand: without(s.expand, a.id), show: s.show.includes(a.id) ? s.show : [...s.show, a.id] };
    case 'hide':
      return { ...s, show: without(s.show, a.id), expand: without(s.expand, a.id), sel: without(s.sel, a.id) };
    case 'clear':
      return { ...s, all: false, show: [], expand: [], sel: [], from: null, to: null, path: 0 };
    case 'overview':
      return { ...s, all: a.on };
    case 'kinds':
      return { ...s, kinds: a.kinds && a.kinds.length === KINDS.length ? null : a.kinds };
    case 'types':
      return { ...s, types: a.types && a.types.length === EDGE_TYPES.length ? null : a.types };
    case 'asOf':
      return { ...s, asOf: a.asOf };
    case 'path':
      return { ...s, from: a.from, to: a.to, via: a.via, path: 0 };
    case 'pathIndex':
      return { ...s, path: a.index };
    case 'clearPath':
      return { ...s, from: null, to: null, path: 0 };
    default:
      throw new Error(`unknown action ${a.type}`);
  }
}

// Actions that change what is drawn get their own history entry; selection and dates
// replace the current one.
const PUSHED = new Set(['add', 'expand', 'collapse', 'hide', 'clear', 'overview', 'kinds', 'types', 'path', 'clearPath']);

function useViewState() {
  const [state, dispatch] = useReducer(reducer, undefined, () => parseState(window.location.search));
  const lastAction = useRef(null);
  const act = useCallback((a) => {
    lastAction.current = a.type;
    dispatch(a);
  }, []);
  useEffect(() => {
    const url = `${window.location.pathname}${formatState(state)}`;
    if (url === `${window.location.pathname}${window.location.search}`) return;
    if (PUSHED.has(lastAction.current)) window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }, [state]);
  useEffect(() => {
    const onPop = () => {
      lastAction.current = 'load';
      dispatch({ type: 'load', state: parseState(window.location.search) });
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  return [state, act];
}

// ---- Data ----

function useOverview(enabled) {
  const [overview, setOverview] = useState({ ids: null, more: false, error: null });
  useEffect(() => {
    if (!enabled || overview.ids) return undefined;
    let stop = false;
    (async () => {
      const ids = [];
      let after = null;
      let more = true;
      while (more && ids.length < OVERVIEW_MAX) {
        const data = await gql(ACTOR_IDS, { first: Math.min(500, OVERVIEW_MAX - ids.length), after });
        for (const n of data.actors.nodes) ids.push(n.id);
        more = data.actors.pageInfo.hasNextPage;
        after = data.actors.pageInfo.endCursor;
      }
      if (!stop) setOverview({ ids, more, error: null });
    })().catch((error) => {
      if (!stop) setOverview({ ids: null, more: false, error });
    });
    return () => {
      stop = true;
    };
  }, [enabled, overview.ids]);
  return overview;
}

// useSubgraphs fetches depth-1 subgraphs around the seeds, a chunk of 50 a query, as of a
// date; answers are cached by chunk and date, so scrubbing back to a date is instant.
// `loading` holds from the render that asks for something new until its answer is in.
function useSubgraphs(chunks, asOf) {
  const cache = useRef(new Map());
  const key = JSON.stringify([chunks, asOf]);
  const [result, setResult] = useState({ key: null, data: emptyData(), error: null });
  useEffect(() => {
    let stop = false;
    const jobs = chunks.map((seeds) => ({ k: JSON.stringify([seeds, asOf]), seeds }));
    const missing = jobs.filter((j) => !cache.current.has(j.k));
    const finish = () => {
      if (stop) return;
      const data = emptyData();
      for (const j of jobs) {
        const sg = cache.current.get(j.k);
        if (sg) mergeSubgraph(data, sg);
      }
      setResult({ key, data, error: null });
    };
    if (missing.length === 0) {
      finish();
      return undefined;
    }
    (async () => {
      let next = 0;
      const worker = async () => {
        while (next < missing.length && !stop) {
          const j = missing[next++];
          const data = await gql(SUBGRAPH, { seeds: j.seeds, asOf, accusations: true, limit: NODE_LIMIT });
          cache.current.set(j.k, data.subgraph);
          if (cache.current.size > 300) cache.current.delete(cache.current.keys().next().value);
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL, missing.length) }, worker));
      finish();
    })().catch((error) => {
      if (!stop) setResult((r) => ({ ...r, key, error }));
    });
    return () => {
      stop = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return { data: result.data, loading: result.key !== key, error: result.key === key ? result.error : null };
}

function usePaths(state) {
  const relTypes = state.types ? state.types.filter((t) => t !== ACCUSES) : null;
  const wanted = !!(state.from && state.to);
  const key = JSON.stringify([state.from, state.to, state.via, state.asOf, relTypes]);
  const [result, setResult] = useState({ key: null, paths: null, error: null });
  useEffect(() => {
    if (!wanted) return undefined;
    const ctl = new AbortController();
    gql(PATHS, { from: state.from, to: state.to, types: relTypes, asOf: state.asOf, accusations: state.via }, ctl.signal).then(
      (data) => setResult({ key, paths: data.paths, error: null }),
      (error) => {
        if (error.name !== 'AbortError') setResult({ key, paths: null, error });
      },
    );
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  if (!wanted) return { paths: null, loading: false, error: null };
  if (result.key !== key) return { paths: null, loading: true, error: null };
  return { paths: result.paths, loading: false, error: result.error };
}

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// Sections of the controls fold away; in a narrow window they start folded, except the
// date, so that the graph is near the top.
const NARROW = typeof window !== 'undefined' && window.matchMedia && window.matchMedia('(max-width: 760px)').matches;

function Section({ id, title, children, open = !NARROW }) {
  return (
    <details className="section" open={open} id={id}>
      <summary>
        <h2>{title}</h2>
      </summary>
      {children}
    </details>
  );
}

// ---- The app ----

function App() {
  const [state, act] = useViewState();
  const overview = useOverview(state.all);
  const today = useMemo(() => todayISO(), []);

  const chunks = useMemo(() => {
    const named = [...state.expand, ...state.show];
    const base = state.all && overview.ids ? overview.ids.filter((id) => !named.includes(id)) : [];
    return [...chunk(base, SEEDS_PER_QUERY), ...chunk(named, SEEDS_PER_QUERY)];
  }, [state.all, state.show, state.expand, overview.ids]);
  const waitingForOverview = state.all && !overview.ids && !overview.error;
  const sub = useSubgraphs(waitingForOverview ? [] : chunks, state.asOf);
  const paths = usePaths(state);
  const chosenPath = paths.paths && paths.paths[state.path] ? paths.paths[state.path] : paths.paths?.[0] || null;

  // The view does not depend on the selection, so selecting redraws nothing.
  const viewState = useMemo(
    () => state,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state.all, state.show, state.expand, state.kinds, state.types, state.asOf],
  );
  const view = useMemo(
    () => buildView(sub.data, viewState, viewState.all ? overview.ids : null, chosenPath, today),
    [sub.data, viewState, overview.ids, chosenPath, today],
  );
  const nodeById = useMemo(() => new Map(view.nodes.map((n) => [n.id, n])), [view]);
  const edgeById = useMemo(() => new Map(view.edges.map((e) => [e.id, e])), [view]);

  // Announcements for screen readers (selection moves, search results, exports).
  const [announcement, setAnnouncement] = useState('');
  const announce = useCallback((text) => {
    setAnnouncement('');
    setTimeout(() => setAnnouncement(text), 30);
  }, []);

  // ---- Canvas ----
  const graphEl = useRef(null);
  const canvas = useRef(null);
  const pendingFocus = useRef({ kind: 'fit' });
  const [layingOut, setLayingOut] = useState(false);
  const handlers = useRef({});
  handlers.current = {
    onSelect: (ids) => act({ type: 'select', ids }),
    onToggle: (id) => act({ type: 'toggle', id }),
    onExpand: (id) => expand(id),
    onAnnounce: announce,
  };
  useEffect(() => {
    const c = new GraphCanvas(graphEl.current, {
      onSelect: (ids) => handlers.current.onSelect(ids),
      onToggle: (id) => handlers.current.onToggle(id),
      onExpand: (id) => handlers.current.onExpand(id),
      onAnnounce: (t) => handlers.current.onAnnounce(t),
    });
    canvas.current = c;
    // For tests and the curious: the Cytoscape instance, read-only by convention.
    window.actorgraphExplorer = { cy: c.cy };
    return () => c.destroy();
  }, []);

  const loading = sub.loading || waitingForOverview || paths.loading;
  // aria-busy is set here, not by rendering, so that it turns true in the same task that
  // changes the canvas and false only once the layout is done.
  const layoutRunning = useRef(0);
  const loadingNow = useRef(loading);
  loadingNow.current = loading;
  useLayoutEffect(() => {
    graphEl.current.setAttribute('aria-busy', String(loading || layoutRunning.current > 0));
  });
  useEffect(() => {
    if (loading) return;
    const c = canvas.current;
    const focus = pendingFocus.current;
    pendingFocus.current = null;
    layoutRunning.current++;
    graphEl.current.setAttribute('aria-busy', 'true');
    setLayingOut(true);
    c.update(view, { fit: focus?.kind === 'fit' }).then(() => {
      if (focus?.kind === 'around') {
        const ele = c.cy.getElementById(focus.id);
        if (ele.nonempty()) c.fit(ele.closedNeighborhood().map((x) => x.id()));
      } else if (focus?.kind === 'reveal') {
        c.reveal(focus.id);
      } else if (focus?.kind === 'path') {
        c.fit(view.nodes.filter((n) => n.onPath).map((n) => n.id));
      }
      layoutRunning.current--;
      if (graphEl.current) graphEl.current.setAttribute('aria-busy', String(loadingNow.current || layoutRunning.current > 0));
      setLayingOut(false);
    });
  }, [view, loading]);

  useEffect(() => {
    canvas.current?.setSelection(state.sel);
  }, [state.sel, view]);

  // ---- Actions ----
  function expand(id) {
    pendingFocus.current = { kind: 'around', id };
    act({ type: 'expand', id });
    const n = nodeById.get(id);
    announce(`Expanding ${n ? n.label : id}`);
  }

  function pickActor(actor, { additive } = {}) {
    const drawn = nodeById.has(actor.id);
    pendingFocus.current = { kind: 'reveal', id: actor.id };
    act({ type: 'add', id: actor.id, drawn, additive });
    if (drawn) canvas.current.reveal(actor.id);
    canvas.current.setFocus(actor.id);
    announce(`${actor.name} ${drawn ? 'selected' : 'added to the view and selected'}`);
  }

  const [pathEnds, setPathEnds] = useState({ from: null, to: null });
  // Two actors selected: they become the ends of the path finder.
  useEffect(() => {
    const actors = state.sel.filter((id) => nodeById.has(id) && !nodeById.get(id).allegation);
    if (actors.length >= 2) {
      const [a, b] = actors.slice(-2).map((id) => ({ id, name: nodeById.get(id).label }));
      setPathEnds({ from: a, to: b });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.sel]);
  useEffect(() => {
    if (!state.from || !state.to) return;
    const name = (id) => nodeById.get(id)?.label || chosenPath?.nodes.find((n) => n.id === id)?.label || id;
    setPathEnds({ from: { id: state.from, name: name(state.from) }, to: { id: state.to, name: name(state.to) } });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.from, state.to, chosenPath]);

  function findPath(via) {
    if (!pathEnds.from || !pathEnds.to || pathEnds.from.id === pathEnds.to.id) return;
    pendingFocus.current = { kind: 'path' };
    act({ type: 'path', from: pathEnds.from.id, to: pathEnds.to.id, via });
  }

  useEffect(() => {
    if (paths.paths) {
      const n = paths.paths.length;
      announce(n ? `${n} ${n === 1 ? 'path' : 'paths'} found; the shortest has ${paths.paths[0].length} hops` : 'No path found');
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [paths.paths]);

  function exportPNG() {
    download(canvas.current.png(), 'actorgraph-view.png');
    announce('PNG image of the view downloaded');
  }

  function exportGraphML() {
    const xml = toGraphML(view.nodes, view.edges, canvas.current.positions(), `actorgraph explorer view: ${window.location.href}`);
    download(new Blob([xml], { type: 'application/graphml+xml' }), 'actorgraph-view.graphml');
    announce('GraphML of the view downloaded');
  }

  // ---- Rendering ----
  const selected = state.sel.length ? state.sel[state.sel.length - 1] : null;
  const busy = loading || layingOut;
  const error = overview.error || sub.error;
  const allegations = view.nodes.filter((n) => n.allegation).length;
  const actorsDrawn = view.nodes.length - allegations;
  const status = busy
    ? 'Loading…'
    : `${actorsDrawn} ${actorsDrawn === 1 ? 'actor' : 'actors'}${allegations ? ` and ${allegations} allegations` : ''}, ${view.edges.length} ${
        view.edges.length === 1 ? 'tie' : 'ties'
      } ${state.asOf ? `as of ${state.asOf}` : '(all dates)'}` +
      (view.hiddenByDate ? `; ${view.hiddenByDate} not in existence on that date` : '') +
      (view.hiddenByKind ? `; ${view.hiddenByKind} hidden by the kind filter` : '') +
      (view.truncated ? '; the server cut a subgraph short at its node limit' : '') +
      (state.all && overview.more ? `; the overview holds the first ${OVERVIEW_MAX} actors by name` : '');

  return (
    <div className="app">
      <a className="skip" href="#graph">
        Skip to the graph
      </a>
      <header className="top">
        <h1>
          actorgraph <span className="muted">explorer</span>
        </h1>
        <SearchBox
          inputId="search"
          label="Search actors"
          placeholder="Search actors: a name, an alias…"
          className="main-search"
          hideLabel
          onPick={pickActor}
          announce={announce}
        />
        <nav aria-label="Other tools">
          <a href="/playground">GraphQL playground</a>
        </nav>
      </header>

      <main className="layout">
        <aside className="controls" aria-label="View controls">
          <section aria-labelledby="view-h" className="section">
            <h2 id="view-h">View</h2>
            <div className="actions">
              <button type="button" onClick={() => act({ type: 'clear' })}>
                Clear view
              </button>
              <button type="button" aria-pressed={state.all} onClick={() => { pendingFocus.current = { kind: 'fit' }; act({ type: 'overview', on: !state.all }); }}>
                Whole graph
              </button>
              <button type="button" onClick={() => canvas.current.fit()}>
                Fit
              </button>
            </div>
          </section>
          <DateControl asOf={state.asOf} today={today} onChange={(asOf) => act({ type: 'asOf', asOf })} />
          <Filters state={state} view={view} act={act} />
          <PathFinder
            state={state}
            ends={pathEnds}
            setEnds={setPathEnds}
            result={paths}
            onFind={findPath}
            onClear={() => act({ type: 'clearPath' })}
            onChoose={(i) => act({ type: 'pathIndex', index: i })}
            announce={announce}
          />
          <Section id="export" title="Export the view">
            <div className="actions">
              <button type="button" onClick={exportPNG} disabled={view.nodes.length === 0}>
                PNG image
              </button>
              <button type="button" onClick={exportGraphML} disabled={view.nodes.length === 0}>
                GraphML
              </button>
            </div>
            <ServerExports state={state} />
          </Section>
          <Legend />
          <Settings />
        </aside>

        <section className="graph-pane" aria-labelledby="graph-h">
          <h2 id="graph-h" className="sr-only">
            Network
          </h2>
          <div className="toolbar" role="toolbar" aria-label="Zoom">
            <button type="button" onClick={() => canvas.current.zoomBy(1.25)} aria-label="Zoom in">
              +
            </button>
            <button type="button" onClick={() => canvas.current.zoomBy(0.8)} aria-label="Zoom out">
              −
            </button>
            <button type="button" onClick={() => canvas.current.fit()}>
              Fit
            </button>
          </div>
          <div
            id="graph"
            ref={graphEl}
            className="graph"
            tabIndex={0}
            role="group"
            aria-roledescription="network graph"
            aria-label={`Network: ${status}`}
            aria-describedby="graph-keys"
            data-nodes={view.nodes.length}
            data-edges={view.edges.length}
          />
          <p id="graph-keys" className="keys">
            Keys on the graph: arrows move between actors, Enter expands, Space adds to the selection, Esc clears it, + − zoom, 0 fits.
            Mouse: click selects, Shift-click adds, double-click expands.
          </p>
          <p className="status" role="status" id="status">
            {status}
          </p>
          {error && (
            <p className="error" role="alert">
              {error.message}
            </p>
          )}
        </section>

        <aside className="details" aria-label="Details">
          <div className="panel">
            <Details
              selected={selected}
              state={state}
              nodeById={nodeById}
              edgeById={edgeById}
              onActor={(a) => pickActor(a)}
              onExpand={expand}
              onCollapse={(id) => act({ type: 'collapse', id })}
              onHide={(id) => act({ type: 'hide', id })}
              onPathEnd={(end, a) => setPathEnds((p) => ({ ...p, [end]: { id: a.id, name: a.name } }))}
            />
          </div>
          <InView view={view} sel={state.sel} act={act} canvas={canvas} announce={announce} />
        </aside>
      </main>
      <div className="sr-only" aria-live="polite" aria-atomic="true" id="announce">
        {announcement}
      </div>
    </div>
  );
}

function Details({ selected, state, nodeById, edgeById, onActor, onExpand, onCollapse, onHide, onPathEnd }) {
  const [stack, setStack] = useState([]);
  useEffect(() => setStack([]), [selected]);
  if (stack.length) {
    const top = stack[stack.length - 1];
    return (
      <>
        <button type="button" className="back" onClick={() => setStack(stack.slice(0, -1))}>
          ← Back
        </button>
        <AllegationDetails id={top} onActor={onActor} />
      </>
    );
  }
  if (!selected) {
    return (
      <div className="hint">
        <h2>Details</h2>
        <p>Select an actor or a tie to see its details, allegations, status history and sources.</p>
        <p>
          Search above, click a node (Shift-click adds to the selection), double-click to expand its neighbours, or focus the graph and
          use the arrow keys.
        </p>
      </div>
    );
  }
  const node = nodeById.get(selected);
  const edge = edgeById.get(selected);
  const openAllegation = (id) => setStack([...stack, id]);
  if (edge) {
    if (edge.type === ACCUSES) {
      const heading = `${nodeById.get(edge.source)?.label || edge.source} accuses ${nodeById.get(edge.target)?.label || edge.target}`;
      return <AllegationDetails id={edge.allegation} heading={heading} onActor={onActor} />;
    }
    if (REL_TYPES.includes(edge.type)) return <RelationshipDetails id={edge.id} onActor={onActor} />;
    const al = pathAllegation(edge, (id) => !!nodeById.get(id)?.allegation);
    if (al) return <AllegationDetails id={al} heading={`Path hop: ${typeLabel(edge.type)}`} onActor={onActor} />;
  }
  if (node?.allegation) return <AllegationDetails id={node.id} onActor={onActor} />;
  if (selected.includes('/')) return <p className="muted">This tie is not in the view.</p>;
  return (
    <ActorDetails
      id={selected}
      asOf={state.asOf}
      inView={!!node && (state.show.includes(selected) || state.expand.includes(selected))}
      expanded={state.expand.includes(selected)}
      onActor={onActor}
      onAllegation={openAllegation}
      onExpand={onExpand}
      onCollapse={onCollapse}
      onHide={onHide}
      onPathEnd={onPathEnd}
    />
  );
}

// DateControl: a slider from 1960 to today, a day a step, and one step past today for "all
// dates"; PageUp/PageDown move a month, Shift with them a year. A date field beside it takes
// an exact date.
function DateControl({ asOf, today, onChange }) {
  const max = sliderMax(today);
  const [value, setValue] = useState(sliderValue(asOf, today));
  const timer = useRef(null);
  useEffect(() => setValue(sliderValue(asOf, today)), [asOf, today]);
  const shown = sliderDate(value, today);
  function commit(v, now) {
    setValue(v);
    clearTimeout(timer.current);
    const date = sliderDate(v, today);
    if (now) onChange(date);
    else timer.current = setTimeout(() => onChange(date), 160);
  }
  function onKeyDown(e) {
    if (e.key !== 'PageUp' && e.key !== 'PageDown') return;
    e.preventDefault();
    const base = shown || today;
    const months = (e.key === 'PageUp' ? 1 : -1) * (e.shiftKey ? 12 : 1);
    const next = addMonths(base, months);
    commit(next > today ? max : sliderValue(next, today), true);
  }
  return (
    <section aria-labelledby="date-h" className="section">
      <h2 id="date-h">Date</h2>
      <label htmlFor="as-of-slider">Show the graph as of</label>
      <input
        id="as-of-slider"
        type="range"
        min="0"
        max={max}
        step="1"
        value={value}
        aria-valuetext={shown ? shown : 'all dates'}
        onChange={(e) => commit(Number(e.target.value), false)}
        onKeyDown={onKeyDown}
      />
      <div className="date-row">
        <output htmlFor="as-of-slider" className="date-out" id="as-of-output">
          {shown ? shown : 'All dates'}
        </output>
        <label htmlFor="as-of-date" className="sr-only">
          Exact date
        </label>
        <input
          id="as-of-date"
          type="date"
          min={SLIDER_START}
          max={today}
          value={shown || ''}
          onChange={(e) => {
            if (isDate(e.target.value)) commit(sliderValue(e.target.value, today), true);
          }}
        />
        <button type="button" onClick={() => commit(max, true)} disabled={!shown}>
          All dates
        </button>
      </div>
      <p className="muted small">{shown ? 'Ties that held on this date; actors founded by then.' : 'Every recorded tie; dotted ones have ended.'}</p>
    </section>
  );
}

function Filters({ state, view, act }) {
  const kinds = state.kinds || KINDS;
  const types = state.types || EDGE_TYPES;
  const countKinds = useMemo(() => {
    const c = {};
    for (const n of view.nodes) c[n.kind] = (c[n.kind] || 0) + 1;
    return c;
  }, [view]);
  const countTypes = useMemo(() => {
    const c = {};
    for (const e of view.edges) c[e.type] = (c[e.type] || 0) + 1;
    return c;
  }, [view]);
  const toggle = (list, all, v) => (list.includes(v) ? list.filter((x) => x !== v) : all.filter((x) => list.includes(x) || x === v));
  return (
    <Section id="filters" title="Filters and legend">
      <fieldset>
        <legend>Actor kinds</legend>
        <ul className="checks">
          {KINDS.map((k) => (
            <li key={k}>
              <label>
                <input type="checkbox" name="kind" value={k} checked={kinds.includes(k)} onChange={() => act({ type: 'kinds', kinds: toggle(kinds, KINDS, k) })} />
                <Shape kind={k} /> {kindLabel(k)} <span className="count">{countKinds[k] || 0}</span>
              </label>
            </li>
          ))}
        </ul>
        <div className="actions small">
          <button type="button" onClick={() => act({ type: 'kinds', kinds: null })}>
            All kinds
          </button>
        </div>
      </fieldset>
      <fieldset>
        <legend>Ties</legend>
        <ul className="checks">
          {EDGE_TYPES.map((t) => (
            <li key={t}>
              <label>
                <input type="checkbox" name="type" value={t} checked={types.includes(t)} onChange={() => act({ type: 'types', types: toggle(types, EDGE_TYPES, t) })} />
                <Line type={t} /> {typeLabel(t)}
                {t === ACCUSES ? ' (allegations)' : ''} <span className="count">{countTypes[t] || 0}</span>
              </label>
            </li>
          ))}
        </ul>
        <div className="actions small">
          <button type="button" onClick={() => act({ type: 'types', types: null })}>
            All ties
          </button>
        </div>
      </fieldset>
    </Section>
  );
}

function Legend() {
  return (
    <Section id="marks" title="Marks">
      <ul className="legend">
        <li>
          <span className="mark mark-expanded" aria-hidden="true" /> thick black border: neighbours expanded
        </li>
        <li>
          <span className="mark mark-selected" aria-hidden="true" /> blue halo: selected
        </li>
        <li>
          <span className="mark mark-path" aria-hidden="true" /> amber halo: on the path found
        </li>
        <li>
          <span className="mark mark-focus" aria-hidden="true" /> outer black ring: keyboard focus on the graph
        </li>
        <li>
          <Line type="PART_OF" dotted /> dotted, pale: a tie that has ended
        </li>
        <li>
          <Shape kind="ALLEGATION" /> {KIND_STYLE.ALLEGATION.label}
        </li>
        <li>Size grows with the number of ties in view.</li>
      </ul>
    </Section>
  );
}

function PathFinder({ state, ends, setEnds, result, onFind, onClear, onChoose }) {
  const [via, setVia] = useState(state.via);
  useEffect(() => setVia(state.via), [state.via]);
  const same = ends.from && ends.to && ends.from.id === ends.to.id;
  return (
    <Section id="path" title="Path finder">
      <p className="muted small">Select two actors (Shift-click or Space) or choose them here.</p>
      <SearchBox label="From" placeholder="an actor" inputId="path-from" chosen={ends.from} onPick={(a) => setEnds((p) => ({ ...p, from: { id: a.id, name: a.name } }))} />
      <SearchBox label="To" placeholder="another actor" inputId="path-to" chosen={ends.to} onPick={(a) => setEnds((p) => ({ ...p, to: { id: a.id, name: a.name } }))} />
      <label className="inline">
        <input type="checkbox" checked={via} onChange={(e) => setVia(e.target.checked)} /> through allegations (accuser → allegation → accused, court)
      </label>
      <div className="actions">
        <button type="button" className="primary" id="find-path" disabled={!ends.from || !ends.to || same} onClick={() => onFind(via)}>
          Find path
        </button>
        <button type="button" onClick={onClear} disabled={!state.from}>
          Clear path
        </button>
      </div>
      {result.loading && <p className="muted">Looking for paths…</p>}
      {result.error && (
        <p className="error" role="alert">
          {result.error.message}
        </p>
      )}
      {result.paths && result.paths.length === 0 && <p id="path-none">No path of at most 6 hops{state.asOf ? ` on ${state.asOf}` : ''}.</p>}
      {result.paths && result.paths.length > 0 && (
        <fieldset className="paths" id="path-results">
          <legend>
            {result.paths.length} {result.paths.length === 1 ? 'path' : 'paths'}, shortest first
          </legend>
          {result.paths.map((p, i) => (
            <label key={i} className="path-option">
              <input type="radio" name="path" checked={state.path === i} onChange={() => onChoose(i)} />
              <span>
                <strong>{p.length} hops:</strong>{' '}
                {p.nodes.map((n, j) => (
                  <React.Fragment key={j}>
                    {j > 0 && <span className="muted"> → {typeLabel(p.edges[j - 1].type)} → </span>}
                    <span className="path-node">{n.label}</span>
                  </React.Fragment>
                ))}
              </span>
            </label>
          ))}
        </fieldset>
      )}
    </Section>
  );
}

// ServerExports links to the server's /export of the same neighbourhoods, when the view is
// made of named actors only (the overview has no such form).
function ServerExports({ state }) {
  const seeds = [...state.expand, ...state.show];
  if (state.all || seeds.length === 0 || seeds.length > SEEDS_PER_QUERY) return null;
  const p = new URLSearchParams();
  p.set('seeds', seeds.join(','));
  p.set('depth', '1');
  p.set('accusations', String(!state.types || state.types.includes(ACCUSES)));
  if (state.types) {
    const rel = state.types.filter((t) => t !== ACCUSES);
    if (rel.length) p.set('types', rel.join(','));
  }
  if (state.kinds) p.set('kinds', state.kinds.join(','));
  if (state.asOf) p.set('asOf', state.asOf);
  const q = p.toString();
  return (
    <p className="muted small">
      From the server, the neighbourhoods of the actors you added: <a href={`/export/graphml?${q}`}>GraphML</a> · <a href={`/export/gexf?${q}`}>GEXF</a> ·{' '}
      <a href={`/export/cytoscape?${q}`}>Cytoscape JSON</a>
    </p>
  );
}

function Settings() {
  const [value, setValue] = useState(token());
  const [saved, setSaved] = useState(false);
  return (
    <details className="section settings">
      <summary>
        <h2>Settings</h2>
      </summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setToken(value.trim());
          setSaved(true);
          window.location.reload();
        }}
      >
        <label htmlFor="token">Access token (only where reads need one; kept for this tab)</label>
        <input id="token" type="password" autoComplete="off" value={value} onChange={(e) => { setValue(e.target.value); setSaved(false); }} />
        <button type="submit">{saved ? 'Saved' : 'Save and reload'}</button>
      </form>
    </details>
  );
}

// InView lists what is drawn, as two listboxes (actors, ties): the keyboard's way to any
// element, and a text alternative to the canvas. Click or Enter selects; Ctrl/Shift-click
// or Space adds to the selection.
function InView({ view, sel, act, canvas, announce }) {
  const [tab, setTab] = useState('actors');
  const actors = useMemo(() => [...view.nodes].sort((a, b) => a.label.localeCompare(b.label)), [view]);
  const names = useMemo(() => new Map(view.nodes.map((n) => [n.id, n.label])), [view]);
  const ties = useMemo(
    () =>
      view.edges
        .map((e) => ({ ...e, text: `${names.get(e.source)} ${typeLabel(e.type)} ${names.get(e.target)}` }))
        .sort((a, b) => a.text.localeCompare(b.text)),
    [view, names],
  );
  const items = tab === 'actors' ? actors : ties;
  return (
    <section className="in-view" aria-labelledby="in-view-h">
      <h2 id="in-view-h">In view</h2>
      <div role="tablist" aria-label="In view" className="tabs">
        <button type="button" role="tab" id="tab-actors" aria-selected={tab === 'actors'} aria-controls="in-view-list" onClick={() => setTab('actors')}>
          Actors ({actors.length})
        </button>
        <button type="button" role="tab" id="tab-ties" aria-selected={tab === 'ties'} aria-controls="in-view-list" onClick={() => setTab('ties')}>
          Ties ({ties.length})
        </button>
      </div>
      <ListBox
        id="in-view-list"
        label={tab === 'actors' ? 'Actors in view' : 'Ties in view'}
        labelledBy={tab === 'actors' ? 'tab-actors' : 'tab-ties'}
        items={items.slice(0, LIST_MAX)}
        sel={sel}
        render={(x) =>
          tab === 'actors' ? (
            <>
              <Shape kind={x.kind} /> {x.label}
              {x.expanded ? <span className="muted"> (expanded)</span> : null}
            </>
          ) : (
            <>
              <Line type={x.type} /> {x.text}
              {x.since || x.until ? <span className="muted"> ({[x.since && `since ${x.since}`, x.until && `until ${x.until}`].filter(Boolean).join(', ')})</span> : null}
            </>
          )
        }
        onSelect={(id, additive) => {
          act(additive ? { type: 'toggle', id } : { type: 'select', ids: [id] });
          canvas.current?.reveal(id);
        }}
        onExpand={(id) => canvas.current && tab === 'actors' && canvas.current.handlers.onExpand(id)}
        announce={announce}
      />
      {items.length > LIST_MAX && <p className="muted small">The first {LIST_MAX} of {items.length}; search to reach the others.</p>}
    </section>
  );
}

function ListBox({ id, label, labelledBy, items, sel, render, onSelect, onExpand }) {
  const [active, setActive] = useState(0);
  const ref = useRef(null);
  const selSet = new Set(sel);
  useEffect(() => {
    if (active >= items.length) setActive(Math.max(0, items.length - 1));
  }, [items.length, active]);
  function move(i) {
    const j = Math.max(0, Math.min(items.length - 1, i));
    setActive(j);
    ref.current?.querySelector(`[data-index="${j}"]`)?.scrollIntoView({ block: 'nearest' });
  }
  function onKeyDown(e) {
    if (!items.length) return;
    const item = items[active];
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        move(active + 1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        move(active - 1);
        break;
      case 'Home':
        e.preventDefault();
        move(0);
        break;
      case 'End':
        e.preventDefault();
        move(items.length - 1);
        break;
      case ' ':
        e.preventDefault();
        onSelect(item.id, true);
        break;
      case 'Enter':
        e.preventDefault();
        if (e.shiftKey) onExpand(item.id);
        else onSelect(item.id, false);
        break;
      default:
    }
  }
  const activeId = items[active] ? `${id}-${active}` : undefined;
  return (
    <ul
      id={id}
      ref={ref}
      role="listbox"
      aria-label={label}
      aria-labelledby={labelledBy}
      aria-multiselectable="true"
      aria-activedescendant={activeId}
      tabIndex={0}
      className="listbox"
      onKeyDown={onKeyDown}
    >
      {items.map((x, i) => (
        <li
          key={x.id}
          id={`${id}-${i}`}
          data-index={i}
          data-id={x.id}
          role="option"
          aria-selected={selSet.has(x.id)}
          className={i === active ? 'active' : ''}
          onClick={(e) => {
            setActive(i);
            onSelect(x.id, e.shiftKey || e.ctrlKey || e.metaKey);
          }}
        >
          {render(x)}
        </li>
      ))}
      {items.length === 0 && (
        <li role="option" aria-selected="false" aria-disabled="true" className="muted">
          Nothing in view.
        </li>
      )}
    </ul>
  );
}

createRoot(document.getElementById('explorer')).render(<App />);

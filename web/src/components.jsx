// Small React components of the explorer: the search combobox, shape and line swatches,
// and the lists of sources.
import React, { useEffect, useId, useRef, useState } from 'react';
import { gql, SEARCH } from './api.js';
import { edgeStyle, kindLabel, kindStyle, shapePath } from './styles.js';

export function Shape({ kind, size = 16 }) {
  const s = kindStyle(kind);
  return (
    <svg className="swatch" width={size} height={size} viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d={shapePath(s.shape)} fill={s.color} stroke="#ffffff" strokeWidth="1" />
    </svg>
  );
}

export function Line({ type, dotted = false }) {
  const s = edgeStyle(type);
  const line = dotted ? 'dotted' : s.line;
  const dash = line === 'dashed' ? '5 3' : line === 'dotted' ? '1.5 2.5' : undefined;
  return (
    <svg className="swatch line" width="30" height="12" viewBox="0 0 30 12" aria-hidden="true" focusable="false">
      <line x1="1" y1="6" x2={s.arrow === 'none' ? 29 : 22} y2="6" stroke={s.color} strokeWidth="2.5" strokeDasharray={dash} />
      {s.arrow !== 'none' && <path d="M21,1.5L29,6L21,10.5Z" fill={s.color} />}
    </svg>
  );
}

// A safe link to a source: only http(s) addresses become links, opened in a new tab.
export function safeURL(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

export function Sources({ sources, title = 'Sources' }) {
  if (!sources || sources.length === 0) return null;
  return (
    <section className="sources" aria-label={title}>
      <h4>{title}</h4>
      <ul>
        {sources.map((s) => (
          <li key={s.id}>
            <Source source={s} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Source({ source: s }) {
  const href = s.url ? safeURL(s.url) : null;
  const name = s.title || s.publisher || s.id;
  const grade = s.reliability || s.credibility ? `${s.reliability || '?'}${s.credibility || '?'}` : null;
  return (
    <>
      {href ? (
        <a href={href} target="_blank" rel="noopener noreferrer" className="source-link">
          {name}
          <span className="sr-only"> (opens the source in a new tab)</span>
        </a>
      ) : (
        <span>{name}</span>
      )}
      <span className="muted">
        {s.publisher && s.title ? ` · ${s.publisher}` : ''}
        {s.publishedAt ? ` · ${s.publishedAt}` : ''}
        {grade ? ` · graded ${grade}` : ''}
        {s.confidential ? ' · confidential' : ''}
      </span>
      {s.quote && <blockquote>{s.quote}</blockquote>}
    </>
  );
}

// SearchBox is a combobox over the API's full-text search (ARIA 1.2 combobox with a
// listbox popup). ↓/↑ move through the suggestions, Enter picks (Shift+Enter adds to the
// selection), Escape closes the list and then clears the box.
export function SearchBox({ label, placeholder, onPick, chosen, className = '', inputId, hideLabel = false, announce }) {
  const uid = useId();
  const id = inputId || `search-${uid}`;
  const listId = `${id}-list`;
  const [text, setText] = useState(chosen?.name || '');
  const [hits, setHits] = useState([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [message, setMessage] = useState('');
  const timer = useRef(null);
  const abort = useRef(null);

  useEffect(() => {
    setText(chosen?.name || '');
  }, [chosen?.id, chosen?.name]);

  useEffect(() => () => {
    clearTimeout(timer.current);
    abort.current?.abort();
  }, []);

  function query(value) {
    clearTimeout(timer.current);
    abort.current?.abort();
    if (value.trim().length < 2) {
      setHits([]);
      setOpen(false);
      setMessage('');
      return;
    }
    timer.current = setTimeout(async () => {
      const ctl = new AbortController();
      abort.current = ctl;
      try {
        const data = await gql(SEARCH, { text: value.trim(), first: 8 }, ctl.signal);
        const list = data.search.map((h) => h.actor);
        setHits(list);
        setActive(list.length ? 0 : -1);
        setOpen(true);
        const msg = list.length ? `${list.length} ${list.length === 1 ? 'suggestion' : 'suggestions'}; use the arrow keys to choose` : 'No actor matches';
        setMessage(msg);
        announce?.(msg);
      } catch (err) {
        if (err.name === 'AbortError') return;
        setHits([]);
        setOpen(true);
        setMessage(`Search failed: ${err.message}`);
        announce?.(`Search failed: ${err.message}`);
      }
    }, 180);
  }

  function pick(actor, additive) {
    setOpen(false);
    setHits([]);
    setActive(-1);
    onPick(actor, { additive });
    if (chosen === undefined) setText('');
    else setText(actor.name);
  }

  function onKeyDown(e) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open && hits.length) setOpen(true);
      else if (hits.length) setActive((a) => (a + 1) % hits.length);
      else query(text);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (hits.length) setActive((a) => (a <= 0 ? hits.length - 1 : a - 1));
    } else if (e.key === 'Enter') {
      if (open && hits.length) {
        e.preventDefault();
        pick(hits[Math.max(active, 0)], e.shiftKey || e.ctrlKey || e.metaKey);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        setOpen(false);
      } else if (text) {
        e.preventDefault();
        setText('');
        setHits([]);
      }
    } else if (e.key === 'Tab') {
      setOpen(false);
    }
  }

  const expanded = open && (hits.length > 0 || !!message);
  return (
    <div className={`combobox ${className}`}>
      <label htmlFor={id} className={hideLabel ? 'sr-only' : ''}>
        {label}
      </label>
      <input
        id={id}
        type="search"
        role="combobox"
        autoComplete="off"
        spellCheck="false"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 && hits[active] ? `${listId}-${active}` : undefined}
        placeholder={placeholder}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          query(e.target.value);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onFocus={() => {
          if (hits.length) setOpen(true);
        }}
      />
      <ul id={listId} role="listbox" aria-label={`${label}: suggestions`} className="suggestions" hidden={!expanded}>
        {hits.map((a, i) => (
          <li
            key={a.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : ''}
            data-id={a.id}
            onMouseDown={(e) => e.preventDefault()}
            onClick={(e) => pick(a, e.shiftKey || e.ctrlKey || e.metaKey)}
            onMouseEnter={() => setActive(i)}
          >
            <Shape kind={a.kind} />
            <span className="name">{a.name}</span>
            <span className="muted">
              {' '}
              {kindLabel(a.kind)}
              {a.country ? ` · ${a.country}` : ''}
            </span>
          </li>
        ))}
        {hits.length === 0 && message && (
          <li role="option" aria-disabled="true" aria-selected="false" className="muted empty">
            {message}
          </li>
        )}
      </ul>
    </div>
  );
}

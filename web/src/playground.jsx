// The actorgraph GraphQL playground: GraphiQL talking to /graphql on the same origin, with one
// tab per example from /playground/examples.json. Bundled by build.mjs; served by the Go
// package in this folder under a CSP that allows no inline script, no eval and no other host.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { parse, print } from 'graphql';
import 'graphiql/graphiql.css';
import './playground.css';

const GRAPHQL_URL = '/graphql';
const EXAMPLES_URL = '/playground/examples.json';

// fetcher posts one operation as JSON. A body that is not JSON (a proxy's error page, a plain
// 401) becomes a GraphQL error, so that GraphiQL shows it in the result pane.
//
// GraphiQL 3 can keep the operation name of the tab it left when a tab is switched; a
// document that holds one operation needs no name, so a stale one is dropped rather than
// sent (the server would answer "operation ... not found").
async function fetcher(params, opts) {
  if (params && params.operationName && singleOperation(params.query)) {
    params = { ...params, operationName: undefined };
  }
  const response = await fetch(GRAPHQL_URL, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      Accept: 'application/graphql-response+json, application/json',
      'Content-Type': 'application/json',
      ...(opts && opts.headers),
    },
    body: JSON.stringify(params),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return {
      errors: [{ message: `HTTP ${response.status} ${response.statusText}: ${text.slice(0, 500)}` }],
    };
  }
}

function singleOperation(query) {
  try {
    return parse(query).definitions.filter((d) => d.kind === 'OperationDefinition').length === 1;
  } catch {
    return false;
  }
}

// loadExamples returns the examples as GraphiQL tab definitions, or null when they cannot be
// had: the playground then opens on one empty tab, without a word on the console.
async function loadExamples() {
  try {
    const response = await fetch(EXAMPLES_URL, { headers: { Accept: 'application/json' } });
    if (!response.ok) return null;
    const text = await response.text();
    const examples = JSON.parse(text);
    if (!Array.isArray(examples) || examples.length === 0) return null;
    const tabs = examples
      .filter((ex) => ex && typeof ex.query === 'string')
      .map((ex) => ({
        query: ex.name ? `# ${ex.name}\n${layout(ex.query)}\n` : `${layout(ex.query)}\n`,
        variables: typeof ex.variables === 'string' ? ex.variables : '',
        headers: '',
      }));
    return tabs.length ? { tabs, fingerprint: hash(text) } : null;
  } catch {
    return null;
  }
}

// layout spreads a one-line operation over lines; one written on several lines is kept as written, since
// printing would drop its comments.
function layout(query) {
  if (query.includes('\n')) return query;
  try {
    return print(parse(query));
  } catch {
    return query;
  }
}

// hash is a 32-bit FNV-1a of s, in base 36.
function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

// namespacedStorage is GraphiQL's localStorage with every key under a prefix that changes
// with the examples. GraphiQL prefers the tabs it stored over defaultTabs, so without it a
// returning visitor would never see examples added since the last visit; with it, edits are
// kept until the examples change. Headers (bearer tokens) are not persisted at all.
function namespacedStorage(fingerprint) {
  let ls;
  try {
    ls = window.localStorage;
    ls.getItem('actorgraph'); // throws where storage is disabled
  } catch {
    return null; // GraphiQL then keeps its state in memory only
  }
  const prefix = `actorgraph:${fingerprint}:`;
  const keys = () => {
    const out = [];
    for (let i = 0; i < ls.length; i++) {
      const k = ls.key(i);
      if (k && k.startsWith(prefix)) out.push(k);
    }
    return out;
  };
  return {
    getItem: (k) => ls.getItem(prefix + k),
    setItem: (k, v) => ls.setItem(prefix + k, v),
    removeItem: (k) => ls.removeItem(prefix + k),
    clear: () => keys().forEach((k) => ls.removeItem(k)),
    get length() {
      return keys().length;
    },
  };
}

const EMPTY_TABS = [{ query: '', variables: '', headers: '' }];

async function main() {
  const loaded = await loadExamples();
  const tabs = loaded ? loaded.tabs : EMPTY_TABS;
  const storage = namespacedStorage(loaded ? loaded.fingerprint : 'none');
  const root = createRoot(document.getElementById('playground'));
  root.render(
    <GraphiQL
      fetcher={fetcher}
      defaultTabs={tabs}
      storage={storage}
      isHeadersEditorEnabled={true}
      shouldPersistHeaders={false}
      defaultEditorToolsVisibility={tabs[0].variables ? 'variables' : true}
    />,
  );
}

main();

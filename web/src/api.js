// The explorer's only way to the data: actorgraph's public GraphQL API at /graphql on the
// same origin. Every query the explorer sends is in this file.

const GRAPHQL_URL = '/graphql';
const TOKEN_KEY = 'actorgraph.token';

// A bearer token, for servers where reads need one; kept for the browser session only.
export function token() {
  try {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  } catch {
    return '';
  }
}

export function setToken(t) {
  try {
    if (t) sessionStorage.setItem(TOKEN_KEY, t);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled: the token lasts as long as the page
  }
}

export class APIError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code || '';
  }
}

// gql runs one operation and returns its data, or throws an APIError with the first error's
// message and code.
export async function gql(query, variables = {}, signal) {
  const headers = {
    Accept: 'application/graphql-response+json, application/json',
    'Content-Type': 'application/json',
  };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  let response;
  try {
    response = await fetch(GRAPHQL_URL, {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new APIError('The server cannot be reached.', 'UNAVAILABLE');
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new APIError(`The server answered HTTP ${response.status} without JSON.`, 'INTERNAL');
  }
  if (body.errors && body.errors.length) {
    const e = body.errors[0];
    const code = e.extensions?.code || '';
    const msg = code === 'UNAUTHENTICATED' ? `${e.message} (set an access token under Settings)` : e.message;
    throw new APIError(msg, code);
  }
  if (!body.data) throw new APIError(`The server answered HTTP ${response.status} without data.`, 'INTERNAL');
  return body.data;
}

export const SEARCH = `query ExplorerSearch($text: String!, $first: Int) {
  search(text: $text, first: $first) { score actor { id name kind country aliases } }
}`;

// The overview: the first actors by name.
export const ACTOR_IDS = `query ExplorerActorIds($first: Int, $after: String) {
  actors(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } }
}`;

// The fields are few on purpose: one subgraph may hold 2000 nodes, and the server prices a
// query by its fields times its size.
export const SUBGRAPH = `query ExplorerSubgraph($seeds: [ID!]!, $types: [RelationshipType!], $kinds: [ActorKind!],
    $asOf: PartialDate, $accusations: Boolean, $limit: Int) {
  subgraph(seeds: $seeds, depth: 1, types: $types, kinds: $kinds, asOf: $asOf, accusations: $accusations, limit: $limit) {
    truncated
    nodes { id label kind country actor { founded dissolved } }
    edges { id source target type since until allegation { id } }
  }
}`;

export const PATHS = `query ExplorerPaths($from: ID!, $to: ID!, $types: [RelationshipType!], $asOf: PartialDate, $accusations: Boolean) {
  paths(from: $from, to: $to, k: 3, maxLength: 6, types: $types, asOf: $asOf, accusations: $accusations) {
    length
    nodes { id label type kind }
    edges { id source target type since until allegation { id } }
  }
}`;

const SOURCE = `fragment ExplorerSource on Source {
  id url title publisher publishedAt quote reliability credibility confidential
}`;

const ALLEGATION_SHORT = `fragment ExplorerAllegationShort on Allegation {
  id title status periodStart categories
  accusers { actor { id name } }
  accused { actor { id name } }
}`;

export const ACTOR = `query ExplorerActor($id: ID!, $asOf: PartialDate) {
  actor(id: $id) {
    id kind name aliases country description founded dissolved
    sources { ...ExplorerSource }
    relationships(asOf: $asOf, first: 100) {
      id type since until endAnnounced status role
      from { id name kind } to { id name kind }
    }
    allegationsFaced(first: 20) { totalCount nodes { ...ExplorerAllegationShort } }
    allegationsMade(first: 20) { totalCount nodes { ...ExplorerAllegationShort } }
  }
}
${SOURCE}
${ALLEGATION_SHORT}`;

export const ALLEGATION = `query ExplorerAllegation($id: ID!) {
  allegation(id: $id) {
    id title summary categories periodStart periodEnd places status
    statusHistory { status date note sources { ...ExplorerSource } }
    accusers { actor { id name kind } role date }
    accused { actor { id name kind } role }
    courts { court { id name kind } date reference }
    sources { ...ExplorerSource }
    disputes { id field note claims { value preferred sources { ...ExplorerSource } } }
  }
}
${SOURCE}`;

export const RELATIONSHIP = `query ExplorerRelationship($id: ID!) {
  relationship(id: $id) {
    id type since until endAnnounced status role note
    from { id name kind } to { id name kind }
    sources { ...ExplorerSource }
    disputes { id field note claims { value preferred sources { ...ExplorerSource } } }
  }
}
${SOURCE}`;

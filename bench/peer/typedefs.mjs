// The peer's type definitions: the labels, relationship types and properties that actorgraph
// writes (store/load.go), mapped with the Neo4j GraphQL Library 7's directives.
//
// - One node type Actor (label Actor) carries the relationships; each kind label also has a
//   type of its own (State: labels State and Actor, ...) for lists filtered by kind.
// - Each of the nine relationship types between actors is two fields, one per direction
//   (memberOfOut, memberOfIn, ...), with the relationship's properties (ActorRel).
// - Full-text search uses actorgraph's index actor_search (@fulltext; the library checks the
//   fields it names against String fields, so aliases, a list, is left out of that list, though
//   the index covers it).
// - The subgraph and the shortest path have no generated form: they are @cypher fields that run
//   the same statements as the floor (../cypher/*.cypher).
import { readFileSync } from "node:fs";

const cypher = (name) =>
  readFileSync(new URL(`../cypher/${name}.cypher`, import.meta.url), "utf8")
    .split("\n")
    .filter((l) => !l.startsWith("//"))
    .join("\n");
const relTypes = ["MEMBER_OF", "ALLIED_WITH", "GOVERNS", "LEADS", "PART_OF", "OPERATES_IN", "SUCCEEDED", "CONTROLLED_BY", "INVESTIGATES"];
const camel = (t) => t.toLowerCase().replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const relFields = relTypes
  .flatMap((t) => [
    `  ${camel(t)}Out: [Actor!]! @relationship(type: "${t}", direction: OUT, properties: "ActorRel")`,
    `  ${camel(t)}In: [Actor!]! @relationship(type: "${t}", direction: IN, properties: "ActorRel")`,
  ])
  .join("\n");
const kinds = ["State", "Junta", "ArmedForce", "ArmedGroup", "Paramilitary", "NGO", "Court", "Organization", "Person"];
const actorScalars = `  id: ID!
  name: String!
  aliases: [String!]
  country: String
  description: String
  founded: String
  dissolved: String`;

export const typeDefs = /* GraphQL */ `
type Source @node {
  id: ID!
  url: String
  title: String
  publisher: String
  publishedAt: String
  reliability: String
  credibility: Int
  confidential: Boolean
}

type ActorRel @relationshipProperties {
  id: ID!
  since: String
  until: String
  endAnnounced: String
  status: String
  role: String
  note: String
  sources: [String!]
}

type Made @relationshipProperties {
  role: String
  date: String
}

type Against @relationshipProperties {
  role: String
}

type Lodged @relationshipProperties {
  date: String
  reference: String
}

type Actor @node(labels: ["Actor"]) @fulltext(indexes: [{ indexName: "actor_search", queryName: "actorSearch", fields: ["name", "description"] }]) {
${actorScalars}
  kind: String @cypher(statement: "RETURN [l IN labels(this) WHERE l <> 'Actor'][0] AS kind", columnName: "kind")
  sources: [Source!]! @relationship(type: "SUPPORTED_BY", direction: OUT)
${relFields}
  allegationsFaced: [Allegation!]! @relationship(type: "AGAINST", direction: IN, properties: "Against")
  allegationsMade: [Allegation!]! @relationship(type: "MADE", direction: OUT, properties: "Made")
}

${kinds.map((k) => `type ${k} @node(labels: ["${k}", "Actor"]) {\n${actorScalars}\n}`).join("\n\n")}

type StatusChange @node {
  id: ID!
  status: String!
  date: String
  note: String
  seq: Int
  sources: [Source!]! @relationship(type: "SUPPORTED_BY", direction: OUT)
}

type Allegation @node {
  id: ID!
  title: String!
  summary: String
  categories: [String!]
  periodStart: String
  periodEnd: String
  places: [String!]
  status: String!
  accusers: [Actor!]! @relationship(type: "MADE", direction: IN, properties: "Made")
  accused: [Actor!]! @relationship(type: "AGAINST", direction: OUT, properties: "Against")
  courts: [Actor!]! @relationship(type: "LODGED_WITH", direction: OUT, properties: "Lodged")
  sources: [Source!]! @relationship(type: "SUPPORTED_BY", direction: OUT)
  statusHistory: [StatusChange!]! @relationship(type: "HAS_STATUS", direction: OUT)
}

type GraphNode {
  id: ID!
  label: String
  kind: String
}

type GraphEdge {
  id: ID!
  type: String!
  source: ID!
  target: ID!
}

type Subgraph {
  truncated: Boolean!
  nodes: [GraphNode!]!
  edges: [GraphEdge!]!
}

type Path {
  length: Int!
  nodes: [GraphNode!]!
  edges: [GraphEdge!]!
}

type Query {
  subgraph(seed: ID!, limit: Int! = 200): Subgraph
    @cypher(statement: """${cypher("subgraph")}""", columnName: "result")
  shortestPath(from: ID!, to: ID!): Path
    @cypher(statement: """${cypher("path")}""", columnName: "result")
}
`;

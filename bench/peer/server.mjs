// The peer of actorgraph's benchmark: the Neo4j GraphQL Library (@neo4j/graphql 7) served by
// Apollo Server, over the same Neo4j and the same graph (type definitions in typedefs.mjs).
// Authentication is off: the library generates no authorization for these types.
//
//   node server.mjs   PEER_ADDR (127.0.0.1:18091), NEO4J_URI (bolt://127.0.0.1:7687),
//                     NEO4J_USER / NEO4J_PASSWORD (none: no authentication)
//
// DEBUG=@neo4j/graphql:* logs the Cypher each request runs.
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";
import { typeDefs } from "./typedefs.mjs";

const [host, port] = (process.env.PEER_ADDR || "127.0.0.1:18091").split(":");
const uri = process.env.NEO4J_URI || "bolt://127.0.0.1:7687";
const auth = process.env.NEO4J_USER ? neo4j.auth.basic(process.env.NEO4J_USER, process.env.NEO4J_PASSWORD || "") : undefined;
const driver = neo4j.driver(uri, auth, { maxConnectionPoolSize: 100 });

const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
const server = new ApolloServer({ schema: await neoSchema.getSchema() });
const { url } = await startStandaloneServer(server, { listen: { host, port: Number(port) } });
console.log(`peer: @neo4j/graphql serving at ${url} (Neo4j ${uri})`);

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    await server.stop();
    await driver.close();
    process.exit(0);
  });
}

// The graphql-http audit (GraphQL over HTTP conformance) against a running actorgraph.
// Usage: ACTORGRAPH_URL=http://127.0.0.1:18080 node audit.mjs
// It fails (exit 1) on any error and on any warning, listing each with its audit's name.
import { auditServer } from 'graphql-http';

const base = process.env.ACTORGRAPH_URL ?? 'http://127.0.0.1:18080';
const results = await auditServer({ url: `${base}/graphql` });

let bad = 0;
for (const r of results) {
  if (r.status === 'ok') continue;
  bad++;
  let detail = '';
  if (r.response) {
    const body = await r.response.text().catch(() => '');
    detail = ` (HTTP ${r.response.status} ${r.response.headers.get('content-type') ?? ''}: ${body.slice(0, 200)})`;
  }
  console.log(`${r.status.toUpperCase()} ${r.id} ${r.name}: ${r.reason}${detail}`);
}
const ok = results.length - bad;
console.log(`graphql-http audit: ${ok} of ${results.length} passed, ${bad} errors or warnings`);
process.exit(bad === 0 ? 0 : 1);

// Builds the playground and explorer bundles into dist/, which the Go package embeds:
//
//   dist/playground.js    src/playground.jsx with React, GraphiQL and graphql, minified
//   dist/playground.css   GraphiQL's CSS and ours (its fonts are inlined as data: URIs)
//   dist/playground.html  a copy of src/playground.html
//   dist/explorer.js      src/explorer.jsx with React, Cytoscape.js and fCoSE, minified
//   dist/explorer.css     src/explorer.css
//   dist/explorer.html    a copy of src/explorer.html
//
// Any other font or image that the CSS references is emitted as dist/NAME-HASH.EXT and
// referenced relatively, so that nothing is fetched from another host. Run: node build.mjs
import * as esbuild from 'esbuild';
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');

// Empty dist/ but keep the committed .gitkeep.
await mkdir(dist, { recursive: true });
for (const name of await readdir(dist)) {
  if (name !== '.gitkeep') await rm(join(dist, name), { recursive: true, force: true });
}

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { playground: 'src/playground.jsx', explorer: 'src/explorer.jsx' },
  outdir: dist,
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  loader: {
    '.woff': 'file',
    '.woff2': 'file',
    '.ttf': 'file',
    '.otf': 'file',
    '.eot': 'file',
    '.svg': 'file',
    '.png': 'file',
    '.gif': 'file',
    '.jpg': 'file',
  },
  assetNames: '[name]-[hash]',
  legalComments: 'eof', // keeps the licences of the bundled packages in the bundle
  charset: 'utf8',
  logLevel: 'warning',
  metafile: true,
});

if (result.errors.length > 0) process.exit(1);

for (const page of ['playground.html', 'explorer.html']) {
  await copyFile(join(here, 'src', page), join(dist, page));
}

for (const required of ['playground.js', 'playground.css', 'playground.html', 'explorer.js', 'explorer.css', 'explorer.html']) {
  await stat(join(dist, required)); // throws if esbuild named something differently
}
for (const name of (await readdir(dist)).sort()) {
  if (name === '.gitkeep') continue;
  const { size } = await stat(join(dist, name));
  console.log(`dist/${name.padEnd(24)} ${(size / 1024).toFixed(1).padStart(8)} KiB`);
}

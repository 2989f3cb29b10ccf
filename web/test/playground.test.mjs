// Real-browser test of the playground against a running actorgraph server.
//
//   ACTORGRAPH_URL=http://127.0.0.1:8080 node --test web/test/
//
// It uses Debian's Chromium (apt-get install chromium), never a downloaded browser. It fails
// when ACTORGRAPH_URL is unset, on any console error or uncaught page error, and on any
// request to a host other than the server's. The screenshot goes to $SCREENSHOT_DIR
// (default web/test/screenshots/)/playground.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOT_DIR, TIMEOUT, assertClean, origin, useBrowser } from '../testkit/browser.mjs';

// The variables or headers editor, whichever is shown.
const TOOL_EDITOR = '.graphiql-editor-tool .graphiql-editor:not(.hidden)';

const openPage = useBrowser();

// editorValue returns the text of the CodeMirror editor inside the element matching selector.
function editorValue(page, selector) {
  return page.evaluate(
    (sel) => document.querySelector(`${sel} .CodeMirror`)?.CodeMirror?.getValue() ?? null,
    selector,
  );
}

async function openPlayground(page) {
  const response = await page.goto(new URL('/playground', origin).href);
  assert.equal(response.status(), 200, 'GET /playground');
  await page.locator('.graphiql-query-editor .CodeMirror').waitFor({ state: 'visible' });
  await page.locator('.graphiql-execute-button').waitFor({ state: 'visible' });
}

// runActiveTab clicks the execute button and returns the parsed JSON of the result pane.
async function runActiveTab(page) {
  await page.evaluate(() => document.querySelector('.graphiql-response .CodeMirror').CodeMirror.setValue(''));
  await page.locator('.graphiql-execute-button').click();
  const handle = await page.waitForFunction(
    () => {
      const text = document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue();
      return text && text.trim().startsWith('{') ? text : null;
    },
    null,
    { timeout: TIMEOUT },
  );
  const text = await handle.jsonValue();
  try {
    return JSON.parse(text);
  } catch {
    assert.fail(`the result pane does not hold JSON: ${text.slice(0, 300)}`);
  }
}

function squeeze(s) {
  return s.replace(/[\s,]+/g, '');
}

async function tabTitles(page) {
  return page.locator('.graphiql-tab .graphiql-tab-button').allInnerTexts();
}

test('the playground opens one tab per example, and each example runs without errors', async () => {
  const examplesResponse = await fetch(new URL('/playground/examples.json', origin));
  assert.equal(examplesResponse.status, 200, 'GET /playground/examples.json');
  const examples = await examplesResponse.json();
  assert.ok(Array.isArray(examples) && examples.length >= 1, 'examples.json is a non-empty array');

  const { context, page, problems } = await openPage();
  try {
    await openPlayground(page);
    assert.equal(await page.title(), 'actorgraph — GraphQL playground');

    // GraphiQL draws no tab bar for a single tab; with several, one tab each.
    const titles = await tabTitles(page);
    assert.equal(titles.length, examples.length > 1 ? examples.length : 0, `tabs: ${titles}`);
    if (examples.length > 1) {
      const active = page.locator('.graphiql-tab').first();
      assert.match((await active.getAttribute('class')) ?? '', /graphiql-tab-active/);
    }

    for (const [i, example] of examples.entries()) {
      if (i > 0) {
        await page.locator('.graphiql-tab .graphiql-tab-button').nth(i).click();
      }
      const query = await editorValue(page, '.graphiql-query-editor');
      // The playground may lay a one-line query out over several lines.
      assert.ok(squeeze(query).includes(squeeze(example.query)), `tab ${i} holds the query of "${example.name}"`);
      assert.ok(query.startsWith(`# ${example.name}`), `tab ${i} starts with its title comment`);

      const result = await runActiveTab(page);
      assert.ok(result.data && typeof result.data === 'object', `"${example.name}" returned data: ${JSON.stringify(result).slice(0, 300)}`);
      assert.equal(result.errors, undefined, `"${example.name}" returned errors: ${JSON.stringify(result.errors)}`);

      if (i === 0) {
        await page.screenshot({ path: join(SCREENSHOT_DIR, 'playground.png') });
      }
    }
    assertClean(problems);
  } finally {
    await context.close();
  }
});

test('several examples become several tabs, and headers reach the server', async () => {
  const examples = [
    { name: 'First tab', query: 'query TabOne { __typename }', variables: '' },
    {
      name: 'Second tab',
      query: 'query TabTwo($show: Boolean!) { __typename @include(if: $show) }',
      variables: '{\n  "show": true\n}',
    },
    { name: 'Third tab', query: 'query TabThree { __typename }', variables: '' },
  ];
  const { context, page, problems } = await openPage();
  const authorizations = [];
  try {
    await page.route('**/playground/examples.json', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(examples) }),
    );
    // A made-up token might be refused by the real server, so the request that carries it is
    // answered here: what is checked is that the headers editor reaches the fetch.
    await page.route('**/graphql', (route) => {
      const auth = route.request().headers().authorization;
      if (!auth) return route.fallback();
      authorizations.push(auth);
      return route.fulfill({ status: 200, contentType: 'application/json', body: '{"data":{"__typename":"Query"}}' });
    });
    await openPlayground(page);

    assert.deepEqual(await tabTitles(page), ['TabOne', 'TabTwo', 'TabThree']);
    assert.match((await page.locator('.graphiql-tab').first().getAttribute('class')) ?? '', /graphiql-tab-active/);
    assert.ok((await editorValue(page, '.graphiql-query-editor')).includes('query TabOne'));

    await page.locator('.graphiql-tab .graphiql-tab-button').nth(1).click();
    assert.ok((await editorValue(page, '.graphiql-query-editor')).startsWith('# Second tab\nquery TabTwo'));
    await page.locator('[data-name="variables"]').click();
    assert.equal(await editorValue(page, TOOL_EDITOR), examples[1].variables);
    const plain = await runActiveTab(page);
    assert.deepEqual(plain.data, { __typename: 'Query' });

    await page.locator('[data-name="headers"]').click();
    await page.evaluate(
      (sel) =>
        document
          .querySelector(`${sel} .CodeMirror`)
          .CodeMirror.setValue('{"Authorization": "Bearer playground-test"}'),
      TOOL_EDITOR,
    );
    const withHeaders = await runActiveTab(page);
    assert.deepEqual(withHeaders.data, { __typename: 'Query' });
    assert.deepEqual(authorizations, ['Bearer playground-test']);
    assertClean(problems);
  } finally {
    await context.close();
  }
});

test('without examples the playground opens on an empty editor, with no console error', async () => {
  const { context, page, problems } = await openPage();
  try {
    await page.route('**/playground/examples.json', (route) =>
      route.fulfill({ status: 500, contentType: 'text/plain', body: 'broken on purpose' }),
    );
    await openPlayground(page);
    assert.equal(await editorValue(page, '.graphiql-query-editor'), '');
    assert.deepEqual(await tabTitles(page), []);
    // Chromium itself reports the failed load; the page's own code must say nothing.
    assertClean(problems, {
      ignoreConsole: (e) =>
        e.url.endsWith('/playground/examples.json') && e.text.startsWith('Failed to load resource'),
    });
  } finally {
    await context.close();
  }
});

// The set-up the real-browser tests (test/*.test.mjs) share: Debian's Chromium driven by
// playwright-core (never a downloaded browser), the server under test from ACTORGRAPH_URL,
// and pages that record every console error, uncaught page error and request to another
// host, so that a test can fail on any of them. It lives outside test/ because node --test
// runs every module under a test/ folder as a test file.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// TIMEOUT bounds every wait of a page.
export const TIMEOUT = 30_000;

// SCREENSHOT_DIR is where tests write screenshots ($SCREENSHOT_DIR, default web/test/screenshots).
export const SCREENSHOT_DIR = resolve(
  process.env.SCREENSHOT_DIR || join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'screenshots'),
);

// origin is the server under test; useBrowser's set-up fails when ACTORGRAPH_URL is unset.
export const origin = process.env.ACTORGRAPH_URL ? new URL(process.env.ACTORGRAPH_URL) : undefined;

// sameHost reports whether url is the server's (or needs no network: data:, blob:, about:).
export function sameHost(url) {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  return u.host === origin.host;
}

// assertClean fails on requests to other hosts, uncaught page errors and console errors
// (those ignoreConsole does not excuse).
export function assertClean(problems, { ignoreConsole = () => false } = {}) {
  assert.deepEqual(problems.foreign, [], 'requests to hosts other than the server');
  assert.deepEqual(problems.pageErrors, [], 'uncaught errors in the page');
  const errors = problems.consoleErrors.filter((e) => !ignoreConsole(e));
  assert.deepEqual(errors, [], 'console errors');
}

// useBrowser launches Chromium before the file's tests and closes it after them, and returns
// openPage: a page in a fresh context (fresh localStorage) that records problems for
// assertClean and refuses every request to another host.
export function useBrowser() {
  let browser;
  before(async () => {
    assert.ok(origin, 'ACTORGRAPH_URL must be set to the server, e.g. http://127.0.0.1:8080');
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  after(async () => {
    await browser?.close();
  });
  return async function openPage(viewport = { width: 1400, height: 900 }) {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const problems = { consoleErrors: [], pageErrors: [], foreign: [] };
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.consoleErrors.push({ text: msg.text(), url: msg.location().url });
    });
    page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
    page.on('request', (req) => {
      if (!sameHost(req.url())) problems.foreign.push(`${req.method()} ${req.url()}`);
    });
    await context.route('**/*', (route) =>
      sameHost(route.request().url()) ? route.fallback() : route.abort('blockedbyclient'),
    );
    return { context, page, problems };
  };
}

// browser.mjs: what the browser tests share (tests/browser/<page>.mjs, run by a C harness,
// tests/<page>_browser_test.c, over pipes).
//
// - Debian's chromium driven by playwright-core, loaded from $SF_BUILD_DIR/web-deps/node_modules
//   (deploy/npm-ci installs the pinned lock file of services/gateway/web there; no browser is
//   downloaded).
// - The harness protocol: stdout carries only protocol lines, one per line; logs go to stderr.
//   ask("restart-gateway") writes the line and waits for the harness's one-line answer on stdin;
//   tell("ok ...") writes a line and waits for nothing. The script ends with exit status 0 when
//   every check passed: check() throws a CheckFailed (catch it, take a screenshot, then fail()),
//   fail() prints "fail <why>" and exits 1.
// - Environment from the harness: SF_BUILD_DIR, SF_GATEWAY_URL (http://127.0.0.1:<port>),
//   SF_TEST_PASSWORD (the accounts' password), SF_BROWSER_TEST (the test's name: the folder of
//   its screenshots, $SF_BUILD_DIR/browser-shots/<test>/).
// - Pages' login forms follow one shape so loginPage() fills any of them:
//   <form data-login> with <input name="login">, <input name="password"> and a submit button.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const buildDir = process.env.SF_BUILD_DIR || '';
export const baseUrl = process.env.SF_GATEWAY_URL || 'http://127.0.0.1:8080';
export const password = process.env.SF_TEST_PASSWORD || '';
export const testName = process.env.SF_BROWSER_TEST || 'browser';

export function log (...parts) {
    process.stderr.write(`[${testName} ${new Date().toISOString().slice(11, 23)}] ${parts.join(' ')}\n`);
}

export function fail (why) {
    process.stdout.write(`fail ${why}\n`);
    log('FAIL', why);
    process.exit(1);
}

export class CheckFailed extends Error {}

export function check (condition, why) {
    if (!condition)
        throw new CheckFailed(why);
}

// The harness's answers, line by line, in order.
const answers = [];
const waiting = [];
let input = null;

function inputLines () {
    if (input)
        return;
    input = createInterface({ input: process.stdin });
    input.on('close', inputClosed);
    input.on('line', (line) => {
        const next = waiting.shift();
        if (next)
            next(line);
        else
            answers.push(line);
    });
}

// The harness closed stdin (no more questions): stop reading, so that the script can end.
function inputClosed () {
    input = null;
    for (const next of waiting.splice(0))
        next('closed');
}

export function tell (line) {
    process.stdout.write(`${line}\n`);
}

// Writes line for the harness and resolves with its answer (a line of text).
export function ask (line, timeoutMs = 60000) {
    inputLines();
    tell(line);
    if (answers.length)
        return Promise.resolve(answers.shift());
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer from the harness to "${line}"`)), timeoutMs);
        waiting.push((answer) => { clearTimeout(timer); resolve(answer); });
    });
}

export function sleep (ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

// Resolves when predicate() (may be async) is true, checking every stepMs; false after timeoutMs.
export async function until (predicate, timeoutMs, stepMs = 50) {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
        if (await predicate())
            return true;
        await sleep(stepMs);
    }
    return !!(await predicate());
}

function playwright () {
    check(buildDir, 'SF_BUILD_DIR is not set');
    const require = createRequire(join(buildDir, 'web-deps', 'node_modules', 'package.json'));
    return require('playwright-core');
}

// Launches chromium with one context and one page. viewport defaults to the wall screen's
// 1920x1080; a phone test passes { width: 390, height: 844 } and isMobile. The page's console
// errors, uncaught exceptions and refused loads (CSP) are kept in `errors`.
export async function launch ({ viewport = { width: 1920, height: 1080 }, isMobile = false, locale = 'zh-CN' } = {}) {
    const { chromium } = playwright();
    const browser = await chromium.launch({
        executablePath: process.env.SF_CHROMIUM || '/usr/bin/chromium',
        args: ['--no-sandbox', '--headless=new', '--js-flags=--expose-gc'],
    });
    const context = await browser.newContext({ viewport, isMobile, hasTouch: isMobile, locale, baseURL: baseUrl });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (message) => {
        if (message.type() === 'error')
            errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
    return { browser, context, page, errors, close: () => browser.close() };
}

// Signs in through the API in the context (the cookie sf_session lands in the context's jar,
// as after the page's own login). Returns the token.
export async function loginApi (context, login, secret = password) {
    const answer = await context.request.post('/api/v1/gateway.Gateway/Login', {
        data: { login, password: secret },
        headers: { 'Content-Type': 'application/json' },
    });
    check(answer.ok(), `login ${login} through the API answered ${answer.status()}`);
    const body = await answer.json();
    return body.token;
}

// Signs in through the page's login form (see the top of this file).
export async function loginPage (page, login, secret = password, timeoutMs = 10000) {
    const form = page.locator('form[data-login]');
    await form.waitFor({ state: 'visible', timeout: timeoutMs });
    await form.locator('input[name="login"]').fill(login);
    await form.locator('input[name="password"]').fill(secret);
    await form.locator('button[type="submit"], input[type="submit"]').first().click();
    await form.waitFor({ state: 'hidden', timeout: timeoutMs });
}

// A screenshot into $SF_BUILD_DIR/browser-shots/<test>/<name>.png; returns its path.
export async function shot (page, name) {
    const dir = join(buildDir || '.', 'browser-shots', testName);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${name}.png`);
    await page.screenshot({ path });
    log('screenshot', path);
    return path;
}

// The page's JavaScript heap in bytes after a full collection (CDP: HeapProfiler.collectGarbage,
// then Runtime.getHeapUsage); collected twice so weak references and finalizers settle.
export async function heapAfterGc (page) {
    const cdp = await page.context().newCDPSession(page);
    try {
        for (let i = 0; i < 3; i++) {
            await cdp.send('HeapProfiler.collectGarbage');
            await sleep(100);
        }
        const usage = await cdp.send('Runtime.getHeapUsage');
        return usage.usedSize;
    } finally {
        await cdp.detach();
    }
}

// The number of DOM nodes in the page (a bounded DOM stays flat).
export async function domNodes (page) {
    return page.evaluate(() => document.getElementsByTagName('*').length);
}

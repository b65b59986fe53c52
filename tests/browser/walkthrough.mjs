// walkthrough.mjs: issue 16's "done when", as a new user does it on a deploy/up stack
// (tests/screen_walkthrough_test.sh starts the stack): the plant's wall screen opened in a browser
// and signed in with the demo screen account; on a phone (a second context, 390x844) the field
// web signed in as a demo worker reports a hidden hazard with a photo (随手拍); the screen shows
// it (ticker and open hazards) with the photo's thumbnail, served to the screen's account.
// Screenshots: $SF_BUILD_DIR/browser-shots/walkthrough/. Logs on stderr, "ok ..." lines on stdout.
import { readFileSync } from 'node:fs';
import { check, CheckFailed, fail, launch, log, shot, tell, until } from './browser.mjs';

const photo = readFileSync(new URL('../fixtures/gateway_files_photo.jpg', import.meta.url));
const tag = `WALK-${process.pid}`;
const { browser, page: screen, errors, close } = await launch();
let phone = null;

async function openTotal () {
    const text = await screen.$eval('#hazards [data-figure="open_total"]', (element) => element.textContent);
    return Number(text);
}

async function signIn (page, login) {
    const form = page.locator('form[data-login]');
    await form.waitFor({ state: 'visible', timeout: 15000 });
    await form.locator('input[name="login"]').fill(login);
    await form.locator('input[name="password"]').fill(process.env.SF_TEST_PASSWORD);
    await form.locator('button[type="submit"], input[type="submit"]').first().click();
    await form.waitFor({ state: 'hidden', timeout: 15000 });
}

try {
    // 1. The wall screen of plant P01, as the demo's screen account.
    await screen.goto('/screen/?plant=P01');
    await signIn(screen, 'p01.screen');
    check(await until(async () => !Number.isNaN(await openTotal().catch(() => NaN)), 15000),
          'the open-hazards figure is not drawn');
    check(await until(async () => (await screen.$eval('body', (b) => b.dataset.live)) === 'live', 10000),
          'the screen does not follow the event stream');
    const before = await openTotal();
    await shot(screen, '01-screen');
    tell(`ok screen: open hazards ${before}`);

    // 2. The field web on a phone, as the demo worker: report with a photo.
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
                                               locale: 'zh-CN', baseURL: process.env.SF_GATEWAY_URL });
    phone = await context.newPage();
    phone.on('pageerror', (error) => errors.push(`phone: ${error.message}`));
    await phone.goto('/m/');
    await signIn(phone, 'p01.worker');
    await phone.click('#go-report');
    await phone.locator('#report-form').waitFor();
    await phone.setInputFiles('#report-form input[name="photos"]', { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo });
    check(await until(async () => (await phone.locator('#report-form .preview img').count()) === 1, 5000), 'the photo is not previewed');
    await phone.fill('#report-form textarea[name="description"]', `二号车间配电箱门未关闭 ${tag}`);
    await phone.fill('#report-form input[name="location"]', '二号车间东门');
    await phone.selectOption('#report-form select[name="factor"]', 'FACTOR_MACHINE');
    await shot(phone, '02-phone-report');
    const sent = Date.now();
    await phone.click('#report-submit');

    // 3. The screen shows it: the ticker and the open hazards.
    const shown = await until(async () => (await screen.$eval('#ticker', (t, want) => t.textContent.includes(want), tag))
                                          && await openTotal() === before + 1, 15000, 50);
    check(shown, `the report ${tag} did not appear on the screen (open ${await openTotal()})`);
    tell(`ok the phone's report on the screen ${Date.now() - sent} ms after it was sent`);
    await shot(screen, '03-screen-after');
    await shot(phone, '04-phone-after');

    // 4. Its photo: the finding names it, and the screen's account may read the thumbnail.
    const finding = await screen.evaluate(async (want) => {
        const answer = await fetch('/api/v1/inspection.Inspection/ListFindings', {
            method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ unitCode: 'P01', pageSize: 50 }),
        });
        const list = await answer.json();
        return (list.findings || []).find((f) => (f.description || '').includes(want)) || null;
    }, tag);
    check(finding && (finding.attachments || []).length === 1, `the finding as listed: ${JSON.stringify(finding)}`);
    const ref = finding.attachments[0];
    check(/^sha256:[0-9a-f]{64}$/.test(ref), `the attachment ${ref} is no file reference`);
    const thumb = await screen.evaluate(async (hex) => {
        const answer = await fetch(`/api/v1/files/${hex}?thumb=1`);
        return { status: answer.status, type: answer.headers.get('content-type') };
    }, ref.slice(7));
    check(thumb.status === 200 && thumb.type === 'image/jpeg', `the thumbnail for the screen: ${JSON.stringify(thumb)}`);
    // The ticker's row shows the photo's thumbnail.
    const drawn = await until(async () => screen.evaluate((hex) => {
        const img = document.querySelector(`#ticker img.photo[src*="${hex}"]`);
        return !!img && img.complete && img.naturalWidth > 0;
    }, ref.slice(7)), 10000);
    check(drawn, 'the ticker does not show the photo\'s thumbnail');
    await shot(screen, '05-screen-photo');
    tell(`ok finding ${finding.number} with photo ${ref.slice(0, 19)}..., its thumbnail on the screen's ticker`);
    const pageErrors = errors.filter((text) => !/Failed to load resource|net::ERR_/.test(text));
    check(pageErrors.length === 0, `page errors: ${pageErrors.join(' | ')}`);
} catch (error) {
    await shot(screen, 'failed-screen').catch(() => {});
    if (phone)
        await shot(phone, 'failed-phone').catch(() => {});
    await close();
    fail(error instanceof CheckFailed ? error.message : error.stack);
}
await close();
log('passed');

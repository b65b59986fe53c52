// The field page (手机端) at 390x844, driven for tests/field_browser_test.c (protocol:
// browser.mjs; questions: count, check-report, check-task). The page's clock is the daemons'
// business time (SF_FIELD_NOW_MS) and its zone Asia/Shanghai (TZ from the harness).
//  1. worker reports a hazard with a photo while offline: queued, nothing reaches the gateway;
//     online again: sent once, the finding holds the photo's ref (its SHA-256), the photo and
//     its thumbnail readable by the reporter, hidden from the other plant (the harness checks);
//  2. a report whose first answer is lost: retried with the same Idempotency-Key, one finding;
//     a report queued when the session ends: kept, sent after the next login, once;
//  3. leader opens the path of a post's QR code: the team's checks of today, the checklist,
//     pass and fail with a photo: the task done, its finding with the photo;
//  4. the leader's open forms: the first report's form (taken up by the harness), evidence
//     with a photo offline then online: the form submitted with it;
//  5. the page reloaded offline (the service worker's shell, the queue from IndexedDB); the
//     printable sheet of the plant's codes (and its A4 PDF); the English switch.
import { createHash } from 'node:crypto';
import { ask, check, fail, launch, log, loginPage, shot, sleep, tell, until } from './browser.mjs';

const now = Number(process.env.SF_FIELD_NOW_MS);
const plant = process.env.SF_FIELD_PLANT;
const team = process.env.SF_FIELD_TEAM;
const post = process.env.SF_FIELD_POST;
check(now > 0 && plant && team && post, 'SF_FIELD_NOW_MS, SF_FIELD_PLANT, SF_FIELD_TEAM, SF_FIELD_POST are needed');

const { context, page, errors, close } = await launch({ viewport: { width: 390, height: 844 }, isMobile: true });
await context.clock.setFixedTime(now);

// A queue entry of the page's list, by its label, reaches status within ms (else what the
// list shows is logged).
async function entryReaches (label, status, ms) {
  const reached = await until(async () => (await page.locator(`#queue-view li.entry.${status}`, { hasText: label }).count()) === 1, ms, 100);
  if (!reached) log('the queue shows:', await page.locator('#queue-view').innerText());
  return reached;
}

async function openQueue () {
  await page.evaluate(() => { location.hash = '#queue'; });
  await page.locator('#queue-view').waitFor();
}

try {
  await page.goto('/m/');
  await loginPage(page, 'worker');
  await page.locator('#go-report').waitFor();
  await shot(page, '01-home');

  // A photo as a phone's camera would give it: a JPEG made by the browser.
  const photoB64 = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const g = canvas.getContext('2d');
    g.fillStyle = '#87a96b';
    g.fillRect(0, 0, 640, 480);
    g.fillStyle = '#c62828';
    g.fillRect(200, 150, 240, 180);
    g.fillStyle = '#fff';
    g.font = '40px sans-serif';
    g.fillText('hazard', 250, 250);
    return canvas.toDataURL('image/jpeg', 0.9).split(',')[1];
  });
  const photo = Buffer.from(photoB64, 'base64');
  const fixed = Buffer.from(await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 480;
    canvas.height = 640;
    const g = canvas.getContext('2d');
    g.fillStyle = '#1565c0';
    g.fillRect(0, 0, 480, 640);
    g.fillStyle = '#fff';
    g.font = '40px sans-serif';
    g.fillText('fixed', 180, 320);
    return canvas.toDataURL('image/jpeg', 0.9).split(',')[1];
  }), 'base64');
  const photoRef = 'sha256:' + createHash('sha256').update(photo).digest('hex');

  // 1. Offline, then online.
  const tag = `offline-${Date.now()}`;
  await page.click('#go-report');
  await page.locator('#report-form').waitFor();
  await context.setOffline(true);
  await page.setInputFiles('#report-form input[name="photos"]', { name: 'hazard.jpg', mimeType: 'image/jpeg', buffer: photo });
  check(await until(async () => (await page.locator('#report-form .preview img').count()) === 1, 5000), 'the photo is previewed');
  await page.fill('#report-form textarea[name="description"]', `配电箱门未关 ${tag}`);
  await page.fill('#report-form input[name="location"]', '一号车间东侧');
  await page.selectOption('#report-form select[name="factor"]', 'FACTOR_MACHINE');
  // Charged to the team (the worker's post is preselected): its leader takes the form up.
  check((await page.inputValue('#report-form select[name="responsible_unit"]')) === post, "the worker's unit is preselected");
  await page.selectOption('#report-form select[name="responsible_unit"]', team);
  await shot(page, '02-report-form');
  await page.click('#report-submit');
  await page.locator('.notice.ok').waitFor();
  await shot(page, '03-report-queued-offline');
  await sleep(1500);
  check((await ask(`count ${tag}`)) === '0', 'nothing reached the gateway while offline');
  await openQueue();
  check(await entryReaches(tag, 'queued', 3000), 'the report is listed as queued');
  check((await page.locator('#net').textContent()).includes('离线'), 'the header says offline');
  await shot(page, '04-queue-offline');

  await context.setOffline(false);
  check(await entryReaches(tag, 'sent', 20000), 'the report is sent once online');
  await shot(page, '05-queue-sent');
  const report = await ask(`check-report ${tag}`);
  check(report.startsWith('ok '), `the finding as the API has it: ${report}`);
  const [, number, ref] = report.split(' ');
  check(ref === photoRef, `the finding's photo is the one taken (${ref}, expected ${photoRef})`);
  check((await page.locator('#queue-view li.entry.sent', { hasText: tag }).textContent()).includes(number),
    'the page shows the finding number');
  check(await until(() => page.evaluate(() => {
    const img = document.querySelector('#queue-view li.entry.sent .thumbs img');
    return !!img && img.complete && img.naturalWidth > 0;
  }), 10000), 'the thumbnail of the sent photo loads');

  // 2. The first answer lost: the retry carries the same key and makes no second finding.
  const keys = [];
  let dropped = false;
  await page.route('**/api/v1/inspection.Inspection/ReportFinding', async route => {
    keys.push(route.request().headers()['idempotency-key']);
    if (dropped) {
      await route.continue();
      return;
    }
    dropped = true;
    const answer = await route.fetch();
    log('first ReportFinding answered', answer.status(), 'and dropped');
    await route.abort('connectionreset');
  });
  const lost = `lost-${Date.now()}`;
  await page.evaluate(() => { location.hash = '#report'; });
  await page.locator('#report-form').waitFor();
  await page.setInputFiles('#report-form input[name="photos"]', { name: 'hazard.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.fill('#report-form textarea[name="description"]', `消防通道堵塞 ${lost}`);
  await page.selectOption('#report-form select[name="factor"]', 'FACTOR_ENVIRONMENT');
  await page.click('#report-submit');
  await page.locator('.notice.ok').waitFor();
  await openQueue();
  check(await entryReaches(lost, 'sent', 20000), 'the report whose answer was lost is sent on retry');
  await page.unroute('**/api/v1/inspection.Inspection/ReportFinding');
  check(keys.length >= 2 && keys.every(k => k && k === keys[0]), `one key for every try: ${keys.join(', ')}`);
  check((await ask(`count ${lost}`)) === '1', 'the retried report made one finding');
  const second = await ask(`check-report ${lost}`);
  check(second.startsWith('ok ') && second.endsWith(photoRef), `the retried report's finding: ${second}`);

  // The session ended while a report waits: the page asks to log in again, keeps the report,
  // and sends it after the login.
  await context.setOffline(true);
  const kept = `kept-${Date.now()}`;
  await page.evaluate(() => { location.hash = '#report'; });
  await page.locator('#report-form').waitFor();
  await page.fill('#report-form textarea[name="description"]', `护栏松动 ${kept}`);
  await page.selectOption('#report-form select[name="factor"]', 'FACTOR_MATERIAL');
  await page.click('#report-submit');
  await page.locator('.notice.ok').waitFor();
  check((await ask('revoke-worker')) === 'ok', 'the worker\'s sessions ended');
  await context.setOffline(false);
  await page.locator('form[data-login] .notice.error').waitFor({ timeout: 20000 });
  await shot(page, '06-session-ended');
  check((await ask(`count ${kept}`)) === '0', 'nothing sent without a session');
  await loginPage(page, 'worker');
  await openQueue();
  check(await entryReaches(kept, 'sent', 20000), 'the kept report is sent after the login');
  check((await ask(`count ${kept}`)) === '1', 'the kept report made one finding');

  // 3. The path of a post's QR code, as the team leader.
  await page.click('#logout');
  await page.locator('form[data-login]').waitFor();
  // A phone signed out scans the code: the login first, then the code's view.
  await page.goto('about:blank');
  await page.goto(`/m/#check/${post}`);
  await loginPage(page, 'leader');
  const checkView = page.locator('#check-view');
  await checkView.waitFor();
  check((await checkView.getAttribute('data-unit')) === team, "a post's code opens its team's checks");
  const start = page.locator('#check-view .start-check').first();
  check(await start.count() === 1, 'a check of this shift is open');
  await shot(page, '07-check-from-qr');
  await start.click();
  const taskForm = page.locator('#task-form');
  await taskForm.waitFor();
  const taskId = await taskForm.getAttribute('data-task');
  const items = page.locator('#task-form li.item');
  check(await items.count() === 2, "the checklist holds the team's two hazard items");
  await items.nth(0).locator('button.pass').click();
  await items.nth(1).locator('button.fail').click();
  await items.nth(1).locator('textarea.finding-description').fill('通道内堆放物料未清理');
  await items.nth(1).locator('input.photo-input').setInputFiles({ name: 'aisle.jpg', mimeType: 'image/jpeg', buffer: photo });
  check(await until(async () => (await items.nth(1).locator('.preview img').count()) === 1, 5000), 'the item photo is previewed');
  await page.fill('#task-form textarea[name="remarks"]', '班中巡查');
  await shot(page, '08-checklist');
  await page.click('#record-submit');
  await page.locator('.notice.ok').waitFor();
  await openQueue();
  check(await until(async () => (await page.locator('#queue-view li.entry.sent').count()) === 1, 20000), 'the check is sent');
  const task = await ask(`check-task ${taskId}`);
  check(task === 'ok', `the task as the daemon has it: ${task}`);
  await page.evaluate(code => { location.hash = `#check/${code}`; }, post);
  await page.locator(`#check-view li[data-task="${taskId}"]`).waitFor();
  check((await page.locator(`#check-view li[data-task="${taskId}"] .badge`).textContent()).includes('已完成'),
    'the task is listed as done');
  await shot(page, '09-check-done');

  // 4. Evidence for the first report's form, entered offline.
  const ready = await ask(`form-ready ${number}`);
  check(ready.startsWith('ok '), `the first report's form: ${ready}`);
  const form = ready.split(' ')[1];
  await page.evaluate(() => { location.hash = '#forms'; });
  await page.locator(`#forms-view li[data-form="${form}"]`).waitFor();
  await shot(page, '10-forms');
  await page.click(`#forms-view li[data-form="${form}"] a`);
  await page.locator('#evidence-submit').waitFor();
  await context.setOffline(true);
  await page.setInputFiles('#form-view input[name="evidence-photos"]', { name: 'fixed.jpg', mimeType: 'image/jpeg', buffer: fixed });
  check(await until(async () => (await page.locator('#form-view .preview img').count()) === 1, 5000), 'the evidence photo is previewed');
  await page.fill('#form-view textarea[name="evidence"]', '已关闭配电箱门并加锁');
  await page.fill('#form-view input[name="cost"]', '150.5');
  await shot(page, '11-evidence-form');
  await page.click('#evidence-submit');
  await page.locator('.notice.ok').waitFor();
  await openQueue();
  check(await entryReaches(form, 'queued', 3000), 'the evidence is queued offline');
  await context.setOffline(false);
  check(await entryReaches(form, 'sent', 20000), 'the evidence is sent once online');
  const evidence = await ask(`check-evidence ${form}`);
  check(evidence === 'ok', `the form as rectification has it: ${evidence}`);

  // The page opened again with no connection: the shell from the service worker, the queue
  // from IndexedDB.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  await page.reload();
  await page.locator('#queue-view').waitFor();
  check(await entryReaches(form, 'sent', 3000), 'the queue is shown offline after a reload');
  check((await page.locator('#net').textContent()).includes('离线'), 'the reloaded page says offline');
  await shot(page, '12-offline-reload');
  await context.setOffline(false);

  // 5. The printable sheet, and English.
  await page.goto(`/m/qr.html?plant=${plant}`);
  check(await until(async () => (await page.locator('figure.code').count()) >= 2, 10000), 'the sheet lists codes');
  check(await page.locator(`figure.code[data-unit="${post}"]`).count() === 1, 'the post has its code');
  check(await page.locator(`figure.code[data-unit="${team}"]`).count() === 1, 'the team has its code');
  check(await until(() => page.evaluate(() => Array.from(document.querySelectorAll('figure.code img'))
    .every(img => img.complete && img.naturalWidth > 0)), 10000), 'every code image loads');
  await shot(page, '13-qr-sheet');
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 794, height: 1123 });
  await shot(page, '13-qr-sheet-print');
  await page.pdf({ path: `${process.env.SF_BUILD_DIR}/browser-shots/field/13-qr-sheet.pdf`, format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/m/#home');
  await page.locator('#go-report').waitFor();
  await page.click('#lang');
  check(await until(async () => (await page.locator('#go-report strong').textContent()) === 'Report a hazard', 3000),
    'the English switch');
  await shot(page, '14-home-en');
  await page.click('#lang');

  // Offline loads and the dropped answer are logged by chromium as failed loads: expected.
  const real = errors.filter(e => !e.includes('Failed to load resource'));
  check(real.length === 0, `the page logged errors: ${real.join(' | ')}`);
} catch (error) {
  await close();
  fail(error.message);
}
await close();
tell('done');
process.exit(0);

// app.js: the wall screen (安全生产监控大屏): signs in (the screen account's cookie session),
// reads every board once, then follows the event stream: each event goes to the ticker at
// once and makes the boards it touches stale (read again, at most once a second each); after
// a reconnection every board is read again. ?plant=P01 shows one plant (none: the whole
// enterprise), ?lang=en English.
import { ApiError, login, whoAmI } from './api.js';
import { Board, EVENT_BOARDS, EVENT_LATER_BOARDS, LATER_MS } from './boards.js';
import { lang, onLang, setLang, t, translate } from './i18n.js';
import { Live } from './live.js';
import { FormsPanel } from './panel_forms.js';
import { HazardsPanel } from './panel_hazards.js';
import { LessonsPanel } from './panel_lessons.js';
import { RankingPanel } from './panel_ranking.js';
import { RiskMapPanel } from './panel_riskmap.js';
import { ShiftsPanel } from './panel_shifts.js';
import { TrainingPanel } from './panel_training.js';
import { TrendPanel } from './panel_trend.js';
import { Ticker } from './ticker.js';

const plant = (new URLSearchParams(location.search).get('plant') || '').trim();
const $ = (selector) => document.querySelector(selector);

let boards = null;
let views = [];
let ticker = null;
let live = null;
let liveState = 'connecting';

function showLiveState (state) {
    liveState = state;
    document.body.dataset.live = state;
    $('#live-state').textContent = t(state);
}

// The session ended: the stream stopped, the boards wait (their panels keep the last figures
// under the login form) until the next sign-in reads them again.
function signedOut () {
    if (live)
        live.stop();
    live = null;
    for (const board of Object.values(boards || {}))
        board.stop();
    showLiveState('signed_out');
    showLogin();
}

function showLogin (message = '') {
    document.body.dataset.auth = 'out';
    const form = $('form[data-login]');
    form.hidden = false;
    form.querySelector('.error').textContent = message;
    form.querySelector('input[name="login"]').focus();
}

function makeBoards () {
    const message = () => ({ plantCode: plant });
    const section = (id) => document.getElementById(id);
    const hazards = [new HazardsPanel(section('hazards')), new TrendPanel(section('trend')),
                     new ShiftsPanel(section('shifts')), new RiskMapPanel(section('riskmap'))];
    const forms = [new FormsPanel(section('forms'))];
    const training = [new TrainingPanel(section('training'))];
    const lessons = [new LessonsPanel(section('lessons'))];
    const ranking = [new RankingPanel(section('ranking'))];
    views = [...hazards, ...forms, ...training, ...lessons, ...ranking];
    return {
        hazards: new Board('hazards', 'inspection.Inspection/GetHazardBoard', message, hazards, signedOut),
        forms: new Board('forms', 'rectification.Rectification/GetFormBoard', message, forms, signedOut),
        training: new Board('training', 'training.Training/GetTrainingBoard', message, training, signedOut),
        lessons: new Board('lessons', 'lesson.Lesson/GetLessonBoard', message, lessons, signedOut),
        ranking: new Board('ranking', 'scoring.Scoring/GetRankingBoard', message, ranking, signedOut),
    };
}

function onEvent (type, data) {
    ticker.add(type, data);
    for (const name of EVENT_BOARDS[type] || [])
        boards?.[name]?.stale();
    for (const name of EVENT_LATER_BOARDS[type] || [])
        if (!later.has(name)) {
            later.add(name);
            setTimeout(() => { later.delete(name); boards?.[name]?.stale(); }, LATER_MS);
        }
}
const later = new Set();        //  boards with a later read pending (one per board at a time)

// The plant's day turns with no event (today's shifts, overdue, due this week, expiring in N
// days all move at midnight): every board is read again just after midnight in the plant's time
// zone. One timer a day, not polling.
let dayTimer = null;

function msToMidnight (timeZone) {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour12: false, hour: '2-digit', minute: '2-digit',
                                                      second: '2-digit' }).formatToParts(new Date());
    const value = (kind) => Number(parts.find((part) => part.type === kind)?.value || 0);
    const elapsed = ((value('hour') % 24) * 3600 + value('minute') * 60 + value('second')) * 1000;
    return 24 * 3600 * 1000 - elapsed;
}

function scheduleDayTurn () {
    clearTimeout(dayTimer);
    const timeZone = boards?.hazards?.reply?.timeZone || 'Asia/Shanghai';
    let wait;
    try {
        wait = msToMidnight(timeZone);
    } catch {
        wait = msToMidnight('Asia/Shanghai');
    }
    dayTimer = setTimeout(() => {
        for (const board of Object.values(boards || {}))
            board.stale();
        scheduleDayTurn();
    }, wait + 5000);
}

function start (session) {
    document.body.dataset.auth = 'in';
    $('form[data-login]').hidden = true;
    $('#account').textContent = session?.login || '';
    if (!ticker)
        ticker = new Ticker(document.getElementById('ticker'));
    if (!boards)
        boards = makeBoards();
    for (const board of Object.values(boards))
        board.readNow();
    scheduleDayTurn();
    live = new Live({
        types: Object.keys(EVENT_BOARDS),
        plant,
        onEvent,
        onState: showLiveState,
        onReconnected: () => {
            for (const board of Object.values(boards || {}))
                board.stale();
        },
        onClosed: async () => {
            try {
                await whoAmI();
                return true;
            } catch (error) {
                if (error instanceof ApiError && error.unauthenticated) {
                    signedOut();
                    return false;
                }
                return true;
            }
        },
    });
    live.start();
}

function relabel () {
    translate();
    $('#plant').textContent = plant || t('enterprise');
    $('#plant-label').hidden = !plant;
    showLiveState(liveState);
    for (const button of document.querySelectorAll('[data-lang]'))
        button.setAttribute('aria-pressed', String(button.dataset.lang === lang()));
    for (const view of views)
        view.relabel();
    for (const board of Object.values(boards || {}))
        board.redraw();
    ticker?.redraw();
}

function tick () {
    const now = new Date();
    $('#clock').textContent = now.toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
}

async function begin () {
    relabel();
    onLang(relabel);
    for (const button of document.querySelectorAll('[data-lang]'))
        button.addEventListener('click', () => setLang(button.dataset.lang));
    tick();
    setInterval(tick, 1000);
    const form = $('form[data-login]');
    form.addEventListener('submit', async (submit) => {
        submit.preventDefault();
        const data = new FormData(form);
        try {
            const session = await login(String(data.get('login')), String(data.get('password')));
            form.reset();
            start(session);
        } catch (error) {
            showLogin(`${t('login_failed')}${error.problem?.[lang() === 'en' ? 'reason_en' : 'reason_zh'] || error.message}`);
        }
    });
    try {
        start(await whoAmI());
    } catch (error) {
        if (error instanceof ApiError && error.unauthenticated)
            showLogin();
        else
            showLogin(`${t('error')}: ${error.message}`);
    }
}

begin();

// i18n.js: every text of the wall screen in zh-CN and English, in one table. zh-CN is the
// default; ?lang=en or the 中/EN toggle switches (the choice is kept in the URL, not stored).
const texts = {
    title: { zh: '安全生产监控大屏', en: 'Safety Monitoring Screen' },
    enterprise: { zh: '全企业', en: 'Enterprise-wide' },
    plant: { zh: '厂区', en: 'Plant' },
    live: { zh: '实时', en: 'Live' },
    connecting: { zh: '连接中', en: 'Connecting' },
    reconnecting: { zh: '重连中', en: 'Reconnecting' },
    signed_out: { zh: '未登录', en: 'Signed out' },
    unavailable: { zh: '暂不可用', en: 'Unavailable' },
    unavailable_hint: { zh: '该看板的数据服务尚未提供', en: 'This board is not served yet' },
    error: { zh: '加载失败', en: 'Failed to load' },
    loading: { zh: '加载中…', en: 'Loading…' },
    no_data: { zh: '暂无数据', en: 'No data' },
    updated: { zh: '更新于', en: 'Updated' },

    login_title: { zh: '监控大屏登录', en: 'Screen sign-in' },
    login_login: { zh: '账号', en: 'Account' },
    login_password: { zh: '密码', en: 'Password' },
    login_submit: { zh: '登录', en: 'Sign in' },
    login_failed: { zh: '登录失败：', en: 'Sign-in failed: ' },
    forbidden: { zh: '该账号无权查看此厂区', en: 'This account may not view this plant' },

    hazards_title: { zh: '未整改隐患', en: 'Open hidden hazards' },
    hazards_total: { zh: '未整改总数', en: 'Open in all' },
    hazards_major: { zh: '重大隐患', en: 'Major' },
    severity_SEVERITY_GENERAL: { zh: '一般隐患', en: 'General' },
    severity_SEVERITY_MAJOR: { zh: '重大隐患', en: 'Major' },
    severity_SEVERITY_UNSPECIFIED: { zh: '未分级', en: 'Ungraded' },
    colour_COLOUR_RED: { zh: '红（重大风险）', en: 'Red (major risk)' },
    colour_COLOUR_ORANGE: { zh: '橙（较大风险）', en: 'Orange (high risk)' },
    colour_COLOUR_YELLOW: { zh: '黄（一般风险）', en: 'Yellow (moderate risk)' },
    colour_COLOUR_BLUE: { zh: '蓝（低风险）', en: 'Blue (low risk)' },
    colour_COLOUR_UNSPECIFIED: { zh: '未关联风险', en: 'No risk item' },
    colour_short_COLOUR_RED: { zh: '红', en: 'Red' },
    colour_short_COLOUR_ORANGE: { zh: '橙', en: 'Orange' },
    colour_short_COLOUR_YELLOW: { zh: '黄', en: 'Yellow' },
    colour_short_COLOUR_BLUE: { zh: '蓝', en: 'Blue' },
    colour_short_COLOUR_UNSPECIFIED: { zh: '未关联', en: 'None' },

    trend_title: { zh: '近30天隐患趋势', en: 'Hazards, last 30 days' },
    trend_opened: { zh: '新增', en: 'Reported' },
    trend_closed: { zh: '销号', en: 'Closed' },

    shifts_title: { zh: '今日巡检完成情况', en: "Today's inspections" },
    shifts_shift: { zh: '第{n}班', en: 'Shift {n}' },
    shifts_done: { zh: '已完成', en: 'Done' },
    shifts_open: { zh: '待完成', en: 'Open' },
    shifts_missed: { zh: '漏检', en: 'Missed' },
    shifts_missed_today: { zh: '今日漏检', en: 'Missed today' },
    shifts_rate: { zh: '完成率', en: 'Completion' },

    riskmap_title: { zh: '风险四色图', en: 'Risk map (four colours)' },
    riskmap_grade: { zh: '{g}级', en: 'grade {g}' },

    forms_title: { zh: '整改单', en: 'Rectification forms' },
    forms_overdue: { zh: '逾期', en: 'Overdue' },
    forms_due_week: { zh: '本周到期', en: 'Due this week' },
    forms_other_open: { zh: '其他未关闭', en: 'Other open' },
    forms_open: { zh: '未关闭', en: 'Open' },

    training_title: { zh: '培训合规与证书到期', en: 'Training and certificates' },
    training_percent: { zh: '持证上岗率', en: 'Qualified' },
    training_qualified: { zh: '合格 {q} / 应 {r}', en: '{q} of {r} qualified' },
    training_expiring_30: { zh: '30天内到期', en: 'Expire ≤ 30 d' },
    training_expiring_60: { zh: '60天内到期', en: 'Expire ≤ 60 d' },
    training_expiring_90: { zh: '90天内到期', en: 'Expire ≤ 90 d' },
    training_days_left: { zh: '{d}天', en: '{d} d' },

    lessons_title: { zh: '事故警示教育进行中', en: 'Lessons in progress' },
    lessons_in_progress: { zh: '进行中', en: 'In progress' },
    lessons_open: { zh: '未完成任务', en: 'Open assignments' },
    lessons_overdue: { zh: '逾期', en: 'Overdue' },
    lessons_done: { zh: '{d}/{a} 完成', en: '{d} of {a} done' },

    ranking_title: { zh: '本月考核排名', en: "This month's ranking" },
    ranking_score: { zh: '分', en: 'pts' },
    ranking_closed: { zh: '已结算', en: 'closed' },
    ranking_running: { zh: '实时（未结算）', en: 'running, provisional' },

    ticker_title: { zh: '实时动态', en: 'Live events' },
    ticker_waiting: { zh: '等待事件…', en: 'Waiting for events…' },

    'event_inspection.finding_reported': { zh: '上报隐患', en: 'Hazard reported' },
    'event_inspection.major_hazard_found': { zh: '发现重大隐患', en: 'Major hazard found' },
    'event_inspection.task_missed': { zh: '漏检', en: 'Check missed' },
    'event_inspection.task_created': { zh: '生成巡检任务', en: 'Check scheduled' },
    'event_inspection.inspection_done': { zh: '完成巡检', en: 'Check done' },
    'event_inspection.violation_recorded': { zh: '记录违章', en: 'Violation recorded' },
    'event_inspection.hazard_list_imported': { zh: '导入风险清单', en: 'Hazard list imported' },
    'event_rectification.form_issued': { zh: '下发整改单', en: 'Form issued' },
    'event_rectification.form_overdue': { zh: '整改逾期', en: 'Form overdue' },
    'event_rectification.form_closed': { zh: '整改销号', en: 'Form closed' },
    'event_rectification.form_cancelled': { zh: '整改单作废', en: 'Form cancelled' },
    'event_rectification.form_escalated': { zh: '整改升级', en: 'Form escalated' },
    'event_training.certificate_due': { zh: '证书即将到期', en: 'Certificate due' },
    'event_training.person_qualified': { zh: '人员合格', en: 'Person qualified' },
    'event_training.person_unqualified': { zh: '人员不合格', en: 'Person not qualified' },
    'event_training.exam_failed': { zh: '考试未通过', en: 'Exam failed' },
    'event_training.exam_passed': { zh: '考试通过', en: 'Exam passed' },
    'event_training.drill_held': { zh: '完成演练', en: 'Drill held' },
    'event_lesson.lesson_published': { zh: '发布警示教育', en: 'Lesson published' },
    'event_lesson.lesson_closed': { zh: '警示教育结束', en: 'Lesson closed' },
    'event_lesson.assignment_overdue': { zh: '学习任务逾期', en: 'Assignment overdue' },
    'event_lesson.assignment_closed': { zh: '学习任务完成', en: 'Assignment closed' },
    'event_scoring.month_closed': { zh: '月度考核结算', en: 'Month closed' },
    'event_scoring.entry_adjusted': { zh: '考核分调整', en: 'Score adjusted' },
    'event_scoring.appeal_filed': { zh: '提出申诉', en: 'Appeal filed' },
    'event_scoring.appeal_decided': { zh: '申诉已裁决', en: 'Appeal decided' },
    event_other: { zh: '事件', en: 'Event' },
};

const listeners = new Set();
let current = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh';

export function lang () {
    return current;
}

// The text of key in the current language, {name} replaced from vars; the key itself when
// the table lacks it (a bug, visible on the screen rather than hidden).
export function t (key, vars) {
    const entry = texts[key];
    let text = entry ? entry[current] : key;
    if (vars)
        for (const [name, value] of Object.entries(vars))
            text = text.replaceAll(`{${name}}`, String(value));
    return text;
}

export function has (key) {
    return Object.hasOwn(texts, key);
}

// A name pair from a reply (name_zh/name_en style fields) in the current language.
export function pick (zh, en) {
    return (current === 'en' ? en || zh : zh || en) || '';
}

export function setLang (next) {
    current = next === 'en' ? 'en' : 'zh';
    document.documentElement.lang = current === 'en' ? 'en' : 'zh-CN';
    const url = new URL(location.href);
    if (current === 'en')
        url.searchParams.set('lang', 'en');
    else
        url.searchParams.delete('lang');
    history.replaceState(null, '', url);
    for (const listener of listeners)
        listener(current);
}

export function onLang (listener) {
    listeners.add(listener);
}

// Fills every element with data-t="key" with its text.
export function translate (root = document) {
    for (const element of root.querySelectorAll('[data-t]'))
        element.textContent = t(element.dataset.t);
    document.title = t('title');
}

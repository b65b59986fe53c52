// The field page's texts in zh-CN and English (every text a person sees), and the 中/EN switch.
const TEXTS = {
  zh: {
    title: '安全生产 · 手机端',
    online: '在线', offline: '离线',
    queued_n: '待发送 {n}',
    login: '登录', login_name: '登录名', password: '密码', logout: '退出',
    login_failed: '登录失败：{reason}',
    offline_login: '离线：联网后才能登录',
    home_report: '随手拍', home_report_hint: '报告隐患，附照片',
    home_check: '本班检查', home_check_hint: '本班组今天的检查任务',
    home_forms: '整改单', home_forms_hint: '本单位未关闭的问题反馈单',
    home_queue: '发送记录', home_queue_hint: '待发送、已发送和失败的提交',
    me: '{login} · {unit}',
    back: '返回',
    photos: '照片', add_photo: '拍照 / 选择照片', remove: '移除',
    description: '隐患描述', location: '地点', severity: '隐患等级',
    severity_general: '一般事故隐患', severity_major: '重大事故隐患',
    responsible_unit: '责任单位',
    factor: '类别（人机料法环）', factor_choose: '请选择',
    factor_FACTOR_MAN: '人', factor_FACTOR_MACHINE: '机', factor_FACTOR_MATERIAL: '料',
    factor_FACTOR_METHOD: '法', factor_FACTOR_ENVIRONMENT: '环',
    need_factor: '请选择类别（人、机、料、法、环）',
    photos_max: '至多 {n} 张照片',
    submit: '提交',
    need_description: '请填写隐患描述',
    need_unit: '请选择责任单位',
    report_queued: '已保存，联网后按顺序发送（{key}）',
    tasks_today: '{unit} · {date} 的检查任务',
    no_tasks: '今天没有检查任务',
    kind_check: '检查', kind_pre: '班前自查', kind_in: '班中巡查', kind_post: '班后清查',
    shift_n: '第 {n} 班',
    status_open: '待检查', status_done: '已完成', status_missed: '已错过', status_queued: '已提交，待发送',
    start_check: '开始检查',
    window: '{from}–{to}',
    checklist: '检查表', no_items: '检查表为空：可直接提交',
    pass: '合格', fail: '不合格',
    finding_for_item: '不合格：登记隐患（可选）',
    remarks: '备注',
    record_submit: '提交检查记录',
    need_result: '请至少判定一项',
    record_queued: '检查记录已保存，联网后发送',
    forms_title: '{unit} 未关闭的整改单',
    no_forms: '没有未关闭的整改单',
    form_status_FORM_ISSUED: '已下发', form_status_FORM_ACKNOWLEDGED: '已签收',
    form_status_FORM_IN_RECTIFICATION: '整改中', form_status_FORM_SUBMITTED: '待验证',
    form_status_FORM_CLOSED: '已关闭', form_status_FORM_CANCELLED: '已撤销',
    deadline: '整改期限', requirement: '整改要求',
    evidence: '整改证据', evidence_text: '整改情况', cost_yuan: '费用（元）',
    evidence_submit: '提交整改证据',
    evidence_not_now: '此单当前状态不能提交证据（须为“整改中”）',
    need_evidence_text: '请填写整改情况',
    bad_cost: '费用须为不小于 0 的金额（元，至多两位小数）',
    evidence_queued: '整改证据已保存，联网后发送',
    queue_title: '发送记录',
    queue_empty: '没有提交记录',
    kind_report: '随手拍', kind_record: '检查记录', kind_evidence: '整改证据',
    q_queued: '待发送', q_sent: '已发送', q_failed: '失败',
    q_attempts: '已尝试 {n} 次：{reason}',
    q_result: '结果：{text}',
    retry_now: '立即重试', discard: '删除',
    offline_copy: '离线副本（{time}）',
    load_failed: '读取失败：{reason}',
    network: '网络不通',
    session_ended: '会话已结束，请重新登录；待发送的内容已保留',
    unknown_task: '找不到此任务：请从任务列表进入',
    loading: '加载中…',
    qr_title: '{plant} 岗位与区域二维码',
    qr_hint: '扫码打开该岗位或区域今天的检查任务。',
    qr_print: '打印',
    qr_need_plant: '请在地址中给出厂区：qr.html?plant=<厂区代码>',
  },
  en: {
    title: 'Safety · Field',
    online: 'Online', offline: 'Offline',
    queued_n: '{n} queued',
    login: 'Log in', login_name: 'Login', password: 'Password', logout: 'Log out',
    login_failed: 'Login failed: {reason}',
    offline_login: 'Offline: logging in needs a connection',
    home_report: 'Report a hazard', home_report_hint: 'A hidden hazard, with photos',
    home_check: "This shift's check", home_check_hint: "Your team's checks of today",
    home_forms: 'Forms', home_forms_hint: "Your unit's open feedback forms",
    home_queue: 'Sent and queued', home_queue_hint: 'What is waiting, sent or failed',
    me: '{login} · {unit}',
    back: 'Back',
    photos: 'Photos', add_photo: 'Take / choose photos', remove: 'Remove',
    description: 'Description', location: 'Place', severity: 'Severity',
    severity_general: 'General hazard', severity_major: 'Major hazard',
    responsible_unit: 'Responsible unit',
    factor: 'Factor', factor_choose: 'Choose',
    factor_FACTOR_MAN: 'Man', factor_FACTOR_MACHINE: 'Machine', factor_FACTOR_MATERIAL: 'Material',
    factor_FACTOR_METHOD: 'Method', factor_FACTOR_ENVIRONMENT: 'Environment',
    need_factor: 'Please choose the factor (man, machine, material, method, environment)',
    photos_max: 'At most {n} photos',
    submit: 'Submit',
    need_description: 'Please describe the hazard',
    need_unit: 'Please choose the responsible unit',
    report_queued: 'Saved; sent in order when online ({key})',
    tasks_today: 'Checks of {unit} on {date}',
    no_tasks: 'No checks today',
    kind_check: 'Check', kind_pre: 'Pre-shift self-check', kind_in: 'In-shift patrol', kind_post: 'Post-shift check',
    shift_n: 'Shift {n}',
    status_open: 'Open', status_done: 'Done', status_missed: 'Missed', status_queued: 'Recorded, waiting to send',
    start_check: 'Start',
    window: '{from}–{to}',
    checklist: 'Checklist', no_items: 'The checklist is empty: submit as it is',
    pass: 'Pass', fail: 'Fail',
    finding_for_item: 'Failed: report a hazard (optional)',
    remarks: 'Remarks',
    record_submit: 'Submit the check',
    need_result: 'Judge at least one item',
    record_queued: 'Check saved; sent when online',
    forms_title: 'Open forms of {unit}',
    no_forms: 'No open forms',
    form_status_FORM_ISSUED: 'Issued', form_status_FORM_ACKNOWLEDGED: 'Acknowledged',
    form_status_FORM_IN_RECTIFICATION: 'In rectification', form_status_FORM_SUBMITTED: 'Awaiting verification',
    form_status_FORM_CLOSED: 'Closed', form_status_FORM_CANCELLED: 'Cancelled',
    deadline: 'Deadline', requirement: 'Requirement',
    evidence: 'Evidence', evidence_text: 'What was done', cost_yuan: 'Cost (CNY)',
    evidence_submit: 'Submit the evidence',
    evidence_not_now: 'Evidence can only be submitted while the form is in rectification',
    need_evidence_text: 'Please say what was done',
    bad_cost: 'The cost must be an amount of at least 0 (CNY, at most two decimals)',
    evidence_queued: 'Evidence saved; sent when online',
    queue_title: 'Sent and queued',
    queue_empty: 'Nothing submitted yet',
    kind_report: 'Hazard report', kind_record: 'Check record', kind_evidence: 'Evidence',
    q_queued: 'Queued', q_sent: 'Sent', q_failed: 'Failed',
    q_attempts: '{n} attempts: {reason}',
    q_result: 'Result: {text}',
    retry_now: 'Retry now', discard: 'Delete',
    offline_copy: 'Offline copy ({time})',
    load_failed: 'Could not load: {reason}',
    network: 'No connection',
    session_ended: 'Your session ended: log in again; what is queued is kept',
    unknown_task: 'Unknown task: open it from the task list',
    loading: 'Loading…',
    qr_title: 'QR codes of the posts and areas of {plant}',
    qr_hint: "Scan to open the post's or area's checks of today.",
    qr_print: 'Print',
    qr_need_plant: 'Name the plant in the address: qr.html?plant=<plant code>',
  },
};

const listeners = [];
// zh-CN unless ?lang=en or the switch chose English before.
let current = (new URLSearchParams(location.search).get('lang') || localStorage.getItem('sf.field.lang')) === 'en'
  ? 'en' : 'zh';

export function lang () { return current; }

export function setLang (next) {
  current = next === 'en' ? 'en' : 'zh';
  localStorage.setItem('sf.field.lang', current);
  document.documentElement.lang = current === 'en' ? 'en' : 'zh-CN';
  listeners.forEach(fn => fn(current));
}

export function onLang (fn) { listeners.push(fn); }

// The text of key in the current language, {name} replaced from vars.
export function t (key, vars = {}) {
  const text = TEXTS[current][key] ?? TEXTS.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));
}

// A pair {zh, en} (a problem's reasons, a node's names) in the current language.
export function pick (zh, en) { return current === 'en' ? (en || zh) : (zh || en); }

export function texts () { return TEXTS; }

document.documentElement.lang = current === 'en' ? 'en' : 'zh-CN';

// panel_training.js: training compliance (qualified of required) and certificates expiring in
// 30/60/90 days, with the next to expire (training.GetTrainingBoard).
import { num } from './api.js';
import { pick, t } from './i18n.js';
import { Panel, el, setText } from './panel.js';

const MAX_ROWS = 6;

export class TrainingPanel extends Panel {
    constructor (section) {
        super(section);
        this.list = section.querySelector('.rows');
    }

    show (board) {
        const required = num(board.required);
        const percent = required ? num(board.percent) : 100;
        setText(this.section, '[data-figure="percent"]', `${percent}%`);
        setText(this.section, '[data-figure="qualified"]', t('training_qualified', { q: num(board.qualified), r: required }));
        setText(this.section, '[data-figure="expiring_30"]', String(num(board.expiring30)));
        setText(this.section, '[data-figure="expiring_60"]', String(num(board.expiring60)));
        setText(this.section, '[data-figure="expiring_90"]', String(num(board.expiring90)));
        this.section.querySelector('[data-figure="percent"]')?.classList.toggle('alarm', percent < 100);
        const rows = (board.nextExpiring || []).slice(0, MAX_ROWS).map((c) => {
            const row = el('li');
            row.append(
                el('span', 'who', pick(c.personNameZh, c.personNameEn) || c.employeeCode || ''),
                el('span', 'what', pick(c.typeNameZh, c.typeNameEn) || c.typeCode || ''),
                el('span', `when${num(c.daysLeft) <= 30 ? ' alarm' : ''}`, t('training_days_left', { d: num(c.daysLeft) })));
            return row;
        });
        this.list.replaceChildren(...rows);
        this.ready();
    }
}

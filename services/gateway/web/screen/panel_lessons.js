// panel_lessons.js: accident lessons in progress (警示教育), their assignments open and overdue
// (lesson.GetLessonBoard).
import { num } from './api.js';
import { pick, t } from './i18n.js';
import { Panel, el, setText } from './panel.js';

const MAX_ROWS = 6;

export class LessonsPanel extends Panel {
    constructor (section) {
        super(section);
        this.list = section.querySelector('.rows');
    }

    show (board) {
        const overdue = num(board.overdue);
        setText(this.section, '[data-figure="in_progress"]', String(num(board.inProgress)));
        setText(this.section, '[data-figure="open"]', String(num(board.assignmentsOpen)));
        setText(this.section, '[data-figure="overdue"]', String(overdue));
        this.section.querySelector('[data-figure="overdue"]')?.classList.toggle('alarm', overdue > 0);
        const rows = (board.lessons || []).slice(0, MAX_ROWS).map((lesson) => {
            const row = el('li');
            row.append(
                el('span', 'what', pick(lesson.titleZh, lesson.titleEn) || lesson.number || ''),
                el('span', `when${num(lesson.overdue) ? ' alarm' : ''}`,
                   t('lessons_done', { d: num(lesson.done), a: num(lesson.assignments) })));
            return row;
        });
        this.list.replaceChildren(...rows);
        this.ready();
    }
}

// boards.js: the screen's boards (one read request each, services/gateway/README.md "Pages and
// the wall screen"), which events make each one stale, and their reading: read once at start,
// then again only when an event touched it, at most once a second per board (an event burst
// is one read); never on a timer of its own.
import { ApiError, read } from './api.js';

const MIN_GAP_MS = 1000;

// Event types the screen shows, and the boards each makes stale. The keys are the stream's
// ?types= filter too (the gateway takes at most 32).
export const EVENT_BOARDS = {
    'inspection.finding_reported': ['hazards'],
    'inspection.major_hazard_found': ['hazards'],
    'inspection.task_missed': ['hazards'],
    'inspection.inspection_done': ['hazards'],
    'inspection.violation_recorded': ['hazards'],
    'inspection.hazard_list_imported': ['hazards'],
    'rectification.form_issued': ['forms'],
    'rectification.form_acknowledged': ['forms'],
    'rectification.rectification_started': ['forms'],
    'rectification.form_submitted': ['forms'],
    'rectification.form_rejected': ['forms'],
    'rectification.form_overdue': ['forms'],
    'rectification.form_closed': ['forms', 'hazards'],
    'rectification.form_cancelled': ['forms', 'hazards'],
    'rectification.form_escalated': ['forms'],
    'training.certificate_recorded': ['training'],
    'training.certificate_due': ['training'],
    'training.person_qualified': ['training'],
    'training.person_unqualified': ['training'],
    'training.exam_failed': ['training'],
    'training.exam_passed': ['training'],
    'training.drill_held': ['training'],
    'lesson.lesson_published': ['lessons'],
    'lesson.lesson_closed': ['lessons'],
    'lesson.assignment_created': ['lessons'],
    'lesson.assignment_reported': ['lessons'],
    'lesson.assignment_overdue': ['lessons'],
    'lesson.assignment_closed': ['lessons'],
    'scoring.month_closed': ['ranking'],
    'scoring.entry_adjusted': ['ranking'],
    'scoring.appeal_decided': ['ranking'],
};

// Events the scoring daemon scores from: the month's ranking moves once it has applied them,
// which is after the event reached the screen (scoring consumes the stream too, and publishes
// no event per entry), so the ranking is read again a few seconds later.
export const EVENT_LATER_BOARDS = {
    'inspection.finding_reported': ['ranking'],
    'inspection.major_hazard_found': ['ranking'],
    'inspection.task_missed': ['ranking'],
    'inspection.violation_recorded': ['ranking'],
    'rectification.form_overdue': ['ranking'],
    'rectification.form_closed': ['ranking'],
    'training.exam_failed': ['ranking'],
    'lesson.assignment_overdue': ['ranking'],
};
export const LATER_MS = 3000;

export class Board {
    // path: "<package>.<Service>/<Method>"; message(): the request; views: objects with
    // show(reply), unavailable(), failed(error); onSignedOut(): a 401.
    constructor (name, path, message, views, onSignedOut) {
        this.name = name;
        this.path = path;
        this.message = message;
        this.views = views;
        this.onSignedOut = onSignedOut;
        this.dirty = false;
        this.inFlight = false;
        this.timer = null;
        this.lastRead = 0;
        this.reply = null;
        this.replyText = '';
        this.reads = 0;
    }

    stale () {
        this.dirty = true;
        if (this.timer || this.inFlight)
            return;
        const wait = Math.max(0, this.lastRead + MIN_GAP_MS - Date.now());
        this.timer = setTimeout(() => this.readNow(), wait);
    }

    async readNow () {
        this.timer = null;
        this.dirty = false;
        this.inFlight = true;
        this.lastRead = Date.now();
        this.reads++;
        for (const view of this.views)
            view.section.dataset.reads = String(this.reads);
        try {
            const reply = await read(this.path, this.message());
            const text = JSON.stringify(reply);
            // The same figures as drawn: nothing to redraw (a redraw costs the charts memory).
            const same = text === this.replyText && this.views.every((view) => view.drawn());
            this.reply = reply;
            this.replyText = text;
            if (!same)
                for (const view of this.views)
                    view.show(reply);
        } catch (error) {
            if (error instanceof ApiError && error.unauthenticated)
                this.onSignedOut();
            for (const view of this.views)
                if (error instanceof ApiError && error.unavailable)
                    view.unavailable();
                else
                    view.failed(error);
        } finally {
            this.inFlight = false;
            if (this.dirty)
                this.stale();
        }
    }

    // After a language switch: the last reply drawn again.
    redraw () {
        if (this.reply)
            for (const view of this.views)
                view.show(this.reply);
    }

    // Signed out: nothing read until the next sign-in (a read under way finishes alone).
    stop () {
        if (this.timer)
            clearTimeout(this.timer);
        this.timer = null;
        this.dirty = false;
    }
}

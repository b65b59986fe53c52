// live.js: the event stream (GET /api/v1/events, Server-Sent Events) for the screen: one
// EventSource, a listener per event type the screen shows (named SSE events reach only their
// own listeners; the same list is the stream's ?types= filter). The browser reconnects by
// itself with Last-Event-ID after a lost connection; a stream the gateway refused (503 while
// it starts, 401) closes for good, so it is opened again here, later, from the last event seen
// (?last_event_id=). Every reconnection after a failure is reported (the boards are read again:
// the gateway may have restarted).

const RETRY_MS = [1000, 2000, 5000, 10000, 30000];

export class Live {
    // types: event types; plant: "" or a plant code; onEvent(type, data, id); onState(state):
    // 'connecting' | 'live' | 'reconnecting'; onReconnected(); onClosed() → a promise of true to
    // try again (false: stop, e.g. signed out).
    constructor ({ types, plant, onEvent, onState, onReconnected, onClosed }) {
        this.types = types;
        this.plant = plant;
        this.onEvent = onEvent;
        this.onState = onState;
        this.onReconnected = onReconnected;
        this.onClosed = onClosed;
        this.source = null;
        this.lastId = '';
        this.failed = false;
        this.attempt = 0;
        this.timer = null;
        this.handler = (message) => this.receive(message);
    }

    url () {
        const query = new URLSearchParams({ types: this.types.join(',') });
        if (this.plant)
            query.set('plant', this.plant);
        if (this.lastId)
            query.set('last_event_id', this.lastId);
        return `/api/v1/events?${query}`;
    }

    start () {
        this.stop();
        this.onState(this.failed ? 'reconnecting' : 'connecting');
        const source = new EventSource(this.url(), { withCredentials: true });
        this.source = source;
        for (const type of this.types)
            source.addEventListener(type, this.handler);
        source.onopen = () => {
            this.attempt = 0;
            this.onState('live');
            if (this.failed) {
                this.failed = false;
                this.onReconnected();
            }
        };
        source.onerror = () => {
            this.failed = true;
            if (source.readyState === EventSource.CLOSED)
                this.closed();
            else
                this.onState('reconnecting');
        };
    }

    receive (message) {
        if (message.lastEventId)
            this.lastId = message.lastEventId;
        let data = null;
        try {
            data = JSON.parse(message.data);
        } catch {
            return;
        }
        this.onEvent(message.type, data, message.lastEventId);
    }

    async closed () {
        this.stop();
        this.onState('reconnecting');
        const delay = RETRY_MS[Math.min(this.attempt, RETRY_MS.length - 1)];
        this.attempt++;
        this.timer = setTimeout(async () => {
            this.timer = null;
            if (await this.onClosed())
                this.start();
        }, delay);
    }

    stop () {
        if (this.timer) {
            clearTimeout(this.timer);
            this.timer = null;
        }
        if (this.source) {
            for (const type of this.types)
                this.source.removeEventListener(type, this.handler);
            this.source.onopen = null;
            this.source.onerror = null;
            this.source.close();
            this.source = null;
        }
    }
}

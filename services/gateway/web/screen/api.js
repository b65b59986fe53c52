// api.js: the gateway's requests for the screen (services/gateway/README.md): reads as Connect
// GETs (?encoding=json&message=...), the session's own requests as JSON POSTs; the cookie
// sf_session is the credential (same origin), never a token held by the page.

export class ApiError extends Error {
    constructor (status, problem) {
        super(problem?.detail || `HTTP ${status}`);
        this.status = status;
        this.problem = problem || null;
    }

    // The request does not exist (yet): a daemon that does not serve it, or not running.
    get unavailable () {
        return this.status === 404 || this.status === 501 || this.problem?.code === 'unimplemented';
    }

    get unauthenticated () {
        return this.status === 401;
    }
}

async function answer (response) {
    const text = await response.text();
    let body = null;
    try {
        body = text ? JSON.parse(text) : {};
    } catch {
        body = null;
    }
    if (!response.ok)
        throw new ApiError(response.status, body);
    return body || {};
}

// A read: GET /api/v1/<service>/<method>?encoding=json&message=<json>.
export async function read (path, message = {}, { signal } = {}) {
    const query = new URLSearchParams({ encoding: 'json', message: JSON.stringify(message) });
    const response = await fetch(`/api/v1/${path}?${query}`, {
        credentials: 'same-origin',
        headers: { 'Accept-Language': document.documentElement.lang || 'zh-CN' },
        signal,
    });
    return answer(response);
}

export async function post (path, message = {}) {
    const response = await fetch(`/api/v1/${path}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'Accept-Language': document.documentElement.lang || 'zh-CN' },
        body: JSON.stringify(message),
    });
    return answer(response);
}

export function whoAmI () {
    return post('gateway.Gateway/WhoAmI', {});
}

export function login (name, password) {
    return post('gateway.Gateway/Login', { login: name, password });
}

// proto3 JSON writes int64 as a string and leaves zero values out.
export function num (value) {
    const n = Number(value ?? 0);
    return Number.isFinite(n) ? n : 0;
}

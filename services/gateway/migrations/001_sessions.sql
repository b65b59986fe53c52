-- The gateway's sessions (README.md, "Sessions"). A token is given once and never stored:
-- only its SHA-256 is. session_id is the public handle (logs, ListSessions, RevokeSession).
CREATE TABLE session (
    token_hash   bytea PRIMARY KEY CHECK (length (token_hash) = 32),
    session_id   text NOT NULL UNIQUE,
    login        text NOT NULL,
    address      text NOT NULL DEFAULT '',
    user_agent   text NOT NULL DEFAULT '',
    created_ms   bigint NOT NULL,
    expires_ms   bigint NOT NULL,           -- absolute end (gateway.session_max_hours)
    last_used_ms bigint NOT NULL,           -- idle end: last_used_ms + gateway.session_idle_minutes
    revoked_ms   bigint,                    -- logout, revocation; NULL while open
    revoked_by   text,
    account      bytea NOT NULL,            -- directory.Account (with grants) as the directory answered
                                            -- at login; any later change of it ends the session
    account_version bigint NOT NULL,        -- its version: an account event of a higher one ends the session
    roles        text[] NOT NULL,           -- the distinct roles of its grants
    plants       text[] NOT NULL,           -- the plants its grants' nodes lie in (directory.GetNode at login)
    company      boolean NOT NULL           -- a grant on a company-level node (no plant): every plant
);
CREATE INDEX session_login ON session (login) WHERE revoked_ms IS NULL;

-- Failed logins, one row per failure, by login and by address (the limits' windows slide
-- over them); rows older than the longest window are deleted by the gateway.
CREATE TABLE login_failure (
    id          bigserial PRIMARY KEY,
    login       text NOT NULL,
    address     text NOT NULL,
    failed_ms   bigint NOT NULL
);
CREATE INDEX login_failure_login ON login_failure (login, failed_ms);
CREATE INDEX login_failure_address ON login_failure (address, failed_ms);
CREATE INDEX login_failure_failed ON login_failure (failed_ms);

-- The gateway's numbers, with why (national rules are data, with their source beside them).
CREATE TABLE gateway_setting (
    key     text PRIMARY KEY,
    value   bigint NOT NULL CHECK (value >= 0),
    source  text NOT NULL
);
INSERT INTO gateway_setting (key, value, source) VALUES
    ('login_failures_per_login', 5,
     'GB/T 22239-2019 信息安全技术 网络安全等级保护基本要求 8.1.4.1 b) 应具有登录失败处理功能，应配置并启用结束会话、'
     '限制非法登录次数和当登录连接超时自动退出等相关措施 (the count is the common practice of 等保 assessments: 5)'),
    ('login_failures_per_address', 20,
     'GB/T 22239-2019 8.1.4.1 b) (as above), per source address: one address guessing many logins'),
    ('login_failure_window_s', 900,
     'GB/T 22239-2019 8.1.4.1 b): the lock-out window (15 minutes, the common practice of 等保 assessments)');

-- The sender sends concurrently (README_sending.md, "One run").

-- How many HTTP requests (robots, webhooks) the sender has in flight at once. Each robot still
-- gets one request at a time and never more than its own limit (the rows above); this bounds
-- what one daemon asks of the network and the receivers. 16: a burst to 200 units drains at
-- several hundred a second on loopback, while one slow receiver (5 s timeout) holds one of 16.
INSERT INTO notify_setting (key, value, reason) VALUES
    ('send_concurrency', 16,
     '发送任务同时在途的 HTTP 请求（机器人、Webhook）上限；每个机器人仍一次一条、不超过其频率限制 / '
     'HTTP requests (robots, webhooks) the sender has in flight at once; each robot still gets one at a time, '
     'within its own rate limit');

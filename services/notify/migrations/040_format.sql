-- Message formats and DingTalk's block (README_sending.md, "Formats" and "Rate limits").

-- How a robot channel shows a message: 1 its text message, 2 rich (DingTalk and WeCom
-- markdown, Feishu post). notify.MessageFormat; email and webhooks ignore it.
ALTER TABLE unit_channel ADD COLUMN format smallint NOT NULL DEFAULT 1 CHECK (format BETWEEN 1 AND 2);

-- Until when the platform refuses this robot (DingTalk answers 130101 and blocks it for 10
-- minutes): its deliveries wait, queued, until then. 0: not blocked.
ALTER TABLE unit_channel ADD COLUMN blocked_until_ms bigint NOT NULL DEFAULT 0;

INSERT INTO notify_setting (key, value, reason) VALUES
    ('dingtalk_block_seconds', 600,
     '钉钉自定义机器人每分钟最多发送20条，超过会限流10分钟（钉钉开放平台文档：自定义机器人发送消息频率限制；'
     '应答 errcode 130101 "send too fast"）：收到 130101 后10分钟内不再向该机器人发送，消息排队等待');

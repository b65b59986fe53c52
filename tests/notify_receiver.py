#!/usr/bin/env python3
"""notify_receiver: local stand-ins for the notifier's channels, on 127.0.0.1 only.

One http.server plays, by path:
  /dingtalk/robot/send?access_token=T[&timestamp=ms&sign=S]   DingTalk custom robot (text, markdown)
  /wecom/cgi-bin/webhook/send?key=K                           WeCom group robot (text, markdown)
  /feishu/open-apis/bot/v2/hook/H                              Feishu custom bot (text, post)
  /webhook                                                     a Standard Webhooks receiver
and checks each payload and signature exactly as /work/notes/issue14_channels.md documents
them, answering as the platform does (errcode 0 / code 0 / 2xx, or its error). Every accepted
request becomes a JSON line in --log ({"kind","id","body"}); refused ones too, with "ok": false.
POST /_control?fail=N&how=500|limit makes the next N platform requests fail that way ("limit":
DingTalk errcode 130101, WeCom 45009, Feishu 11232, a webhook HTTP 429).
With --smtp-port an SMTP sink (stdlib smtpd, Python <= 3.11) writes {"kind":"smtp",...} lines.
"""
import argparse, base64, os, hashlib, hmac, json, re, sys, threading, time, urllib.parse, warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None
LOCK = threading.Lock()
FAIL = {"left": 0, "how": "500"}


def record(entry):
    with LOCK, open(ARGS.log, "a", encoding="utf-8") as out:
        out.write(json.dumps(entry, ensure_ascii=False) + "\n")


def b64hmac(key, msg):
    return base64.b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode()


def check_dingtalk(query, body):
    if query.get("access_token") != ARGS.dingtalk_token:
        return "access_token"
    if ARGS.dingtalk_secret:
        ts, sign = query.get("timestamp", ""), query.get("sign", "")
        if not ts.isdigit() or abs(int(ts) - int(time.time() * 1000)) > 3600000:
            return "timestamp"
        want = b64hmac(ARGS.dingtalk_secret.encode(), (ts + "\n" + ARGS.dingtalk_secret).encode())
        if not hmac.compare_digest(sign, want):   # parse_qs already URL-decoded it
            return "sign"
    kind = body.get("msgtype")
    if kind not in ("text", "markdown") or not isinstance(body.get(kind), dict):
        return "msgtype"
    at = body.get("at", {})
    if not isinstance(at.get("atMobiles", []), list) or not all(isinstance(m, str) for m in at.get("atMobiles", [])):
        return "atMobiles"
    if not isinstance(at.get("isAtAll", False), bool):
        return "isAtAll"
    if kind == "markdown":
        md = body["markdown"]
        if not isinstance(md.get("title"), str) or not md["title"] or not isinstance(md.get("text"), str):
            return "markdown"
        # DingTalk @s a mobile in markdown only when "@<mobile>" is in the text as well.
        if any("@" + m not in md["text"] for m in at.get("atMobiles", [])):
            return "markdown @mobile"
    return None


def check_wecom(query, body):
    if query.get("key") != ARGS.wecom_key:
        return "key"
    kind = body.get("msgtype")
    if kind not in ("text", "markdown") or not isinstance(body.get(kind), dict):
        return "msgtype"
    content = body[kind].get("content")
    if not isinstance(content, str) or len(content.encode()) > (2048 if kind == "text" else 4096):
        return "content"
    for name in ("mentioned_list", "mentioned_mobile_list"):
        items = body[kind].get(name, [])
        if not isinstance(items, list) or not all(isinstance(m, str) for m in items):
            return name
    return None


def check_feishu(path, body):
    if path.rsplit("/", 1)[-1] != ARGS.feishu_hook:
        return "hook"
    if ARGS.feishu_secret:
        ts = str(body.get("timestamp", ""))
        if not ts.isdigit() or abs(int(ts) - int(time.time())) > 3600:
            return "timestamp"
        want = b64hmac((ts + "\n" + ARGS.feishu_secret).encode(), b"")
        if not hmac.compare_digest(str(body.get("sign", "")), want):
            return "sign"
    kind = body.get("msg_type")
    if kind == "post":
        return check_feishu_post(body.get("content", {}).get("post"))
    if kind != "text" or not isinstance(body.get("content", {}).get("text"), str):
        return "msg_type"
    return None


def check_feishu_post(post):
    """Rich text: locales (zh_cn, en_us, ja_jp), each a title and paragraphs of tagged elements."""
    if not isinstance(post, dict) or not post or not set(post) <= {"zh_cn", "en_us", "ja_jp"}:
        return "post locales"
    for locale in post.values():
        if not isinstance(locale, dict) or not isinstance(locale.get("title", ""), str):
            return "post title"
        paragraphs = locale.get("content")
        if not isinstance(paragraphs, list) or not all(isinstance(p, list) for p in paragraphs):
            return "post content"
        for element in (e for p in paragraphs for e in p):
            tag = element.get("tag") if isinstance(element, dict) else None
            if tag not in ("text", "a", "at", "img"):
                return "post tag"
            if tag in ("text", "a") and not isinstance(element.get("text"), str):
                return "post text"
            if tag == "a" and not str(element.get("href", "")).startswith(("http://", "https://")):
                return "post href"
    return None


def shown_text(kind, body):
    """What the platform shows of a message, where the delivery number "[#<id>]" is."""
    if kind in ("dingtalk", "wecom"):
        message = body.get(body.get("msgtype", ""), {})
        message = message if isinstance(message, dict) else {}
        return message.get("content", message.get("text", ""))
    if kind == "feishu":
        post = body.get("content", {}).get("post")
        if isinstance(post, dict):
            locale = next(iter(post.values()), {})
            return locale.get("title", "") if isinstance(locale, dict) else ""
        return body.get("content", {}).get("text", "")
    return ""


def check_webhook(headers, raw):
    msg_id, ts = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
    if not msg_id or "." in msg_id or not ts.isdigit() or abs(int(ts) - int(time.time())) > 300:
        return "id or timestamp"
    if ARGS.webhook_secret:
        key = base64.b64decode(ARGS.webhook_secret[len("whsec_"):] + "==")
        want = b64hmac(key, msg_id.encode() + b"." + ts.encode() + b"." + raw)
        given = [s.split(",", 1)[1] for s in headers.get("webhook-signature", "").split() if s.startswith("v1,")]
        if not any(hmac.compare_digest(g, want) for g in given):
            return "signature"
    return None


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        query = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if url.path == "/_control":
            FAIL["left"], FAIL["how"] = int(query.get("fail", "0")), query.get("how", "500")
            return self.answer(200, {"ok": True})
        kind = url.path.split("/")[1]
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            return self.answer(400, {"error": "json"})
        with LOCK:
            failing = FAIL["left"] > 0
            if failing:
                FAIL["left"] -= 1
        if failing:
            record({"kind": kind, "ok": False, "why": "fail mode " + FAIL["how"]})
            if FAIL["how"] == "500":
                return self.answer(500, {"error": "down"})
            limit = {"dingtalk": {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"},
                     "wecom": {"errcode": 45009, "errmsg": "api freq out of limit"},
                     "feishu": {"code": 11232, "msg": "frequency limited"}}
            return self.answer(429 if kind == "webhook" else 200, limit.get(kind, {}))
        if kind == "dingtalk":
            why = check_dingtalk(query, body)
        elif kind == "wecom":
            why = check_wecom(query, body)
        elif kind == "feishu":
            why = check_feishu(url.path, body)
        elif kind == "webhook":
            why = check_webhook(self.headers, raw)
        else:
            return self.answer(404, {"error": "path"})
        number = re.search(r"\[#(\d+)\]", str(shown_text(kind, body)))
        ident = self.headers.get("webhook-id", "") if kind == "webhook" else (number.group(1) if number else "")
        record({"kind": kind, "ok": why is None, "why": why or "", "id": ident, "body": body})
        if kind == "webhook":
            return self.answer(400 if why else 200, {})
        if why:
            bad = {"dingtalk": {"errcode": 310000, "errmsg": "sign not match"},
                   "wecom": {"errcode": 93000, "errmsg": "invalid webhook url"},
                   "feishu": {"code": 19021, "msg": "sign match fail"}}
            return self.answer(200, bad[kind])
        return self.answer(200, {"code": 0, "msg": "success", "data": {}} if kind == "feishu"
                           else {"errcode": 0, "errmsg": "ok"})


def smtp_sink(port):
    warnings.simplefilter("ignore")
    import asyncore, smtpd
    from email import message_from_bytes

    class Sink(smtpd.SMTPServer):
        def process_message(self, peer, mailfrom, rcpttos, data, **kw):
            msg = message_from_bytes(data)
            parts = [p.get_content_type() for p in msg.walk()]
            record({"kind": "smtp", "ok": True, "from": mailfrom, "to": rcpttos,
                    "subject_raw": msg.get("Subject", ""), "date": msg.get("Date", ""),
                    "message_id": msg.get("Message-ID", ""), "parts": parts})

    Sink(("127.0.0.1", port), None, decode_data=False)
    asyncore.loop()


def watch(pid):
    """A test that failed half-way never leaves its receiver behind."""
    while True:
        time.sleep(0.5)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:
            pass


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--smtp-port", type=int, default=0)
    p.add_argument("--log", required=True)
    p.add_argument("--dingtalk-token", default="T")
    p.add_argument("--dingtalk-secret", default="")
    p.add_argument("--wecom-key", default="K")
    p.add_argument("--feishu-hook", default="H")
    p.add_argument("--feishu-secret", default="")
    p.add_argument("--webhook-secret", default="")
    p.add_argument("--watch-pid", type=int, default=0, help="exit when this process (the test) is gone")
    ARGS = p.parse_args()
    if ARGS.watch_pid:
        threading.Thread(target=watch, args=(ARGS.watch_pid,), daemon=True).start()
    if ARGS.smtp_port:
        threading.Thread(target=smtp_sink, args=(ARGS.smtp_port,), daemon=True).start()
    ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler).serve_forever()


if __name__ == "__main__":
    sys.exit(main())

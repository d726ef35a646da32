"""A local chat provider: a thread with http.server on 127.0.0.1 that checks each
provider's credentials and signature exactly as the provider documents them, and
counts the messages it accepted."""

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from community_portal.chat.enums import Provider
from tests.factories.chat import SECRETS, TOKENS


@dataclass
class Received:
    provider: str
    title: str
    payload: dict
    at: float


@dataclass
class Receiver:
    port: int = 0
    received: list[Received] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    # 500 to everything while set.
    failing: bool = False
    # Answer 429 to this many requests (then accept again).
    rate_limited: int = 0
    # Seconds to wait before answering.
    delay: float = 0
    server: ThreadingHTTPServer | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.handle(self, body)

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Down: connections are refused until ``start`` (on the same port)."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def titles(self, provider: str | None = None) -> list[str]:
        return sorted(r.title for r in self.received if provider in (None, r.provider))

    # --- Checking what came in -------------------------------------------------------

    def handle(self, handler, body: bytes) -> None:
        url = urlsplit(handler.path)
        query = parse_qs(url.query)
        try:
            payload = json.loads(body.decode("utf-8"))
        except ValueError:
            return self.answer(handler, 400, {"error": "not JSON"})
        if self.delay:
            time.sleep(self.delay)
        if self.failing:
            return self.answer(handler, 500, {"error": "down for maintenance"})
        if self.rate_limited:
            with self.lock:
                self.rate_limited -= 1
            return self.answer(handler, 429, {"message": "slow down", "retry_after": 2.5})
        checks = {
            "/cgi-bin/webhook/send": self.wecom,
            "/robot/send": self.dingtalk,
            "/open-apis/bot/v2/hook/": self.feishu,
            "/services/": self.slack,
            "/api/webhooks/": self.discord,
        }
        for prefix, check in checks.items():
            if url.path.startswith(prefix):
                return check(handler, url.path[len(prefix) :], query, payload)
        return self.answer(handler, 404, {"error": "no such hook"})

    def accept(self, handler, provider, title, payload, status=200, answer=None):
        with self.lock:
            self.received.append(Received(provider, title, payload, time.time()))
        self.answer(handler, status, answer)

    def refuse(self, handler, provider, reason, status=200, answer=None):
        with self.lock:
            self.refused.append(f"{provider}: {reason}")
        self.answer(handler, status, answer)

    def answer(self, handler, status, body) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def wecom(self, handler, rest, query, payload):
        # The key in the URL is the credential; markdown content at most 4096 bytes.
        if query.get("key") != [TOKENS[Provider.WECOM]]:
            return self.refuse(handler, "wecom", "bad key", answer={"errcode": 93000})
        content = payload.get("markdown", {}).get("content", "")
        if payload.get("msgtype") != "markdown" or len(content.encode()) > 4096:
            return self.refuse(handler, "wecom", "bad message", answer={"errcode": 40008})
        self.accept(
            handler,
            "wecom",
            content.splitlines()[0].removeprefix("### "),
            payload,
            200,
            {"errcode": 0, "errmsg": "ok"},
        )

    def dingtalk(self, handler, rest, query, payload):
        # timestamp (ms, within an hour) and sign = urlencode(base64(HmacSHA256(
        # key=secret, "timestamp\nsecret"))), in the query string.
        secret = SECRETS[Provider.DINGTALK]
        if query.get("access_token") != [TOKENS[Provider.DINGTALK]]:
            return self.refuse(handler, "dingtalk", "bad token", answer={"errcode": 300001})
        try:
            timestamp = int(query["timestamp"][0])
            sign = query["sign"][0]  # parse_qs undid the URL encoding
        except (KeyError, ValueError):
            return self.refuse(handler, "dingtalk", "unsigned", answer={"errcode": 310000})
        expected = base64.b64encode(
            hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
        ).decode()
        if (
            not hmac.compare_digest(sign, expected)
            or abs(time.time() * 1000 - timestamp) > 3600_000
        ):
            return self.refuse(handler, "dingtalk", "bad sign", answer={"errcode": 310000})
        markdown = payload.get("markdown", {})
        if payload.get("msgtype") != "markdown" or not markdown.get("title"):
            return self.refuse(handler, "dingtalk", "bad message", answer={"errcode": 40035})
        self.accept(
            handler, "dingtalk", markdown["title"], payload, 200, {"errcode": 0, "errmsg": "ok"}
        )

    def feishu(self, handler, rest, query, payload):
        # In the body: timestamp (s, within an hour) and sign = base64(HmacSHA256(
        # key="timestamp\nsecret", message="")).
        secret = SECRETS[Provider.FEISHU]
        if rest != TOKENS[Provider.FEISHU]:
            return self.refuse(handler, "feishu", "bad hook", answer={"code": 19001})
        try:
            timestamp = int(payload["timestamp"])
            sign = payload["sign"]
        except (KeyError, ValueError):
            return self.refuse(handler, "feishu", "unsigned", answer={"code": 19021})
        key = f"{timestamp}\n{secret}".encode()
        expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
        if not hmac.compare_digest(sign, expected) or abs(time.time() - timestamp) > 3600:
            return self.refuse(handler, "feishu", "bad sign", answer={"code": 19021})
        card = payload.get("card", {})
        if payload.get("msg_type") != "interactive" or "header" not in card:
            return self.refuse(handler, "feishu", "bad message", answer={"code": 9499})
        self.accept(
            handler,
            "feishu",
            card["header"]["title"]["content"],
            payload,
            200,
            {"code": 0, "msg": "success"},
        )

    def slack(self, handler, rest, query, payload):
        if rest != TOKENS[Provider.SLACK]:
            return self.refuse(handler, "slack", "bad hook", 403, None)
        blocks = payload.get("blocks") or []
        sections = [b for b in blocks if b.get("type") == "section"]
        if not payload.get("text") or not sections or sections[0]["text"]["type"] != "mrkdwn":
            return self.refuse(handler, "slack", "bad message", 400, None)
        self.accept(handler, "slack", payload["text"], payload)

    def discord(self, handler, rest, query, payload):
        if rest != TOKENS[Provider.DISCORD]:
            return self.refuse(handler, "discord", "bad hook", 401, {"code": 50027})
        embeds = payload.get("embeds") or []
        if not embeds or payload.get("allowed_mentions") != {"parse": []}:
            return self.refuse(handler, "discord", "bad message", 400, {"code": 50006})
        self.accept(handler, "discord", embeds[0]["title"], payload, 204, None)

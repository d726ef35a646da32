"""A local HTTP receiver that counts the webhooks it gets and checks their signatures
with ``standardwebhooks``, the specification's reference implementation."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks import Webhook

from tests.factories.webhooks import EndpointFactory


class Receiver:
    """Answers ``status`` (200 by default) to every POST and keeps what it got.

    ``stop()`` closes the port (connections refused), ``start()`` opens it again."""

    def __init__(self, secret: str = ""):
        self.requests = []  # (headers, body) of every POST, failed ones included
        self.checked = []  # each request's payload as standardwebhooks verified it, or the error
        self.secret = secret
        self.status = 200
        self.server = None
        self.port = 0
        self.start()

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                headers = {name.lower(): value for name, value in self.headers.items()}
                receiver.requests.append((headers, body))
                # Checked on arrival: the timestamp is compared with the (travelled) clock.
                try:
                    checked = Webhook(receiver.secret).verify(body, headers)
                    receiver.checked.append({"id": headers["webhook-id"], **checked})
                except Exception as error:
                    receiver.checked.append(error)
                self.send_response(receiver.status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok" if receiver.status < 300 else b"x" * 5000)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.running = True

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.running = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def verified(self) -> list[dict]:
        """Every request's payload, with its ``webhook-id``, once ``standardwebhooks``
        verified its signature and timestamp; raises if one did not verify."""
        for result in self.checked:
            if isinstance(result, Exception):
                raise result
        return self.checked

    def ids(self) -> list[str]:
        return [headers["webhook-id"] for headers, _body in self.requests]

    def types(self) -> list[str]:
        return [json.loads(body)["type"] for _headers, body in self.requests]


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    if receiver.running:
        receiver.stop()


@pytest.fixture
def endpoint(db, receiver):
    endpoint = EndpointFactory(url=receiver.url)
    receiver.secret = endpoint.secret
    return endpoint


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the callbacks of the transactions inside, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)

"""A local HTTP server that answers like Nominatim's /search (format=json), for the real geopy client.

Every request is logged with the moment it arrived (time.monotonic()) and its query, so a test can count the
requests and measure the gaps between them. What it answers is chosen per postcode (`answers`): a list of modes
taken one request at a time, the last one repeated:
  "found"      [{"lat", "lon", "display_name"}]   (the default, at `coordinates`)
  "not_found"  []
  "timeout"    answers after `slow_seconds` (longer than the client waits)
  "500", "503", "429"  that HTTP status (429 with Retry-After: 1)
"""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from orders.models import normalize_postcode


@dataclass
class Request:
    at: float
    path: str
    query: dict
    user_agent: str

    @property
    def postcode(self) -> str:
        return normalize_postcode(self.query.get("postalcode", ""))


@dataclass
class FakeNominatim:
    coordinates: tuple[float, float] = (52.3745, 4.8979)
    slow_seconds: float = 2.0
    answers: dict[str, list[str]] = field(default_factory=dict)
    log: list[Request] = field(default_factory=list)
    url: str = ""

    def answer_for(self, postcode: str) -> str:
        modes = self.answers.get(normalize_postcode(postcode))
        if not modes:
            return "found"
        return modes.pop(0) if len(modes) > 1 else modes[0]

    def requests_for(self, postcode: str) -> list[Request]:
        return [request for request in self.log if request.postcode == normalize_postcode(postcode)]


def _handler(fake: FakeNominatim):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            url = urlsplit(self.path)
            query = {name: values[0] for name, values in parse_qs(url.query).items()}
            fake.log.append(Request(time.monotonic(), url.path, query, self.headers.get("User-Agent", "")))
            mode = fake.answer_for(query.get("postalcode", ""))
            if mode == "timeout":
                time.sleep(fake.slow_seconds)
                mode = "not_found"  # whatever it says now, the client has stopped listening
            if mode in {"500", "503", "429"}:
                self.send_response(int(mode))
                if mode == "429":
                    self.send_header("Retry-After", "1")
                self.end_headers()
                return
            body = []
            if mode == "found":
                latitude, longitude = fake.coordinates
                name = f"{query.get('street')}, {query.get('city')}"
                body = [{"lat": str(latitude), "lon": str(longitude), "display_name": name}]
            payload = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            try:
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):  # quiet
            pass

    return Handler


class Server:
    def __init__(self) -> None:
        self.fake = FakeNominatim()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.fake))
        self.httpd.daemon_threads = True
        self.fake.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FakeNominatim:
        self.thread.start()
        return self.fake

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

"""A small local RFC 3161 time-stamping authority (TSA) over HTTP, for the tests and the bench.
No mocks of our own code: our signer talks HTTP to it, as it would to BSrE's TSA.

- `POST /tsa` with an `application/timestamp-query` body answers `application/timestamp-reply`:
  a token signed by pyHanko's `DummyTimeStamper` with a TSA certificate issued (here, with
  `cryptography`) by a test root CA. `root_pem` is that root: put it in `TTE_TRUST_PEM`.
- `fail_next(status, times=…, after=…)` answers HTTP `status` (e.g. 500); `garbage_next(…)`
  answers 200 `application/timestamp-reply` with bytes that are not DER; `after=N` lets N
  requests through first (pyHanko asks twice per signature: a size estimate, then the token). `stop()` takes the server down
  (connections are then refused).
- `trust_pem(folder)` writes `root_pem` to a file. Each request is recorded in `requests` (`content_type`, `authorization`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

PATH = "/tsa"


def _name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Uji TSA (bukan untuk produksi)"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def make_tsa_certificates() -> tuple[x509.Certificate, x509.Certificate, rsa.RSAPrivateKey]:
    """A test root CA and a TSA certificate it issued (critical EKU timeStamping, RFC 3161 §2.3)."""
    now = datetime.now(UTC)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = _name("Uji Root CA")
    root = (
        x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
        .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False,
        ), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa = (
        x509.CertificateBuilder().subject_name(_name("Uji TSA")).issuer_name(root_name)
        .public_key(tsa_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    return root, tsa, tsa_key


@dataclass
class FakeTSA:
    requests: list[dict] = field(default_factory=list)
    _faults: list[str | None] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self):
        root, tsa, key = make_tsa_certificates()
        self.root_pem = root.public_bytes(serialization.Encoding.PEM)
        der = serialization.Encoding.DER
        self._stamper = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(tsa.public_bytes(der)),
            tsa_key=asn1_keys.PrivateKeyInfo.load(
                key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
            ),
        )

    # ---- programming the fake ------------------------------------------------------------
    def fail_next(self, status: int = 500, times: int = 1, after: int = 0) -> None:
        """Answer HTTP `status` to the next `times` requests (after `after` good answers)."""
        self._program(str(status), times, after)

    def garbage_next(self, times: int = 1, after: int = 0) -> None:
        """Answer 200 `application/timestamp-reply` with bytes that are not DER."""
        self._program("garbage", times, after)

    def _program(self, fault: str, times: int, after: int) -> None:
        with self._lock:
            self._faults.extend([None] * after + [fault] * times)

    def _next_fault(self) -> str | None:
        with self._lock:
            return self._faults.pop(0) if self._faults else None

    # ---- the server ----------------------------------------------------------------------
    def start(self) -> FakeTSA:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Take the TSA down: from now on connections are refused. Stopping twice is harmless."""
        if getattr(self, "_stopped", False):
            return
        self._stopped = True
        self._server.shutdown()
        self._server.server_close()

    def trust_pem(self, folder: Path) -> Path:
        """The test root CA as a PEM file, for TTE_TRUST_PEM."""
        path = folder / "tsa-root.pem"
        path.write_bytes(self.root_pem)
        return path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{PATH}"

    def reply(self, query: bytes) -> bytes:
        return self._stamper.request_tsa_response(tsp.TimeStampReq.load(query)).dump()


def _handler(fake: FakeTSA):
    class Handler(BaseHTTPRequestHandler):
        disable_nagle_algorithm = True  # no 40-ms delayed-ACK stall between headers and body

        def log_message(self, *args):  # quiet
            pass

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            content_type = self.headers.get("Content-Type", "")
            fake.requests.append({"content_type": content_type, "authorization": self.headers.get("Authorization")})
            fault = fake._next_fault()
            if fault == "garbage":
                return self._send(200, b"<html>not a timestamp</html>", "application/timestamp-reply")
            if fault:
                return self._send(int(fault), b"TSA error", "text/plain")
            if self.path != PATH or content_type != "application/timestamp-query":
                return self._send(400, b"expected application/timestamp-query", "text/plain")
            try:
                reply = fake.reply(body)
            except ValueError:
                return self._send(400, b"not a timestamp query", "text/plain")
            self._send(200, reply, "application/timestamp-reply")

    return Handler

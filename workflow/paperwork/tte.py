"""TTE: sign a PDF as PAdES with the head of office's certificate, and check a signed PDF.

The certificate is the PKCS#12 file named by `TTE_CERT_P12` (the one BSrE issued), or, when
that is unset, a self-signed development certificate made once under `instance/` and protected
by `TTE_DEV_PASSPHRASE`. The passphrase is given by the signer at signing time and used only to
open the key: it is never stored, logged, or put in an error message.

`check(pdf)` answers the question the public verification page asks: is the embedded signature
intact, and does it cover the whole file (nothing appended after signing)? Whether the signer's
certificate chains to a root we trust (the development certificate, or the PEM bundle in
`TTE_TRUST_PEM`, e.g. BSrE's CA) is reported beside it.

Trusted time (RFC 3161): when `TTE_TSA_URL` is set, every signature carries a signature
timestamp token from that time-stamping authority, so the signing time is the TSA's, not what
the signer's computer claims. A TSA that cannot be reached, answers garbage, or whose token does
not validate against our trust roots refuses the signature (`TimestampUnavailable`, 503): a
letter is never signed without the timestamp the office configured. `check()` reports whether
the signature carries a timestamp, whether it is valid, and the TSA's time.
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import HTTPTimeStamper, TimestampRequestError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from catalogue import Phrase
from workflow.errors import BadFields, WorkflowError
from workflow.paperwork.draftmark import strip_draft_mark

log = logging.getLogger(__name__)

DEV_P12 = "tte-dev.p12"
DEV_CERT_PEM = "tte-dev-cert.pem"
DEV_SUBJECT = "Kepala DPMPTSP Kabupaten Rokan Hilir (sertifikat pengembangan)"
FIELD_NAME = "TTE-Kepala-DPMPTSP"
TSA_TIMEOUT_SECONDS = 10  # per request; pyHanko asks twice (a size estimate, then the real token)


class CertificateUnavailable(WorkflowError):
    """The configured certificate file cannot be read: an operator's problem, not the signer's
    (503, so the head of office is told to call the administrator rather than retype)."""

    code = "certificate_unavailable"
    status = 503


class TimestampUnavailable(WorkflowError):
    """The time-stamping authority (TTE_TSA_URL) gave no usable timestamp: nothing is signed."""

    code = "timestamp_unavailable"
    status = 503

    def __init__(self):
        super().__init__(
            "Layanan cap waktu (TSA) tidak dapat dihubungi atau jawabannya tidak sah; surat belum "
            "ditandatangani. Silakan coba lagi beberapa saat lagi, atau hubungi administrator bila "
            "berulang. / The timestamp service (TSA) could not be reached or gave an invalid answer; "
            "the letter was not signed. Please try again in a moment, or call the administrator if it "
            "keeps happening."
        )


# ---- the certificate --------------------------------------------------------------------------
def _instance(settings: dict) -> Path:
    return Path(settings.get("instance_path") or "instance")


def certificate_path(settings: dict) -> Path:
    """The PKCS#12 to sign with: TTE_CERT_P12, or the development one (made on first use)."""
    configured = settings.get("tte_cert_p12") or ""
    if configured:
        return Path(configured)
    return ensure_dev_certificate(_instance(settings), settings.get("tte_dev_passphrase") or "demo-tte")


def ensure_dev_certificate(instance: Path, passphrase: str) -> Path:
    """Make the self-signed development certificate once (atomically; concurrent makers agree)."""
    target = instance / DEV_P12
    if target.exists():
        return target
    instance.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Pemerintah Kabupaten Rokan Hilir"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "DPMPTSP"),
            x509.NameAttribute(NameOID.COMMON_NAME, DEV_SUBJECT),
        ]
    )
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    blob = pkcs12.serialize_key_and_certificates(
        b"tte-dev", key, cert, None, serialization.BestAvailableEncryption(passphrase.encode())
    )
    _write_once(instance / DEV_CERT_PEM, cert.public_bytes(serialization.Encoding.PEM))
    _write_once(target, blob)
    return target


def _write_once(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tte-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, target)  # never overwrites: the first maker wins
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp)


def load_signer(settings: dict, passphrase: str) -> signers.SimpleSigner:
    """The signer behind the certificate; a wrong passphrase → BadFields({"passphrase": …})."""
    path = certificate_path(settings)
    try:
        data = path.read_bytes()
    except OSError as exc:
        log.error("TTE certificate unreadable at %s: %s", path, type(exc).__name__)
        raise CertificateUnavailable("the signing certificate is not available; contact the administrator") from exc
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=passphrase.encode())
    except ValueError:
        # pyHanko's message holds no secret, but say nothing about the passphrase beyond this.
        raise BadFields({"passphrase": Phrase("field_error.wrong_passphrase")}) from None


# ---- the time-stamping authority --------------------------------------------------------------
class _TimeStamper(HTTPTimeStamper):
    """pyHanko's HTTP client; an answer it cannot read (not DER, not a TimeStampResp) becomes the
    same TimestampRequestError as a TSA that is down, so signing has one failure to handle."""

    async def async_timestamp(self, message_digest, md_algorithm):
        try:
            return await super().async_timestamp(message_digest, md_algorithm)
        except TimestampRequestError:
            raise
        except (ValueError, TypeError, KeyError) as exc:  # what asn1crypto raises on garbage
            raise TimestampRequestError("the TSA's answer is not a timestamp response") from exc


def timestamper(settings: dict) -> HTTPTimeStamper | None:
    """The TSA client for TTE_TSA_URL (credentials may be in the URL: user:password@host), or None."""
    url = settings.get("tte_tsa_url") or ""
    return _TimeStamper(url, timeout=TSA_TIMEOUT_SECONDS) if url else None


def tsa_host(url: str) -> str:
    """Where the TSA is, for logs: host and port only (never credentials, path or query)."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "?", parts.port
    except ValueError:  # a malformed URL (e.g. a bad port): say nothing of it
        return "?"
    return f"{host}:{port}" if port else host


def _tsa_failed(url: str, reason: str) -> TimestampUnavailable:
    log.error("TTE not signed: the TSA at %s gave no usable timestamp (%s)", tsa_host(url), reason)
    return TimestampUnavailable()


def _failure(exc: BaseException) -> str:
    """The class of what went wrong (and an HTTP status), without messages that may hold the URL."""
    cause = exc.__cause__ or exc
    status = getattr(cause, "status", None)
    return f"{type(cause).__name__} {status}" if isinstance(status, int) else type(cause).__name__


# ---- signing ----------------------------------------------------------------------------------
def sign_pdf(pdf: bytes, signer: signers.SimpleSigner, *, reason: str, location: str,
             settings: dict | None = None) -> bytes:
    """`pdf` with a PAdES (ETSI.CAdES.detached) signature appended as an incremental update.

    With `tte_tsa_url` in `settings`, the signature carries the TSA's timestamp token, checked
    against the trust roots before it is returned; TimestampUnavailable when there is none."""
    tsa = timestamper(settings or {})
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    strip_draft_mark(writer)  # a previewed draft: its mark goes in the signature's own revision
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
    )
    if tsa is None:
        return signers.sign_pdf(writer, meta, signer=signer).getvalue()
    try:
        signed = signers.sign_pdf(writer, meta, signer=signer, timestamper=tsa).getvalue()
    except TimestampRequestError as exc:
        raise _tsa_failed(tsa.url, _failure(exc)) from None
    stamped = check(signed, settings or {})
    if not stamped.timestamp_valid:  # e.g. the TSA's root is not in TTE_TRUST_PEM
        raise _tsa_failed(tsa.url, "its token does not validate against the trust roots (TTE_TRUST_PEM)")
    return signed


# ---- checking ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class SignatureCheck:
    signed: bool  # the PDF holds at least one signature
    intact: bool  # the signed bytes hash to what the signature says
    whole_file: bool  # the signature covers the entire file (nothing appended)
    trusted: bool  # the signer's certificate chains to a root we trust
    signer: str = ""
    signed_at: datetime | None = None  # what the signer's computer reported
    timestamped: bool = False  # the signature carries an RFC 3161 signature timestamp token
    timestamp_valid: bool = False  # that token is intact and its TSA chains to a root we trust
    timestamp_at: datetime | None = None  # the TSA's time (genTime), when the token is readable

    @property
    def genuine(self) -> bool:
        """What the verification page calls genuine: intact and covering the whole file."""
        return self.signed and self.intact and self.whole_file


NOT_SIGNED = SignatureCheck(signed=False, intact=False, whole_file=False, trusted=False)


def trust_roots(settings: dict) -> list[asn1_x509.Certificate]:
    pems: list[bytes] = []
    dev = _instance(settings) / DEV_CERT_PEM
    if dev.exists():
        pems.append(dev.read_bytes())
    bundle = settings.get("tte_trust_pem") or ""
    if bundle and Path(bundle).exists():
        pems.append(Path(bundle).read_bytes())
    roots = []
    for pem in pems:
        for cert in x509.load_pem_x509_certificates(pem):
            roots.append(asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)))
    return roots


# What a damaged PDF or signature makes pyHanko raise (fuzzed: one changed byte anywhere).
_UNREADABLE = (PdfReadError, SignatureValidationError, ValueError, KeyError, TypeError, AttributeError, IndexError)


def check(pdf: bytes, settings: dict) -> SignatureCheck:
    """Validate the last signature in `pdf` (the document's TTE)."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except _UNREADABLE:
        return NOT_SIGNED
    if not embedded:
        return NOT_SIGNED
    sig = embedded[-1]
    context = ValidationContext(trust_roots=trust_roots(settings), allow_fetching=False)
    try:
        status = validate_pdf_signature(sig, context)
    except _UNREADABLE as exc:
        log.info("signature could not be validated: %s", type(exc).__name__)
        return SignatureCheck(signed=True, intact=False, whole_file=False, trusted=False)
    signer = status.signing_cert.subject.native.get("common_name", "") if status.signing_cert else ""
    stamp = status.timestamp_validity  # validated with the same context: the same trust roots
    return SignatureCheck(
        signed=True,
        intact=bool(status.intact and status.valid),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        trusted=bool(status.trusted),
        signer=signer,
        signed_at=status.signer_reported_dt,
        timestamped=stamp is not None,
        timestamp_valid=bool(stamp and stamp.intact and stamp.valid and stamp.trusted),
        timestamp_at=stamp.timestamp if stamp else None,
    )

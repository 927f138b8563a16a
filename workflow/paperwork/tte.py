"""TTE: sign a PDF as PAdES with the head of office's certificate, and check a signed PDF.

The certificate is the PKCS#12 file named by `TTE_CERT_P12` (the one BSrE issued), or, when
that is unset, a self-signed development certificate made once under `instance/` and protected
by `TTE_DEV_PASSPHRASE`. The passphrase is given by the signer at signing time and used only to
open the key: it is never stored, logged, or put in an error message.

`check(pdf)` answers the question the public verification page asks: is the embedded signature
intact, and does it cover the whole file (nothing appended after signing)? Whether the signer's
certificate chains to a root we trust (the development certificate, or the PEM bundle in
`TTE_TRUST_PEM`, e.g. BSrE's CA) is reported beside it.
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

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
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from workflow.errors import BadFields, WorkflowError

log = logging.getLogger(__name__)

DEV_P12 = "tte-dev.p12"
DEV_CERT_PEM = "tte-dev-cert.pem"
DEV_SUBJECT = "Kepala DPMPTSP Kabupaten Rokan Hilir (sertifikat pengembangan)"
WRONG_PASSPHRASE = "Passphrase salah / wrong passphrase"  # noqa: S105 - a message, not a secret
FIELD_NAME = "TTE-Kepala-DPMPTSP"


class CertificateUnavailable(WorkflowError):
    """The configured certificate file cannot be read: an operator's problem, not the signer's
    (503, so the head of office is told to call the administrator rather than retype)."""

    code = "certificate_unavailable"
    status = 503


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
        raise BadFields({"passphrase": WRONG_PASSPHRASE}) from None


# ---- signing ----------------------------------------------------------------------------------
def sign_pdf(pdf: bytes, signer: signers.SimpleSigner, *, reason: str, location: str) -> bytes:
    """`pdf` with a PAdES (ETSI.CAdES.detached) signature appended as an incremental update."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
    )
    out = signers.sign_pdf(writer, meta, signer=signer)
    return out.getvalue()


# ---- checking ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class SignatureCheck:
    signed: bool  # the PDF holds at least one signature
    intact: bool  # the signed bytes hash to what the signature says
    whole_file: bool  # the signature covers the entire file (nothing appended)
    trusted: bool  # the signer's certificate chains to a root we trust
    signer: str = ""
    signed_at: datetime | None = None

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
    return SignatureCheck(
        signed=True,
        intact=bool(status.intact and status.valid),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        trusted=bool(status.trusted),
        signer=signer,
        signed_at=status.signer_reported_dt,
    )

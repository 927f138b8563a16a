"""Paperwork: how long the office's documents take to make, sign and check.

    python -m bench.bench_paperwork [--quick]

Times, median of N runs on this machine: rendering the Tanda Terima and the recommendation letter
(reportlab), opening the PKCS#12 with its passphrase (the key-derivation cost the signer waits
for), signing the letter as PAdES (pyHanko), and checking a signed letter as /verify does, cold
(pyHanko validation) and cached (by sha256), and signing with an RFC 3161 timestamp from the local
test TSA (tests/tsa_fake.py: two HTTP round trips on loopback and the check of the token, not a
real TSA's network latency). The SOP gives the head of office 15 minutes for the
signing step; anything under a second is invisible to them. Compare ratios, not times.
"""

from __future__ import annotations

import hashlib
import statistics
from datetime import UTC, datetime
from pathlib import Path

from bench.common import bench_instance, print_table, timer
from workflow.paperwork import tte, verification
from workflow.paperwork.letter import LetterData, render_letter
from workflow.paperwork.receipt import ChecklistRow, ReceiptData, render_receipt

SERVICE = "Rekomendasi Bantuan Pengiriman Pelajar Anak Putus Sekolah"


def _receipt() -> bytes:
    now = datetime.now(UTC)
    rows = tuple(ChecklistRow(f"Persyaratan {i}", i < 9, i < 9, 1 if i < 9 else None) for i in range(10))
    return render_receipt(ReceiptData("APS-2026-000123", now, SERVICE, "Siti Aminah", "1407********0001",
                                      (("Nama anak", "Budi"),), rows, now, 6, "Rina Back Office", "198001012005012001"))


def _letter() -> bytes:
    particulars = (("Nama pemohon (orang tua/wali)", "Siti Aminah"), ("NIK", "1407014107050001"),
                   ("Alamat", "Jl. Merdeka 1"), ("Nama anak", "Budi"), ("Tanggal lahir anak", "3 Mei 2012"),
                   ("Sekolah/lembaga tujuan", "SMP Negeri 1 Bangko"), ("Nomor registrasi", "APS-2026-000123"))
    return render_letter(LetterData(
        "400.9/123/DPMPTSP-REK/2026", datetime.now(UTC), "APS-2026-000123", SERVICE, "Pimpinan SMP Negeri 1 Bangko",
        "REKOMENDASI", "Kepala Dinas … dengan ini memberikan rekomendasi kepada:", particulars,
        (f"Rekomendasi ini diberikan dalam rangka layanan {SERVICE}.",), ("Peraturan Bupati Rokan Hilir Nomor 4 Tahun 2023",),
        "Demikian rekomendasi ini diberikan untuk dapat dipergunakan sebagaimana mestinya.",
        "https://dpmptsp.example/verify/AbCdEfGhIjKlMnOpQrStUv", "Kepala Dinas", ""))


def _median_ms(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        with timer() as t:
            fn()
        samples.append(t["seconds"] * 1000)
    return statistics.median(samples)


def main(argv: list[str]) -> None:
    runs = 5 if "--quick" in argv else 20
    settings = {"instance_path": str(bench_instance())}
    with timer() as made:
        tte.certificate_path(settings)  # the development certificate, made once
    from tests.tsa_fake import FakeTSA

    signer = tte.load_signer(settings, "demo-tte")
    letter = _letter()
    signed = tte.sign_pdf(letter, signer, reason="bench", location="Bagansiapiapi")
    digest = hashlib.sha256(signed).hexdigest()
    tsa = FakeTSA().start()
    stamped_settings = dict(settings, tte_tsa_url=tsa.url, tte_trust_pem=str(tsa.trust_pem(Path(settings["instance_path"]))))
    try:
        stamped = tte.sign_pdf(letter, signer, reason="b", location="l", settings=stamped_settings)
        stamped_ms = _median_ms(lambda: tte.sign_pdf(letter, signer, reason="b", location="l",
                                                     settings=stamped_settings), runs)
    finally:
        tsa.stop()
    rows = [
        ["render Tanda Terima", _median_ms(_receipt, runs), f"{len(_receipt()) / 1024:.0f} KB"],
        ["render letter (with QR)", _median_ms(_letter, runs), f"{len(letter) / 1024:.0f} KB"],
        ["open PKCS#12 (passphrase)", _median_ms(lambda: tte.load_signer(settings, "demo-tte"), runs), ""],
        ["sign PAdES", _median_ms(lambda: tte.sign_pdf(letter, signer, reason="b", location="l"), runs),
         f"+{(len(signed) - len(letter)) / 1024:.0f} KB"],
        ["sign PAdES with a timestamp (local TSA)", stamped_ms, f"+{(len(stamped) - len(letter)) / 1024:.0f} KB"],
        ["check signature (cold)", _median_ms(lambda: tte.check(signed, settings), runs), ""],
        ["check signature (cached)", _median_ms(lambda: verification.checked(signed, digest, settings), runs), ""],
    ]
    print_table("Making, signing and checking documents", ["step", "median ms", "size"], rows,
                note=f"Development certificate made once in {made['seconds'] * 1000:.0f} ms; {runs} runs per step.")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])

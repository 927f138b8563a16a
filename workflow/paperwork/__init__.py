"""The documents the office issues: the Tanda Terima (receipt.py), the recommendation letter
(letter.py), its TTE signature and validation (tte.py), and what the public verification page
may show (verification.py). actions.py is what the engine's document effects do.

Imports storage and third-party libraries only (reportlab, qrcode, pyHanko, pypdf)."""

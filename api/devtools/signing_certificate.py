"""A CSR or a self-signed certificate for the platform signing key, for operations:

    PYTHONPATH=api python -m devtools.signing_certificate csr --common-name NAME

with PORTAL_SIGNING_KEY_ID (KMS, needs kms:GetPublicKey and kms:Sign) or PORTAL_SIGNING_DIR set."""
from __future__ import annotations

import sys

from chalicelib.adapters import signing
from chalicelib.adapters.certificates import certificate_request, self_signed_certificate



def main(argv: list[str] | None = None) -> int:
    """python -m devtools.signing_certificate csr|self-signed --common-name NAME: for operations,
    with PORTAL_SIGNING_KEY_ID (KMS, needs kms:GetPublicKey and kms:Sign) or PORTAL_SIGNING_DIR set."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m devtools.signing_certificate",
                                     description="A CSR or a self-signed certificate for the platform signing key")
    parser.add_argument("what", choices=["csr", "self-signed"])
    parser.add_argument("--common-name", default="電子保証ポータル 署名用")
    parser.add_argument("--organization", default=None)
    parser.add_argument("--days", type=int, default=3650)
    args = parser.parse_args(argv)
    holder = signing.current_signer()
    if args.what == "csr":
        sys.stdout.write(certificate_request(holder, args.common_name, args.organization).decode("ascii"))
    else:
        from asn1crypto import pem
        certificate = self_signed_certificate(holder, args.common_name, args.days, args.organization)
        sys.stdout.write(pem.armor("CERTIFICATE", certificate.dump()).decode("ascii"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

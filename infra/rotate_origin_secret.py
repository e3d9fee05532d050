"""Rotate the origin secret (X-Origin-Verify) of a deployed stage without refusing a single
request (docs/operations.md, "Key rotation").

    .venv/bin/python infra/rotate_origin_secret.py STAGE      (make rotate-origin-secret STAGE=…)

1. A new value becomes the secret's AWSCURRENT version; the old one is AWSPREVIOUS. The API
   accepts both (it rereads the secret every ORIGIN_SECRET_TTL_SECONDS).
2. Wait until every running function has reread it.
3. CloudFront sends the new value (the distribution's API origin header is updated), and the
   script waits until the distribution is deployed at every edge.
4. The old value loses its AWSPREVIOUS label: once the functions reread the secret, it is
   refused. A later `make deploy` resolves the template's {{resolve:secretsmanager:…}} to the
   current value, the same one CloudFront already sends.

Run again after a stop, it finishes the rotation under way instead of starting another (see
`rotate`). Do not `make deploy` while it runs: a deploy that touches the distribution would
send the new value before step 2 has passed.
"""
from __future__ import annotations

import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))

from portal_infra import stages
from portal_infra.portal import API_PATH_PATTERN, ORIGIN_HEADER
from chalicelib.adapters.config import ORIGIN_SECRET_TTL_SECONDS

SECRET_LENGTH = 48


def new_value() -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(secrets.choice(alphabet) for _ in range(SECRET_LENGTH))


def api_origin(config: dict) -> dict:
    """The distribution's API origin: the one the /api/* behaviour targets."""
    [behaviour] = [b for b in config["CacheBehaviors"].get("Items", []) if b["PathPattern"] == API_PATH_PATTERN]
    [origin] = [o for o in config["Origins"]["Items"] if o["Id"] == behaviour["TargetOriginId"]]
    return origin


class RotationError(RuntimeError):
    pass


def _version_with(described: dict, stage: str) -> str | None:
    return next((v for v, stages_ in described["VersionIdsToStages"].items() if stage in stages_), None)


def _sent_header(config: dict) -> dict | None:
    headers = api_origin(config).get("CustomHeaders", {}).get("Items", [])
    return next((h for h in headers if h["HeaderName"].lower() == ORIGIN_HEADER.lower()), None)


def rotate(secret_id: str, distribution_id: str, *, secretsmanager, cloudfront, sleep=time.sleep,
           wait_seconds: int = ORIGIN_SECRET_TTL_SECONDS + 60, say=print) -> None:
    """Rotate, or finish a rotation a stopped run began. What CloudFront sends decides:
    the current value → a new rotation; the previous value → the last run stopped before
    CloudFront switched, so switch it now (no new value: putting one would take the label
    off the value CloudFront still sends); anything else → stop, nothing changed."""
    described = secretsmanager.describe_secret(SecretId=secret_id)
    current_version, previous_version = _version_with(described, "AWSCURRENT"), _version_with(described, "AWSPREVIOUS")
    current = secretsmanager.get_secret_value(SecretId=secret_id, VersionId=current_version)["SecretString"]
    previous = (secretsmanager.get_secret_value(SecretId=secret_id, VersionId=previous_version)["SecretString"]
                if previous_version else None)
    sent = _sent_header(cloudfront.get_distribution_config(Id=distribution_id)["DistributionConfig"])
    sent_value = sent["HeaderValue"] if sent else None
    if sent_value == current:
        old_version, value = current_version, new_value()
        put = secretsmanager.put_secret_value(SecretId=secret_id, SecretString=value)
        say(f"1/4 new value is current (version {put['VersionId']}); the old one stays valid meanwhile")
    elif previous is not None and sent_value == previous:
        old_version, value = previous_version, current
        say("1/4 a rotation was under way: CloudFront still sends the previous value; finishing it")
    else:
        raise RotationError("CloudFront sends neither the current nor the previous value of the secret: "
                            "nothing was changed. See docs/operations.md (origin secret).")
    say(f"2/4 waiting {wait_seconds} s until every function accepts the new value")
    sleep(wait_seconds)
    got = cloudfront.get_distribution_config(Id=distribution_id)
    config = got["DistributionConfig"]
    headers = api_origin(config).setdefault("CustomHeaders", {"Quantity": 0, "Items": []})
    items = [h for h in headers.get("Items", []) if h["HeaderName"].lower() != ORIGIN_HEADER.lower()]
    items.append({"HeaderName": ORIGIN_HEADER, "HeaderValue": value})
    headers.update(Quantity=len(items), Items=items)
    cloudfront.update_distribution(Id=distribution_id, IfMatch=got["ETag"], DistributionConfig=config)
    say("3/4 CloudFront sends the new value; waiting until the distribution is deployed")
    cloudfront.get_waiter("distribution_deployed").wait(Id=distribution_id)
    secretsmanager.update_secret_version_stage(SecretId=secret_id, VersionStage="AWSPREVIOUS",
                                               RemoveFromVersionId=old_version)
    say(f"4/4 the old value is withdrawn: refused within {ORIGIN_SECRET_TTL_SECONDS} s")


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in stages.STAGES:
        print(f"usage: make rotate-origin-secret STAGE={'|'.join(stages.STAGES)}", file=sys.stderr)
        return 2
    stage = stages.load(argv[0])
    import boto3
    outputs = boto3.client("cloudformation", region_name=stage.region).describe_stacks(
        StackName=stage.stack_name)["Stacks"][0]["Outputs"]
    named = {o["OutputKey"]: o["OutputValue"] for o in outputs}
    try:
        rotate(named["OriginSecretArn"], named["DistributionId"],
               secretsmanager=boto3.client("secretsmanager", region_name=stage.region),
               cloudfront=boto3.client("cloudfront"))
    except RotationError as e:
        print(e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

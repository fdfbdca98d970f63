# SPDX-License-Identifier: EUPL-1.2
"""Signed checkpoints of the audit trail: how many events there were and the hash of the newest,
signed with an Ed25519 key that is kept outside the database (OPENTENZIJ_AUDIT_KEY_FILE).

Whoever keeps a checkpoint can later hold the catalogue to it: `opentenzij audit verify
--against CHECKPOINT` recomputes the chain and fails if the event the checkpoint counted is
gone (the newest events deleted) or has another hash (the trail rewritten, even by someone who
recomputed every hash). Someone with the database but not the key cannot make a checkpoint
for a rewritten trail. See docs/adr/0006-audit-threat-model.md."""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

FORMAT = "opentenzij-audit-checkpoint/1"


class CheckpointError(ValueError):
    """A checkpoint that cannot be read, or whose signature does not hold."""


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The state of the trail at one moment, signed."""

    events: int
    head: str
    at: str  # ISO 8601, when it was signed
    public_key: str  # base64 of the raw Ed25519 public key
    signature: str  # base64 of the signature over `statement()`

    def statement(self) -> bytes:
        """What is signed: the format, the count, the head and the moment, one per line."""
        return f"{FORMAT}\n{self.events}\n{self.head}\n{self.at}\n".encode()

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, **asdict(self)}, indent=2)


def load_key(path: Path) -> Ed25519PrivateKey:
    """The signing key from a PEM file (made with `opentenzij audit keygen`)."""
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError(f"{path} does not hold an Ed25519 private key")
    return key


def new_key_pem() -> bytes:
    """A new Ed25519 private key, as PEM."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def sign(key: Ed25519PrivateKey, *, events: int, head: str, at: datetime) -> Checkpoint:
    """A checkpoint of a trail of `events` events whose newest has the hash `head`."""
    unsigned = Checkpoint(events, head, at.isoformat(), public_key_text(key), "")
    signature = base64.b64encode(key.sign(unsigned.statement())).decode()
    return Checkpoint(events, head, unsigned.at, unsigned.public_key, signature)


def read(text: str, *, trusted_key: str) -> Checkpoint:
    """The checkpoint in `text`, after checking it is signed by `trusted_key` (base64)."""
    try:
        data = json.loads(text)
        checkpoint = Checkpoint(
            events=int(data["events"]),
            head=str(data["head"]),
            at=str(data["at"]),
            public_key=str(data["public_key"]),
            signature=str(data["signature"]),
        )
        if data.get("format") != FORMAT:
            raise CheckpointError(f"not a checkpoint of the format {FORMAT}")
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(trusted_key))
        public.verify(base64.b64decode(checkpoint.signature), checkpoint.statement())
    except InvalidSignature:
        raise CheckpointError("the checkpoint's signature is not the trusted key's") from None
    except (ValueError, KeyError, TypeError) as error:
        raise CheckpointError(f"the checkpoint cannot be read: {error}") from None
    return checkpoint

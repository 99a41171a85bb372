"""Pseudonyms of citizens: what the staff see instead of a chat id, and what the unlink deletes corrections by.

A pseudonym is the first 12 hex characters of HMAC-SHA256(secret, sender_id).
The secret is the file `staff-pseudonym-key` in the backend's data dir (mode
600, made on first use). Here, outside the staff web, because both the staff
web (backend/staff/conversations.py) and the Open311 side's unlink
(backend/accounts.py) need it, and the Open311 side does not import the staff web.

    pseudonym_for(data_dir, sender_id) -> str
    key(data_dir) -> bytes;  pseudonym(key, sender_id) -> str   # a store keeps the key once read
    digest(key, sender_id) -> str                                # the whole HMAC (64 hex characters)
"""

import hashlib
import hmac
import re
from pathlib import Path

from common.env import secret_file

KEY_FILE = "staff-pseudonym-key"
PSEUDONYM = re.compile(r"^[0-9a-f]{12}$")


def key(data_dir: Path) -> bytes:
    """The secret of the pseudonyms, created with mode 600 on first use (like the Open311 API key)."""
    return secret_file(Path(data_dir) / KEY_FILE).encode()


def digest(secret: bytes, sender_id: str) -> str:
    """The whole HMAC, where a collision must not happen (the copy's memory of deleted conversations)."""
    return hmac.new(secret, sender_id.encode(), hashlib.sha256).hexdigest()


def pseudonym(secret: bytes, sender_id: str) -> str:
    return digest(secret, sender_id)[:12]


def pseudonym_for(data_dir: Path, sender_id: str) -> str:
    return pseudonym(key(data_dir), sender_id)

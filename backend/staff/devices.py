"""Device cookies: a browser a staff member logged in from before keeps logging in while strangers lock the name.

OWASP's "Slow Down Online Guessing Attacks with Device Cookies": after a successful login the
browser gets a cookie that binds the user name to a random nonce and the day it was issued, signed
with HMAC-SHA256 under a key from the data directory (`KEY_FILE`, mode 600). A login attempt for
that name carrying a valid cookie is throttled under its own key (`store.begin_attempt`, `device=`)
instead of the name's, so wrong guesses by others cannot lock out the device; the device key has the
same limit, so a stolen cookie gains one more window of guesses at the same rate, not an unlimited one. Anything that is not a valid cookie for the
name tried (forged, mangled, expired, another name's) counts as no cookie.

Only the SHA-256 of the nonce is stored (with the failures), never the cookie itself.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

COOKIE = "stadtbot_staff_device"
PATH = "/staff/login"  # only the login form needs it
KEY_FILE = "staff-device-key"
DAYS = 180
MAX_AGE = DAYS * 24 * 3600

# name:issued-at (Unix seconds):nonce:signature. The name rules (store.NAME) leave ':' out.
_FORMAT = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]{1,63}):([0-9]{1,12}):([A-Za-z0-9_-]{43}):([0-9a-f]{64})")
_CLOCK_SKEW_SECONDS = 300


@dataclass(frozen=True)
class Device:
    name: str
    nonce: str

    @property
    def key(self) -> str:
        """What the failures of this device are counted under (with the name): the nonce's SHA-256."""
        return hashlib.sha256(self.nonce.encode()).hexdigest()


def _signature(secret: str, payload: str) -> str:
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def issue(secret: str, name: str, now: datetime) -> str:
    """A fresh cookie value for `name` (a new nonce on every login)."""
    payload = f"{name}:{int(now.timestamp())}:{secrets.token_urlsafe(32)}"
    return f"{payload}:{_signature(secret, payload)}"


def valid_for(secret: str, value: Optional[str], name: str, now: datetime) -> Optional[Device]:
    """The device when `value` is a cookie we signed for `name` (any case) within DAYS; else None, never an error."""
    match = _FORMAT.fullmatch(value or "") if value and len(value) <= 200 else None
    if not match or not secret:
        return None
    cookie_name, issued, nonce, signature = match.groups()
    payload = f"{cookie_name}:{issued}:{nonce}"
    if not hmac.compare_digest(signature.encode(), _signature(secret, payload).encode()):
        return None
    # Checked here as well as by Max-Age: a copied value must not outlive the browser's cookie.
    age = now.timestamp() - int(issued)
    if not -_CLOCK_SKEW_SECONDS <= age <= MAX_AGE or cookie_name.casefold() != name.casefold():
        return None
    return Device(cookie_name, nonce)

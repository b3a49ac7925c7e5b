"""E-mail addresses and web addresses, as people type them into Chinese and English forms.

Both fold what Chinese input methods produce (full-width letters, ＠, the ideographic full stop
。 for the dot) and keep internationalised domain names readable: xn-- labels are decoded to
Unicode so 中国 and xn--fiqs8s are one host.
"""

from __future__ import annotations

import ipaddress
import re
import urllib.parse

from entitymatch.text import clean_text
from entitymatch.values.result import Standardised, empty, invalid, valid

_MAX_EMAIL = 254  # RFC 5321's limit on a forward path
_MAX_LOCAL = 64
_MAX_URL = 4096
_DOTS = str.maketrans({"。": ".", "｡": ".", "．": "."})
# Addresses written so harvesters miss them: zhang(at)example(dot)com, zhang [at] example.com.
_AT_RE = re.compile(r"\s*[(\[{]\s*at\s*[)\]}]\s*", re.IGNORECASE)
_DOT_RE = re.compile(r"\s*[(\[{]\s*dot\s*[)\]}]\s*", re.IGNORECASE)
_ANGLE_RE = re.compile(r"<([^<>]*)>")
_LOCAL_RE = re.compile(r"[\w!#$%&'*+/=?^`{|}~.-]+")
_LABEL_RE = re.compile(r"(?!-)[\w-]{1,63}(?<!-)")
_SCHEME_RE = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_PERCENT_RE = re.compile(r"%[0-9a-f]{2}", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21, "ws": 80, "wss": 443}


def standardise_email(text: str) -> Standardised:
    """Read an e-mail address to lower case, without 'mailto:', a display name or spaces.

    The local part is lower-cased too, though RFC 5321 lets a server tell case apart: no mail
    provider in use does, and a record keyed 'Zhang.San@' and another 'zhang.san@' are one
    mailbox, which is what matching needs to know. Gmail's dot and plus rules are not applied:
    they belong to one provider. `parts` holds local and domain. Never raises.
    """
    cleaned = clean_text(text or "")
    if not cleaned:
        return empty(text)
    if len(cleaned) > _MAX_EMAIL * 4:
        return invalid(text, "too long to be an e-mail address")
    if match := _ANGLE_RE.search(cleaned):
        cleaned = match[1]  # 张三 <zhang.san@example.com>
    cleaned = cleaned.translate(_DOTS).strip(" \"'.,;:")
    if cleaned.casefold().startswith("mailto:"):
        cleaned = cleaned[len("mailto:") :].split("?", 1)[0]
    cleaned = _DOT_RE.sub(".", _AT_RE.sub("@", cleaned)).strip()
    if not cleaned:
        return empty(text)
    problem = _email_problem(cleaned)
    if problem:
        return invalid(text, problem)
    local, domain = cleaned.casefold().split("@")
    host = _readable_host(domain)
    if host is None:
        return invalid(text, "the domain has a label that is not valid punycode")
    return valid(text, f"{local}@{host}", local=local, domain=host)


def _email_problem(address: str) -> str | None:
    if any(c.isspace() for c in address):
        return "contains a space"
    if address.count("@") != 1:
        return "needs exactly one @" if address.count("@") != 0 else "has no @"
    local, domain = address.split("@")
    if not local:
        return "nothing before the @"
    if len(local) > _MAX_LOCAL:
        return f"the part before the @ is longer than {_MAX_LOCAL} characters"
    if not _LOCAL_RE.fullmatch(local) or ".." in local or local[0] == "." or local[-1] == ".":
        return "the part before the @ has characters an address cannot have"
    if not domain:
        return "nothing after the @"
    if "." not in domain.strip("."):
        return "the domain has no dot"
    return _host_problem(domain)


def _host_problem(host: str) -> str | None:
    """Why `host` (lower-case, no port) is no domain name or IP address; None when it is one."""
    if host.startswith("[") and host.endswith("]"):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return "not a valid IPv6 address"
        return None
    labels = host.rstrip(".").split(".")
    if all(label.isdigit() for label in labels):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return "not a valid IPv4 address"
        return None
    if len(labels) < 2:
        return "the host has no dot"
    for label in labels:
        if not _LABEL_RE.fullmatch(label) or "_" in label:
            return f"{label!r} is not a valid part of a domain name"
    if labels[-1].isdigit():
        return "the top-level domain is a number"
    return None


def _readable_host(host: str) -> str | None:
    """The host with xn-- labels decoded to Unicode, without the root dot; None if undecodable."""
    readable = []
    for label in host.rstrip(".").split("."):
        if label.startswith("xn--"):
            try:
                label = label.encode("ascii").decode("idna")
            except (UnicodeError, ValueError):
                return None
        readable.append(label.casefold())
    return ".".join(readable)


def standardise_url(text: str) -> Standardised:
    """Read a web address: https:// added when missing, scheme and host in lower case, default
    port and a bare trailing slash dropped; path, query and fragment kept as written.

    Tracking parameters (utm_*) are kept: they are part of what was recorded, and the comparator
    matches on the host anyway. `parts` holds scheme, host, port, path and
    registered_host (the host without a leading 'www.'). Never raises.
    """
    cleaned = clean_text(text or "").strip("<>\"' ")
    if not cleaned:
        return empty(text)
    if len(cleaned) > _MAX_URL:
        return invalid(text, "too long to be a web address")
    if any(c.isspace() for c in cleaned):
        return invalid(text, "contains a space")
    if not _SCHEME_RE.match(cleaned):
        if re.match(r"[a-z][a-z0-9+.-]*:(?!\d)", cleaned, re.IGNORECASE):
            return invalid(text, "not a web address (no //host after the scheme)")
        cleaned = "https:" + cleaned if cleaned.startswith("//") else "https://" + cleaned
    try:
        parts = urllib.parse.urlsplit(cleaned)
        port = parts.port
    except ValueError as error:
        return invalid(text, f"cannot be read as a web address ({error})")
    scheme = parts.scheme.lower()
    raw_host = (parts.hostname or "").translate(_DOTS)
    if not raw_host:
        return invalid(text, "has no host")
    host_problem = _host_problem(raw_host if ":" not in raw_host else f"[{raw_host}]")
    if host_problem:
        return invalid(text, host_problem)
    host = _readable_host(raw_host) if ":" not in raw_host else f"[{raw_host}]"
    if host is None:
        return invalid(text, "the host has a label that is not valid punycode")
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = (userinfo + "@" if userinfo else "") + host
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc += f":{port}"
    path = "" if parts.path == "/" else _upper_escapes(parts.path)
    url = f"{scheme}://{netloc}{path}"
    if parts.query:
        url += "?" + _upper_escapes(parts.query)
    if parts.fragment:
        url += "#" + _upper_escapes(parts.fragment)
    return valid(
        text,
        url,
        scheme=scheme,
        host=host,
        port=port if port != _DEFAULT_PORTS.get(scheme) else None,
        path=path,
        registered_host=host.removeprefix("www."),
    )


def _upper_escapes(text: str) -> str:
    """%2f and %2F are one character; write the hex digits in upper case, as RFC 3986 advises."""
    return _PERCENT_RE.sub(lambda m: m[0].upper(), text)

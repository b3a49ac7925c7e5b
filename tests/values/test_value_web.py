"""E-mail and web addresses as typed into Chinese and English forms."""

from __future__ import annotations

import pytest

from entitymatch.values import standardise_email, standardise_url


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Zhang.San@Example.COM", "zhang.san@example.com"),
        ("  zhang.san@example.com  ", "zhang.san@example.com"),
        ("mailto:zs@163.com", "zs@163.com"),
        ("MAILTO:zs@163.com?subject=hi", "zs@163.com"),
        ("张三 <zhang.san@example.com>", "zhang.san@example.com"),
        ("ｚｈａｎｇ＠１６３．ｃｏｍ", "zhang@163.com"),
        ("zs@163。com", "zs@163.com"),
        ("zs(at)example(dot)com", "zs@example.com"),
        ("zs [at] example.com", "zs@example.com"),
        ("li+news@mail.example.org.cn", "li+news@mail.example.org.cn"),
        ("zs@xn--fiqs8s.cn", "zs@中国.cn"),
        ("zs@中国.cn", "zs@中国.cn"),
        ("zs@example.com.", "zs@example.com"),
    ],
)
def test_emails(text: str, value: str) -> None:
    result = standardise_email(text)
    assert result.value == value, result.error
    local, domain = value.split("@")
    assert result.parts == {"local": local, "domain": domain}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("zs.example.com", "has no @"),
        ("zs@@example.com", "exactly one @"),
        ("zs@x@example.com", "exactly one @"),
        ("@example.com", "nothing before the @"),
        ("zs@", "nothing after the @"),
        ("zs@localhost", "no dot"),
        ("zhang san@example.com", "contains a space"),
        ("a..b@example.com", "characters an address cannot have"),
        ("zs@-bad.com", "not a valid part of a domain name"),
        ("zs@example.123", "top-level domain is a number"),
        ("zs@exa_mple.com", "not a valid part"),
        ("x" * 65 + "@example.com", "longer than 64"),
    ],
)
def test_invalid_emails_say_why(text: str, reason: str) -> None:
    result = standardise_email(text)
    assert result.value is None
    assert result.error is not None and reason in result.error


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("www.Example.com", "https://www.example.com"),
        ("example.com/", "https://example.com"),
        ("HTTP://Example.COM:80/", "http://example.com"),
        (
            "https://example.com:443/a/B?utm_source=x&id=1#Top",
            "https://example.com/a/B?utm_source=x&id=1#Top",
        ),
        ("https://example.com/?q=1", "https://example.com?q=1"),
        ("https://example.com:8080/", "https://example.com:8080"),
        ("//example.com/path", "https://example.com/path"),
        ("http://xn--fiqs8s.cn/", "http://中国.cn"),
        ("http://中国.cn", "http://中国.cn"),
        ("www。baidu。com", "https://www.baidu.com"),
        ("ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ", "https://www.example.com"),
        ("http://a.com/%2fpath%2F", "http://a.com/%2Fpath%2F"),
        ("http://1.2.3.4/x", "http://1.2.3.4/x"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ("<https://example.com/a/>", "https://example.com/a/"),
        ("https://example.com.", "https://example.com"),
    ],
)
def test_urls(text: str, value: str) -> None:
    assert standardise_url(text).value == value


def test_url_parts() -> None:
    parts = standardise_url("http://WWW.Example.com:8080/a?b=c").parts
    assert parts["scheme"] == "http"
    assert parts["host"] == "www.example.com"
    assert parts["port"] == 8080
    assert parts["path"] == "/a"
    assert parts["registered_host"] == "example.com"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("https://", "has no host"),
        ("https://foo", "no dot"),
        ("localhost:8080", "no dot"),
        ("mailto:zs@example.com", "not a web address"),
        ("javascript:alert(1)", "not a web address"),
        ("https://exa mple.com", "contains a space"),
        ("https://example.com:port/", "cannot be read"),
        ("http://[::1", "cannot be read"),
        ("http://999.1.1.1", "not a valid IPv4"),
        ("https://-x.com", "not a valid part"),
    ],
)
def test_invalid_urls_say_why(text: str, reason: str) -> None:
    result = standardise_url(text)
    assert result.value is None
    assert result.error is not None and reason in result.error

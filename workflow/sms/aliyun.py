"""Aliyun SMS (短信服务, dysmsapi 2017-05-25) SendSms over its documented HTTP API.

The request is an RPC-style GET signed per Aliyun's signature version 1.0: the parameters sorted
by name and percent-encoded (RFC 3986: space as %20, "~" kept), the string to sign
"GET&%2F&" + the encoded query, HMAC-SHA1 with the AccessKey secret + "&", Base64. The answer
is JSON: {"Code": "OK", "BizId": …} when accepted.

Settings: SMS_ALIYUN_ENDPOINT (https://dysmsapi.aliyuncs.com/), SMS_ALIYUN_ACCESS_KEY_ID,
SMS_ALIYUN_ACCESS_KEY_SECRET, SMS_ALIYUN_REGION (cn-hangzhou), SMS_SIGNATURE (the approved
SignName), SMS_ALIYUN_TEMPLATES (JSON: our template key → the approved TemplateCode, with
"default" for the rest), SMS_TIMEOUT.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime
from urllib.parse import quote

import requests

from workflow.sms import Message, PermanentFailure, TemporaryFailure

VERSION = "2017-05-25"
# Codes that say "not now" rather than "never": throttling and the provider's own trouble.
TEMPORARY_CODES = {"isv.BUSINESS_LIMIT_CONTROL", "isv.DAY_LIMIT_CONTROL", "isv.OUT_OF_SERVICE",
                   "isv.AMOUNT_NOT_ENOUGH", "isp.SYSTEM_ERROR", "isp.OUT_OF_SERVICE", "Throttling.User",
                   "ServiceUnavailable", "InternalError", "SignatureNonceUsed"}


def percent_encode(value: str) -> str:
    return quote(str(value), safe="-_.~")


def canonical_query(params: dict[str, str]) -> str:
    return "&".join(f"{percent_encode(k)}={percent_encode(params[k])}" for k in sorted(params))


def sign(secret: str, params: dict[str, str], method: str = "GET") -> str:
    """The Signature parameter (not yet percent-encoded) of a request with these parameters."""
    to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical_query(params))}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signed_query(secret: str, params: dict[str, str]) -> str:
    return f"Signature={percent_encode(sign(secret, params))}&{canonical_query(params)}"


class AliyunGateway:
    def __init__(self, endpoint: str, key_id: str, secret: str, sign_name: str, templates: dict[str, str],
                 region: str = "cn-hangzhou", timeout: float = 10):
        self.endpoint, self.key_id, self.secret = endpoint.rstrip("/") + "/", key_id, secret
        self.sign_name, self.templates, self.region, self.timeout = sign_name, templates, region, timeout

    @classmethod
    def from_config(cls, config) -> AliyunGateway:
        templates = config.get("SMS_ALIYUN_TEMPLATES") or {}
        if isinstance(templates, str):
            templates = json.loads(templates or "{}")
        return cls(
            config.get("SMS_ALIYUN_ENDPOINT") or "https://dysmsapi.aliyuncs.com/",
            config.get("SMS_ALIYUN_ACCESS_KEY_ID") or "", config.get("SMS_ALIYUN_ACCESS_KEY_SECRET") or "",
            config.get("SMS_SIGNATURE") or "", templates, config.get("SMS_ALIYUN_REGION") or "cn-hangzhou",
            float(config.get("SMS_TIMEOUT", 10)),
        )

    def params(self, message: Message, now: datetime | None = None, nonce: str | None = None) -> dict[str, str]:
        code = self.templates.get(message.kind) or self.templates.get("default")
        if not code:
            raise PermanentFailure(f"no Aliyun template code for {message.kind}")
        now = now or datetime.now(UTC)
        params = {
            "AccessKeyId": self.key_id, "Action": "SendSms", "Format": "JSON", "RegionId": self.region,
            "SignatureMethod": "HMAC-SHA1", "SignatureNonce": nonce or uuid.uuid4().hex, "SignatureVersion": "1.0",
            "Timestamp": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "Version": VERSION,
            "PhoneNumbers": message.mobile, "SignName": self.sign_name, "TemplateCode": code,
            "TemplateParam": json.dumps(message.params, ensure_ascii=False, separators=(",", ":")),
        }
        if message.out_id:
            params["OutId"] = message.out_id
        return params

    def send(self, message: Message) -> str:
        url = f"{self.endpoint}?{signed_query(self.secret, self.params(message))}"
        try:
            answer = requests.get(url, timeout=self.timeout)
        except requests.RequestException as exc:
            raise TemporaryFailure(f"Aliyun SMS unreachable: {type(exc).__name__}") from exc
        try:
            body = answer.json()
        except ValueError:
            body = {}
        code = str(body.get("Code") or "")
        if answer.status_code == 200 and code == "OK":
            return str(body.get("BizId") or "")
        summary = f"Aliyun SMS {answer.status_code} {code or 'no code'}"
        if answer.status_code >= 500 or answer.status_code == 429 or code in TEMPORARY_CODES or not code:
            raise TemporaryFailure(summary)
        raise PermanentFailure(summary)

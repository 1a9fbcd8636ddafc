"""Text messages: a gateway sends one message to one mobile.

`open_gateway(config)` picks the gateway from SMS_GATEWAY:
- "local" (the default): the message is appended to a file (SMS_LOCAL_FILE) and logged; admins
  read it at /sms/phone. For development and the demo.
- "aliyun": Aliyun SMS (dysmsapi SendSms) over its documented HTTP API, signed per Aliyun's
  signature version 1.0 (workflow/sms/aliyun.py), at SMS_ALIYUN_ENDPOINT.
- "off": nothing is sent; rows wait.
A gateway raises TemporaryFailure (down, throttled: try again later) or PermanentFailure (a
number or template the provider refuses: trying again will not help).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from workflow.mail.transport import DeliveryFailure, PermanentFailure, TemporaryFailure

__all__ = ["DeliveryFailure", "Gateway", "Message", "PermanentFailure", "TemporaryFailure", "open_gateway"]


@dataclass(frozen=True)
class Message:
    mobile: str  # 11 digits
    kind: str  # the template's key (workflow/sms/texts.py), mapped to a provider's template code
    body: str  # the text without the signature, as the local gateway shows it
    params: dict[str, str] = field(default_factory=dict)  # the template's variables, for a provider
    out_id: str = ""  # our reference (the notification row), echoed back by the provider


class Gateway(Protocol):
    def send(self, message: Message) -> str:
        """Send one message; return the provider's reference for it."""


def open_gateway(config) -> Gateway:
    name = (config.get("SMS_GATEWAY") or "local").lower()
    if name == "aliyun":
        from workflow.sms.aliyun import AliyunGateway

        return AliyunGateway.from_config(config)
    if name == "local":
        from workflow.sms.local import LocalGateway

        return LocalGateway(config["SMS_LOCAL_FILE"], config.get("SMS_SIGNATURE", ""))
    raise TemporaryFailure(f"SMS gateway {name!r} is off")

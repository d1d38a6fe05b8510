"""Identifiers in parliamentary text: zaak numbers of written questions ("2023Z11786") and
web addresses."""

import re

ZAAK_NUMBER = re.compile(r"\b(\d{4}Z\d{5})\b")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"»”’)\]]+")


def find_urls(text: str) -> list[str]:
    return [url.rstrip(".,;:") for url in URL.findall(text)]

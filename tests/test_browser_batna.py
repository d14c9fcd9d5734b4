"""The BATNA calculator in headless Chromium, against the built site."""

from __future__ import annotations

import json
from typing import Any

import pytest

from calculators import web
from calculators.fields import parse_form
from calculators.batna import Inputs
from tests.conftest import BOOT_TIMEOUT_MS

pytestmark = pytest.mark.browser


def wait_ready(page: Any) -> None:
    page.wait_for_selector('.calc[data-state="ready"]', timeout=BOOT_TIMEOUT_MS)


def test_smoke(page: Any, server: str) -> None:
    page.goto(server + "calculators/batna/")
    wait_ready(page)
    page.fill("#calc-batna-offers-0-value", "1,200,000")
    page.wait_for_function("document.querySelector('.calc').dataset.updates >= '1'")
    print(page.inner_text(".calc-results"))

"""What mounting a calculator costs the page's main thread, in headless Chromium.

The page arrives with the form and the results already right (render.py wrote every id, title and state), so
mounting only wires them up: it rewrites nothing in a form it has not reshaped, since every write, even of the
same value, invalidates the style and layout of the whole form (about 30 ms on the Prepare page's plan). And on
first load it mounts in a task of its own, after the theme's DOMContentLoaded handler, which is already a long
task: the Total Blocking Time the benchmark measures adds up what each long task runs over 50 ms.

Python never starts here: these tests are about the page's own work.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from calculators import CALCULATORS
from tests.test_browser_features import calc, url_of

pytestmark = pytest.mark.browser

# Every change inside each calculator's form from DOMContentLoaded on, as "type attribute: element classes".
WATCH_FORMS = """
window.__formChanges = [];
window.__mountedByDOMContentLoaded = null;
document.addEventListener("DOMContentLoaded", () => {
  const describe = (node) =>
    !node ? "a removed node" : node.nodeType === 1 ? `${node.localName}.${[...node.classList].join(".")}` : `text in ${describe(node.parentNode)}`;
  for (const form of document.querySelectorAll(".calc .calc-form")) {
    new MutationObserver((records) => {
      for (const r of records) {
        const added = [...r.addedNodes].map(describe).join(" ");
        window.__formChanges.push(`${r.type} ${r.attributeName ?? added}: ${describe(r.target)}`);
      }
    }).observe(form, { subtree: true, attributes: true, characterData: true, childList: true });
  }
}, { capture: true, once: true });
// On the window, a DOMContentLoaded listener runs after every listener on the document (the theme's among them).
window.addEventListener("DOMContentLoaded", () => {
  window.__mountedByDOMContentLoaded = document.querySelectorAll(".calc[data-mounted]").length;
}, { once: true });
"""

# What mounting a form as rendered does change: the remove buttons of a list at its minimum are disabled, and a
# calculator with several worked examples gets their switch.
EXPECTED = ("attributes disabled: button.calc-remove", "childList div.calc-examples: form.calc-form")


@pytest.fixture
def quiet_page(context: Any) -> Iterator[Any]:
    """A page that never starts Python, watching its forms from DOMContentLoaded on."""
    context.route("**/assets/pyodide/**", lambda r: r.abort())
    context.add_init_script(WATCH_FORMS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    assert errors == []


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_mounting_a_form_as_rendered_rewrites_nothing_in_it(quiet_page: Any, server: str, name: str) -> None:
    page = quiet_page
    page.goto(server + url_of(name))
    page.wait_for_selector(f"{calc(page, name)}[data-mounted]")
    page.evaluate("() => new Promise(r => setTimeout(r, 50))")  # mutation records are delivered in a microtask
    changes = page.evaluate("() => window.__formChanges")
    assert [c for c in changes if c not in EXPECTED] == []


@pytest.mark.parametrize("name", ["batna", "plan"])
def test_first_mount_is_a_task_of_its_own_after_the_themes(quiet_page: Any, server: str, name: str) -> None:
    page = quiet_page
    page.goto(server + url_of(name), wait_until="domcontentloaded")
    page.wait_for_selector(f"{calc(page, name)}[data-mounted]")
    assert page.evaluate("() => window.__mountedByDOMContentLoaded") == 0
    assert page.locator(f"{calc(page, name)} .calc-saved").count() == 1  # mounted whole, tools and all


def test_a_reshaped_form_is_still_renumbered(quiet_page: Any, server: str) -> None:
    """Writing only what differs still writes what does: a link with a third offer gets a third row, numbered."""
    page = quiet_page
    offers = {"offers.0.name": "First", "offers.0.value": "1", "offers.1.name": "Second", "offers.1.value": "2"}
    link = json.dumps({**offers, "offers.2.name": "Third", "offers.2.value": "5"})
    page.goto(server + url_of("batna") + "#batna=" + link)
    page.wait_for_selector(f"{calc(page, 'batna')}[data-mounted]")
    row = page.locator(f"{calc(page, 'batna')} [data-list='offers'] .calc-record").nth(2)
    assert row.get_attribute("data-path") == "offers.2"
    assert row.locator(".calc-record__title").inner_text().endswith(" 3")
    control = row.locator("input[data-path='offers.2.name']")
    assert control.get_attribute("id") == "calc-batna-offers-2-name"
    assert control.input_value() == "Third"
    assert page.locator("label[for='calc-batna-offers-2-name']").count() == 1
    assert page.locator(f"{calc(page, 'batna')} [data-list='offers'] .calc-remove:disabled").count() == 0

"""A page of the public site opened from disk says how to read the site instead.

The public site's links lead to folders (`claims/`), which a browser opened on
`site/index.html` from the file system shows as directory listings. Each page carries a
notice, hidden, that a line of script shows on `file:`: run `factcheck serve`, or use the
offline bundle. Served over HTTP it stays hidden; the offline bundle, made for `file://`,
has no such notice at all.
"""

from __future__ import annotations

import pytest
from browserkit import ARTIFACTS, Browser, Published

pytestmark = pytest.mark.browser

NOTICE = "#fc-file-notice"


def test_the_public_site_opened_from_disk_shows_how_to_read_it(
    browser: Browser, published: Published, artifacts: object
) -> None:
    page, traffic = browser.open((published.site.as_uri(),))
    page.goto((published.site / "index.html").as_uri())
    notice = page.locator(NOTICE)
    assert notice.is_visible()
    text = " ".join(notice.inner_text().split())
    assert "opened from a file" in text
    assert ".venv/bin/factcheck serve" in text
    assert "dist/kursk-claims-fact-check-offline.zip" in text
    page.goto((published.site / "claims" / "index.html").as_uri())
    assert page.locator(NOTICE).is_visible()
    page.screenshot(path=str(ARTIFACTS / "file-notice.png"))
    # Search, which fetches its index, fails from a file: that is the notice's point. What
    # matters here is that nothing left the machine.
    assert traffic.outside == [], traffic.outside


def test_served_over_http_the_notice_stays_hidden(
    browser: Browser, published: Published, server: str
) -> None:
    page, traffic = browser.open((server,))
    page.goto(server)
    assert page.locator(NOTICE).count() == 1
    assert not page.locator(NOTICE).is_visible()
    traffic.check()


def test_the_offline_bundle_has_no_notice(browser: Browser, published: Published) -> None:
    page, traffic = browser.open((published.bundle.as_uri(),))
    page.goto((published.bundle / "index.html").as_uri())
    assert page.locator(NOTICE).count() == 0
    for name in published.pages:
        assert "fc-file-notice" not in (published.bundle / name).read_text(encoding="utf-8")
    traffic.check()

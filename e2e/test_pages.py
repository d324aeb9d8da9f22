"""Every page of the menu, for a commune officer and for a province officer, on a tablet
(768 px) and a laptop (1366 px): nothing runs off the screen, and axe-core finds no
serious or critical problem for screen readers and keyboards."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import LAPTOP, TABLET, accessible, fits, screenshot

WIDTHS = {"tablet": TABLET, "laptop": LAPTOP}


def menu(page):  # type: ignore[no-untyped-def]
    links = page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link")
    return [link.get_attribute("href") for link in links.all()]


@pytest.mark.parametrize("username", ["ca.hoanghoa", "tinh.thanhhoa"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_of_the_menu(site, as_user, username, width):  # type: ignore[no-untyped-def]
    page = as_user(username, viewport=WIDTHS[width])
    page.goto(f"{site.url}/")
    pages = menu(page)
    assert len(pages) >= 8
    # and a person's file, from the list
    page.goto(f"{site.url}/persons/")
    pages.append(page.locator("tbody a").first.get_attribute("href"))
    problems = []
    for href in pages:
        if href.startswith("/api/"):
            continue  # the API's own documentation page (Swagger UI), not ours to restyle
        response = page.goto(f"{site.url}{href}")
        assert response is not None
        assert response.status == 200, href
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        for check in (fits, accessible):
            try:
                check(page)
            except AssertionError as problem:
                problems.append(str(problem))
    assert not problems, "\n".join(problems)


def test_key_pages_for_the_readme(site, as_user):  # type: ignore[no-untyped-def]
    officer = as_user("ca.hoanghoa")
    officer.goto(f"{site.url}/worklist/")
    screenshot(officer, "worklist")
    # a file with a history: the first person the worklist names
    officer.locator("tbody td a").first.click()
    expect(officer.get_by_role("region", name="Tiếp nhận", exact=True)).to_be_visible()
    screenshot(officer, "person-detail")
    officer.goto(f"{site.url}/persons/")
    screenshot(officer, "persons-list")
    province = as_user("tinh.thanhhoa")
    province.goto(f"{site.url}/reports/dashboard/")
    screenshot(province, "dashboard")
    tablet = as_user("ca.hoanghoa", viewport=TABLET)
    tablet.goto(f"{site.url}/persons/")
    screenshot(tablet, "persons-tablet")

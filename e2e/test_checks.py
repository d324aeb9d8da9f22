"""The page checks the journeys rely on catch what they are for."""

import pytest

from e2e.conftest import TABLET, accessible, fits


def test_the_checks_catch_a_wide_page_and_an_unlabelled_field(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=TABLET)
    page = context.new_page()
    page.set_content(
        '<html lang="vi"><title>Thử</title><main><h1>Thử</h1>'
        '<div style="width:1200px">rộng</div><form><input type="text"></form></main></html>'
    )
    with pytest.raises(AssertionError, match="wider than the screen"):
        fits(page)
    with pytest.raises(AssertionError, match="label"):
        accessible(page)
    context.close()

"""The page catalogue (tests/pages.py) and the URLconf agree, and every page's
``aria-describedby`` (and ``aria-labelledby``) names an element that exists, on the
empty form and on the form shown again with errors."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests import pages as catalogue
from tests.html_parse import parse


def _url_names(patterns=None, namespace=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _url_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield namespace + p.name


@pytest.mark.django_db
def test_every_url_name_is_a_page_or_says_why_not(settings):
    settings.GILDE_STAFF_MFA_REQUIRED = False
    names = {n for n in _url_names() if not n.startswith(catalogue.NOT_PAGE_PREFIXES)}
    listed = {page.name for page in catalogue.pages(catalogue.build_site())}
    assert not listed & set(catalogue.NOT_PAGES), "a URL name is both a page and not a page"
    assert names - listed - set(catalogue.NOT_PAGES) == set(), "add the new page to tests/pages.py"
    assert (listed | set(catalogue.NOT_PAGES)) - names == set(), "tests/pages.py names a URL that is gone"


def _dangling(html) -> list[str]:
    doc = parse(html)
    ids = {el.get("id") for el in doc.iter() if el.get("id")}
    problems = []
    for el in doc.iter():
        for attr in ("aria-describedby", "aria-labelledby"):
            for ref in (el.get(attr) or "").split():
                if ref not in ids:
                    problems.append(f'<{el.tag} name="{el.get("name", "")}" {attr}="{ref}">')
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_aria_describedby_on_every_page_points_to_an_element(client, settings, language):
    settings.GILDE_STAFF_MFA_REQUIRED = False
    site = catalogue.build_site(language)
    problems, checked = [], 0
    for page in catalogue.pages(site):
        client.logout()
        user = catalogue.user_for(site, page.role)
        if user is not None:
            catalogue.sign_in(client, user)
        response = client.get(page.path, HTTP_ACCEPT_LANGUAGE=language, follow=page.redirects)
        assert response.status_code == 200, (page.name, page.path, response.status_code)
        assert len(getattr(response, "redirect_chain", [])) == int(page.redirects), page.name
        problems += [f"{page.name}: {p}" for p in _dangling(response.content)]
        if page.form_post:
            # An empty form, sent back: the page again with its errors (and their ids).
            response = client.post(page.path, {}, HTTP_ACCEPT_LANGUAGE=language)
            if response.status_code in (200, 400):
                problems += [f"{page.name} (errors): {p}" for p in _dangling(response.content)]
                checked += 1
    assert problems == []
    assert checked >= 10  # the error state was really seen on most form pages

"""Section landing pages for parts of Gilde whose issue has not landed yet.

Each app replaces its entry with its real view; until then a visitor sees an
honest page rather than a broken link.
"""

from django.shortcuts import render


def section_page(title, text):
    def view(request, *args, **kwargs):
        return render(request, "core/section_pending.html", {"section_title": title, "section_text": text})

    return view

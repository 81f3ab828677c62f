from django.shortcuts import render


def render_fragment(request, template: str, partial: str, context: dict, **kwargs):
    """Render the whole page, or only the named partial when htmx asks for it."""
    name = f"{template}#{partial}" if getattr(request, "htmx", False) else template
    return render(request, name, context, **kwargs)

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import permission_required
from branding.forms import BrandForm
from branding.models import Brand
from branding.services import brand_update, contrast_warnings

PAIR_LABELS = {
    "primary-text": lambda: _("Text on the primary colour (header, buttons)"),
    "primary-link": lambda: _("Links in the primary colour on white"),
    "accent-text": lambda: _("Text on the accent colour"),
}


@permission_required("manage_community")
def brand_settings(request):
    brand = Brand.objects.filter(pk=1).first() or Brand(pk=1)
    form = BrandForm(request.POST or None, request.FILES or None, instance=brand)
    if request.method == "POST":
        if form.is_valid():
            brand = brand_update(brand=form.save())
            messages.success(request, _("The brand is saved."))
            for w in contrast_warnings(primary=brand.primary_color, accent=brand.accent_color):
                messages.warning(
                    request,
                    _("%(pair)s has a contrast of %(ratio)s:1, below the 4.5:1 that WCAG AA asks for.")
                    % {"pair": PAIR_LABELS[w["pair"]](), "ratio": w["ratio"]},
                )
            return redirect("branding:settings")
        messages.error(request, _("Please correct the errors below."))
    warnings = [
        {**w, "label": PAIR_LABELS[w["pair"]]()}
        for w in contrast_warnings(primary=brand.primary_color, accent=brand.accent_color)
    ]
    return render(
        request, "branding/settings.html", {"form": form, "contrast_warnings": warnings},
        status=400 if form.errors else 200,
    )

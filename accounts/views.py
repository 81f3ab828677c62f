from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import profile as profile_sections
from accounts.forms import ProfileSettingsForm
from accounts.services import user_set_language

User = get_user_model()


def profile(request, pk):
    member = get_object_or_404(User.objects.prefetch_related("groups"), pk=pk, is_active=True)
    return render(
        request,
        "accounts/profile.html",
        {"member": member, "sections": profile_sections.sections_for(request, member)},
    )


@login_required
def settings_view(request):
    form = ProfileSettingsForm(request.POST or None, request.FILES or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            user = form.save()
            messages.success(request, _("Your settings are saved."))
            response = redirect("accounts:settings")
            if user.language:
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    user.language,
                    max_age=settings.LANGUAGE_COOKIE_AGE,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
            return response
        messages.error(request, _("Please correct the errors below."))
    return render(request, "accounts/settings.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
def set_language(request):
    """Switch language: remembered in a cookie, and on the profile for members."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    if language not in dict(settings.LANGUAGES):
        return response
    translation.activate(language)
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response

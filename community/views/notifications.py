"""The bell's list, marking as read, and the signed one-click unsubscribe."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from community import services
from community.models import Notification
from community.notifications import member_for_unsubscribe_token
from community.paging import keyset_page


@login_required
def notification_list(request):
    qs = Notification.objects.filter(recipient=request.user).select_related("actor")
    page = keyset_page(qs, field=None, cursor=request.GET.get("after", ""), size=30)
    return render(request, "community/notifications.html", {"page": page})


@require_POST
@login_required
def notification_read(request):
    """Mark one (``id``) or all notifications read; opening one (``go=1``) follows its link."""
    pk = request.POST.get("id", "")
    if pk:
        if not pk.isdigit():
            return redirect("community:notifications")
        n = Notification.objects.filter(recipient=request.user, pk=int(pk)).first()
        if n is None:
            raise Http404
        services.notification_mark_read(member=request.user, ids=[n.pk])
        if request.POST.get("go") == "1":
            return redirect(n.url)
    else:
        services.notification_mark_read(member=request.user)
    return redirect("community:notifications")


# A signed token is the credential here (like a signed webhook): mail clients send
# the RFC 8058 one-click POST without a session or CSRF token.
@csrf_exempt
def unsubscribe(request, token):
    member = member_for_unsubscribe_token(token)
    if member is None:
        return render(request, "community/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        services.member_unsubscribe(member=member)
        done = True
    return render(request, "community/unsubscribe.html", {"member": member, "done": done, "token": token})

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import permission_required
from moderation import api, querysets, services
from moderation.access import get_content_for, get_item_for
from moderation.forms import (
    AppealForm,
    BannedPhraseForm,
    EditForm,
    FlagForm,
    GuidelinesForm,
    QueueFilterForm,
    SanctionForm,
)
from moderation.models import BannedPhrase, Guidelines, ModerationAction, Notice, ReviewItem, Sanction

PAGE_SIZE = 25


def _next(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- the queue -----------------------------------------------------------------------


@permission_required("moderate")
def queue(request):
    form = QueueFilterForm(request.GET or None, topics=api.topic_choices())
    filters = form.cleaned_data if form.is_valid() else {}
    items = querysets.open_items(reason=filters.get("reason") or None, topic_id=filters.get("topic"),
                                 age=filters.get("age") or None)
    after = _int(request.GET.get("after"))
    if after:
        items = items.filter(id__gt=after)
    page = list(items[: PAGE_SIZE + 1])
    has_more = len(page) > PAGE_SIZE
    page = querysets.decorate_items(page[:PAGE_SIZE])
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "moderation/queue.html", {
        "form": form, "items": page, "total": querysets.open_count(), "has_more": has_more,
        "next_after": page[-1].pk if page else None, "query": query.urlencode(),
    })


@permission_required("moderate")
def item_detail(request, pk):
    item = get_item_for(request.user, pk)
    item = querysets.decorate_items(querysets.with_details(ReviewItem.objects.filter(pk=item.pk)))[0]
    history = querysets.content_history(item.obj)[:50] if item.obj is not None else []
    return render(request, "moderation/item.html", {"item": item, "history": history})


@require_POST
@permission_required("moderate")
def item_claim(request, pk):
    item = get_item_for(request.user, pk)
    try:
        if request.POST.get("release"):
            services.review_item_unclaim(item=item, moderator=request.user)
            messages.success(request, _("You released the item."))
        else:
            services.review_item_claim(item=item, moderator=request.user)
            minutes = services.rules.claim_minutes()
            text = ngettext("The item is yours for the next %(n)d minute.",
                            "The item is yours for the next %(n)d minutes.", minutes)
            messages.success(request, text % {"n": minutes})
    except services.ModerationError as exc:
        messages.error(request, exc.message)
    return redirect(_next(request, reverse("moderation:item", args=[item.pk])))


@require_POST
@permission_required("moderate")
def item_decide(request, pk):
    item = get_item_for(request.user, pk)
    decision = request.POST.get("decision", "")
    status = 200
    try:
        services.review_item_decide(item=item, moderator=request.user, decision=decision,
                                    reason=request.POST.get("reason", ""))
        done = _("Approved: the post is visible.") if decision == "approve" else _("Hidden: the author is told why.")
        ok = True
    except services.ModerationError as exc:
        done, ok = exc.message, False
        status = 409 if isinstance(exc, services.AlreadyHandled) else 400
    if request.htmx:
        return render(request, "moderation/_decided.html",
                      {"item": item, "message": done, "ok": ok, "total": querysets.open_count()}, status=status)
    (messages.success if ok else messages.error)(request, done)
    return redirect(_next(request, reverse("moderation:queue")))


@require_POST
@permission_required("moderate")
def queue_bulk(request):
    ids = [i for i in (_int(v) for v in request.POST.getlist("items")) if i]
    decision = request.POST.get("decision", "")
    if not ids:
        messages.error(request, _("Select at least one item."))
    elif decision not in ("approve", "hide"):
        messages.error(request, _("Choose approve or hide."))
    elif decision == "hide" and not request.POST.get("reason", "").strip():
        messages.error(request, _("Give a reason for hiding: the authors are told."))
    else:
        done, skipped = services.review_items_bulk(item_ids=ids, moderator=request.user, decision=decision,
                                                   reason=request.POST.get("reason", ""))
        messages.success(request, ngettext("%(n)d item decided.", "%(n)d items decided.", done) % {"n": done})
        for message in dict.fromkeys(skipped):
            messages.warning(request, message)
    return redirect(_next(request, reverse("moderation:queue")))


# --- content ----------------------------------------------------------------------------


@permission_required("moderate")
def content_detail(request, ct, pk):
    obj = get_content_for(request.user, ct, pk, moderate=True)
    adapter = api.adapter_for(obj)
    open_item = ReviewItem.objects.filter(content_type_id=ct, object_id=pk, state="open").first()
    return render(request, "moderation/content.html", {
        "obj": obj, "ct": ct, "kind": adapter.kind, "text": adapter.text(obj), "url": adapter.url(obj),
        "title": api.content_title(obj), "state": api.content_state(obj), "author": adapter.author(obj),
        "history": querysets.content_history(obj)[:100], "open_item": open_item,
        "edit_form": EditForm(initial={"body": getattr(obj, "body", adapter.text(obj))}),
        "topics": api.topic_choices(), "topic_id": adapter.topic_id(obj),
    })


CONTENT_ACTIONS = {"hide", "restore", "edit", "lock", "unlock", "pin", "unpin", "move", "merge"}


@require_POST
@permission_required("moderate")
def content_action(request, ct, pk, action):
    if action not in CONTENT_ACTIONS:
        raise Http404
    obj = get_content_for(request.user, ct, pk, moderate=True)
    reason = request.POST.get("reason", "")
    back = _next(request, reverse("moderation:content", args=[ct, pk]))
    try:
        if action == "hide":
            services.content_hide(obj=obj, moderator=request.user, reason=reason)
            messages.success(request, _("Hidden: the author is told why."))
        elif action == "restore":
            services.content_restore(obj=obj, moderator=request.user, reason=reason)
            messages.success(request, _("Restored: the post is visible again."))
        elif action == "edit":
            form = EditForm(request.POST)
            if not form.is_valid():
                raise services.ModerationError(_("Give the new text and a reason for the edit."))
            services.content_edit(obj=obj, moderator=request.user, body=form.cleaned_data["body"],
                                  reason=form.cleaned_data["reason"])
            messages.success(request, _("Saved. The earlier text is kept as a revision."))
        elif action == "merge":
            into = get_content_for(request.user, ct, _int(request.POST.get("into")) or 0, moderate=True) \
                if _int(request.POST.get("into")) else None
            services.content_thread_action(obj=obj, moderator=request.user, action=action, reason=reason, into=into)
            messages.success(request, _("Merged."))
            return redirect(reverse("moderation:content", args=[ct, into.pk]))
        else:
            topic_id = _int(request.POST.get("topic")) if action == "move" else None
            if action == "move" and topic_id not in dict(api.topic_choices()):
                raise services.ModerationError(_("Choose the topic to move this to."))
            services.content_thread_action(obj=obj, moderator=request.user, action=action, reason=reason,
                                           topic_id=topic_id)
            messages.success(request, _("Done."))
    except Http404:
        messages.error(request, _("There is no question with that number."))
    except services.ModerationError as exc:
        messages.error(request, exc.message)
    return redirect(back)


# --- members: flags, appeals, notices ----------------------------------------------------------


def _rate_limited(request, template, context, exc):
    context["rate_limit_message"] = exc.message
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@login_required
def flag(request, ct, pk):
    obj = get_content_for(request.user, ct, pk)
    adapter = api.adapter_for(obj)
    form = FlagForm(request.POST or None)
    context = {"obj": obj, "form": form, "text": adapter.text(obj), "url": adapter.url(obj),
               "kind": adapter.kind, "ct": ct}
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_create(reporter=request.user, obj=obj, reason=form.cleaned_data["reason"],
                                 note=form.cleaned_data["note"])
        except api.RateLimited as exc:
            return _rate_limited(request, "moderation/flag.html", context, exc)
        except services.ModerationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you. The moderators will look at this post."))
            return redirect(adapter.url(obj))
    return render(request, "moderation/flag.html", context, status=400 if form.errors else 200)


@login_required
def appeal(request, ct, pk):
    obj = get_content_for(request.user, ct, pk)
    adapter = api.adapter_for(obj)
    if adapter.author(obj) != request.user:
        raise Http404
    form = AppealForm(request.POST or None)
    notice = api.hide_notice(obj)
    already = services.Appeal.objects.filter(content_type_id=ct, object_id=pk).first()
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_create(obj=obj, author=request.user, note=form.cleaned_data["note"])
        except services.ModerationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your appeal is with the moderators. You will hear from them."))
            return redirect("moderation:notices")
    return render(request, "moderation/appeal.html", {
        "obj": obj, "form": form, "notice": notice, "already": already, "text": adapter.text(obj),
        "state": api.content_state(obj),
    }, status=400 if form.errors else 200)


@login_required
def notices(request):
    rows = list(Notice.objects.filter(member=request.user).select_related("content_type")[:50])
    querysets.load_content(rows)
    appealed = set(services.Appeal.objects.filter(author=request.user).values_list("content_type_id", "object_id"))
    for row in rows:
        row.appealed = (row.content_type_id, row.object_id) in appealed
        row.can_appeal = (row.kind == "hide" and row.obj is not None and not row.appealed
                          and getattr(row, "content_state", "") == api.ContentState.HIDDEN)
    return render(request, "moderation/notices.html", {"notices": rows})


# --- audit log --------------------------------------------------------------------------------


@permission_required("moderate")
def audit_log(request):
    g = request.GET
    entries = querysets.log_entries(
        kind=g.get("kind", "") if g.get("kind") in ModerationAction.Kind.values else "",
        actor_id=_int(g.get("actor")), member_id=_int(g.get("member")), q=g.get("q", "").strip()[:100],
        since=g.get("since") or None if _valid_date(g.get("since")) else None,
        until=g.get("until") or None if _valid_date(g.get("until")) else None,
        before_id=_int(g.get("before")),
    )
    page = list(entries[: PAGE_SIZE * 2 + 1])
    has_more = len(page) > PAGE_SIZE * 2
    page = page[: PAGE_SIZE * 2]
    querysets.load_content(page)
    query = g.copy()
    query.pop("before", None)
    moderators = get_user_model().objects.filter(groups__permissions__codename="moderate").distinct().order_by(
        "display_name")
    return render(request, "moderation/log.html", {
        "entries": page, "has_more": has_more, "next_before": page[-1].pk if page else None,
        "query": query.urlencode(), "kinds": ModerationAction.Kind.choices, "moderators": moderators,
        "filters": g,
    })


def _valid_date(value) -> bool:
    from django.utils.dateparse import parse_date

    try:
        return bool(value) and parse_date(value) is not None
    except ValueError:
        return False


# --- sanctions -------------------------------------------------------------------------------


@permission_required("sanction_members")
def member_history(request, pk):
    member = get_object_or_404(get_user_model(), pk=pk)
    return _member_page(request, member, SanctionForm())


def _member_page(request, member, form, status=200):
    sanctions = Sanction.objects.filter(member=member).select_related("created_by", "lifted_by")
    actions = list(ModerationAction.objects.filter(member=member).select_related("actor")[:50])
    querysets.load_content(actions)
    context = querysets.author_context([member.pk]).get(member.pk, {})
    return render(request, "moderation/member.html", {
        "member": member, "sanctions": sanctions, "actions": actions, "form": form, "author_context": context,
    }, status=status)


@require_POST
@permission_required("sanction_members")
def member_sanction(request, pk):
    member = get_object_or_404(get_user_model(), pk=pk)
    form = SanctionForm(request.POST)
    if form.is_valid():
        try:
            services.sanction_create(member=member, moderator=request.user, kind=form.cleaned_data["kind"],
                                     reason=form.cleaned_data["reason"], until=form.cleaned_data["until"])
        except services.ModerationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved, and %(name)s is told.") % {"name": member.name})
            return redirect("moderation:member", pk=member.pk)
    return _member_page(request, member, form, status=400)


@require_POST
@permission_required("sanction_members")
def sanction_lift(request, pk):
    sanction = get_object_or_404(Sanction.objects.select_related("member"), pk=pk)
    try:
        services.sanction_lift(sanction=sanction, moderator=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("The sanction is lifted."))
    except services.ModerationError as exc:
        messages.error(request, exc.message)
    return redirect("moderation:member", pk=sanction.member_id)


# --- rules --------------------------------------------------------------------------------------


@permission_required("moderate")
def rules_page(request):
    form = BannedPhraseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.banned_phrase_add(phrase=form.cleaned_data["phrase"], moderator=request.user,
                                           note=form.cleaned_data["note"])
            except services.ModerationError as exc:
                form.add_error("phrase", exc.message)
            else:
                messages.success(request, _("Rule added. New posts that match it wait for review."))
                return redirect("moderation:rules")
        status = 400
    return render(request, "moderation/rules.html", {
        "form": form, "rules": BannedPhrase.objects.select_related("created_by"),
        "limits": services.rules.rate_limits(),
    }, status=status)


@require_POST
@permission_required("moderate")
def rule_remove(request, pk):
    rule = get_object_or_404(BannedPhrase, pk=pk)
    services.banned_phrase_remove(rule=rule, moderator=request.user)
    messages.success(request, _("Rule removed."))
    return redirect("moderation:rules")


# --- guidelines -------------------------------------------------------------------------------


def guidelines(request):
    language = translation.get_language() or settings.LANGUAGE_CODE
    rows = {g.language: g for g in Guidelines.objects.all()}
    shown = rows.get(language[:2]) or rows.get(settings.LANGUAGE_CODE)
    if shown is not None and not shown.body.strip():
        shown = next((g for g in rows.values() if g.body.strip()), None)
    return render(request, "moderation/guidelines.html", {"guidelines": shown})


@permission_required("manage_community")
def guidelines_edit(request):
    rows = {g.language: g for g in Guidelines.objects.all()}
    form = GuidelinesForm(request.POST or None, initial_bodies={k: v.body for k, v in rows.items()})
    if request.method == "POST" and form.is_valid():
        for code, _name in settings.LANGUAGES:
            services.guidelines_save(language=code, body=form.cleaned_data[f"body_{code}"], editor=request.user)
        messages.success(request, _("The guidelines are saved."))
        return redirect("moderation:guidelines")
    return render(request, "moderation/guidelines_edit.html", {"form": form})

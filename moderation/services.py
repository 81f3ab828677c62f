"""Every write moderation makes. Content is changed only through its adapter."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

import analytics
from accounts import roles
from moderation import api, rules
from moderation.api import ContentState
from moderation.details import counted, detail, detail_text
from moderation.models import (
    Appeal,
    BannedPhrase,
    Flag,
    FlagReason,
    Guidelines,
    ModerationAction,
    Notice,
    PostRecord,
    QueueReason,
    ReviewItem,
    Sanction,
)

Kind = ModerationAction.Kind


class ModerationError(Exception):
    """A refused moderation act; the message is shown to the person who tried it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AlreadyHandled(ModerationError):
    """Another moderator claimed or decided the item first."""


# --- helpers ---------------------------------------------------------------------


def _ct(obj) -> ContentType:
    return ContentType.objects.get_for_model(type(obj))


def _excerpt(obj, length: int = 180) -> str:
    text = " ".join(api.adapter_for(obj).text(obj).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def log(*, kind: str, actor=None, obj=None, member=None, item: ReviewItem | None = None, reason: str = "",
        before: dict | None = None, after: dict | None = None) -> ModerationAction:
    entry = ModerationAction(kind=kind, actor=actor, member=member, review_item=item, reason=reason or "",
                             before=before or {}, after=after or {})
    if obj is not None:
        entry.content_type = _ct(obj)
        entry.object_id = obj.pk
        entry.content_kind = api.adapter_for(obj).kind
        if member is None:
            entry.member = api.adapter_for(obj).author(obj)
    entry.save()
    return entry


def _open_item(obj, *, reasons: list[str], details: list[str]) -> tuple[ReviewItem, bool]:
    """The open review item for ``obj``, created when there is none; the reasons are added to it."""
    ct = _ct(obj)
    adapter = api.adapter_for(obj)
    item = ReviewItem.objects.select_for_update().filter(content_type=ct, object_id=obj.pk, state="open").first()
    created = False
    if item is None:
        try:
            with transaction.atomic():
                item = ReviewItem.objects.create(
                    content_type=ct, object_id=obj.pk, kind=adapter.kind, author=adapter.author(obj),
                    topic_id=adapter.topic_id(obj), reasons=list(dict.fromkeys(reasons)), details=list(details),
                )
                created = True
                _queue_changed()
        except IntegrityError:  # another request opened it a moment ago
            item = ReviewItem.objects.select_for_update().get(content_type=ct, object_id=obj.pk, state="open")
    if not created:
        new_reasons = [r for r in reasons if r not in item.reasons]
        new_details = [d for d in details if d not in item.details]
        if new_reasons or new_details:
            item.reasons = item.reasons + new_reasons
            item.details = item.details + new_details
            item.save(update_fields=["reasons", "details"])
    return item, created


def _queue_changed() -> None:
    from django.core.cache import cache

    transaction.on_commit(lambda: cache.delete("moderation:queue_size"))


def content_object(content_type_id: int, object_id: int):
    """The content with this id, including hidden and pending content, or None."""
    ct = ContentType.objects.get_for_id(content_type_id)
    model = ct.model_class()
    if model is None or model not in api.registered_models():
        return None
    return api.queryset_for(model).filter(pk=object_id).first()


# --- screening (called by content apps through moderation.api) -------------------


def post_screen(*, obj, author, text: str) -> api.Screening:
    reasons: list[str] = []
    details: list[str] = []
    limits = rules.rate_limits()
    digest = rules.text_hash(text)
    if not api.is_staff(author):
        if author.trust_level == 0:
            earlier = PostRecord.objects.filter(author=author).count()
            if earlier < rules.new_member_held_posts():
                reasons.append(QueueReason.NEW_MEMBER)
                details.append(detail(gettext_noop("Post %(n)d of a new member"), n=earlier + 1))
            links, max_links = rules.count_links(text), limits["max_links_new"]
            if links > max_links:
                reasons.append(QueueReason.TOO_MANY_LINKS)
                details.append(
                    counted("links", n=links, max=max_links)
                )
            mentions, max_mentions = rules.count_mentions(text), limits["max_mentions_new"]
            if mentions > max_mentions:
                reasons.append(QueueReason.TOO_MANY_MENTIONS)
                details.append(counted("mentions", n=mentions, max=max_mentions))
        phrases = list(BannedPhrase.objects.values_list("phrase", flat=True))
        for phrase in rules.matching_phrases(text, phrases):
            if QueueReason.BANNED_PHRASE not in reasons:
                reasons.append(QueueReason.BANNED_PHRASE)
            details.append(detail(gettext_noop("Matches the rule “%(phrase)s”"), phrase=phrase))
        if len(rules.normalise(text)) >= 20:
            since = timezone.now() - timedelta(days=1)
            copies = PostRecord.objects.filter(text_hash=digest, created_at__gte=since).count()
            if copies >= rules.repeat_threshold():
                reasons.append(QueueReason.REPEATED_TEXT)
                details.append(detail(gettext_noop("The same text was posted %(n)d times today"), n=copies + 1))
    with transaction.atomic():
        PostRecord.objects.create(author=author, content_type=_ct(obj), object_id=obj.pk, text_hash=digest)
        if not reasons:
            return api.Screening()
        item, _created = _open_item(obj, reasons=reasons, details=details)
        log(kind=Kind.HOLD, obj=obj, member=author, item=item, after={"details": details})
    analytics.track("moderation.held", user=author, obj=obj, reasons=reasons)
    return api.Screening(state=ContentState.PENDING, reasons=reasons, details=[detail_text(d) for d in details],
                         review_item_id=item.pk)


# --- flags -----------------------------------------------------------------------------


def flag_create(*, reporter, obj, reason: str, note: str = "") -> Flag:
    from accounts.access import posting_block_reason

    block = posting_block_reason(reporter)
    if block:
        raise ModerationError(block)
    adapter = api.adapter_for(obj)
    if adapter.author(obj) == reporter:
        raise ModerationError(_("You cannot flag your own post."))
    if reason not in FlagReason.values:
        raise ModerationError(_("Choose why you flag this post."))
    note = (note or "").strip()
    if reason == FlagReason.OTHER and not note:
        raise ModerationError(_("Tell the moderators what is wrong in a short note."))
    ct = _ct(obj)
    if Flag.objects.filter(content_type=ct, object_id=obj.pk, reporter=reporter).exists():
        raise ModerationError(_("You have already flagged this post. A moderator will look at it."))
    api.check_rate_limit(user=reporter, action="flag")
    with transaction.atomic():
        item, _created = _open_item(obj, reasons=[QueueReason.FLAGGED], details=[])
        try:
            with transaction.atomic():
                flag = Flag.objects.create(content_type=ct, object_id=obj.pk, reporter=reporter, reason=reason,
                                           note=note, review_item=item)
        except IntegrityError:
            raise ModerationError(_("You have already flagged this post. A moderator will look at it."))
        log(kind=Kind.FLAG, actor=reporter, obj=obj, item=item, reason=note,
            after={"reason": reason})
        _maybe_auto_hide(obj=obj, item=item)
    analytics.track("moderation.flagged", user=reporter, obj=obj, reason=reason)
    return flag


def _maybe_auto_hide(*, obj, item: ReviewItem) -> bool:
    trusted = (
        Flag.objects.filter(review_item=item, reporter__trust_level__gte=rules.auto_hide_min_trust())
        .values("reporter").distinct().count()
    )
    if trusted < rules.auto_hide_flags():
        return False
    if api.content_state(obj) != ContentState.PUBLISHED:
        return False
    # Hidden once, whatever the number of concurrent flags.
    if not ReviewItem.objects.filter(pk=item.pk, auto_hidden=False).update(auto_hidden=True):
        return False
    api.adapter_for(obj).set_state(obj, ContentState.HIDDEN)
    log(kind=Kind.AUTO_HIDE, obj=obj, item=item,
        before={"state": ContentState.PUBLISHED},
        after={"state": ContentState.HIDDEN, "details": [counted("flagged", n=trusted)]})
    analytics.track("moderation.auto_hidden", obj=obj, flags=trusted)
    return True


# --- the queue ------------------------------------------------------------------------------


def _claim_filter(moderator):
    stale = timezone.now() - timedelta(minutes=rules.claim_minutes())
    return Q(claimed_by__isnull=True) | Q(claimed_by=moderator) | Q(claimed_at__lt=stale)


def _why_not(item_pk: int, moderator) -> str:
    item = ReviewItem.objects.select_related("resolved_by", "claimed_by").get(pk=item_pk)
    if item.state != ReviewItem.State.OPEN:
        who = item.resolved_by.name if item.resolved_by else _("someone")
        return _("%(who)s already decided this item (%(what)s). Nothing was changed.") % {
            "who": who, "what": item.get_resolution_display(),
        }
    return _("%(who)s is working on this item. Nothing was changed.") % {"who": item.claimed_by.name}


def review_item_claim(*, item: ReviewItem, moderator) -> None:
    now = timezone.now()
    with transaction.atomic():
        won = ReviewItem.objects.filter(_claim_filter(moderator), pk=item.pk, state="open").update(
            claimed_by=moderator, claimed_at=now
        )
        if not won:
            raise AlreadyHandled(_why_not(item.pk, moderator))
        log(kind=Kind.CLAIM, actor=moderator, obj=content_object(item.content_type_id, item.object_id),
            member=item.author, item=item)
    item.claimed_by, item.claimed_at = moderator, now


def review_item_unclaim(*, item: ReviewItem, moderator) -> None:
    ReviewItem.objects.filter(pk=item.pk, state="open", claimed_by=moderator).update(claimed_by=None, claimed_at=None)


def _close(item: ReviewItem, *, moderator, resolution: str, reason: str) -> None:
    """Win the item for this moderator, or raise AlreadyHandled: a conditional UPDATE, so only one wins."""
    now = timezone.now()
    won = ReviewItem.objects.filter(_claim_filter(moderator), pk=item.pk, state="open").update(
        state=ReviewItem.State.RESOLVED, resolution=resolution, resolved_by=moderator, resolved_at=now,
        resolution_reason=reason, claimed_by=None, claimed_at=None,
    )
    if not won:
        raise AlreadyHandled(_why_not(item.pk, moderator))
    _queue_changed()
    item.state, item.resolution, item.resolved_by, item.resolved_at = "resolved", resolution, moderator, now
    item.resolution_reason = reason


def review_item_decide(*, item: ReviewItem, moderator, decision: str, reason: str = "") -> None:
    """Approve (publish) or hide the content of an open item. One moderator wins; the other is told."""
    reason = (reason or "").strip()
    if decision not in ("approve", "hide"):
        raise ModerationError(_("Unknown decision."))
    if decision == "hide" and not reason:
        raise ModerationError(_("Give a reason for hiding: the author is told."))
    obj = content_object(item.content_type_id, item.object_id)
    with transaction.atomic():
        resolution = ReviewItem.Resolution.APPROVED if decision == "approve" else ReviewItem.Resolution.HIDDEN
        _close(item, moderator=moderator, resolution=resolution, reason=reason)
        if obj is not None:
            before = api.content_state(obj)
            if decision == "approve":
                api.adapter_for(obj).set_state(obj, ContentState.PUBLISHED)
                log(kind=Kind.APPROVE, actor=moderator, obj=obj, item=item, reason=reason,
                    before={"state": before}, after={"state": ContentState.PUBLISHED})
            else:
                api.adapter_for(obj).set_state(obj, ContentState.HIDDEN)
                log(kind=Kind.HIDE, actor=moderator, obj=obj, item=item, reason=reason,
                    before={"state": before}, after={"state": ContentState.HIDDEN})
                _notify_hidden(obj=obj, reason=reason)
    seconds = int((item.resolved_at - item.created_at).total_seconds())
    analytics.track("moderation.decided", user=moderator, obj=obj, decision=decision,
                    reasons=item.reasons, seconds_to_decision=seconds)


def review_items_bulk(*, item_ids: list[int], moderator, decision: str, reason: str = "") -> tuple[int, list[str]]:
    """Decide several items; each in its own transaction. Returns (done, messages for those skipped)."""
    done, skipped = 0, []
    for item in ReviewItem.objects.filter(pk__in=item_ids).order_by("created_at", "id"):
        try:
            review_item_decide(item=item, moderator=moderator, decision=decision, reason=reason)
            done += 1
        except ModerationError as exc:
            skipped.append(exc.message)
    return done, skipped


# --- acting on content directly -------------------------------------------------------


def _resolve_open_item(obj, *, moderator, resolution: str, reason: str) -> ReviewItem | None:
    item = ReviewItem.objects.filter(content_type=_ct(obj), object_id=obj.pk, state="open").first()
    if item is None:
        return None
    _close(item, moderator=moderator, resolution=resolution, reason=reason)
    return item


def content_hide(*, obj, moderator, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Give a reason for hiding: the author is told."))
    before = api.content_state(obj)
    if before == ContentState.HIDDEN:
        raise ModerationError(_("This post is already hidden."))
    with transaction.atomic():
        item = _resolve_open_item(obj, moderator=moderator, resolution=ReviewItem.Resolution.HIDDEN, reason=reason)
        api.adapter_for(obj).set_state(obj, ContentState.HIDDEN)
        log(kind=Kind.HIDE, actor=moderator, obj=obj, item=item, reason=reason,
            before={"state": before}, after={"state": ContentState.HIDDEN})
        _notify_hidden(obj=obj, reason=reason)


def content_restore(*, obj, moderator, reason: str = "") -> None:
    before = api.content_state(obj)
    if before == ContentState.PUBLISHED:
        raise ModerationError(_("This post is already visible."))
    with transaction.atomic():
        item = _resolve_open_item(obj, moderator=moderator, resolution=ReviewItem.Resolution.APPROVED,
                                  reason=reason)
        api.adapter_for(obj).set_state(obj, ContentState.PUBLISHED)
        log(kind=Kind.RESTORE, actor=moderator, obj=obj, item=item, reason=reason,
            before={"state": before}, after={"state": ContentState.PUBLISHED})


def content_edit(*, obj, moderator, body: str, reason: str) -> None:
    body, reason = (body or "").strip(), (reason or "").strip()
    if not body:
        raise ModerationError(_("The text cannot be empty. Hide the post instead."))
    if not reason:
        raise ModerationError(_("Say why you edit this post."))
    adapter = api.adapter_for(obj)
    before = adapter.text(obj)
    with transaction.atomic():
        adapter.edit(obj, body=body, editor=moderator, reason=reason)
        log(kind=Kind.EDIT, actor=moderator, obj=obj, reason=reason,
            before={"text": before}, after={"text": adapter.text(obj)})


def content_thread_action(*, obj, moderator, action: str, reason: str = "", topic_id: int | None = None,
                          into=None) -> None:
    """lock, unlock, pin, unpin, move (topic_id) or merge (into): thread-level acts through the adapter."""
    adapter = api.adapter_for(obj)
    reason = (reason or "").strip()
    try:
        with transaction.atomic():
            if action in ("lock", "unlock"):
                adapter.lock(obj, locked=action == "lock", by=moderator)
                before, after = {"locked": action != "lock"}, {"locked": action == "lock"}
            elif action in ("pin", "unpin"):
                adapter.pin(obj, pinned=action == "pin", by=moderator)
                before, after = {"pinned": action != "pin"}, {"pinned": action == "pin"}
            elif action == "move":
                if topic_id is None:
                    raise ModerationError(_("Choose the topic to move this to."))
                old = adapter.topic_id(obj)
                if old == topic_id:
                    raise ModerationError(_("It is already in that topic."))
                adapter.move(obj, topic_id=topic_id, by=moderator)
                before, after = {"topic_id": old}, {"topic_id": topic_id}
            elif action == "merge":
                if into is None or (type(into) is type(obj) and into.pk == obj.pk):
                    raise ModerationError(_("Choose another question to merge this one into."))
                adapter.merge(obj, into=into, by=moderator)
                before, after = {"id": obj.pk}, {"merged_into": into.pk, "url": adapter.url(into)}
            else:
                raise ModerationError(_("Unknown action."))
            log(kind=action, actor=moderator, obj=obj, reason=reason, before=before, after=after)
    except NotImplementedError:
        raise ModerationError(_("That is not possible for this kind of post."))
    except (ModerationError, DatabaseError):
        raise
    except Exception as exc:  # the content app refused (its own rule, unknown topic, ...)
        raise ModerationError(str(exc) or _("That is not possible for this post."))


# --- telling the author ----------------------------------------------------------------------


def guidelines_url() -> str:
    from django.conf import settings

    return settings.SITE_URL + reverse("moderation:guidelines")


def _notify_hidden(*, obj, reason: str) -> Notice | None:
    author = api.adapter_for(obj).author(obj)
    if author is None:
        return None
    notice = Notice.objects.create(
        member=author, kind="hide", content_type=_ct(obj), object_id=obj.pk,
        content_kind=api.adapter_for(obj).kind, excerpt=_excerpt(obj), reason=reason,
    )
    _send_notice(notice.pk)
    return notice


def _send_notice(notice_id: int) -> None:
    """Owe the email in this transaction (an outbox row), sent after commit."""
    from core import jobs
    from moderation.tasks import send_notice

    jobs.enqueue(send_notice, notice_id)


def notice_send(*, notice: Notice) -> bool:
    """Email a notice once (idempotent: the emailed flag is claimed with a conditional UPDATE)."""
    from django.conf import settings

    from core import emails

    member = notice.member
    if member.email_notifications == "never" and notice.kind == "hide":
        return False
    if not Notice.objects.filter(pk=notice.pk, emailed=False).update(emailed=True):
        return False
    context = {
        "member": member, "notice": notice, "guidelines_url": guidelines_url(),
        "notices_url": settings.SITE_URL + reverse("moderation:notices"),
    }
    if notice.content_type_id:
        context["appeal_url"] = settings.SITE_URL + reverse(
            "moderation:appeal", args=[notice.content_type_id, notice.object_id]
        )
    emails.send(f"moderation-{notice.kind}", member.email, context, language=member.language or None)
    return True


# --- appeals ---------------------------------------------------------------------------------


def appeal_create(*, obj, author, note: str) -> Appeal:
    note = (note or "").strip()
    adapter = api.adapter_for(obj)
    if adapter.author(obj) != author:
        raise ModerationError(_("Only the author can appeal."))
    if api.content_state(obj) != ContentState.HIDDEN:
        raise ModerationError(_("Only hidden posts can be appealed."))
    if not note:
        raise ModerationError(_("Tell the moderators why this post should be shown again."))
    ct = _ct(obj)
    with transaction.atomic():
        try:
            with transaction.atomic():
                appeal = Appeal.objects.create(content_type=ct, object_id=obj.pk, author=author, note=note)
        except IntegrityError:
            raise ModerationError(_("You have already appealed this decision. A post can be appealed once."))
        item, _created = _open_item(
            obj, reasons=[QueueReason.APPEAL], details=[detail(gettext_noop("Appeal: %(note)s"), note=note)]
        )
        appeal.review_item = item
        appeal.save(update_fields=["review_item"])
        log(kind=Kind.APPEAL, actor=author, obj=obj, item=item, reason=note)
    analytics.track("moderation.appealed", user=author, obj=obj)
    return appeal


# --- sanctions -------------------------------------------------------------------------------


def sanction_create(*, member, moderator, kind: str, reason: str, until=None) -> Sanction:
    from accounts import services as accounts_services

    reason = (reason or "").strip()
    if member == moderator:
        raise ModerationError(_("You cannot sanction yourself."))
    if roles.holds_staff_role(member) and not roles.is_manager(moderator):
        raise ModerationError(_("Only a community manager can sanction a staff member."))
    if not reason:
        raise ModerationError(_("Give a reason: the member is told."))
    if kind == Sanction.Kind.SUSPENSION and (until is None or until <= timezone.now()):
        raise ModerationError(_("Choose a date in the future for the suspension to end."))
    if kind not in Sanction.Kind.values:
        raise ModerationError(_("Unknown sanction."))
    with transaction.atomic():
        sanction = Sanction.objects.create(member=member, kind=kind, reason=reason,
                                           until=until if kind == Sanction.Kind.SUSPENSION else None,
                                           created_by=moderator)
        before = {"is_active": member.is_active, "suspended_until": _iso(member.suspended_until)}
        if kind == Sanction.Kind.SUSPENSION:
            accounts_services.user_suspend(user=member, until=until, reason=reason)
            log_kind = Kind.SUSPEND
        elif kind == Sanction.Kind.BAN:
            accounts_services.user_deactivate(user=member)
            log_kind = Kind.BAN
        else:
            log_kind = Kind.WARN
        log(kind=log_kind, actor=moderator, member=member, reason=reason, before=before,
            after={"is_active": member.is_active, "suspended_until": _iso(member.suspended_until),
                   "sanction": sanction.pk})
        notice = Notice.objects.create(member=member, kind=kind, reason=reason)
        _send_notice(notice.pk)
    analytics.track("moderation.sanctioned", user=moderator, obj=sanction, kind=kind)
    return sanction


def sanction_lift(*, sanction: Sanction, moderator, reason: str = "") -> None:
    from accounts import services as accounts_services

    if sanction.lifted_at or sanction.kind == Sanction.Kind.WARNING:
        raise ModerationError(_("This sanction is not active."))
    member = sanction.member
    with transaction.atomic():
        lifted = Sanction.objects.filter(pk=sanction.pk, lifted_at__isnull=True).update(
            lifted_at=timezone.now(), lifted_by=moderator, lift_reason=(reason or "").strip()
        )
        if not lifted:
            raise AlreadyHandled(_("Someone lifted this sanction already."))
        before = {"is_active": member.is_active, "suspended_until": _iso(member.suspended_until)}
        if sanction.kind == Sanction.Kind.SUSPENSION:
            accounts_services.user_lift_suspension(user=member)
        else:
            reactivate = getattr(accounts_services, "user_reactivate", None)
            if reactivate is None:
                raise ModerationError(_("Lifting a ban needs accounts.services.user_reactivate, which is missing."))
            reactivate(user=member)
        log(kind=Kind.LIFT, actor=moderator, member=member, reason=reason, before=before,
            after={"is_active": member.is_active, "suspended_until": _iso(member.suspended_until),
                   "sanction": sanction.pk})


def _iso(value):
    return value.isoformat() if value else None


# --- rules and guidelines ---------------------------------------------------------------------


def banned_phrase_add(*, phrase: str, moderator, note: str = "") -> BannedPhrase:
    phrase = " ".join((phrase or "").split()).lower()
    if len(phrase) < 2:
        raise ModerationError(_("A rule needs at least two characters."))
    try:
        with transaction.atomic():
            rule = BannedPhrase.objects.create(phrase=phrase, note=(note or "").strip(), created_by=moderator)
            log(kind=Kind.RULE_ADD, actor=moderator, reason=note, after={"phrase": phrase})
    except IntegrityError:
        raise ModerationError(_("There is already a rule for “%(phrase)s”.") % {"phrase": phrase})
    return rule


def banned_phrase_remove(*, rule: BannedPhrase, moderator) -> None:
    with transaction.atomic():
        log(kind=Kind.RULE_REMOVE, actor=moderator, before={"phrase": rule.phrase})
        rule.delete()


def guidelines_save(*, language: str, body: str, editor) -> Guidelines:
    from core.markdown import markdown_html

    with transaction.atomic():
        row, _created = Guidelines.objects.select_for_update().get_or_create(language=language)
        before = row.body
        if before == body:
            return row
        row.body = body
        row.body_html = markdown_html(body)
        row.updated_by = editor
        row.save()
        log(kind=Kind.GUIDELINES, actor=editor, reason=language, before={"body": before}, after={"body": body})
    return row


# --- reminders --------------------------------------------------------------------------------


def stale_items_remind() -> int:
    """Email moderators once about items waiting longer than MODERATION_REMIND_AFTER_HOURS."""
    from accounts.models import User
    from core import emails

    cutoff = timezone.now() - timedelta(hours=rules.remind_after_hours())
    ids = list(ReviewItem.objects.filter(state="open", reminded_at__isnull=True, created_at__lt=cutoff)
               .values_list("pk", flat=True))
    if not ids:
        return 0
    claimed = ReviewItem.objects.filter(pk__in=ids, reminded_at__isnull=True).update(reminded_at=timezone.now())
    if not claimed:
        return 0
    from django.conf import settings

    moderators = User.objects.filter(
        Q(groups__permissions__codename="moderate") | Q(user_permissions__codename="moderate"), is_active=True
    ).distinct()
    waiting = ReviewItem.objects.filter(state="open").count()
    for moderator in moderators:
        emails.send("moderation-reminder", moderator.email,
                    {"member": moderator, "count": claimed, "waiting": waiting,
                     "queue_url": settings.SITE_URL + reverse("moderation:queue")},
                    language=moderator.language or None)
    return claimed

"""Demo moderation: Velora's community guidelines (English and Dutch), a few
banned-phrase rules and, once community content exists, a few items in the
queue and past decisions in the audit log. Idempotent.

Moderation imports no content app: the queue part finds content through the
adapter registry. ``load`` runs before community's demo, so on a fresh
database the queue part has nothing to act on yet; ``load_queue`` is the step
to run after the content apps (it is idempotent too).
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

GUIDELINES_EN = """# Velora community guidelines

Welcome to the Velora community! This is the place where Velora riders help each other get the most out of
their e-bikes, and where the Velora team from Utrecht listens and answers. These guidelines keep it a place
worth visiting. They are short on purpose.

## Be kind

- Treat everyone the way you would like to be treated at the bike shop. Disagree with ideas, never with people.
- No insults, name-calling, harassment or discrimination of any kind.
- Remember that the rider on the other side may be new to e-bikes, or writing in their second language.

## Be helpful

- **Search first.** Many questions about range, charging and gears are already answered in the
  [knowledge base](/help/) or in the community.
- **One question per thread**, with a clear title: "Rear light flickers on cobbles" helps more than "Help!!".
- Tell us your model (for example *Velora Urban 2* or *Velora Cargo*), the firmware version and what you tried.
- When an answer solves your problem, accept it, so the next rider finds it quickly.

## Stay safe

- Never post your phone number, home address, frame number or order number. The Velora team will ask for them
  in a private ticket when needed.
- Do not share advice that makes a bike unsafe or illegal on the road, such as removing the 25 km/h limit.
- For a safety problem with your bike (brakes, frame, battery heat), stop riding and contact Velora support.

## Keep it on topic and honest

- This community is about Velora bikes, accessories and riding. Off-topic threads may be moved or closed.
- No advertising, affiliate links or selling. Second-hand Velora bikes may be offered in the *Marketplace* topic only.
- Do not pretend to be someone else, and do not post the same message in many places.

## How moderation works

- Members can **flag** a post that breaks these guidelines. After several flags a post is hidden until a
  moderator has looked at it.
- The first posts of new members wait for a quick review before everyone sees them. Thanks for your patience!
- Moderators may edit, move, merge, lock or hide posts. They always give a reason, and nothing is deleted:
  if your post is hidden, you can still see it and you can **appeal once**.
- Repeated or serious breaches can lead to a warning, a suspension or, in the end, a ban.

Questions about these guidelines? Ask in the *Community feedback* topic. Happy riding!
"""

GUIDELINES_NL = """# Richtlijnen van de Velora-community

Welkom in de Velora-community! Hier helpen Velora-rijders elkaar om het beste uit hun e-bike te halen, en
luistert en antwoordt het Velora-team uit Utrecht. Deze richtlijnen houden de community een fijne plek.
Ze zijn bewust kort.

## Wees vriendelijk

- Behandel iedereen zoals je zelf in de fietsenwinkel behandeld wilt worden. Verschil van mening mag, over
  ideeën, nooit over personen.
- Geen beledigingen, scheldwoorden, intimidatie of discriminatie, in welke vorm dan ook.
- Bedenk dat de rijder aan de andere kant misschien net begint met e-biken, of in een tweede taal schrijft.

## Help elkaar

- **Zoek eerst.** Veel vragen over actieradius, laden en versnellingen staan al in de
  [kennisbank](/help/) of in de community.
- **Eén vraag per onderwerp**, met een duidelijke titel: "Achterlicht knippert op kinderkopjes" helpt meer
  dan "Help!!".
- Vermeld je model (bijvoorbeeld *Velora Urban 2* of *Velora Cargo*), de firmwareversie en wat je al geprobeerd hebt.
- Heeft een antwoord je probleem opgelost? Accepteer het, zodat de volgende rijder het snel vindt.

## Veilig blijven

- Zet nooit je telefoonnummer, adres, framenummer of ordernummer in een bericht. Het Velora-team vraagt
  daar zo nodig om in een persoonlijk ticket.
- Deel geen tips die een fiets onveilig of illegaal maken op de weg, zoals het verwijderen van de 25 km/u-begrenzing.
- Bij een veiligheidsprobleem (remmen, frame, warme accu): stop met fietsen en neem contact op met Velora support.

## Blijf bij het onderwerp en wees eerlijk

- Deze community gaat over Velora-fietsen, accessoires en fietsen. Berichten die niet over het onderwerp gaan,
  kunnen worden verplaatst of gesloten.
- Geen reclame, affiliate-links of verkoop. Tweedehands Velora-fietsen mogen alleen in het onderwerp
  *Marktplaats* worden aangeboden.
- Doe je niet voor als iemand anders, en plaats niet hetzelfde bericht op veel plekken.

## Zo werkt moderatie

- Leden kunnen een bericht dat deze richtlijnen breekt **melden**. Na meerdere meldingen wordt een bericht
  verborgen tot een moderator ernaar heeft gekeken.
- De eerste berichten van nieuwe leden worden eerst even bekeken voordat iedereen ze ziet. Bedankt voor je geduld!
- Moderators kunnen berichten bewerken, verplaatsen, samenvoegen, sluiten of verbergen. Ze geven altijd een reden,
  en er wordt niets gewist: is je bericht verborgen, dan zie je het zelf nog en kun je **één keer bezwaar maken**.
- Herhaalde of ernstige overtredingen kunnen leiden tot een waarschuwing, een schorsing of uiteindelijk een blokkade.

Vragen over deze richtlijnen? Stel ze in het onderwerp *Feedback op de community*. Veel fietsplezier!
"""

BANNED_PHRASES = [
    ("cheap watches", "Spam wave, March"),
    ("casino", "Gambling spam"),
    ("crypto giveaway", "Scam"),
    ("derestrict kit", "Unsafe and illegal: removing the 25 km/h limit"),
    ("opvoerset", "Opvoeren is onveilig en illegaal (25 km/u-grens)"),
]


def load(out) -> dict:
    from moderation import services
    from moderation.models import BannedPhrase, Guidelines

    User = get_user_model()
    manager = User.objects.filter(email="manager@example.com").first()
    moderator = User.objects.filter(email="moderator@example.com").first()
    made = 0
    for language, body in (("en", GUIDELINES_EN), ("nl", GUIDELINES_NL)):
        if not Guidelines.objects.filter(language=language).exists():
            services.guidelines_save(language=language, body=body, editor=manager)
            made += 1
    for phrase, note in BANNED_PHRASES:
        if not BannedPhrase.objects.filter(phrase=phrase).exists():
            if moderator:
                services.banned_phrase_add(phrase=phrase, moderator=moderator, note=note)
            else:
                BannedPhrase.objects.create(phrase=phrase, note=note)
            made += 1
    out(f"moderation: {made} guidelines and rules created")
    queue = load_queue(out)
    return {"created": made, **queue}


def _content(kind: str, n: int, exclude_authors=()):
    """Published content of one kind, oldest first, found through the adapter registry."""
    from moderation import api

    found = []
    for model in api.registered_models():
        adapter = api.adapter_for(model)
        if adapter.kind != kind:
            continue
        for obj in api.queryset_for(model).order_by("pk")[:50]:
            if api.content_state(obj) != api.ContentState.PUBLISHED:
                continue
            author = adapter.author(obj)
            if author is None or author.email in exclude_authors or author.groups.exists():
                continue
            found.append(obj)
            if len(found) == n:
                return found
    return found


def load_queue(out) -> dict:
    """Flags waiting in the queue and a few past decisions, on existing community content. Idempotent."""
    from moderation import services
    from moderation.models import Flag, ModerationAction

    User = get_user_model()
    moderator = User.objects.filter(email="moderator@example.com").first()
    people = {u.email: u for u in User.objects.filter(email__in=[
        "noor@example.com", "liam@example.com", "emma@example.com", "grace@example.com", "pieter@example.com"])}
    if moderator is None or len(people) < 5:
        return {"flags": 0, "decisions": 0}
    if ModerationAction.objects.filter(actor=moderator, kind__in=["approve", "hide", "pin"]).exists():
        # Loaded before: picking content again would pick other posts once some are hidden.
        out("moderation: demo queue already loaded")
        return {"flags": 0, "decisions": 0}
    from datetime import timedelta

    from django.utils import timezone

    from core.democlock import at

    questions = _content("question", 3)
    answers = _content("answer", 2)
    comments = _content("comment", 1)
    flags = decisions = 0
    now = timezone.now()

    def ago(hours):
        return at(now - timedelta(hours=hours))  # each act at its own past moment, as in real use

    def flag(obj, email, reason, note=""):
        nonlocal flags
        reporter = people[email]
        ct = ContentType.objects.get_for_model(type(obj))
        if reporter == services.api.adapter_for(obj).author(obj):
            return
        if Flag.objects.filter(content_type=ct, object_id=obj.pk, reporter=reporter).exists():
            return
        try:
            services.flag_create(reporter=reporter, obj=obj, reason=reason, note=note)
            flags += 1
        except (services.ModerationError, services.api.RateLimited):
            pass

    def decided(obj, kind) -> bool:
        ct = ContentType.objects.get_for_model(type(obj))
        return ModerationAction.objects.filter(content_type=ct, object_id=obj.pk, kind=kind).exists()

    # Waiting in the queue: flags a moderator has not looked at yet.
    if questions:
        with ago(30):
            flag(questions[-1], "noor@example.com", "off_topic", "Gaat over een ander merk fiets, niet over Velora.")
        with ago(26):
            flag(questions[-1], "liam@example.com", "other", "Looks like an advert for another shop.")
    if answers:
        with ago(9):
            flag(answers[-1], "grace@example.com", "abusive", "Calling someone an idiot is not OK.")
    # Past decisions in the log.
    if len(answers) > 1 and not decided(answers[0], "approve"):
        with ago(80):
            flag(answers[0], "emma@example.com", "spam", "")
        from moderation.models import ReviewItem

        item = ReviewItem.objects.filter(content_type=ContentType.objects.get_for_model(type(answers[0])),
                                         object_id=answers[0].pk, state="open").first()
        if item:
            with ago(75):
                services.review_item_decide(item=item, moderator=moderator, decision="approve",
                                            reason="A link to the official Velora manual is helpful, not spam.")
            decisions += 1
    if comments and not decided(comments[0], "hide"):
        with ago(50):
            services.content_hide(obj=comments[0], moderator=moderator,
                                  reason="Contains a phone number. For your safety we hid it; the team will "
                                         "contact you through a ticket.")
        decisions += 1
    if questions and len(questions) > 1 and not decided(questions[0], "pin"):
        try:
            with ago(48):
                services.content_thread_action(obj=questions[0], moderator=moderator, action="pin",
                                               reason="Useful for many new riders.")
            decisions += 1
        except services.ModerationError:
            pass
    if flags or decisions:
        out(f"moderation: {flags} flags and {decisions} decisions on community content")
    return {"flags": flags, "decisions": decisions}

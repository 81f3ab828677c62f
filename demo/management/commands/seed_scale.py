"""Build a big, skewed community for benchmarks, repeatably (same --seed, same content).

At --scale 1.0: 10,000 members, 20 topics, 50,000 questions, 400,000 answers,
100,000 comments, 1,000,000 votes, 5,000 articles (EN sources + NL translations)
and 1,000,000 analytics events over the last 90 days. ``--scale 0.01`` makes a
hundredth of everything (tests, quick runs).

Rows go in with bulk_create in batches (no signals, no per-row services), then
the denormalised counters are fixed up with a few set-based SQL statements, the
same numbers the services would have written one by one. The search index is
rebuilt through search.index at the end.

Shape: most questions get 0-10 answers, a few 500+; one question has exactly
500 and one exactly 30 (the benchmark's pages); authors are drawn from a
Zipf-like curve, so a few members are very active. Reputation events exist for
accepted answers only (votes earn none here), and MemberStats.reputation is
their sum, as ``community.services.member_stats_refresh`` would compute it.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import html
import itertools
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

EMAIL_DOMAIN = "scale.example"
FIRST_NAMES = ["Anne", "Bas", "Chris", "Dewi", "Eva", "Finn", "Lotte", "Sam", "Yara", "Joris"]
PASSWORD = "gilde-scale-2026"
BATCH = 2000
DAYS_OF_CONTENT = 365
DAYS_OF_EVENTS = 90

# --- words ---------------------------------------------------------------------------------------------

TOPICS = [
    ("Battery & charging", "Accu en laden"),
    ("Motor & pedal assist", "Motor en trapondersteuning"),
    ("Display & app", "Display en app"),
    ("Brakes", "Remmen"),
    ("Gears & chain", "Versnellingen en ketting"),
    ("Tyres & wheels", "Banden en wielen"),
    ("Lights", "Verlichting"),
    ("Frame lock & theft", "Framesloten en diefstal"),
    ("Child seats & cargo", "Kinderzitjes en bagage"),
    ("Maintenance", "Onderhoud"),
    ("Warranty & repairs", "Garantie en reparaties"),
    ("Ordering & delivery", "Bestellen en levering"),
    ("Winter riding", "Fietsen in de winter"),
    ("Commuting", "Woon-werkverkeer"),
    ("Velora Stad", "Velora Stad"),
    ("Velora Tour", "Velora Tour"),
    ("Velora Cargo", "Velora Cargo"),
    ("Accessories", "Accessoires"),
    ("Firmware updates", "Firmware-updates"),
    ("Community lounge", "Community-lounge"),
]
PARTS_EN = [
    "battery",
    "charger",
    "motor",
    "display",
    "app",
    "rear light",
    "front light",
    "chain",
    "brake pads",
    "torque sensor",
    "frame lock",
    "kickstand",
    "gear hub",
    "belt drive",
    "tyre",
    "spokes",
    "saddle",
    "child seat",
    "pannier rack",
    "firmware",
    "bluetooth pairing",
    "USB port",
    "range",
    "pedal assist",
]
PARTS_NL = [
    "accu",
    "lader",
    "motor",
    "display",
    "app",
    "achterlicht",
    "koplamp",
    "ketting",
    "remblokken",
    "koppelsensor",
    "framesslot",
    "standaard",
    "naafversnelling",
    "riemaandrijving",
    "band",
    "spaken",
    "zadel",
    "kinderzitje",
    "bagagedrager",
    "firmware",
    "bluetooth koppelen",
    "USB-poort",
    "actieradius",
    "trapondersteuning",
]
PROBLEMS_EN = [
    "stops working after rain",
    "makes a clicking noise",
    "drains faster than expected",
    "shows error E{n}",
    "will not switch on",
    "feels weak on hills",
    "disconnects every few minutes",
    "is loose after {n} km",
    "keeps blinking",
    "squeaks when braking",
    "does not charge past {n} %",
    "lost its settings",
]
PROBLEMS_NL = [
    "werkt niet meer na regen",
    "maakt een klikkend geluid",
    "loopt sneller leeg dan verwacht",
    "geeft foutmelding E{n}",
    "gaat niet aan",
    "voelt zwak op hellingen",
    "valt elke paar minuten weg",
    "zit los na {n} km",
    "blijft knipperen",
    "piept bij het remmen",
    "laadt niet verder dan {n} %",
    "is zijn instellingen kwijt",
]
MODELS = ["Velora Stad", "Velora Tour", "Velora Cargo", "Velora Sport", "Velora Tour XL", "Velora Mini"]
SENTENCES_EN = [
    "I ride about {n} km a day, mostly in the city.",
    "The bike is {n} months old and has always been stored inside.",
    "I already tried switching it off and on again and checked the connectors.",
    "It started after the last firmware update, as far as I can tell.",
    "The dealer in Utrecht could not find anything wrong during the service.",
    "On cold mornings it is worse than in the afternoon.",
    "Does anyone know whether this is covered by the warranty?",
    "I use the original charger and never let it run completely empty.",
    "Tyre pressure is at {n} psi, as the manual suggests.",
    "Support mode three helps a little, but eco mode is hardly usable.",
    "Thanks in advance, this community has helped me before.",
    "Clean the contacts with a dry cloth and let them dry completely before reconnecting.",
    "Update the app, then pair again from the settings screen, not from the home screen.",
    "Check that the speed sensor magnet is within {n} mm of the sensor.",
    "A full calibration cycle (charge to 100 %, ride until empty, charge again) fixed it for me.",
    "Ask the dealer to check the torque sensor; mine was replaced under warranty.",
]
SENTENCES_NL = [
    "Ik fiets ongeveer {n} km per dag, vooral in de stad.",
    "De fiets is {n} maanden oud en staat altijd binnen.",
    "Ik heb hem al uit en weer aan gezet en de stekkers gecontroleerd.",
    "Het begon volgens mij na de laatste firmware-update.",
    "De dealer in Utrecht kon tijdens de onderhoudsbeurt niets vinden.",
    "Op koude ochtenden is het erger dan 's middags.",
    "Weet iemand of dit onder de garantie valt?",
    "Ik gebruik de originele lader en laat de accu nooit helemaal leeglopen.",
    "De bandenspanning staat op {n} psi, zoals de handleiding aanraadt.",
    "Stand drie helpt een beetje, maar de eco-stand is nauwelijks bruikbaar.",
    "Alvast bedankt, deze community heeft me eerder ook geholpen.",
    "Maak de contactpunten schoon met een droge doek en laat ze helemaal drogen.",
    "Werk de app bij en koppel opnieuw via het instellingenscherm.",
    "Controleer of de magneet van de snelheidssensor binnen {n} mm van de sensor zit.",
    "Een volledige kalibratie (opladen tot 100 %, leegrijden, weer opladen) loste het bij mij op.",
    "Laat de dealer de koppelsensor controleren; de mijne is onder garantie vervangen.",
]
TAGS = [
    "battery",
    "accu",
    "charging",
    "laden",
    "motor",
    "display",
    "app",
    "bluetooth",
    "firmware",
    "brakes",
    "remmen",
    "chain",
    "ketting",
    "gears",
    "tyres",
    "banden",
    "lights",
    "verlichting",
    "lock",
    "slot",
    "theft",
    "child-seat",
    "cargo",
    "winter",
    "range",
    "warranty",
    "garantie",
    "repair",
    "dealer",
    "delivery",
    "stad",
    "tour",
    "sport",
    "mini",
    "xl",
    "error-code",
    "noise",
    "rain",
    "commute",
    "accessories",
]
CATEGORIES = [
    ("Getting started", "Aan de slag"),
    ("Battery & charging", "Accu en laden"),
    ("Riding", "Fietsen"),
    ("Maintenance", "Onderhoud"),
    ("App & connectivity", "App en verbinding"),
    ("Warranty & service", "Garantie en service"),
    ("Orders & delivery", "Bestellingen en levering"),
    ("Safety", "Veiligheid"),
]
SECTION_WORDS = [
    ("Basics", "Basis"),
    ("How-to", "Zo doe je dat"),
    ("Troubleshooting", "Problemen oplossen"),
    ("Reference", "Naslag"),
    ("Tips", "Tips"),
]
FOUND_QUERIES = [
    "battery",
    "accu laden",
    "display error",
    "app koppelen",
    "brake pads",
    "remmen",
    "firmware",
    "torque sensor",
    "range",
    "child seat",
    "frame lock",
    "achterlicht",
]
GAP_QUERIES = [
    "frame lock reset code",
    "accu kalibreren xl",
    "firmware 3.2 beta",
    "velora tour xl size chart",
    "bagagedrager max gewicht",
    "trailer hitch",
]


class Gen:
    """Deterministic text and choices from one seed."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def n(self):
        return self.rng.randint(2, 60)

    def fill(self, text):
        return text.replace("{n}", str(self.n()))

    def title(self, lang):
        r = self.rng
        if lang == "nl":
            return self.fill(f"{r.choice(MODELS)}: {r.choice(PARTS_NL)} {r.choice(PROBLEMS_NL)}")
        return self.fill(f"{r.choice(MODELS)}: {r.choice(PARTS_EN)} {r.choice(PROBLEMS_EN)}")

    def paragraphs(self, lang, lo=1, hi=3):
        pool = SENTENCES_NL if lang == "nl" else SENTENCES_EN
        return [
            " ".join(self.fill(s) for s in self.rng.sample(pool, self.rng.randint(2, 4)))
            for _ in range(self.rng.randint(lo, hi))
        ]


def plain_html(paragraphs) -> str:
    """What core.markdown renders for plain paragraphs (no Markdown syntax in them)."""
    return "".join(f"<p>{html.escape(p, quote=False)}</p>\n" for p in paragraphs)


def zipf_cum_weights(n: int, exponent: float = 1.1) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, n + 1)))


@contextlib.contextmanager
def events_keep_created_at():
    """bulk_create would stamp every Event with now (auto_now_add); scale events need the past."""
    from analytics.models import Event

    field = Event._meta.get_field("created_at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


class Command(BaseCommand):
    help = "Build a big, skewed community for benchmarks (bulk inserts; minutes, not hours)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--no-search", action="store_true", help="skip building the search index")

    # --- plumbing ------------------------------------------------------------------------------

    def say(self, text):
        self.stdout.write(f"[{time.monotonic() - self.t0:7.1f}s] {text}")
        self.stdout.flush()

    def bulk(self, model, rows, *, label=None, total=None):
        """bulk_create ``rows`` (any iterable) in batches, one transaction per batch."""
        done, batch = 0, []
        step = max(BATCH, (total or 0) // 10)
        next_report = step
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                with transaction.atomic():
                    model.objects.bulk_create(batch, batch_size=BATCH)
                done += len(batch)
                batch = []
                if label and done >= next_report:
                    self.say(f"  {label}: {done:,}" + (f" / {total:,}" if total else ""))
                    next_report += step
        if batch:
            with transaction.atomic():
                model.objects.bulk_create(batch, batch_size=BATCH)
            done += len(batch)
        if label:
            self.say(f"  {label}: {done:,} done")
        return done

    def next_id(self, model) -> int:
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        return (last or 0) + 1

    def sql(self, statement, params=()):
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(statement, params)
            return cur.rowcount

    # --- the command ---------------------------------------------------------------------------

    def handle(self, *args, seed, scale, no_search, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive")
        User = get_user_model()
        if User.objects.filter(email=f"member00000@{EMAIL_DOMAIN}").exists():
            raise CommandError("This database already holds scale data; seed a fresh database.")
        self.t0 = time.monotonic()
        self.g = Gen(seed)
        self.now = timezone.now().replace(minute=0, second=0, microsecond=0)
        self.sizes = {
            "members": max(60, round(10_000 * scale)),
            "questions": max(40, round(50_000 * scale)),
            "answers": max(400, round(400_000 * scale)),
            "comments": round(100_000 * scale),
            "votes": round(1_000_000 * scale),
            "articles": max(20, round(5_000 * scale)) // 2 * 2,
            "events": round(1_000_000 * scale),
        }
        self.say(f"seed_scale --seed {seed} --scale {scale} on {connection.vendor}: {self.sizes}")
        self.members()
        self.topics()
        self.questions()
        self.answers()
        self.comments()
        self.votes()
        self.articles()
        self.events()
        self.fix_counters()
        self.reset_sequences()
        if not no_search:
            self.search_index()
        self.analyze()
        self.say("done")

    def analyze(self) -> None:
        """Planner statistics for the new rows: without them (PostgreSQL with autovacuum
        off, or before it runs; SQLite never gathers them by itself) plans are guesses."""
        self.say("statistics: ANALYZE")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # --- members ---------------------------------------------------------------------------------

    def members(self):
        from allauth.account.models import EmailAddress

        from community.models import MemberStats  # noqa: F401 (rows made in fix_counters)

        User = get_user_model()
        n = self.sizes["members"]
        first = self.next_id(User)
        self.member_ids = list(range(first, first + n))
        password = make_password(PASSWORD)
        rng = self.g.rng
        start = self.now - dt.timedelta(days=DAYS_OF_CONTENT + 200)

        def users():
            for i, pk in enumerate(self.member_ids):
                yield User(
                    id=pk,
                    email=f"member{i:05d}@{EMAIL_DOMAIN}",
                    display_name=f"{rng.choice(FIRST_NAMES)} {i}",
                    password=password,
                    language=rng.choice(["", "en", "nl", "nl"]),
                    trust_level=min(4, int(rng.expovariate(1.2))),
                    date_joined=start + dt.timedelta(minutes=i * 30),
                    is_active=True,
                )

        self.bulk(User, users(), label="members", total=n)
        self.bulk(
            EmailAddress,
            (
                EmailAddress(user_id=pk, email=f"member{i:05d}@{EMAIL_DOMAIN}", verified=True, primary=True)
                for i, pk in enumerate(self.member_ids)
            ),
        )
        # The most active members, in order: the Zipf curve below picks them most.
        self.active = self.member_ids[:]
        rng.shuffle(self.active)
        self.active_cw = zipf_cum_weights(len(self.active))
        # A few agents among the active members answer officially.
        n_agents = max(2, n // 500)
        self.agents = set(self.active[3 : 3 + n_agents])
        agent_group = Group.objects.get(name="Agent")
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=pk, group_id=agent_group.pk) for pk in sorted(self.agents)]
        )

    def pick_member(self):
        r = self.g.rng.random() * self.active_cw[-1]
        return self.active[bisect.bisect_left(self.active_cw, r)]

    # --- topics, questions, answers ----------------------------------------------------------------

    def topics(self):
        from community.models import Topic

        taken = set(Topic.objects.values_list("slug", flat=True))
        first_pos = (Topic.objects.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        first = self.next_id(Topic)
        rows = []
        for i, (en, nl) in enumerate(TOPICS):
            slug = slugify(en)
            if slug in taken:
                slug = f"{slug}-{i + 1}"
            rows.append(Topic(id=first + i, name=en, name_nl=nl, slug=slug, description=en, position=first_pos + i))
        Topic.objects.bulk_create(rows)
        self.topic_ids = [t.id for t in rows]
        self.say(f"  topics: {len(rows)}")

    def answer_counts(self) -> list[int]:
        """Answers per question: mostly 0-10, a few 500+, one exactly 500 and one exactly 30."""
        rng, nq, total = self.g.rng, self.sizes["questions"], self.sizes["answers"]
        big = min(500, total // 3)
        fixed = [big, min(30, total // 10)]
        huge = [rng.randint(500, 1500) for _ in range(max(0, round(nq / 2500)))]
        huge = [h for h in huge if sum(huge) < total * 0.15] if huge else []
        rest_total = max(0, total - sum(fixed) - sum(huge))
        n_rest = nq - len(fixed) - len(huge)
        mean = rest_total / max(1, n_rest)
        rest = [min(80, int(rng.expovariate(1 / mean))) for _ in range(n_rest)]
        # Nudge the long tail until the total is exact (never touching 0-answer questions' share much).
        diff = rest_total - sum(rest)
        while diff:
            i = rng.randrange(n_rest)
            if diff > 0 and rest[i] < 80:
                rest[i] += 1
                diff -= 1
            elif diff < 0 and rest[i] > 0:
                rest[i] -= 1
                diff += 1
        counts = fixed + huge + rest
        # The bench's two pages keep their places (first two questions); shuffle the others.
        tail = counts[2:]
        rng.shuffle(tail)
        return counts[:2] + tail

    def questions(self):
        from community.models import CommunityTag, Follow, Question, TaggedQuestion

        rng, nq = self.g.rng, self.sizes["questions"]
        first = self.next_id(Question)
        self.question_ids = list(range(first, first + nq))
        # Content grows over the year: later days get more questions.
        span = DAYS_OF_CONTENT * 24 * 3600
        offsets = sorted(span * (rng.random() ** 0.7) for _ in range(nq))
        start = self.now - dt.timedelta(seconds=span)
        self.q_created = [start + dt.timedelta(seconds=o) for o in offsets]
        # The bench's pages are recent (indexes 0 and 1 are the 500- and 30-answer ones).
        for i in (0, 1):
            self.q_created[i] = self.now - dt.timedelta(days=3 + i)
        self.q_author = [self.pick_member() for _ in range(nq)]
        self.q_lang = ["nl" if rng.random() < 0.35 else "en" for _ in range(nq)]
        self.q_topic = [rng.choice(self.topic_ids) for _ in range(nq)]
        self.counts = self.answer_counts()

        def rows():
            for i, pk in enumerate(self.question_ids):
                lang = self.q_lang[i]
                paras = self.g.paragraphs(lang)
                yield Question(
                    id=pk,
                    topic_id=self.q_topic[i],
                    author_id=self.q_author[i],
                    title=self.g.title(lang)[:200],
                    body="\n\n".join(paras),
                    body_html=plain_html(paras),
                    language=lang,
                    is_pinned=i < len(self.topic_ids) * 2 and rng.random() < 0.1,
                    created_at=self.q_created[i],
                    last_activity_at=self.q_created[i],
                )

        self.bulk(Question, rows(), label="questions", total=nq)

        tag_names = TAGS
        existing = {t.name: t.pk for t in CommunityTag.objects.filter(name__in=tag_names)}
        CommunityTag.objects.bulk_create(
            [CommunityTag(name=name, slug=slugify(name)) for name in tag_names if name not in existing],
            ignore_conflicts=True,
        )
        tag_ids = list(CommunityTag.objects.filter(name__in=tag_names).values_list("pk", flat=True))
        tag_cw = zipf_cum_weights(len(tag_ids), 0.9)

        def tagged():
            for pk in self.question_ids:
                chosen = {
                    tag_ids[bisect.bisect_left(tag_cw, rng.random() * tag_cw[-1])] for _ in range(rng.randint(0, 3))
                }
                for tag_id in chosen:
                    yield TaggedQuestion(content_object_id=pk, tag_id=tag_id)

        self.bulk(TaggedQuestion, tagged(), label="question tags")
        self.bulk(
            Follow,
            (
                Follow(member_id=self.q_author[i], question_id=pk, created_at=self.q_created[i])
                for i, pk in enumerate(self.question_ids)
            ),
            label="follows",
        )

    def answers(self):
        from community.models import Answer, ReputationEvent
        from community.recognition import POINTS

        rng = self.g.rng
        first = self.next_id(Answer)
        total = sum(self.counts)
        self.answer_ids = list(range(first, first + total))
        self.a_question = []  # index into question_ids, per answer
        self.a_created = []
        self.a_author = []
        self.a_official = []
        self.accepted = {}  # question index -> answer index
        reputation = []

        def rows():
            pk = first
            for qi, count in enumerate(self.counts):
                q_created = self.q_created[qi]
                room = max(60.0, (self.now - q_created).total_seconds() - 60)
                gaps = sorted(min(room, rng.expovariate(1 / (3600 * 20)) * (1 + k * 0.3)) for k in range(count))
                accept_at = rng.randrange(min(count, 5)) if count and rng.random() < 0.4 else None
                for k in range(count):
                    author = self.pick_member()
                    official = author in self.agents
                    lang = self.q_lang[qi]
                    paras = self.g.paragraphs(lang, 1, 2)
                    created = q_created + dt.timedelta(seconds=gaps[k])
                    accepted = accept_at == k
                    ai = pk - first
                    self.a_question.append(qi)
                    self.a_created.append(created)
                    self.a_author.append(author)
                    self.a_official.append(official)
                    if accepted:
                        self.accepted[qi] = ai
                        if author != self.q_author[qi]:
                            reputation.append(
                                ReputationEvent(
                                    member_id=author,
                                    reason="answer_accepted",
                                    points=POINTS["answer_accepted"],
                                    key=f"accepted:{self.question_ids[qi]}",
                                    question_id=self.question_ids[qi],
                                    created_at=created,
                                )
                            )
                    yield Answer(
                        id=pk,
                        question_id=self.question_ids[qi],
                        author_id=author,
                        body="\n\n".join(paras),
                        body_html=plain_html(paras),
                        is_accepted=accepted,
                        is_official=official,
                        created_at=created,
                    )
                    pk += 1

        self.bulk(Answer, rows(), label="answers", total=total)
        self.bulk(ReputationEvent, reputation, label="reputation events")

    def comments(self):
        from community.models import Comment

        rng, n = self.g.rng, self.sizes["comments"]
        n_answers = len(self.answer_ids)

        def rows():
            for _ in range(n):
                lang_pool = SENTENCES_EN
                if n_answers and rng.random() < 0.7:
                    ai = rng.randrange(n_answers)
                    qi = self.a_question[ai]
                    answer_id, created = self.answer_ids[ai], self.a_created[ai]
                else:
                    qi = rng.randrange(len(self.question_ids))
                    answer_id, created = None, self.q_created[qi]
                if self.q_lang[qi] == "nl":
                    lang_pool = SENTENCES_NL
                text = self.g.fill(rng.choice(lang_pool))
                yield Comment(
                    question_id=self.question_ids[qi],
                    answer_id=answer_id,
                    author_id=self.pick_member(),
                    body=text,
                    body_html=plain_html([text]),
                    created_at=min(self.now, created + dt.timedelta(hours=rng.uniform(0.1, 48))),
                )

        self.bulk(Comment, rows(), label="comments", total=n)

    def votes(self):
        """One per member and target; answers in busy threads and early answers get more."""
        from community.models import Vote

        rng, n = self.g.rng, self.sizes["votes"]
        n_answers, n_questions = len(self.answer_ids), len(self.question_ids)
        members = self.member_ids
        seen = set()
        self.vote_events = []  # (created, voter, kind, target index, value) for the last 90 days
        since = self.now - dt.timedelta(days=DAYS_OF_EVENTS)

        def rows():
            made = tries = 0
            while made < n and tries < n * 3:
                tries += 1
                voter = members[rng.randrange(len(members))]
                if rng.random() < 0.8 and n_answers:
                    ai = int(n_answers * rng.random() ** 1.3)  # skew towards older threads' answers
                    key = ("a", ai, voter)
                    created = self.a_created[ai]
                    target = {"answer_id": self.answer_ids[ai]}
                    kind, idx = "a", ai
                else:
                    qi = rng.randrange(n_questions)
                    key = ("q", qi, voter)
                    created = self.q_created[qi]
                    target = {"question_id": self.question_ids[qi]}
                    kind, idx = "q", qi
                if key in seen:
                    continue
                seen.add(key)
                value = 1 if rng.random() < 0.88 else -1
                created = min(self.now, created + dt.timedelta(hours=rng.expovariate(1 / 30)))
                if created >= since:
                    self.vote_events.append((created, voter, kind, idx, value))
                made += 1
                yield Vote(member_id=voter, value=value, created_at=created, **target)

        self.bulk(Vote, rows(), label="votes", total=n)

    # --- knowledge base --------------------------------------------------------------------------

    def articles(self):
        from core.markdown import render_markdown
        from knowledge_base.models import (
            Article,
            ArticleLabel,
            ArticleRevision,
            ArticleVote,
            Category,
            Section,
            TaggedArticle,
        )

        rng, n = self.g.rng, self.sizes["articles"]
        taken = set(Category.objects.values_list("slug", flat=True)) | set(
            Section.objects.values_list("slug", flat=True)
        )

        def slug_for(name):
            slug = base = slugify(name)
            i = 2
            while slug in taken:
                slug, i = f"{base}-{i}", i + 1
            taken.add(slug)
            return slug

        categories, sections = [], []
        first_cat, first_sec = self.next_id(Category), self.next_id(Section)
        for ci, (en, nl) in enumerate(CATEGORIES):
            categories.append(Category(id=first_cat + ci, name=en, name_nl=nl, slug=slug_for(en), position=100 + ci))
            for si, (sen, snl) in enumerate(SECTION_WORDS):
                sections.append(
                    Section(
                        id=first_sec + len(sections),
                        category_id=first_cat + ci,
                        name=f"{en}: {sen}",
                        name_nl=f"{nl}: {snl}",
                        slug=slug_for(f"{en} {sen}"),
                        position=si,
                    )
                )
        Category.objects.bulk_create(categories)
        Section.objects.bulk_create(sections)
        labels = ["battery", "app", "brakes", "winter", "warranty", "firmware", "safety", "cargo", "range", "lights"]
        ArticleLabel.objects.bulk_create(
            [ArticleLabel(name=name, slug=f"{name}-kb") for name in labels], ignore_conflicts=True
        )
        label_ids = list(ArticleLabel.objects.filter(name__in=labels).values_list("pk", flat=True))

        first = self.next_id(Article)
        half = n // 2
        self.article_ids = list(range(first, first + n))
        self.public_article_ids = []
        rows, revisions, tagged = [], [], []
        rendered_cache = {}
        for i in range(n):
            source = i < half
            lang = "en" if source else "nl"
            src_i = i if source else i - half
            section = sections[src_i % len(sections)]
            title = self.g.title(lang).split(": ", 1)[1].capitalize()
            title = f"{'How to fix' if lang == 'en' else 'Oplossen'}: {title} ({src_i + 1})"
            parts = []
            for h in range(rng.randint(2, 4)):
                heading = rng.choice(PARTS_NL if lang == "nl" else PARTS_EN).capitalize()
                parts.append(f"## {heading} {h + 1}\n\n" + "\n\n".join(self.g.paragraphs(lang, 1, 2)))
            body = "\n\n".join(parts)
            rendered = rendered_cache.get(body) or render_markdown(body)
            status = "published" if rng.random() < 0.95 else "draft"
            visibility = rng.choices(["everyone", "members", "agents"], weights=[85, 10, 5])[0]
            created = self.now - dt.timedelta(days=rng.uniform(30, 700))
            pk = first + i
            if status == "published" and visibility == "everyone":
                self.public_article_ids.append(pk)
            rows.append(
                Article(
                    id=pk,
                    section_id=section.id,
                    title=title[:200],
                    slug=slugify(title)[:200],
                    body=body,
                    body_html=rendered.html,
                    headings=[{"level": h.level, "text": h.text, "anchor": h.anchor} for h in rendered.headings],
                    language=lang,
                    translation_of_id=None if source else first + src_i,
                    status=status,
                    visibility=visibility,
                    promoted=src_i < 6,
                    position=src_i,
                    created_at=created,
                    updated_at=created,
                    content_updated_at=created,
                    source_synced_at=None if source else created,
                    published_at=created if status == "published" else None,
                )
            )
            revisions.append(
                ArticleRevision(
                    article_id=pk,
                    number=1,
                    created_at=created,
                    title=title[:200],
                    body=body,
                    status=status,
                    visibility=visibility,
                    note="scale data",
                )
            )
            for label_id in rng.sample(label_ids, rng.randint(0, 2)):
                tagged.append(TaggedArticle(content_object_id=pk, tag_id=label_id))
        self.bulk(Article, rows, label="articles", total=n)
        self.bulk(ArticleRevision, revisions)
        self.bulk(TaggedArticle, tagged)

        def votes():
            seen = set()
            for _ in range(n * 4):
                article_id = rng.choice(self.article_ids)
                user_id = self.member_ids[rng.randrange(len(self.member_ids))]
                if (article_id, user_id) in seen:
                    continue
                seen.add((article_id, user_id))
                helpful = rng.random() < 0.75
                note = "" if helpful else rng.choice(["", "Missing the XL model.", "Screenshots are outdated."])
                yield ArticleVote(article_id=article_id, user_id=user_id, helpful=helpful, note=note)

        self.bulk(ArticleVote, votes(), label="article votes")

    # --- analytics ---------------------------------------------------------------------------------

    def events(self):
        """Content events for what happened in the last 90 days, the rest page views, searches and Get help."""
        from analytics import events as E
        from analytics.models import Event
        from community.models import Answer, Question
        from knowledge_base.models import Article

        rng, n = self.g.rng, self.sizes["events"]
        since = self.now - dt.timedelta(days=DAYS_OF_EVENTS)
        ct_q = ContentType.objects.get_for_model(Question)
        ct_a = ContentType.objects.get_for_model(Answer)
        ct_art = ContentType.objects.get_for_model(Article)
        made = 0
        span = (self.now - since).total_seconds()

        def when():
            return since + dt.timedelta(seconds=span * (rng.random() ** 0.8))

        def content():
            for qi, created in enumerate(self.q_created):
                if created >= since:
                    yield Event(
                        name=E.QUESTION_ASKED,
                        created_at=created,
                        user_id=self.q_author[qi],
                        content_type=ct_q,
                        object_id=self.question_ids[qi],
                        props={},
                    )
            for ai, created in enumerate(self.a_created):
                if created >= since:
                    qi = self.a_question[ai]
                    yield Event(
                        name=E.ANSWER_POSTED,
                        created_at=created,
                        user_id=self.a_author[ai],
                        content_type=ct_a,
                        object_id=self.answer_ids[ai],
                        props={"question": self.question_ids[qi], "official": self.a_official[ai]},
                    )
            for qi, ai in self.accepted.items():
                created = self.a_created[ai] + dt.timedelta(hours=5)
                if since <= created <= self.now:
                    yield Event(
                        name=E.ANSWER_ACCEPTED,
                        created_at=created,
                        user_id=self.q_author[qi],
                        content_type=ct_a,
                        object_id=self.answer_ids[ai],
                        props={"question": self.question_ids[qi]},
                    )
            # Votes would crowd out the page views; a quarter of the events at most.
            keep = min(1.0, 0.25 * n / max(1, len(self.vote_events)))
            for created, voter, kind, idx, value in self.vote_events:
                if rng.random() >= keep:
                    continue
                if kind == "a":
                    yield Event(
                        name=E.VOTE_CAST,
                        created_at=created,
                        user_id=voter,
                        content_type=ct_a,
                        object_id=self.answer_ids[idx],
                        props={"value": value},
                    )
                else:
                    yield Event(
                        name=E.VOTE_CAST,
                        created_at=created,
                        user_id=voter,
                        content_type=ct_q,
                        object_id=self.question_ids[idx],
                        props={"value": value},
                    )

        def capped(rows):
            nonlocal made
            for row in rows:
                if made >= n:
                    return
                made += 1
                yield row

        with events_keep_created_at():
            self.bulk(Event, capped(content()), label="content events")
            remaining = n - made
            n_questions = len(self.question_ids)
            articles = self.public_article_ids or self.article_ids

            def visitor():
                return f"v{rng.randrange(max(1, remaining // 8)):07d}"

            def member_or_visitor():
                if rng.random() < 0.25:
                    return self.pick_member(), ""
                return None, visitor()

            def filler():
                session = 0
                while True:
                    r = rng.random()
                    at = when()
                    user, vid = member_or_visitor()
                    if r < 0.42:
                        qi = int(n_questions * rng.random() ** 0.5)
                        yield Event(
                            name=E.QUESTION_VIEWED,
                            created_at=at,
                            user_id=user,
                            visitor_id=vid,
                            content_type=ct_q,
                            object_id=self.question_ids[qi],
                            props={},
                        )
                    elif r < 0.72:
                        yield Event(
                            name=E.ARTICLE_VIEWED,
                            created_at=at,
                            user_id=user,
                            visitor_id=vid,
                            content_type=ct_art,
                            object_id=rng.choice(articles),
                            props={"language": "en"},
                        )
                    elif r < 0.84:
                        gap = rng.random() < 0.12
                        query = rng.choice(GAP_QUERIES if gap else FOUND_QUERIES)
                        yield Event(
                            name=E.SEARCH_PERFORMED,
                            created_at=at,
                            user_id=user,
                            visitor_id=vid,
                            props={"query": query, "results": 0 if gap else rng.randint(1, 40), "page": 1},
                        )
                    elif r < 0.92:
                        yield Event(
                            name="search.suggested",
                            created_at=at,
                            user_id=user,
                            visitor_id=vid,
                            props={"query": rng.choice(FOUND_QUERIES), "results": 5},
                        )
                    elif r < 0.995:
                        # A Get help session: started, suggestions shown, maybe opened, deflected or a ticket.
                        session += 1
                        sid = f"s{session:08d}"
                        yield Event(
                            name=E.HELP_SESSION_STARTED,
                            created_at=at,
                            user_id=user,
                            visitor_id=vid,
                            props={"session": sid},
                        )
                        yield Event(
                            name=E.HELP_SUGGESTIONS_SHOWN,
                            created_at=at + dt.timedelta(seconds=20),
                            user_id=user,
                            visitor_id=vid,
                            props={"session": sid, "query": rng.choice(FOUND_QUERIES), "results": 5},
                        )
                        if rng.random() < 0.6:
                            yield Event(
                                name=E.HELP_SUGGESTION_OPENED,
                                created_at=at + dt.timedelta(seconds=60),
                                user_id=user,
                                visitor_id=vid,
                                props={"session": sid, "kind": "article", "id": rng.choice(articles)},
                            )
                            if rng.random() < 0.3:
                                yield Event(
                                    name=E.HELP_DEFLECTED,
                                    created_at=at + dt.timedelta(seconds=200),
                                    user_id=user,
                                    visitor_id=vid,
                                    props={"session": sid, "kind": "article", "id": rng.choice(articles)},
                                )
                        elif rng.random() < 0.3:
                            yield Event(
                                name=E.TICKET_CREATED,
                                created_at=at + dt.timedelta(seconds=400),
                                user_id=user,
                                visitor_id=vid,
                                props={"session": sid, "source": "form"},
                            )
                    else:
                        yield Event(name=E.SIGNED_UP, created_at=at, user_id=self.pick_member(), props={})

            self.bulk(Event, capped(filler()), label="page-view, search and Get help events", total=remaining)

    # --- counters --------------------------------------------------------------------------------

    def fix_counters(self):
        """Set every denormalised counter from the rows, in a few set-based statements."""
        from analytics.models import Event
        from community.models import Answer, Comment, MemberStats, Question, ReputationEvent, Topic, Vote
        from knowledge_base.models import Article, ArticleVote

        T = {
            m: m._meta.db_table
            for m in (Answer, Comment, MemberStats, Question, ReputationEvent, Topic, Vote, Article, ArticleVote, Event)
        }
        q_lo, q_hi = self.question_ids[0], self.question_ids[-1]
        a_lo, a_hi = (self.answer_ids[0], self.answer_ids[-1]) if self.answer_ids else (0, -1)
        published = "state = 'published' AND is_deleted = %s"
        f = False

        self.say("counters: answer scores")
        self.sql(
            f"UPDATE {T[Answer]} SET score = COALESCE((SELECT SUM(v.value) FROM {T[Vote]} v "
            f"WHERE v.answer_id = {T[Answer]}.id), 0) WHERE id BETWEEN %s AND %s",
            [a_lo, a_hi],
        )
        self.say("counters: question scores, answer counts, status, activity")
        self.sql(
            f"UPDATE {T[Question]} SET "
            f"score = COALESCE((SELECT SUM(v.value) FROM {T[Vote]} v WHERE v.question_id = {T[Question]}.id), 0), "
            f"answer_count = (SELECT COUNT(*) FROM {T[Answer]} a WHERE a.question_id = {T[Question]}.id "
            f"  AND a.state = 'published' AND a.is_deleted = %s), "
            f"has_official_answer = EXISTS (SELECT 1 FROM {T[Answer]} a WHERE a.question_id = {T[Question]}.id "
            f"  AND a.is_official = %s AND a.state = 'published' AND a.is_deleted = %s), "
            f"accepted_answer_id = (SELECT a.id FROM {T[Answer]} a WHERE a.question_id = {T[Question]}.id "
            f"  AND a.is_accepted = %s), "
            f"last_activity_at = COALESCE((SELECT MAX(a.created_at) FROM {T[Answer]} a "
            f"  WHERE a.question_id = {T[Question]}.id), created_at) "
            f"WHERE id BETWEEN %s AND %s",
            [f, True, f, True, q_lo, q_hi],
        )
        self.sql(
            f"UPDATE {T[Question]} SET status = CASE WHEN accepted_answer_id IS NOT NULL THEN 'solved' "
            f"WHEN answer_count > 0 THEN 'answered' ELSE 'open' END WHERE id BETWEEN %s AND %s",
            [q_lo, q_hi],
        )
        self.say("counters: topics and member stats")
        self.sql(
            f"UPDATE {T[Topic]} SET question_count = (SELECT COUNT(*) FROM {T[Question]} q "
            f"WHERE q.topic_id = {T[Topic]}.id AND q.{published})",
            [f],
        )
        user_table = get_user_model()._meta.db_table
        self.sql(
            f"INSERT INTO {T[MemberStats]} (member_id, reputation, question_count, answer_count, accepted_count) "
            f"SELECT id, 0, 0, 0, 0 FROM {user_table} u WHERE u.id BETWEEN %s AND %s "
            f"AND NOT EXISTS (SELECT 1 FROM {T[MemberStats]} s WHERE s.member_id = u.id)",
            [self.member_ids[0], self.member_ids[-1]],
        )
        ms = T[MemberStats]
        self.sql(
            f"UPDATE {ms} SET "
            f"reputation = COALESCE((SELECT SUM(r.points) FROM {T[ReputationEvent]} r "
            f"  WHERE r.member_id = {ms}.member_id), 0), "
            f"question_count = (SELECT COUNT(*) FROM {T[Question]} q "
            f"  WHERE q.author_id = {ms}.member_id AND q.{published}), "
            f"answer_count = (SELECT COUNT(*) FROM {T[Answer]} a "
            f"  WHERE a.author_id = {ms}.member_id AND a.{published}), "
            f"accepted_count = (SELECT COUNT(*) FROM {T[Answer]} a "
            f"  WHERE a.author_id = {ms}.member_id AND a.{published} "
            f"  AND a.is_accepted = %s) "
            f"WHERE member_id BETWEEN %s AND %s",
            [f, f, f, True, self.member_ids[0], self.member_ids[-1]],
        )
        self.say("counters: articles (helpful votes, views)")
        ct_art = ContentType.objects.get_for_model(Article).pk
        art = T[Article]
        self.sql(
            f"UPDATE {art} SET "
            f"helpful_yes = (SELECT COUNT(*) FROM {T[ArticleVote]} v "
            f"  WHERE v.article_id = {art}.id AND v.helpful = %s), "
            f"helpful_no = (SELECT COUNT(*) FROM {T[ArticleVote]} v "
            f"  WHERE v.article_id = {art}.id AND v.helpful = %s), "
            f"view_count = (SELECT COUNT(*) FROM {T[Event]} e WHERE e.content_type_id = %s AND e.object_id = {art}.id "
            f"  AND e.name = 'kb.article_viewed') "
            f"WHERE id BETWEEN %s AND %s",
            [True, False, ct_art, self.article_ids[0], self.article_ids[-1]],
        )

    def reset_sequences(self):
        """Rows went in with explicit ids; PostgreSQL's sequences must move past them."""
        from community.models import Answer, Question, Topic
        from knowledge_base.models import Article, Category, Section

        statements = connection.ops.sequence_reset_sql(
            no_style(), [get_user_model(), Topic, Question, Answer, Article, Category, Section]
        )
        if statements:
            with connection.cursor() as cur:
                for statement in statements:
                    cur.execute(statement)

    def search_index(self):
        from search.index import rebuild

        self.say("search index: rebuilding (articles and questions)")

        class Out:
            def write(inner, text):  # noqa: N805
                self.say(f"  search: {text}")

        count = rebuild(out=Out())
        self.say(f"search index: {count:,} documents")

# ruff: noqa: E501  (demo prose: long lines read better than split sentences)
"""The Velora help centre: categories, sections and articles in English and Dutch.

Idempotent: categories and sections are found by slug, articles by section and
title, so a second run creates nothing.
"""

from accounts.models import User
from knowledge_base import services
from knowledge_base.models import Article, Category, Section

CATEGORIES = [
    # slug, name, name_nl, description, description_nl
    (
        "getting-started",
        "Getting started",
        "Aan de slag",
        "Delivery, first ride and setting up your Velora.",
        "Levering, je eerste rit en je Velora instellen.",
    ),
    (
        "battery-motor",
        "Battery and motor",
        "Accu en motor",
        "Charging, range, the motor and the display.",
        "Opladen, actieradius, de motor en het display.",
    ),
    (
        "app-connectivity",
        "Velora app",
        "Velora-app",
        "Pairing, GPS tracking and firmware updates.",
        "Koppelen, gps-tracking en firmware-updates.",
    ),
    (
        "service-warranty",
        "Service and warranty",
        "Service en garantie",
        "Maintenance, repairs, warranty and returns.",
        "Onderhoud, reparaties, garantie en retouren.",
    ),
]

SECTIONS = [
    # category slug, slug, name, name_nl
    ("getting-started", "delivery", "Delivery and assembly", "Levering en montage"),
    ("getting-started", "first-ride", "Your first ride", "Je eerste rit"),
    ("battery-motor", "charging", "Charging and range", "Opladen en actieradius"),
    ("battery-motor", "motor-display", "Motor and display", "Motor en display"),
    ("app-connectivity", "pairing", "Pairing and account", "Koppelen en account"),
    ("app-connectivity", "firmware", "Firmware and GPS", "Firmware en gps"),
    ("service-warranty", "maintenance", "Maintenance", "Onderhoud"),
    ("service-warranty", "warranty", "Warranty and returns", "Garantie en retour"),
    ("service-warranty", "internal-procedures", "Agent procedures", "Procedures voor agents"),
]


def md(intro, *parts):
    """Body from an intro and (heading, text) pairs."""
    return intro + "\n\n" + "\n\n".join(f"## {h}\n\n{t}" for h, t in parts) + "\n"


# key, section, language, title, labels, body, options (translation_of key, visibility, status, promoted)
ARTICLES = [
    (
        "delivery-what",
        "delivery",
        "en",
        "What happens on delivery day",
        ["delivery", "assembly"],
        md(
            "Your Velora arrives 95% assembled in a recyclable box. A courier from our partner brings it to your door.",
            (
                "Before the courier arrives",
                "Make sure someone is home. You receive a two-hour time window by email the evening before.",
            ),
            (
                "Unpacking",
                "Cut the straps, lift the bike out by the frame (not the handlebar) and keep the box until you "
                "have checked everything.\n\n1. Turn the handlebar straight.\n2. Tighten the stem bolts to 6 Nm.\n3. Fit the pedals: "
                "the left pedal has a left-hand thread.",
            ),
            (
                "Damage in transport",
                "Take photos of any damage and report it within 48 hours from the Velora app or the "
                "*Get help* page. We send a replacement part free of charge.",
            ),
        ),
        {"promoted": True},
    ),
    (
        "delivery-what-nl",
        "delivery",
        "nl",
        "Wat er gebeurt op de dag van levering",
        ["levering", "montage"],
        md(
            "Je Velora komt voor 95% gemonteerd aan in een recyclebare doos. Een koerier van onze partner bezorgt hem aan de deur.",
            (
                "Voordat de koerier komt",
                "Zorg dat er iemand thuis is. Je krijgt de avond ervoor een tijdvak van twee uur per e-mail.",
            ),
            (
                "Uitpakken",
                "Knip de banden door, til de fiets aan het frame uit de doos (niet aan het stuur) en bewaar de doos "
                "tot je alles hebt gecontroleerd.\n\n1. Draai het stuur recht.\n2. Zet de bouten van de stuurpen vast met 6 Nm.\n"
                "3. Monteer de pedalen: het linkerpedaal heeft linkse schroefdraad.",
            ),
            (
                "Schade tijdens transport",
                "Maak foto's van de schade en meld het binnen 48 uur via de Velora-app of de pagina "
                "*Hulp vragen*. We sturen kosteloos een vervangend onderdeel.",
            ),
        ),
        {"translation_of": "delivery-what", "promoted": True},
    ),
    (
        "delivery-time",
        "delivery",
        "en",
        "How long does delivery take?",
        ["delivery"],
        md(
            "Bikes in stock ship within three working days in the Netherlands and Belgium, and within five to Germany.",
            (
                "Made to order",
                "Frames in a custom colour take four to six weeks. The order page shows the expected week.",
            ),
            ("Track your order", "Open *My orders* in the app to follow the courier on the day itself."),
        ),
        {},
    ),
    (
        "delivery-time-nl",
        "delivery",
        "nl",
        "Hoe lang duurt de levering?",
        ["levering"],
        md(
            "Fietsen op voorraad versturen we binnen drie werkdagen in Nederland en België, en binnen vijf naar Duitsland.",
            (
                "Op bestelling",
                "Frames in een eigen kleur duren vier tot zes weken. Op de bestelpagina zie je de verwachte week.",
            ),
            ("Je bestelling volgen", "Open *Mijn bestellingen* in de app om de koerier op de dag zelf te volgen."),
        ),
        {"translation_of": "delivery-time"},
    ),
    (
        "first-ride",
        "first-ride",
        "en",
        "Your first ride: a five-minute checklist",
        ["first ride", "safety"],
        md(
            "Before your first ride, check these five things. It takes five minutes and prevents most early problems.",
            ("Tyre pressure", "Pump the tyres to 3.5 to 4.5 bar. The range is printed on the side of the tyre."),
            ("Brakes", "Squeeze both levers firmly. They should stop well before they touch the handlebar."),
            ("Saddle height", "With your heel on the pedal at its lowest point, your leg should be straight."),
            ("Battery", "Charge the battery fully before the first ride; this calibrates the charge indicator."),
        ),
        {"promoted": True},
    ),
    (
        "first-ride-nl",
        "first-ride",
        "nl",
        "Je eerste rit: een checklist van vijf minuten",
        ["eerste rit", "veiligheid"],
        md(
            "Controleer voor je eerste rit deze vijf dingen. Het kost vijf minuten en voorkomt de meeste beginproblemen.",
            ("Bandenspanning", "Pomp de banden op tot 3,5 à 4,5 bar. Het bereik staat op de zijkant van de band."),
            ("Remmen", "Knijp beide remhendels stevig in. Ze moeten ruim voor het stuur stoppen."),
            ("Zadelhoogte", "Met je hak op het pedaal in de laagste stand hoort je been gestrekt te zijn."),
            ("Accu", "Laad de accu voor de eerste rit volledig op; zo wordt de laadindicator gekalibreerd."),
        ),
        {"translation_of": "first-ride", "promoted": True},
    ),
    (
        "assist-modes",
        "first-ride",
        "en",
        "Choosing an assistance mode",
        ["motor", "range"],
        md(
            "Your Velora has four assistance modes: Eco, Tour, Sport and Boost.",
            (
                "Which mode when",
                "Use **Eco** in town and on flat roads, **Tour** for daily commuting, **Sport** for hills "
                "and headwind, **Boost** for short steep climbs.",
            ),
            ("Effect on range", "Eco gives up to twice the range of Sport. See *How far can I ride on one charge?*"),
        ),
        {},
    ),
    (
        "fiets-afstellen",
        "first-ride",
        "nl",
        "Je fiets afstellen: stuur en zadel",
        ["afstellen", "zadel"],
        md(
            "Een goed afgestelde fiets rijdt comfortabeler en voorkomt rug- en polsklachten.",
            (
                "Zadel",
                "Zet het zadel waterpas en schuif het zo dat je knie boven de pedaalas staat als de crank horizontaal staat.",
            ),
            (
                "Stuur",
                "Draai de stuurpen los (5 mm inbus), zet het stuur op de gewenste hoogte en zet de bouten vast met 6 Nm.",
            ),
        ),
        {},
    ),
    (
        "charge-battery",
        "charging",
        "en",
        "How to charge your battery",
        ["battery", "charging"],
        md(
            "You can charge the battery on the bike or take it out and charge it indoors.",
            (
                "Charging on the bike",
                "Open the rubber cover on the down tube and plug in the charger. The display shows the charge level.",
            ),
            (
                "Charging indoors",
                "Unlock the battery with your key, pull it out sideways and plug the charger into the socket "
                "on top. Charge at room temperature (10 to 30 °C).",
            ),
            ("How long it takes", "An empty 625 Wh battery is full in about 4.5 hours; 80% takes 2.5 hours."),
            ("Lights on the charger", "Red: charging. Green: full. Blinking red: see *Battery does not charge*."),
        ),
        {"promoted": True},
    ),
    (
        "charge-battery-nl",
        "charging",
        "nl",
        "Zo laad je de accu op",
        ["accu", "opladen"],
        md(
            "Je kunt de accu op de fiets opladen of hem uitnemen en binnen opladen.",
            (
                "Opladen op de fiets",
                "Open het rubberen klepje op de onderbuis en steek de lader erin. Het display toont het laadniveau.",
            ),
            (
                "Binnen opladen",
                "Ontgrendel de accu met je sleutel, trek hem zijwaarts uit en steek de lader in de aansluiting "
                "bovenop. Laad op bij kamertemperatuur (10 tot 30 °C).",
            ),
            ("Hoe lang het duurt", "Een lege accu van 625 Wh is in ongeveer 4,5 uur vol; 80% duurt 2,5 uur."),
            ("Lampjes op de lader", "Rood: bezig met laden. Groen: vol. Knipperend rood: zie *Accu laadt niet op*."),
        ),
        {"translation_of": "charge-battery", "promoted": True},
    ),
    (
        "range",
        "charging",
        "en",
        "How far can I ride on one charge?",
        ["battery", "range"],
        md(
            "Range depends on the assistance mode, your weight, the wind, the temperature and tyre pressure.",
            (
                "Typical range",
                "| Mode | 500 Wh | 625 Wh |\n| --- | --- | --- |\n| Eco | 120 km | 150 km |\n| Tour | 90 km | 110 km |\n"
                "| Sport | 60 km | 75 km |\n| Boost | 40 km | 50 km |",
            ),
            (
                "Getting more out of a charge",
                "Keep the tyres at the right pressure, shift to a lighter gear when you "
                "start and use Eco on flat roads.",
            ),
            (
                "Winter",
                "Below 5 °C a battery gives up to 30% less range. Store it indoors and fit it just before riding.",
            ),
        ),
        {},
    ),
    (
        "range-nl",
        "charging",
        "nl",
        "Hoe ver kan ik fietsen op één lading?",
        ["accu", "actieradius"],
        md(
            "De actieradius hangt af van de ondersteuningsstand, je gewicht, de wind, de temperatuur en de bandenspanning.",
            (
                "Gemiddelde actieradius",
                "| Stand | 500 Wh | 625 Wh |\n| --- | --- | --- |\n| Eco | 120 km | 150 km |\n"
                "| Tour | 90 km | 110 km |\n| Sport | 60 km | 75 km |\n| Boost | 40 km | 50 km |",
            ),
            (
                "Meer uit een lading halen",
                "Houd de banden op spanning, schakel licht bij het wegrijden en gebruik Eco op vlakke wegen.",
            ),
            (
                "Winter",
                "Onder 5 °C geeft een accu tot 30% minder bereik. Bewaar hem binnen en plaats hem vlak voor je vertrekt.",
            ),
        ),
        {"translation_of": "range"},
    ),
    (
        "battery-not-charging",
        "charging",
        "en",
        "Battery does not charge",
        ["battery", "charging", "troubleshooting"],
        md(
            "If the charger light blinks red or the level does not rise, work through these steps.",
            (
                "Check the connections",
                "Unplug the charger from the wall and the battery, wait ten seconds, and plug in the "
                "battery side first.",
            ),
            (
                "Temperature",
                "A battery colder than 0 °C or warmer than 40 °C refuses to charge. Let it reach room temperature.",
            ),
            (
                "Still not charging",
                "Note the error code on the display and contact us through *Get help*. Do not open the battery.",
            ),
        ),
        {},
    ),
    (
        "accu-winter",
        "charging",
        "nl",
        "De accu in de winter",
        ["accu", "winter"],
        md(
            "Kou is niet goed voor een lithium-ion-accu. Met deze tips blijft hij jaren mee gaan.",
            (
                "Bewaren",
                "Bewaar de accu binnen bij 10 tot 20 °C, half vol (40 tot 60%) als je een paar weken niet fietst.",
            ),
            ("Opladen", "Laad nooit een koude accu op: laat hem eerst een uur op kamertemperatuur komen."),
            ("Fietsen in de vorst", "Plaats de accu vlak voor vertrek. De actieradius is lager, dat is normaal."),
        ),
        {},
    ),
    (
        "accu-vervangen",
        "charging",
        "nl",
        "Wanneer moet ik de accu vervangen?",
        ["accu"],
        md(
            "Een Velora-accu houdt na 800 volledige laadcycli nog minstens 70% van zijn capaciteit.",
            (
                "Capaciteit controleren",
                "Open in de app *Fiets > Accu > Gezondheid* om de resterende capaciteit te zien.",
            ),
            (
                "Een nieuwe accu",
                "Een nieuwe accu bestel je via de webshop of bij je Velora-servicepunt; de oude nemen we gratis terug.",
            ),
        ),
        {},
    ),
    (
        "motor-noise",
        "motor-display",
        "en",
        "The motor makes a clicking noise",
        ["motor", "noise", "troubleshooting"],
        md(
            "A regular click while pedalling is usually not the motor itself.",
            (
                "Check the pedals and crank",
                "Loose pedals and crank bolts are the most common cause. Tighten them to 35 Nm.",
            ),
            (
                "Chain and sprockets",
                "A dry or worn chain also clicks. Clean and oil it; see *Cleaning and lubricating your chain*.",
            ),
            (
                "When to contact us",
                "If the noise stays when you freewheel with the motor on, contact us with a short video.",
            ),
        ),
        {},
    ),
    (
        "motor-noise-nl",
        "motor-display",
        "nl",
        "De motor maakt een klikkend geluid",
        ["motor", "geluid", "storing"],
        md(
            "Een regelmatige klik tijdens het trappen komt meestal niet van de motor zelf.",
            (
                "Controleer pedalen en crank",
                "Losse pedalen en crankbouten zijn de meest voorkomende oorzaak. Zet ze vast met 35 Nm.",
            ),
            (
                "Ketting en tandwielen",
                "Een droge of versleten ketting klikt ook. Maak hem schoon en smeer hem; zie *Je ketting schoonmaken en smeren*.",
            ),
            (
                "Wanneer contact opnemen",
                "Blijft het geluid als je uitrolt met de motor aan? Neem contact op en stuur een korte video mee.",
            ),
        ),
        {"translation_of": "motor-noise"},
    ),
    (
        "display-errors",
        "motor-display",
        "en",
        "Display error codes explained",
        ["display", "error codes"],
        md(
            "The display shows a code when something needs your attention.",
            (
                "E01: speed sensor",
                "The magnet on the rear wheel is not seen. Check that it sits within 5 mm of the sensor.",
            ),
            (
                "E02: battery communication",
                "Take the battery out, clean the contacts with a dry cloth and put it back.",
            ),
            ("E05: motor temperature", "The motor is too hot after a long climb. Ride in Eco for a few minutes."),
            ("Other codes", "Write the code down and contact us through *Get help*."),
        ),
        {},
    ),
    (
        "display-resetten",
        "motor-display",
        "nl",
        "Het display resetten",
        ["display"],
        md(
            "Reageert het display niet meer of bevriest het beeld? Een reset lost dat meestal op.",
            (
                "Zachte reset",
                "Houd de aan/uit-knop tien seconden ingedrukt tot het display uitgaat, en zet hem weer aan.",
            ),
            (
                "Fabrieksinstellingen",
                "In *Instellingen > Systeem > Herstellen* zet je alles terug. Je ritgegevens in de app blijven bewaard.",
            ),
        ),
        {},
    ),
    (
        "pair-app",
        "pairing",
        "en",
        "Pair your bike with the Velora app",
        ["app", "bluetooth", "pairing"],
        md(
            "The Velora app shows your range, finds your bike and installs updates.",
            (
                "Pairing",
                "1. Turn on Bluetooth on your phone.\n2. Switch on the bike.\n3. In the app, tap *Add bike* and scan "
                "the QR code on the frame, under the battery.",
            ),
            (
                "Pairing fails",
                "Remove the bike under *Settings > Bluetooth* on your phone, restart the display and try again.",
            ),
        ),
        {"promoted": True},
    ),
    (
        "pair-app-nl",
        "pairing",
        "nl",
        "Je fiets koppelen aan de Velora-app",
        ["app", "bluetooth", "koppelen"],
        md(
            "De Velora-app toont je actieradius, vindt je fiets terug en installeert updates.",
            (
                "Koppelen",
                "1. Zet bluetooth aan op je telefoon.\n2. Zet de fiets aan.\n3. Tik in de app op *Fiets toevoegen* en "
                "scan de QR-code op het frame, onder de accu.",
            ),
            (
                "Koppelen lukt niet",
                "Verwijder de fiets bij *Instellingen > Bluetooth* op je telefoon, herstart het display en probeer opnieuw.",
            ),
        ),
        {"translation_of": "pair-app"},
    ),
    (
        "share-bike",
        "pairing",
        "en",
        "Share your bike with family members",
        ["app", "account"],
        md(
            "Up to four people can use the app with the same bike.",
            ("Invite someone", "Go to *Bike > Sharing* and enter their email address. They receive an invitation."),
            ("Remove access", "Swipe the name to the left in the sharing list."),
        ),
        {},
    ),
    (
        "firmware-update",
        "firmware",
        "en",
        "Updating the firmware",
        ["firmware", "app"],
        md(
            "Firmware updates improve range, the display and the motor's response.",
            (
                "How to update",
                "Open the app near the bike, go to *Bike > Updates* and tap *Install*. Keep the phone within "
                "two metres; an update takes about ten minutes.",
            ),
            ("If the update stops", "Start it again: the bike keeps its old firmware until the new one is complete."),
        ),
        {},
    ),
    (
        "firmware-update-nl",
        "firmware",
        "nl",
        "De firmware bijwerken",
        ["firmware", "app"],
        md(
            "Firmware-updates verbeteren de actieradius, het display en de reactie van de motor.",
            (
                "Zo werk je bij",
                "Open de app in de buurt van de fiets, ga naar *Fiets > Updates* en tik op *Installeren*.",
            ),
            ("Als de update stopt", "Start hem opnieuw: de fiets houdt zijn oude firmware tot de nieuwe volledig is."),
        ),
        {"translation_of": "firmware-update"},
    ),
    (
        "gps-tracking",
        "firmware",
        "nl",
        "Gps-tracking en diefstalmelding",
        ["gps", "diefstal", "app"],
        md(
            "Elke Velora heeft een ingebouwde gps-tracker met een simkaart. Het eerste jaar is het abonnement gratis.",
            (
                "Alarm instellen",
                "Zet in de app *Beveiliging > Alarm* aan. Beweegt de fiets zonder jou, dan krijg je een melding.",
            ),
            (
                "Fiets gestolen",
                "Doe aangifte bij de politie en meld de diefstal in de app. Wij helpen met het terugvinden.",
            ),
        ),
        {},
    ),
    (
        "clean-chain",
        "maintenance",
        "en",
        "Cleaning and lubricating your chain",
        ["maintenance", "chain"],
        md(
            "A clean chain runs quieter, shifts better and lasts twice as long.",
            ("How often", "Every 300 km, or after every ride in the rain."),
            (
                "Step by step",
                "1. Wipe the chain with a dry cloth while turning the pedals backwards.\n2. Put one drop of chain "
                "oil on every link.\n3. Wait five minutes and wipe off the excess.",
            ),
            ("Do not", "Never use a pressure washer on the bike: water gets into the bearings and the motor."),
        ),
        {},
    ),
    (
        "clean-chain-nl",
        "maintenance",
        "nl",
        "Je ketting schoonmaken en smeren",
        ["onderhoud", "ketting"],
        md(
            "Een schone ketting loopt stiller, schakelt beter en gaat twee keer zo lang mee.",
            ("Hoe vaak", "Elke 300 km, of na elke rit in de regen."),
            (
                "Stap voor stap",
                "1. Veeg de ketting af met een droge doek terwijl je de pedalen achteruit draait.\n2. Doe een "
                "druppel kettingolie op elke schakel.\n3. Wacht vijf minuten en veeg het overtollige af.",
            ),
            ("Niet doen", "Gebruik nooit een hogedrukspuit op de fiets: water komt in de lagers en de motor."),
        ),
        {"translation_of": "clean-chain"},
    ),
    (
        "service-interval",
        "maintenance",
        "en",
        "When does my bike need a service?",
        ["maintenance", "service"],
        md(
            "We recommend a service every 12 months or 2,000 km, whichever comes first.",
            ("What we check", "Brakes, chain wear, spoke tension, bolts, firmware and a battery health report."),
            (
                "Book a service",
                "Book at a Velora service point in the app, or choose our pick-up service in the Netherlands.",
            ),
        ),
        {},
    ),
    (
        "onderhoud-fietsen",
        "maintenance",
        "nl",
        "Onderhoud van e-fietsen in de winter",
        ["onderhoud", "winter"],
        md(
            "Strooizout en natte wegen vragen in de winter wat extra aandacht voor je fiets.",
            ("Na elke rit", "Spoel zout weg met lauw water en een spons, en droog de ketting af."),
            ("Elke maand", "Controleer de remblokken en smeer de ketting met een natte-weer-olie."),
        ),
        {},
    ),
    (
        "warranty",
        "warranty",
        "en",
        "What does the warranty cover?",
        ["warranty"],
        md(
            "Every Velora comes with a warranty that is longer than the law requires.",
            ("Frame and fork", "Ten years against manufacturing defects."),
            (
                "Motor and battery",
                "Two years, or 800 charge cycles for the battery. Capacity below 70% within that time is a defect.",
            ),
            (
                "Not covered",
                "Wear parts (tyres, brake pads, chain), damage from falls, and repairs by unauthorised workshops.",
            ),
        ),
        {"promoted": True},
    ),
    (
        "warranty-nl",
        "warranty",
        "nl",
        "Wat valt onder de garantie?",
        ["garantie"],
        md(
            "Bij elke Velora krijg je garantie die langer is dan de wet vraagt.",
            ("Frame en voorvork", "Tien jaar op fabricagefouten."),
            (
                "Motor en accu",
                "Twee jaar, of 800 laadcycli voor de accu. Een capaciteit onder 70% binnen die tijd is een defect.",
            ),
            (
                "Niet gedekt",
                "Slijtageonderdelen (banden, remblokken, ketting), valschade en reparaties door niet-erkende werkplaatsen.",
            ),
        ),
        {"translation_of": "warranty"},
    ),
    (
        "returns",
        "warranty",
        "en",
        "Returning your bike within 30 days",
        ["returns", "delivery"],
        md(
            "Not happy? You can return your Velora within 30 days of delivery.",
            (
                "How",
                "Request the return from *My orders*. We collect the bike at home; pack it in the original box if you still have it.",
            ),
            ("Refund", "We refund the full price within 14 days after we receive the bike, minus repairs for damage."),
        ),
        {},
    ),
    (
        "internal-battery-swap",
        "internal-procedures",
        "en",
        "Warranty battery swap: agent procedure",
        ["warranty", "battery", "internal"],
        md(
            "Use this when a customer's battery health is below 70% within the warranty period.",
            ("Check", "Ask for the battery health screenshot from the app and the serial number (under the battery)."),
            (
                "Approve",
                "Create a swap order in the back office with code WB-70. No approval from a team lead is needed "
                "below 400 charge cycles.",
            ),
            (
                "Tell the customer",
                "Use the macro *Battery swap approved*; the courier brings the new battery and takes the old one.",
            ),
        ),
        {"visibility": "agents"},
    ),
    (
        "internal-escalation",
        "internal-procedures",
        "nl",
        "Escalatie naar de werkplaats: interne procedure",
        ["intern", "escalatie"],
        md(
            "Voor storingen die we niet op afstand kunnen oplossen.",
            ("Wanneer", "Na twee mislukte oplossingen op afstand, of direct bij foutcode E05 die blijft terugkomen."),
            (
                "Hoe",
                "Maak een werkorder met de foutcode, de video van de klant en het serienummer. Plan ophalen binnen drie werkdagen.",
            ),
        ),
        {"visibility": "agents"},
    ),
    (
        "members-beta",
        "firmware",
        "en",
        "Join the firmware beta programme",
        ["firmware", "beta"],
        md(
            "Signed-in members can try new firmware a month before everyone else.",
            ("How to join", "Tap *Join beta* in *Bike > Updates*. You can leave at any time."),
        ),
        {"visibility": "members"},
    ),
    (
        "draft-cargo",
        "first-ride",
        "en",
        "Riding with a child seat (draft)",
        ["safety", "child seat"],
        md(
            "This guide is being written together with our product team.",
            ("Which seats fit", "Rear seats on the carrier up to 27 kg. Front seats are not supported."),
        ),
        {"status": "draft"},
    ),
]


def load(out):
    author = User.objects.filter(email="agent@example.com").first()
    categories = {}
    for position, (slug, name, name_nl, description, description_nl) in enumerate(CATEGORIES):
        category = Category.objects.filter(slug=slug).first()
        if category is None:
            category = services.category_save(
                name=name,
                name_nl=name_nl,
                description=description,
                description_nl=description_nl,
                position=position,
                slug=slug,
            )
        categories[slug] = category
    sections = {}
    for position, (category_slug, slug, name, name_nl) in enumerate(SECTIONS):
        section = Section.objects.filter(slug=slug).first()
        if section is None:
            section = services.section_save(
                category=categories[category_slug], name=name, name_nl=name_nl, position=position, slug=slug
            )
        sections[slug] = section
    made, by_key = 0, {}
    for position, (key, section_slug, language, title, labels, body, options) in enumerate(ARTICLES):
        section = sections[section_slug]
        article = Article.objects.filter(section=section, title=title).first()
        if article is None:
            source = by_key.get(options.get("translation_of"))
            article = services.article_save(
                author=author,
                section=section,
                title=title,
                body=body,
                language=language,
                labels=labels,
                status=options.get("status", "published"),
                visibility=options.get("visibility", "everyone"),
                promoted=options.get("promoted", False),
                position=position,
                translation_of=source,
            )
            made += 1
        by_key[key] = article
    out(f"knowledge base: {len(categories)} categories, {len(sections)} sections, {made} new articles")


# Why readers said an article did not help ("What was missing?").
MISSING = [
    "My display shows a different code than the ones listed.",
    "Niet duidelijk welke accu ik heb.",
    "A picture of where the button is would help.",
    "Dit werkt niet voor de Cargo.",
    "",
    "",
]


def load_history(out, *, days: int = 90) -> dict:
    """Readers of the past ``days``: article views and "Was this helpful?" votes.

    Simulated readers (anonymous visitor ids), but written through the same
    paths a real reader takes, at the moment they read (core.democlock): a view
    is the ``kb.article_viewed`` event whose batch adds to ``view_count``, a vote
    is ``services.article_vote`` (the ArticleVote row, the article's counters and
    the ``kb.article_voted`` event). So the counts on each article and on the
    dashboard are the same numbers. Idempotent: skipped once demo readers voted.
    """
    import datetime as dt
    import random

    from django.test.utils import override_settings
    from django.utils import timezone

    import analytics
    from core.democlock import at
    from knowledge_base.models import ArticleVote

    if ArticleVote.objects.filter(visitor_id__startswith="demo-reader-").exists():
        out("knowledge base: demo readers already loaded")
        return {"views": 0, "votes": 0}
    articles = list(Article.objects.filter(status="published", visibility="everyone").order_by("pk"))
    if not articles:
        return {"views": 0, "votes": 0}
    rng = random.Random(2024)
    popularity = {a.pk: rng.choice([1, 1, 2, 3, 5]) for a in articles}
    # Most articles help; a few clearly do not (they show up as "least helpful").
    helps = {a.pk: rng.choice([0.9, 0.85, 0.8, 0.75]) for a in articles}
    for weak in rng.sample(articles, min(2, len(articles))):
        helps[weak.pk] = 0.35
    weights = [popularity[a.pk] for a in articles]
    now = timezone.now()
    tz = timezone.get_current_timezone()
    voted: set[tuple[int, str]] = set()
    views = votes = 0
    # Size 0: each view is written at once through the buffer's own path (event and view_count
    # together), stamped with the demo clock; no timer thread writes behind the loader's back.
    with override_settings(GILDE_EVENT_BUFFER_SIZE=0):
        for back in range(days - 1, -1, -1):
            day = timezone.localdate(now) - dt.timedelta(days=back)
            progress = 1 - back / days
            for _ in range(rng.randint(6, 12) + int(10 * progress)):
                article = rng.choices(articles, weights=weights)[0]
                visitor = f"demo-reader-{rng.randint(1, 900):04d}"
                moment = timezone.make_aware(
                    dt.datetime.combine(day, dt.time(rng.randint(7, 22), rng.randint(0, 59))), tz
                )
                if moment >= now - dt.timedelta(minutes=5):
                    continue
                with at(moment):
                    analytics.track(
                        "kb.article_viewed", obj=article, visitor_id=visitor, language=article.language, defer=True
                    )
                    views += 1
                    if rng.random() < 0.14 and (article.pk, visitor) not in voted:
                        voted.add((article.pk, visitor))
                        helpful = rng.random() < helps[article.pk]
                        services.article_vote(
                            article=article,
                            helpful=helpful,
                            visitor_id=visitor,
                            note="" if helpful else rng.choice(MISSING),
                        )
                        votes += 1
        analytics.flush_events()  # whatever went another way (a Redis queue) is written before the rollup
    out(f"knowledge base: {views} article views and {votes} helpful votes over {days} days")
    return {"views": views, "votes": votes}

"""The Velora demo community: topics, questions and answers in English and Dutch,
official answers by support, accepted answers, comments, votes and ideas.

Idempotent: topics, questions and ideas are found by slug or title, and votes,
comments and answers are only added to what this run created.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

TOPICS = [
    # slug, name, name_nl, description, description_nl
    (
        "batteries",
        "Batteries and charging",
        "Accu en opladen",
        "Range, chargers, battery care and winter riding.",
        "Bereik, laders, accuonderhoud en fietsen in de winter.",
    ),
    (
        "motor",
        "Motor and drive",
        "Motor en aandrijving",
        "Drive units, assist levels, sensors and noises.",
        "Motoren, ondersteuningsniveaus, sensoren en geluiden.",
    ),
    (
        "maintenance",
        "Maintenance and repairs",
        "Onderhoud en reparaties",
        "Brakes, tyres, chains, belts and servicing.",
        "Remmen, banden, kettingen, riemen en onderhoudsbeurten.",
    ),
    (
        "accessories",
        "Accessories",
        "Accessoires",
        "Racks, bags, child seats, locks and lights.",
        "Dragers, tassen, kinderzitjes, sloten en verlichting.",
    ),
    (
        "riding",
        "Riding tips",
        "Fietstips",
        "Commuting, touring, rules of the road and insurance.",
        "Woon-werkverkeer, toertochten, verkeersregels en verzekering.",
    ),
    (
        "app",
        "Velora app and connectivity",
        "Velora-app en verbinding",
        "The Velora app, GPS tracking and firmware updates.",
        "De Velora-app, gps-tracking en firmware-updates.",
    ),
]

EXTRA_MEMBERS = [
    # email, display name, trust level, language
    ("sophie@example.com", "Sophie van Dijk", 2, "nl"),
    ("bram@example.com", "Bram de Boer", 1, "nl"),
    ("olivia@example.com", "Olivia Hughes", 2, "en"),
    ("ruben@example.com", "Ruben Smit", 1, "nl"),
    ("hannah@example.com", "Hannah Becker", 1, "en"),
    ("jasper@example.com", "Jasper Kok", 3, "nl"),
]

# Short names for the members who write the demo content.
WHO = {
    "sanne": "member@example.com",
    "joris": "agent@example.com",
    "fatima": "moderator@example.com",
    "lotte": "manager@example.com",
    "pieter": "pieter@example.com",
    "emma": "emma@example.com",
    "daan": "daan@example.com",
    "noor": "noor@example.com",
    "liam": "liam@example.com",
    "ayla": "ayla@example.com",
    "tom": "tom@example.com",
    "grace": "grace@example.com",
    "sophie": "sophie@example.com",
    "bram": "bram@example.com",
    "olivia": "olivia@example.com",
    "ruben": "ruben@example.com",
    "hannah": "hannah@example.com",
    "jasper": "jasper@example.com",
}

# (topic, language, asker, title, body, tags, answers [(who, body)], official answer or "", accepted, votes)
# accepted: index into answers, "official", or None.
Q = [
    (
        "batteries",
        "en",
        "emma",
        "How far can I ride on one charge in winter?",
        "My Velora City 500 Wh gets about 90 km in summer. Now that it freezes in the morning I barely get 55 km. "
        "Is that normal, or is my battery wearing out?",
        ["battery", "winter", "range"],
        [
            (
                "grace",
                "Completely normal. Lithium cells deliver less at low temperatures. I lose about a third in January.",
            ),
            (
                "liam",
                "Keep the battery indoors overnight and only click it in just before you leave. That helps a lot.",
            ),
        ],
        "A drop of 30-40 % below 5 °C is expected and does not harm the battery. Store and charge it indoors "
        "(10-25 °C) and put it on the bike just before riding. A neoprene battery cover keeps it warm on longer rides.",
        "official",
        9,
    ),
    (
        "batteries",
        "nl",
        "pieter",
        "Mag ik mijn accu de hele nacht aan de lader laten?",
        "Ik laad mijn Velora Tour accu meestal 's avonds op en haal hem er pas de volgende ochtend af. "
        "Is dat slecht voor de accu?",
        ["accu", "laden"],
        [
            (
                "noor",
                "De lader stopt vanzelf als de accu vol is, dus gevaarlijk is het niet. Ik doe het al drie jaar zo.",
            ),
            (
                "jasper",
                "Voor de levensduur is het beter om hem niet altijd tot 100 % vol te laten staan. Bij lang "
                "stilstaan liever rond de 60 %.",
            ),
        ],
        "De Velora-lader schakelt automatisch af bij een volle accu, dus 's nachts laden is veilig. Gebruik je de "
        "fiets langer dan twee weken niet, bewaar de accu dan op 50-70 % en op kamertemperatuur.",
        1,
        7,
    ),
    (
        "batteries",
        "en",
        "olivia",
        "Charger light stays red and never turns green",
        "Since yesterday the LED on my charger stays red even after 8 hours. The battery shows 4 of 5 bars. "
        "Is the charger broken?",
        ["charger", "battery"],
        [
            (
                "tom",
                "Try another socket first, and check the plug into the battery is fully seated. Mine did this when "
                "the contacts were dirty.",
            )
        ],
        "",
        0,
        4,
    ),
    (
        "batteries",
        "nl",
        "daan",
        "Hoeveel laadcycli gaat een Velora accu mee?",
        "Ik rijd elke dag 30 km woon-werk. Wanneer moet ik rekening houden met een nieuwe accu?",
        ["accu", "levensduur"],
        [("sophie", "Bij mij na 4 jaar en ongeveer 900 cycli nog 80 % capaciteit.")],
        "Onze accu's zijn ontworpen voor 800-1000 volledige laadcycli met daarna nog minstens 70 % capaciteit. "
        "Bij 30 km per dag is dat ruim vier tot vijf jaar. In de app zie je de actuele accugezondheid.",
        "official",
        6,
    ),
    (
        "batteries",
        "en",
        "hannah",
        "Can I take my e-bike battery on a train?",
        "Planning a trip to Germany with the bike. Are there rules for carrying the battery on trains?",
        ["battery", "travel"],
        [("emma", "On NS and Deutsche Bahn the battery can stay on the bike. Only planes are a problem.")],
        "",
        0,
        3,
    ),
    (
        "batteries",
        "nl",
        "ruben",
        "Accu laadt niet meer op na de winter",
        "Mijn fiets heeft drie maanden in een koude schuur gestaan. Nu doet de accu helemaal niets meer, ook niet "
        "aan de lader.",
        ["accu", "winter"],
        [
            (
                "pieter",
                "Dat klinkt als een diep ontladen accu. Soms helpt het om hem een uur aan de lader te laten, "
                "ook al lijkt er niets te gebeuren.",
            )
        ],
        "Een accu die maanden leeg in de kou staat, schakelt zichzelf uit ter bescherming. Laat hem een paar uur op "
        "kamertemperatuur komen en probeer dan opnieuw te laden. Gebeurt er niets, neem dan contact op met support: "
        "we testen de accu gratis bij een Velora-dealer.",
        None,
        5,
    ),
    (
        "batteries",
        "en",
        "liam",
        "Is a second battery worth it for touring?",
        "I want to do a 150 km day tour along the Rhine. Should I buy a second battery or just charge at lunch?",
        ["range", "touring"],
        [
            ("grace", "Charging at lunch with the compact charger works fine, 2 hours gives you about 60 %."),
            ("jasper", "For one trip a year: charge at lunch. If you tour a lot, a second battery saves stress."),
        ],
        "",
        1,
        4,
    ),
    (
        "batteries",
        "nl",
        "sanne",
        "Wat betekent het knipperende accu-icoon?",
        "Op mijn display knippert het accu-icoontje af en toe, terwijl de accu halfvol is. Moet ik me zorgen maken?",
        ["display", "accu"],
        [("noor", "Bij mij was het een los contact. Even de accu eruit en goed terugklikken.")],
        "Een knipperend icoon betekent dat het display tijdelijk geen contact heeft met de accu. Haal de accu eruit, "
        "controleer de contacten op vuil en klik hem stevig terug. Blijft het, stuur ons dan de foutcode uit de app.",
        "official",
        5,
    ),
    (
        "motor",
        "en",
        "tom",
        "Clicking noise from the motor when pedalling hard",
        "When I climb a bridge in assist level 3 I hear a clicking from the motor area. It stops when I pedal softly.",
        ["motor", "noise"],
        [
            ("liam", "Mine was the crank bolt, not the motor. It had come loose. Tighten it to 40 Nm."),
            ("daan", "Could also be the chainring. Check if it wobbles."),
        ],
        "Clicking under load is most often a loose crank or pedal, not the drive unit. Check both cranks and pedals "
        "with a torque wrench (crank 40 Nm, pedals 35 Nm). If the sound stays, a dealer can check the motor "
        "bearings under warranty.",
        0,
        8,
    ),
    (
        "motor",
        "nl",
        "bram",
        "Verschil tussen de standen Eco, Tour en Sport?",
        "Welke stand gebruiken jullie voor woon-werk? Ik zit nu altijd op Sport maar de accu is snel leeg.",
        ["ondersteuning", "bereik"],
        [
            ("sophie", "Tour voor de stad, Sport alleen bij tegenwind of bruggen."),
            ("pieter", "Ik rij 80 % op Eco. Je merkt weinig verschil op vlakke weg en je bereik verdubbelt bijna."),
        ],
        "",
        1,
        6,
    ),
    (
        "motor",
        "en",
        "grace",
        "Assist cuts out at 25 km/h, can it be raised?",
        "The support stops exactly at 25 km/h. Is there a setting to go a bit faster?",
        ["motor", "speed"],
        [
            (
                "emma",
                "No, that is the legal limit for pedelecs in the EU. Above 25 you need a speed pedelec with a "
                "number plate.",
            )
        ],
        "The assist limit of 25 km/h is set by EU law for pedelecs and cannot be changed. For faster commuting we "
        "offer the Velora Speed (45 km/h), which needs a moped licence, insurance and a number plate.",
        "official",
        5,
    ),
    (
        "motor",
        "nl",
        "noor",
        "Motor slaat af bij regen",
        "Twee keer meegemaakt: na een flinke bui valt de ondersteuning weg. Na een uurtje drogen werkt alles weer.",
        ["motor", "regen"],
        [("jasper", "Klinkt als vocht in de stekker van het display. Een beetje contactspray doet wonderen.")],
        "Dank voor het melden. Dit kan vocht in de displaystekker zijn. Een dealer kan de stekker gratis vervangen "
        "door de nieuwere, waterdichte versie. Noem bij de afspraak het serienummer van de motor.",
        "official",
        4,
    ),
    (
        "motor",
        "en",
        "hannah",
        "Torque sensor feels sluggish after update",
        "After the last firmware update the bike feels less responsive when I start at traffic lights.",
        ["firmware", "sensor"],
        [("olivia", "Same here. Re-calibrating the sensor in the app (Settings > Sensor) fixed it for me.")],
        "",
        0,
        3,
    ),
    (
        "motor",
        "nl",
        "tom",
        "Hoe vaak moet de motor onderhouden worden?",
        "Moet de middenmotor net als een auto periodiek een beurt krijgen?",
        ["onderhoud", "motor"],
        [],
        "De motor zelf is onderhoudsvrij. We raden een "
        "jaarlijkse controlebeurt aan waarbij de dealer de software bijwerkt en de lagers en bevestiging controleert.",
        None,
        2,
    ),
    (
        "motor",
        "en",
        "liam",
        "Error code E-07 on the display",
        "My display shows E-07 and the assist stops. Turning it off and on helps for a few minutes.",
        ["error", "display"],
        [],
        "E-07 means the speed sensor gets no signal. Check that the magnet on the rear wheel spokes sits within "
        "1 cm of the sensor on the frame. It often gets knocked out of place in bike racks.",
        "official",
        7,
    ),
    (
        "maintenance",
        "en",
        "olivia",
        "Brake pads squeal after rain",
        "My hydraulic disc brakes squeal terribly after riding in the rain. Do I need new pads?",
        ["brakes"],
        [
            ("tom", "Usually it's just wet pads. If it continues when dry, the pads may be glazed: sand them lightly."),
            ("grace", "Never use oil or WD-40 near the discs! Clean with isopropyl alcohol."),
        ],
        "",
        1,
        6,
    ),
    (
        "maintenance",
        "nl",
        "daan",
        "Band plakken bij een achterwiel met naafmotor?",
        "Ik heb een lekke band achter. Hoe krijg ik het wiel eruit zonder de motorkabel te beschadigen?",
        ["band", "reparatie"],
        [
            (
                "ruben",
                "Eerst de stekker van de motorkabel los, die zit onder de achtervork. Dan gaat het wiel er gewoon uit.",
            ),
            ("bram", "Of plak de band zonder het wiel uit te bouwen, dat gaat prima."),
        ],
        "",
        0,
        5,
    ),
    (
        "maintenance",
        "en",
        "emma",
        "Belt drive or chain, what lasts longer?",
        "Considering the new Velora Urban with a belt. Is it really maintenance-free?",
        ["belt", "chain"],
        [
            ("liam", "My belt has done 12,000 km and looks new. No oil on my trousers either!"),
            ("hannah", "Belts last longer but a flat tyre repair is a bit more work."),
        ],
        "A Gates belt typically lasts 2-3 times as long as a chain (15,000-20,000 km) and needs no lubrication. Keep "
        "it clean with water; check the tension once a year at the dealer.",
        "official",
        5,
    ),
    (
        "maintenance",
        "nl",
        "jasper",
        "Ketting springt over in de hoogste versnelling",
        "Sinds een paar weken springt de ketting bij hard trappen in de zwaarste versnelling.",
        ["ketting", "versnelling"],
        [
            (
                "pieter",
                "Waarschijnlijk is de ketting uitgerekt. Meet hem met een kettingmeter, vaak moeten ketting en "
                "cassette samen vervangen.",
            )
        ],
        "",
        0,
        4,
    ),
    (
        "maintenance",
        "en",
        "grace",
        "How often should I service my e-bike?",
        "I ride about 5,000 km a year. How often do you recommend a service?",
        ["service"],
        [],
        "We recommend a service every 5,000 km or once a year, whichever comes first. Brakes and tyres wear faster "
        "on an e-bike because of the higher average speed and weight.",
        "official",
        3,
    ),
    (
        "maintenance",
        "nl",
        "sophie",
        "Bandenspanning voor een e-bike?",
        "Welke bandenspanning gebruiken jullie? Op de band staat 2,5 tot 4,5 bar.",
        ["banden"],
        [
            ("noor", "Ik houd 3,5 bar aan, comfortabel en toch licht lopend."),
            ("tom", "Hoe zwaarder je bent, hoe hoger. Nooit onder de 2,5 bar, dan krijg je snel een lekke band."),
        ],
        "",
        0,
        4,
    ),
    (
        "maintenance",
        "en",
        "liam",
        "Rust spots on the frame after winter",
        "Small rust spots appeared around the bottle cage bolts. Is that covered by warranty?",
        ["frame", "warranty"],
        [],
        "The aluminium frame itself cannot rust; the spots come from the steel bolts. Replace them with stainless "
        "ones (M5) and the spots clean off with a little polish. The frame carries a 10-year warranty.",
        None,
        2,
    ),
    (
        "accessories",
        "en",
        "hannah",
        "Which child seat fits the Velora Family?",
        "Looking for a rear child seat that fits the Family's rack. Any recommendations?",
        ["child seat", "rack"],
        [
            (
                "emma",
                "We use the Yepp Maxi with the rack adapter. Fits perfectly, even with the battery under the rack.",
            ),
            ("olivia", "The Thule Yepp Nexxt also works."),
        ],
        "Both seats mentioned fit. The Family's rack carries 27 kg; the rear seat needs the MIK-compatible "
        "rack, standard on models since 2023.",
        0,
        6,
    ),
    (
        "accessories",
        "nl",
        "ruben",
        "Welk slot is nodig voor de verzekering?",
        "Mijn verzekeraar eist een ART-2 slot. Is het standaard ringslot genoeg?",
        ["slot", "verzekering"],
        [
            (
                "sanne",
                "Het standaard ringslot is ART-2, maar de meeste verzekeraars willen ook een kettingslot aan een "
                "vast object.",
            )
        ],
        "Het standaard Velora-ringslot is ART-2 gecertificeerd. Voor volledige dekking vragen veel verzekeraars "
        "daarnaast een ART-2 insteekketting; die past op het ringslot en is bij de dealer verkrijgbaar.",
        "official",
        5,
    ),
    (
        "accessories",
        "en",
        "tom",
        "Can I mount a front rack on the City?",
        "I carry groceries in a basket. Can the City take a front rack?",
        ["rack"],
        [("grace", "Yes, the frame has mounting points on the head tube.")],
        "",
        0,
        2,
    ),
    (
        "accessories",
        "nl",
        "ayla",
        "Verlichting werkt niet meer",
        "Mijn voorlicht doet het niet meer, achterlicht wel. Batterijen zitten er niet in, het loopt via de accu.",
        ["verlichting"],
        [("daan", "Check de kabel bij het balhoofd, die kan bij het sturen knikken.")],
        "De verlichting wordt via de motor gevoed. Als alleen het voorlicht uitvalt, zit het probleem meestal in de "
        "connector achter de koplamp. Een dealer vervangt die binnen de garantie.",
        "official",
        3,
    ),
    (
        "accessories",
        "en",
        "olivia",
        "Best panniers for a daily commute?",
        "Looking for waterproof panniers that fit a laptop. What do you use?",
        ["bags", "commuting"],
        [
            ("liam", "Ortlieb Back-Roller, bomb proof and fits a 15 inch laptop with a sleeve."),
            ("emma", "Basil has nice ones that don't look like bike bags."),
        ],
        "",
        0,
        5,
    ),
    (
        "accessories",
        "nl",
        "bram",
        "Telefoonhouder die trillingen dempt?",
        "Ik gebruik mijn telefoon als navigatie. Bang dat de camera stukgaat door trillingen.",
        ["telefoon", "navigatie"],
        [("jasper", "Quad Lock met dempingsmodule, heb er geen problemen meer mee.")],
        "",
        None,
        2,
    ),
    (
        "riding",
        "en",
        "grace",
        "Tips for a first winter of e-bike commuting?",
        "First winter with my e-bike, 18 km each way. What should I know?",
        ["winter", "commuting"],
        [
            ("emma", "Lights on all day, lower tyre pressure slightly for grip, and keep the battery indoors."),
            ("liam", "Clean the salt off once a week. The chain will thank you."),
        ],
        "",
        0,
        7,
    ),
    (
        "riding",
        "nl",
        "noor",
        "Mag ik met mijn e-bike op het fietspad met 25 km/u?",
        "Ik krijg soms boze blikken als ik ga inhalen. Is 25 km/u toegestaan?",
        ["regels", "verkeer"],
        [
            ("pieter", "Ja, een e-bike tot 25 km/u is gewoon een fiets. Wel even bellen bij het inhalen."),
            ("sophie", "Let wel op: sommige fietspaden hebben een lagere adviessnelheid."),
        ],
        "",
        0,
        5,
    ),
    (
        "riding",
        "en",
        "hannah",
        "Do I need insurance for my e-bike?",
        "Is e-bike insurance mandatory in the Netherlands? What does it usually cover?",
        ["insurance"],
        [("olivia", "Not mandatory for pedelecs, but theft insurance is wise: they are popular with thieves.")],
        "",
        0,
        3,
    ),
    (
        "riding",
        "nl",
        "jasper",
        "Tips voor een fietsvakantie door de Ardennen?",
        "Volgende zomer wil ik met de Velora Tour door de Ardennen. Hoe zit het met bereik op die hellingen?",
        ["toeren", "bereik"],
        [
            (
                "tom",
                "Reken op de helft van je normale bereik in heuvels. Plan laadstops bij cafés, dat is daar heel "
                "gewoon.",
            ),
            ("ruben", "Neem de lader mee in je tas, weegt maar een kilo."),
        ],
        "",
        0,
        6,
    ),
    (
        "riding",
        "en",
        "liam",
        "Best assist level to get fit?",
        "I bought the e-bike to get fitter. Which level still gives me a workout?",
        ["fitness"],
        [("grace", "Eco or even off on flat roads. Use the app's heart rate view to stay in zone 2.")],
        "",
        0,
        2,
    ),
    (
        "riding",
        "nl",
        "sanne",
        "Hoe fiets ik veilig met een kind achterop?",
        "Mijn dochter is net twee en ik wil haar naar de opvang brengen. Tips?",
        ["kinderzitje", "veiligheid"],
        [
            ("noor", "Oefen eerst zonder kind met 15 kilo bagage achterop, dan went het sturen."),
            ("sophie", "Gebruik de dubbele standaard, dan staat de fiets stabiel bij het instappen."),
        ],
        "",
        1,
        4,
    ),
    (
        "app",
        "en",
        "emma",
        "App doesn't find my bike over Bluetooth",
        "The Velora app keeps searching. Bluetooth is on and the bike is switched on.",
        ["app", "bluetooth"],
        [("olivia", "Remove the bike from your phone's Bluetooth list and pair again from within the app.")],
        "Pairing must start from the app, not from the phone's Bluetooth settings. Remove 'Velora' from the phone's "
        "device list, hold the display's power button for 5 seconds until it blinks blue, then tap 'Add bike' in "
        "the app.",
        "official",
        6,
    ),
    (
        "app",
        "nl",
        "daan",
        "GPS-tracker laat verkeerde locatie zien",
        "De app zegt dat mijn fiets 2 km verderop staat, terwijl hij in de schuur staat.",
        ["gps", "app"],
        [("ruben", "In een schuur heeft de tracker vaak slecht bereik. Buiten klopt hij bij mij wel.")],
        "De tracker gebruikt binnen zendmasten in plaats van GPS, met een onnauwkeurigheid van enkele kilometers. "
        "Zodra de fiets buiten staat, wordt de locatie weer op de meter nauwkeurig.",
        "official",
        4,
    ),
    (
        "app",
        "en",
        "hannah",
        "Firmware update stuck at 60 %",
        "The update has been at 60 % for half an hour. Can I safely turn the bike off?",
        ["firmware", "update"],
        [],
        "Don't worry: the update is safe to interrupt. Turn the bike off, charge the battery above 30 %, keep the "
        "phone within 1 metre and start the update again from the app.",
        "official",
        5,
    ),
    (
        "app",
        "nl",
        "bram",
        "Kan ik mijn ritten exporteren naar Strava?",
        "Ik zie nergens een koppeling met Strava in de app.",
        ["app", "strava"],
        [("jasper", "Onder Profiel > Koppelingen staat Strava sinds versie 3.2.")],
        "",
        0,
        3,
    ),
    (
        "app",
        "en",
        "tom",
        "Does the app work without mobile data?",
        "I ride in areas with bad coverage. Does the app still record my route?",
        ["app"],
        [("liam", "Yes, it records offline and syncs when you're back online.")],
        "",
        0,
        2,
    ),
    (
        "motor",
        "en",
        "daan",
        "Can I fit a Velora motor to my old bike?",
        "I have a good steel touring frame. Does Velora sell the drive unit separately as a conversion kit?",
        ["motor", "conversion"],
        [],
        "",
        None,
        1,
    ),
    (
        "accessories",
        "nl",
        "hannah",
        "Welke fietstas past op de nieuwe Urban?",
        "De bagagedrager van de Urban is smaller dan bij mijn vorige fiets. Wie heeft een tas die goed past?",
        ["tassen"],
        [],
        "",
        None,
        0,
    ),
    (
        "riding",
        "en",
        "bram",
        "Cycling with a dog trailer, any experience?",
        "Our dog is getting old and can't run alongside anymore. Does anyone pull a dog trailer with a Velora?",
        ["trailer", "dog"],
        [],
        "",
        None,
        1,
    ),
    (
        "batteries",
        "en",
        "sophie",
        "Can I leave the battery on the bike in the rain?",
        "I park outside at work. Is the battery waterproof?",
        ["battery", "rain"],
        [("emma", "Yes, mine has stood in plenty of Dutch rain. Just don't use a pressure washer.")],
        "The battery is IP54: splash and rain proof. Avoid pressure washers and never submerge it.",
        "official",
        4,
    ),
    (
        "motor",
        "nl",
        "emma",
        "Trapondersteuning voelt schokkerig bij wegrijden",
        "Bij het wegrijden schiet de fiets soms naar voren. Kan ik dat zachter instellen?",
        ["ondersteuning", "app"],
        [("olivia", "In de app kun je bij Rijprofiel de 'Start-assist' op zacht zetten.")],
        "",
        0,
        3,
    ),
    (
        "maintenance",
        "en",
        "ayla",
        "Hydraulic brake lever feels spongy",
        "The rear brake lever goes almost to the handlebar before it brakes.",
        ["brakes"],
        [],
        "A spongy lever means air in the brake line. Please have the brake bled at a dealer; it's a 20-minute job. "
        "Until then, ride carefully.",
        "official",
        4,
    ),
    (
        "accessories",
        "en",
        "noor",
        "Are there mudguards for the Velora Sport?",
        "The Sport comes without mudguards. Do any fit?",
        ["mudguards"],
        [("tom", "SKS Bluemels 50 mm fit with the Sport's hidden mounts.")],
        "",
        0,
        2,
    ),
    (
        "riding",
        "en",
        "ruben",
        "Safe way to transport the e-bike on a car rack?",
        "Going on holiday by car. Anything special for e-bikes on a tow bar rack?",
        ["transport"],
        [
            (
                "grace",
                "Take the battery out and carry it inside the car. And check the rack's weight limit: e-bikes "
                "are heavy.",
            ),
            ("liam", "Cover the display, or remove it."),
        ],
        "",
        0,
        4,
    ),
    (
        "app",
        "nl",
        "pieter",
        "Accugezondheid in de app, wat betekent 87 %?",
        "Mijn accu is twee jaar oud en de app zegt 87 % gezondheid. Is dat goed?",
        ["accu", "app"],
        [("daan", "Dat is prima. Mijn drie jaar oude accu zit op 82 %.")],
        "87 % na twee jaar is keurig en past bij normaal gebruik. We vervangen een accu onder garantie als die "
        "binnen twee jaar onder 70 % zakt.",
        "official",
        5,
    ),
    (
        "batteries",
        "nl",
        "jasper",
        "Accu opslaan in de winter",
        "Ik fiets niet in de winter. Hoe sla ik de accu het beste op?",
        ["accu", "winter"],
        [("sophie", "Binnen, halfvol, en elke twee maanden even bijladen tot ongeveer 60 %.")],
        "",
        0,
        4,
    ),
    (
        "motor",
        "en",
        "olivia",
        "Walk assist, how does it work?",
        "My display has a 'walk' mode. How do I use it to push the bike up a ramp?",
        ["walk assist"],
        [("hannah", "Hold the minus button for two seconds, then keep holding the plus button while walking.")],
        "",
        0,
        2,
    ),
    (
        "maintenance",
        "nl",
        "liam",
        "Mijn spaken breken steeds achter",
        "Al drie keer een gebroken spaak in het achterwiel. Ligt het aan mijn gewicht?",
        ["wiel", "spaken"],
        [("tom", "E-bikes belasten het achterwiel meer. Een wiel met dikkere spaken (2,3 mm) lost het meestal op.")],
        "Dat is vervelend. Drie breuken wijzen op te weinig spaakspanning. Laat het wiel opnieuw spannen; valt de "
        "fiets binnen de garantie, dan vervangen we het wiel kosteloos.",
        "official",
        3,
    ),
    (
        "accessories",
        "nl",
        "grace",
        "Past een fietskar achter de Velora Tour?",
        "We willen met de kinderen kamperen met een fietskar.",
        ["fietskar"],
        [("sanne", "Wij hebben een Croozer achter de Tour, koppeling op de achteras, werkt prima.")],
        "",
        0,
        3,
    ),
    (
        "riding",
        "nl",
        "ayla",
        "Helm verplicht op een e-bike?",
        "Moet ik een helm dragen op een gewone e-bike?",
        ["regels", "helm"],
        [("bram", "Nee, alleen op een speed pedelec. Maar het is wel verstandig.")],
        "",
        0,
        2,
    ),
    (
        "app",
        "en",
        "grace",
        "Can two phones connect to the same bike?",
        "My partner and I share the bike. Can we both use the app?",
        ["app"],
        [],
        "Yes: the owner can invite a second rider under Bike > Share. Both see rides and the GPS location.",
        "official",
        3,
    ),
    (
        "batteries",
        "en",
        "tom",
        "Battery swelling, should I worry?",
        "The battery casing looks slightly bulged at one end.",
        ["battery", "safety"],
        [],
        "Please stop using and charging the battery right away and keep it away from anything flammable. Contact "
        "support: a swollen cell must be replaced and we collect the battery free of charge.",
        "official",
        6,
    ),
    (
        "motor",
        "nl",
        "sophie",
        "Gekraak bij de trapas",
        "Bij elke trap hoor ik een krakend geluid rond de trapas.",
        ["geluid", "trapas"],
        [("jasper", "Vaak de pedalen. Schroef ze eruit, vet de draad in en zet ze vast.")],
        "",
        0,
        3,
    ),
    (
        "maintenance",
        "en",
        "daan",
        "Tubeless tyres on an e-bike?",
        "Is it worth going tubeless on the Velora Sport?",
        ["tyres", "tubeless"],
        [("olivia", "Yes, the rims are tubeless-ready. Fewer flats, and you can ride lower pressure.")],
        "",
        None,
        2,
    ),
    (
        "accessories",
        "en",
        "sanne",
        "Phone charging via the bike's USB port?",
        "Is there a way to charge my phone while riding?",
        ["usb", "phone"],
        [],
        "The display has a USB-C port under the rubber cap delivering 5 V / 1 A, enough to keep a phone charged "
        "while navigating.",
        "official",
        2,
    ),
    (
        "riding",
        "en",
        "pieter",
        "Group rides in Utrecht?",
        "Are there Velora riders who do weekend group rides around Utrecht?",
        ["community", "group rides"],
        [
            ("emma", "We ride from the Velora store every first Sunday of the month. Everyone welcome!"),
            ("noor", "Ik fiets mee, gezellig en rustig tempo."),
        ],
        "",
        0,
        8,
    ),
    (
        "app",
        "nl",
        "noor",
        "Meldingen van de app uitzetten",
        "Ik krijg elke dag meldingen over mijn ritten. Hoe zet ik die uit?",
        ["app", "meldingen"],
        [("bram", "Profiel > Meldingen, daar kun je alles per soort uitzetten.")],
        "",
        0,
        1,
    ),
    (
        "batteries",
        "nl",
        "tom",
        "Snellader kopen, goed idee?",
        "Velora verkoopt een 6A snellader. Gaat mijn accu daar sneller van achteruit?",
        ["lader", "accu"],
        [("pieter", "Af en toe snelladen kan geen kwaad, maar dagelijks zou ik de gewone lader gebruiken.")],
        "De snellader is afgestemd op onze accu's en laadt tot 80 % snel, daarna rustig. Dagelijks gebruik heeft "
        "volgens onze tests minder dan 3 % extra slijtage over de levensduur.",
        "official",
        4,
    ),
    (
        "motor",
        "en",
        "emma",
        "Motor gets warm on long climbs",
        "After a 20-minute climb in the Alps the motor casing was hot and assist reduced. Is that a problem?",
        ["motor", "heat"],
        [],
        "That's the thermal protection doing its job: the motor reduces power to protect itself. Shift to a lighter "
        "gear and keep cadence above 70 rpm; the motor stays cooler that way.",
        "official",
        5,
    ),
    (
        "maintenance",
        "nl",
        "bram",
        "Welke kettingolie voor een e-bike?",
        "Maakt het uit welke kettingolie ik gebruik?",
        ["ketting", "onderhoud"],
        [("jasper", "Natte olie in de winter, droge was in de zomer. Altijd het overschot afvegen.")],
        "",
        0,
        2,
    ),
    (
        "riding",
        "en",
        "olivia",
        "Riding with headphones, allowed?",
        "Is it legal to cycle with earbuds in the Netherlands?",
        ["rules"],
        [("liam", "Allowed, but holding your phone is not. Keep the volume low.")],
        "",
        0,
        1,
    ),
    (
        "app",
        "en",
        "liam",
        "Lost my bike key, can the app unlock the battery?",
        "I lost the key for the battery lock. Can I unlock it with the app?",
        ["app", "lock"],
        [],
        "The battery lock is mechanical, so the app can't open it. A dealer can order a replacement key with the "
        "number on your key card, or replace the lock cylinder.",
        None,
        2,
    ),
]

IDEAS = [
    # (who, language, title, body, status, official comment, votes)
    (
        "emma",
        "en",
        "Show remaining range in kilometres on the display",
        "Instead of battery bars, show an estimate of the kilometres left based on my assist level.",
        "done",
        "Shipped in firmware 3.4: the display now shows the estimated range. Thanks to everyone who voted!",
        14,
    ),
    (
        "pieter",
        "nl",
        "Een dubbele accu optie voor de Tour",
        "Voor lange tochten zou een tweede accu in het frame ideaal zijn.",
        "planned",
        "We werken aan een dual-battery versie van de Tour voor modeljaar 2027.",
        12,
    ),
    (
        "liam",
        "en",
        "Integrated rear light in the rack",
        "A rear light built into the rack so it can't be knocked off.",
        "in_progress",
        "Our design team is testing an integrated rack light with riders now.",
        9,
    ),
    (
        "noor",
        "nl",
        "Kinderzitje met accu-verwarming",
        "Een verwarmd kinderzitje voor de winter, gevoed door de fietsaccu.",
        "under_review",
        "Leuk idee! We onderzoeken of dit veilig en betaalbaar kan.",
        7,
    ),
    (
        "grace",
        "en",
        "Theft alarm with sound",
        "An alarm that beeps when someone moves the bike while locked.",
        "done",
        "The motion alarm is available in the app since version 3.1 under Security.",
        11,
    ),
    (
        "tom",
        "nl",
        "Automatische versnellingen",
        "Een naaf die automatisch schakelt op basis van snelheid.",
        "planned",
        "De Urban krijgt volgend jaar een automatische Enviolo-naaf als optie.",
        8,
    ),
    (
        "hannah",
        "en",
        "Wider tyres for cobblestones",
        "Offer 55 mm tyres as an option on the City for more comfort.",
        "declined",
        "The City's frame cannot take tyres wider than 50 mm safely. The Tour has room for 55 mm tyres.",
        3,
    ),
    (
        "daan",
        "nl",
        "Slot dat opent met de app",
        "Het ringslot via bluetooth openen met de telefoon.",
        "under_review",
        "We bekijken de opties met onze slotleverancier.",
        10,
    ),
    (
        "olivia",
        "en",
        "Loyalty discount on a replacement battery",
        "Long-time customers could get a discount on their second battery.",
        "declined",
        "We can't offer a general discount, but batteries are covered for "
        "two years and we test them for free at every dealer.",
        5,
    ),
    (
        "sophie",
        "nl",
        "Spatbordverlichting voor",
        "Een lampje in het voorspatbord voor extra zichtbaarheid.",
        "new",
        "",
        4,
    ),
    (
        "bram",
        "nl",
        "Trainingsmodus in de app",
        "Een modus met hartslagzones waarbij de ondersteuning zich aanpast.",
        "in_progress",
        "De eerste versie van de trainingsmodus staat in de bèta van de app.",
        6,
    ),
    (
        "ruben",
        "nl",
        "Velora-fietsen huren voor een proefrit thuis",
        "Een week thuis proberen voordat je koopt.",
        "planned",
        "Vanaf het voorjaar kun je een Velora een week thuis proberen in Utrecht en Amsterdam.",
        9,
    ),
    (
        "jasper",
        "en",
        "Solar charger for touring",
        "A foldable solar panel that can top up the battery during picnics.",
        "new",
        "",
        2,
    ),
    (
        "ayla",
        "nl",
        "Meer kleuren voor de City",
        "Graag een mintgroene of okergele City!",
        "under_review",
        "We verzamelen kleurwensen voor de collectie van 2027.",
        6,
    ),
    (
        "sanne",
        "en",
        "Share ride stats with friends in the app",
        "A small leaderboard with friends for motivation.",
        "new",
        "",
        3,
    ),
    (
        "lotte",
        "en",
        "Community rides calendar on the website",
        "A calendar of group rides organised by members and dealers.",
        "done",
        "The rides calendar is now on the community home page.",
        7,
    ),
]

COMMENTS = [
    ("How far can I ride on one charge in winter?", "olivia", "Same experience here, good to know it's normal!"),
    (
        "Mag ik mijn accu de hele nacht aan de lader laten?",
        "liam",
        "Dank, ik laat hem voortaan rond de 60 % staan in de vakantie.",
    ),
    (
        "Clicking noise from the motor when pedalling hard",
        "tom",
        "That was exactly it, the left crank was loose. Thanks @liam!",
    ),
    ("Brake pads squeal after rain", "hannah", "Isopropyl worked, thanks!"),
    ("App doesn't find my bike over Bluetooth", "grace", "This fixed it for me too."),
]


def _schedule(now) -> list:
    """When each question of Q was asked: spread over the past 90 days, denser lately (a
    community that grows), the newest two days ago so that its answers lie in the past too."""
    last = len(Q) - 1
    return [now - timedelta(days=2 + 88 * (1 - i / last) ** 1.5, hours=i % 7) for i in range(len(Q))]


def _members(out, joined):
    from accounts.demo import _member
    from core import democlock

    made = 0
    for email, name, trust, language in EXTRA_MEMBERS:
        with democlock.at(joined):  # members before their first post
            made += _member(email, name, trust, language)[1]
    User = get_user_model()
    people = {key: User.objects.filter(email=email).first() for key, email in WHO.items()}
    missing = [k for k, v in people.items() if v is None]
    if missing:
        raise RuntimeError(f"demo members missing: {missing} (load accounts first)")
    return people, made


def load(out) -> dict:
    """Write the community's history through the services, each step at its own past moment
    (core.democlock), so rows, counters and analytics events agree as they would in real use."""
    from community import services, tasks
    from community.models import Idea, Question, Topic
    from community.notifications import quiet
    from core.democlock import at

    now = timezone.now()
    schedule = _schedule(now)
    start = min(schedule[0], now - timedelta(days=120))
    token = quiet.set(True)
    try:
        people, new_members = _members(out, start - timedelta(days=1))
        topics = {}
        for slug, name, name_nl, description, description_nl in TOPICS:
            topic = Topic.objects.filter(slug=slug).first()
            if topic is None:
                with at(start):
                    topic = services.topic_create(
                        name=name, description=description, slug=slug, name_nl=name_nl, description_nl=description_nl
                    )
            elif not topic.name_nl and topic.name == name:  # loaded before topics had Dutch names
                services.topic_update(
                    topic=topic, name=name, description=description, name_nl=name_nl, description_nl=description_nl
                )
            topics[slug] = topic
        with at(start):
            services.follow_set(member=people["joris"], target=topics["batteries"], on=True)
            services.follow_set(member=people["joris"], target=topics["motor"], on=True)

        voters = [p for k, p in people.items() if k not in ("joris",)]
        made_questions = made_answers = 0
        created: dict[int, tuple[Question, object]] = {}
        for i, (topic, lang, asker, title, body, tags, answers, official, accepted, votes) in enumerate(Q):
            if Question.objects.filter(title=title).exists():
                continue
            when = schedule[i]
            with at(when):
                q = services.question_create(
                    author=people[asker],
                    topic=topics[topic],
                    title=title,
                    body=body,
                    tags=tags,
                    language=lang,
                    screen_content=False,
                )
                tasks.award_badges(q.author_id)  # badges dated when earned (the demo mutes the task)
            made_questions += 1
            created[i] = (q, when)
            posted = []
            for j, (who, text) in enumerate(answers):
                with at(when + timedelta(hours=1 + j * 5 + (i * 3) % 7, minutes=(i * 17) % 60)):
                    posted.append(
                        services.answer_create(author=people[who], question=q, body=text, screen_content=False)
                    )
                    tasks.award_badges(people[who].pk)
            off = None
            if official:
                with at(when + timedelta(hours=3 + (i * 7) % 18, minutes=(i * 23) % 60)):  # support: 3-21 h
                    off = services.answer_create(
                        author=people["joris"], question=q, body=official, screen_content=False
                    )
                    tasks.award_badges(off.author_id)
            made_answers += len(posted) + (1 if off else 0)
            with at(when + timedelta(hours=21, minutes=30)):
                if accepted == "official" and off:
                    services.answer_accept(answer=off, by=people[asker])
                elif isinstance(accepted, int) and accepted < len(posted):
                    services.answer_accept(answer=posted[accepted], by=people[asker])
                for a in posted + ([off] if off else []):
                    tasks.award_badges(a.author_id)
            for k, voter in enumerate(v for v in voters if v.pk != q.author_id):
                if k >= votes:
                    break
                with at(when + timedelta(hours=22, minutes=20 * k)):
                    services.vote_cast(member=voter, target=q, value=1)
                    if posted and k < votes - 1:
                        target = posted[k % len(posted)]
                        if target.author_id != voter.pk:
                            services.vote_cast(member=voter, target=target, value=1)
                    if off and k % 2 == 0:
                        services.vote_cast(member=voter, target=off, value=1)
            with at(when + timedelta(hours=22, minutes=20 * votes)):
                for author_id in {q.author_id, *(a.author_id for a in posted + ([off] if off else []))}:
                    tasks.award_badges(author_id)
        by_title = {q.title: (q, when) for q, when in created.values()}
        for title, who, text in COMMENTS:
            if title in by_title:
                q, when = by_title[title]
                with at(when + timedelta(hours=23)):
                    services.comment_create(author=people[who], question=q, body=text, screen_content=False)
        pinned = by_title.get("Group rides in Utrecht?")
        if pinned:
            with at(pinned[1] + timedelta(hours=1)):
                services.question_set_pinned(question=pinned[0], pinned=True)

        made_ideas = 0
        for i, (who, lang, title, body, status, comment, votes) in enumerate(IDEAS):
            if Idea.objects.filter(title=title).exists():
                continue
            when = now - timedelta(days=120 - i * 6)
            with at(when):
                idea = services.idea_create(
                    author=people[who], title=title, body=body, language=lang, screen_content=False
                )
                tasks.award_badges(idea.author_id)
            made_ideas += 1
            for k, voter in enumerate(v for v in voters if v.pk != idea.author_id):
                if k >= votes:
                    break
                with at(when + timedelta(hours=1 + k)):
                    services.vote_cast(member=voter, target=idea, value=1)
            if status != "new":
                by = people["lotte"] if i % 3 == 0 else people["joris"]
                with at(when + timedelta(days=3)):
                    services.idea_set_status(idea=idea, status=status, comment=comment, by=by)
        for person in people.values():
            tasks.award_badges(person.pk)
    finally:
        quiet.reset(token)
    out(
        f"community: {len(TOPICS)} topics, {made_questions} questions, {made_answers} answers, "
        f"{made_ideas} ideas, {new_members} extra members created"
    )
    return {"questions": made_questions, "answers": made_answers, "ideas": made_ideas}

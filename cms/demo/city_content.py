"""The words of the city-scale data (`city.py`): places in each district, what citizens wish for and say,
the administrations' answers, the kinds of project and their phases. Danish, as the city's pages are."""

from dataclasses import dataclass

from participation.models import AnswerStatus, PhaseType

# Where in each district (by district number), with the preposition a Dane would use.
PLACES: dict[int, tuple[str, ...]] = {
    1: ("i Gothersgade", "på Kultorvet", "ved Nyhavn", "på Christianshavns Torv", "på Israels Plads", "i Vestergade"),
    2: ("på Østerbrogade", "ved Trianglen", "i Nordre Frihavnsgade", "i Fælledparken", "i Classensgade"),
    3: ("på Nørrebrogade", "i Blågårdsgade", "i Jægersborggade", "i Guldbergsgade", "i Folkets Park"),
    4: ("i Istedgade", "på Enghave Plads", "på Sønder Boulevard", "i Sydhavnsgade", "på Mozarts Plads"),
    5: ("i Valby Langgade", "på Toftegårds Plads", "i Valbyparken", "på Vigerslev Allé", "ved Valby Station"),
    6: ("i Jernbane Allé", "på Vanløse Torv", "ved Damhussøen", "på Grøndals Parkvej", "på Ålekistevej"),
    7: ("på Frederikssundsvej", "på Brønshøj Torv", "på Husumvej", "i Tingbjerg", "ved Utterslev Mose"),
    8: ("på Tagensvej", "på Bispebjerg Torv", "på Lersø Parkallé", "på Emdrupvej", "på Rentemestervej"),
    9: ("på Amagerbrogade", "i Holmbladsgade", "ved Amager Strandpark", "i Lergravsparken", "på Øresundsvej"),
    10: ("på Amagerfælledvej", "på Sundbyvester Plads", "på Ørestads Boulevard", "på Englandsvej", "ved Hørgården"),
}
# The district as the object of "in": "på Nørrebro", "i Valby".
DISTRICT_IN: dict[int, str] = {
    1: "i Indre By",
    2: "på Østerbro",
    3: "på Nørrebro",
    4: "på Vesterbro og i Kongens Enghave",
    5: "i Valby",
    6: "i Vanløse",
    7: "i Brønshøj-Husum",
    8: "i Bispebjerg",
    9: "på Amager Øst",
    10: "på Amager Vest",
}
WISHES = (
    "Flere træer",
    "Bænke",
    "Bedre belysning",
    "Cykelparkering",
    "En ny legeplads",
    "Regnbede",
    "Et sikkert fodgængerfelt",
    "Flere skraldespande",
    "En drikkefontæne",
    "Plantekasser",
    "Lavere fart",
    "Udendørs træningsredskaber",
    "Overdækket busstop",
    "En hundeskov",
    "Bredere fortov",
    "Blomster til bierne",
    "Et bordtennisbord",
    "Et offentligt toilet",
    "Skygge på varme dage",
    "En grøn gårdhave",
)
REASONS = (
    "Her er meget varmt om sommeren, og der er ingen steder at sidde i skygge.",
    "Mange børn krydser her på vej til skole, og bilerne kører for stærkt.",
    "Om aftenen er her mørkt, og mange føler sig utrygge.",
    "Cyklerne står overalt på fortovet, så det er svært at komme forbi med barnevogn.",
    "Der er ingen steder, hvor de ældre i kvarteret kan sætte sig og hvile.",
    "Ved skybrud står vandet højt, og kældrene bliver oversvømmet.",
    "Pladsen bliver næsten ikke brugt, fordi der ikke er noget at lave.",
    "Skraldespandene er fulde hver weekend, og affaldet flyver rundt.",
)
COMMENTS = (
    "Godt forslag! Det savner vi virkelig her i kvarteret.",
    "Enig. Jeg går forbi her hver dag, og det er tiltrængt.",
    "Husk at tænke på dem, der bruger kørestol.",
    "Det vil også gøre det mere trygt at gå her om aftenen.",
    "Jeg er ikke sikker på, at der er plads, men det er værd at undersøge.",
    "Kunne man gøre det sammen med skolen og børnene?",
    "Det samme problem er der to gader længere henne.",
    "Tak for at tage det op. Jeg har skrevet til kommunen om det før.",
    "Så længe det ikke tager cykelparkeringen, synes jeg, det er en god idé.",
    "Vores gårdlaug vil gerne hjælpe med at passe det.",
)
REPLIES = (
    "Helt enig med dig.",
    "Godt pointe, det havde jeg ikke tænkt på.",
    "Det er rigtigt, men det kan vel løses?",
    "Ja, det ser jeg også hver morgen.",
)
ANSWERS: dict[str, str] = {
    AnswerStatus.RECEIVED: "Tak for din idé. Vi har modtaget den og vender tilbage, når vi har set på den.",
    AnswerStatus.CONSIDERING: (
        "Tak for idéen. Vi undersøger nu, om den kan lade sig gøre, og hvad den vil koste. Du kan følge sagen her."
    ),
    AnswerStatus.PLANNED: "Det er allerede planlagt: arbejdet går i gang i løbet af det næste år.",
    AnswerStatus.NOT_POSSIBLE: (
        "Det kan desværre ikke lade sig gøre her, fordi der ligger ledninger under fortovet og stedet skal "
        "kunne bruges af brandvæsenet."
    ),
    AnswerStatus.IMPLEMENTED: "Idéen er gennemført. Tak fordi du var med til at gøre kvarteret bedre.",
    AnswerStatus.PROPOSAL: (
        "Idéen er blevet til et forslag i Borgerbudget København 2027. Stem på den, når afstemningen er åben."
    ),
}
ANSWER_WEIGHTS = {
    AnswerStatus.RECEIVED: 3,
    AnswerStatus.CONSIDERING: 3,
    AnswerStatus.PLANNED: 1.5,
    AnswerStatus.NOT_POSSIBLE: 2,
    AnswerStatus.IMPLEMENTED: 0.5,
}
HIDDEN_REASONS = (
    "Indlægget er skjult, fordi det indeholdt personoplysninger om andre.",
    "Indlægget er skjult, fordi sproget ikke overholdt debatreglerne.",
    "Indlægget er skjult, fordi det handlede om noget andet end projektet.",
)
FIRST_NAMES = (
    "Anne", "Mette", "Line", "Sara", "Fatma", "Priya", "Birgit", "Ida", "Emma", "Sofie", "Amina", "Karen",
    "Jonas", "Peter", "Mikkel", "Ahmad", "Tom", "Lars", "Søren", "Omar", "Mads", "Frederik", "Ali", "Jens",
)  # fmt: skip
LAST_NAMES = (
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen",
    "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Poulsen", "Holm", "Møller", "Yilmaz",
    "Rahimi", "Berg", "Lund",
)  # fmt: skip


@dataclass(frozen=True)
class Theme:
    """A kind of project, repeated in each district: its title and texts, filled in with the district."""

    title: str
    administration: str
    summary: str
    purpose: str
    can_influence: str


THEMES = (
    Theme(
        "Grønne gader og gårde {district_in}",
        "TMF",
        "Hvor skal der plantes træer, bede og grønne gårde {district_in}? Sæt en nål på kortet.",
        "Vi vil gøre {district} grønnere og mere robust over for skybrud og hedebølger.",
        "Hvor de nye træer, bede og regnbede skal ligge, og hvad der skal plantes.",
    ),
    Theme(
        "Trygge skoleveje {district_in}",
        "TMF",
        "Hvor er det utrygt at gå og cykle til skole {district_in}? Fortæl os det på kortet.",
        "Vi vil gøre det trygt for børn at gå og cykle til skole {district_in}.",
        "Hvilke kryds og strækninger der skal gøres sikre først, og hvordan.",
    ),
    Theme(
        "Byliv og mødesteder {district_in}",
        "KFF",
        "Hvor mangler der et sted at mødes, lege og dyrke sport {district_in}? Kom med dine idéer.",
        "Vi vil give pladser og parker {district_in} mere liv, for alle aldre.",
        "Hvilke pladser der skal have bænke, legeredskaber eller sport, og hvad de skal bruges til.",
    ),
)
COMMON_TEXTS = {
    "already_decided": "Pengene er afsat i kommunens budget. Hvilke steder der kommer først, er ikke besluttet.",
    "input_use": "Forvaltningen svarer på alle idéer og samler dem i en plan, som lokaludvalget får til høring.",
    "decision_timing": "Borgerrepræsentationen beslutter planen, når idéfasen og høringen er slut.",
    "contact": "Projektteamet, borgerdialog@kk.dk, telefon 33 66 33 66",
}

# Phases relative to today, in days: (type, title, first day, last day). Each project gets one schedule.
Schedule = tuple[tuple[str, str, int, int], ...]
SCHEDULE_IDEAS: Schedule = (
    (PhaseType.INFORMATION, "Information", -75, -46),
    (PhaseType.IDEAS, "Idéer", -45, 30),
    (PhaseType.REVIEW, "Behandling", 31, 90),
    (PhaseType.REALISATION, "Anlæg", 91, 365),
)
SCHEDULE_REVIEW: Schedule = (
    (PhaseType.IDEAS, "Idéer", -160, -61),
    (PhaseType.REVIEW, "Behandling", -60, 30),
    (PhaseType.REALISATION, "Anlæg", 31, 365),
)
SCHEDULE_REALISATION: Schedule = (
    (PhaseType.IDEAS, "Idéer", -420, -300),
    (PhaseType.REVIEW, "Behandling", -299, -200),
    (PhaseType.REALISATION, "Anlæg", -199, 200),
)
SCHEDULE_VOTE: Schedule = (
    (PhaseType.IDEAS, "Idéer", -200, -101),
    (PhaseType.REVIEW, "Behandling og kendte priser", -100, -8),
    (PhaseType.VOTING, "Afstemning", -7, 21),
    (PhaseType.REALISATION, "Gennemførelse", 22, 400),
)

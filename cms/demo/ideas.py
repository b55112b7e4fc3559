"""The ideas of the demo (`seed_ideas`), as data: demo citizens, idea categories, ideas with their comments,
support, reports, moderation and answers.

An idea's `day` counts days (fractions are hours) from the first day of its project's ideas phase, so the
demo stays consistent whenever it is seeded: "Et grønnere Nørrebro" collects ideas now (its phase opened
14 days before the seeding day), "Borgerbudget Amager Vest 2027" collected them 120 to 61 days before it
and "Tryggere skoleveje i Bispebjerg" about a year before. An answer's `after` counts days from its idea.
Points are (latitude, longitude) well inside the project's district; tests check them with
`maps.selectors.district_at`. Category names are the Danish ones; an idea on the English page gets the
English translation of the category.
"""

from dataclasses import dataclass
from typing import NamedTuple

from participation.models import AnswerStatus

from .content import T


class Citizen(NamedTuple):
    email: str
    first_name: str
    last_name: str


class C(NamedTuple):
    """A comment: its author's key, its text, the index of the earlier comment it replies to, reports on it."""

    by: str
    text: str
    reply_to: int | None = None
    reports: tuple[str, ...] = ()


class A(NamedTuple):
    """An answer from the owning administration, `after` days after the idea was sent."""

    status: str
    after: float
    text: str


@dataclass(frozen=True)
class IdeaSpec:
    project: str  # the Danish slug of the project
    by: str  # key of a citizen
    day: float
    place: tuple[float, float] | None
    category: str | None
    title: str
    description: str
    supporters: int = 0  # how many demo citizens support it
    comments: tuple[C, ...] = ()
    answers: tuple[A, ...] = ()
    reports: tuple[str, ...] = ()  # reasons, each from another citizen
    hide_by_reports: bool = False  # reported by enough citizens to be hidden automatically
    hidden: str = ""  # a moderator hid it, with this reason for the author
    approved: bool = False  # a moderator looked at its reports and kept it public
    language: str = "da"  # "en": sent on the project's English page


# The demo citizen whose login is printed (content.DEMO_ACCOUNTS, role "citizen") is "borger". The others
# cannot sign in (unusable passwords) and get no e-mails.
DEMO_CITIZEN = "borger"
CITIZENS: dict[str, Citizen] = {
    "borger01": Citizen("borger01@example.dk", "Mette", "Sørensen"),
    "borger02": Citizen("borger02@example.dk", "Ahmad", "Rahimi"),
    "borger03": Citizen("borger03@example.dk", "Line", "Kristensen"),
    "borger04": Citizen("borger04@example.dk", "Jonas", "Holm"),
    "borger05": Citizen("borger05@example.dk", "Priya", "Nair"),
    "borger06": Citizen("borger06@example.dk", "Fatma", "Yilmaz"),
    "borger07": Citizen("borger07@example.dk", "Peter", "Møller"),
    "borger08": Citizen("borger08@example.dk", "Sara", "Nielsen"),
    "borger09": Citizen("borger09@example.dk", "Tom", "Fletcher"),
    "borger10": Citizen("borger10@example.dk", "Mikkel", "Berg"),
    "borger11": Citizen("borger11@example.dk", "Birgit", "Poulsen"),
    "borger12": Citizen("borger12@example.dk", "Omar", "Hassan"),
    "tilbud": Citizen("tilbud@example.dk", "Grøn", "Tilbud"),
}
# Who supports and reports: the citizens in this order, skipping the idea's author.
SUPPORTERS = [DEMO_CITIZEN, *(key for key in CITIZENS if key != "tilbud")]

CASE_OFFICER_GROUP = "Sagsbehandlere – {abbreviation}"
CASE_OFFICER_ADMINISTRATION = "TMF"

NB = "et-groennere-noerrebro"
AV = "borgerbudget-amager-vest-2027"
BB = "tryggere-skoleveje-i-bispebjerg"

TREES, RAIN, STAY, TRAFFIC = "Træer og beplantning", "Regnvand og klima", "Ophold og leg", "Trafik og sikkerhed"
CATEGORIES: dict[str, list[T]] = {
    NB: [
        T(TREES, "Trees and planting"),
        T(RAIN, "Rainwater and climate"),
        T(STAY, "Places to sit and play"),
        T(TRAFFIC, "Traffic and safety"),
    ],
}

RECEIVED, CONSIDERING, PROPOSAL = AnswerStatus.RECEIVED, AnswerStatus.CONSIDERING, AnswerStatus.PROPOSAL
PLANNED, NOT_POSSIBLE, IMPLEMENTED = AnswerStatus.PLANNED, AnswerStatus.NOT_POSSIBLE, AnswerStatus.IMPLEMENTED
THANKS = "Tak for din idé. Vi har modtaget den og giver dig et svar inden for projektets svarfrist."
THANKS_EN = "Thank you for your idea. We have received it and will answer within the project's answer deadline."

# fmt: off
IDEAS: list[IdeaSpec] = [
    # Et grønnere Nørrebro (TMF): the ideas phase is open.
    IdeaSpec(NB, "borger03", 0.4, (55.6930, 12.5535), TREES, "Træer langs muren i Møllegade",
        "Møllegade er en lang, varm gade med kirkegårdsmuren på den ene side og ingen skygge. Plant en række træer "
        "på fortovet langs muren, så der bliver skygge om sommeren.",
        supporters=9,
        comments=(
            C("borger07", "Ja tak! Og gerne nogle bænke under træerne, så man kan sidde og vente på bussen."),
            C("borger03", "God idé, bænke var også det, jeg tænkte på.", reply_to=0),
            C("borger10", "Husk, at der står mange cykler langs muren. De skal også have plads."),
        ),
        answers=(A(CONSIDERING, 2.1, "Tak for idéen. Vi undersøger, om der er plads til træer i Møllegade, når vi "
                   "har tjekket ledninger og kabler under fortovet. Idéen indgår i vores arbejde med forslagene."),)),
    IdeaSpec(NB, "borger08", 9.6, (55.6924, 12.5527), TREES, "Flere træer i Møllegade ved Assistens",
        "Der er så varmt på fortovet i Møllegade om sommeren. Kan der plantes træer, måske lindetræer ligesom inde "
        "på kirkegården?",
        supporters=3),
    IdeaSpec(NB, "borger01", 0.6, (55.6873, 12.5546), STAY, "Skygge og flere bænke på Blågårds Plads",
        "Blågårds Plads er fuld af mennesker på varme dage, men der er næsten ingen skygge. Flere træer og bænke i "
        "skyggen ville gøre pladsen bedre for både ældre og børnefamilier.",
        supporters=11,
        comments=(
            C("borger06", "Enig. Der mangler også et sted at fylde vand på flasken."),
            C("borger12", "Der er en vandpost ved Blågårdsgade, men den virker ikke altid.", reply_to=0),
            C("borger04", "Pas på, at pladsen stadig kan bruges til koncerter og loppemarked."),
        ),
        answers=(A(PLANNED, 3.2, "Tak for idéen. Blågårds Plads får nye træer og bænke, når pladsen bliver "
                   "renoveret. Renoveringen er allerede planlagt, og vi sender din idé videre til det projekt."),)),
    IdeaSpec(NB, DEMO_CITIZEN, 1.5, (55.6872, 12.5605), RAIN, "Regnbede i Ravnsborggade",
        "Ved kraftig regn står vandet på tværs af Ravnsborggade ved Nørrebrogade. Regnbede i et par af "
        "parkeringsbåsene kunne tage vandet og give lidt grønt til gaden.",
        supporters=6,
        comments=(C("borger02", "Det er præcis der, vores kælder blev oversvømmet sidste år."),),
        answers=(A(CONSIDERING, 4.0, "Tak for idéen. Ravnsborggade ligger lavt, og vi ved, at vandet samler sig ved "
                   "Nørrebrogade. Vi undersøger, om regnbede kan tage nok vand, og hvor mange parkeringspladser det "
                   "vil koste."),)),
    IdeaSpec(NB, DEMO_CITIZEN, 11.3, (55.6905, 12.5590), TREES, "Plantekasser i Elmegade",
        "Elmegade er en hyggelig gade med mange caféer, men der er kun asfalt. Store plantekasser med buske og "
        "blomster mellem cykelstativerne ville gøre den endnu bedre.",
        supporters=2),
    IdeaSpec(NB, "borger11", 2.2, (55.6917, 12.5575), STAY, "Bænke til ældre i Birkegade",
        "Jeg er 78 og kan ikke gå langt uden at hvile mig. Der er ingen bænke på hele Birkegade. To eller tre bænke "
        "med ryglæn og armlæn ville hjælpe mange af os ældre.",
        supporters=4,
        comments=(C("borger01", "Helt enig – og med armlæn, så det er nemt at rejse sig igen."),),
        answers=(A(PROPOSAL, 5.0, "Tak for idéen. Bænke med ryg- og armlæn i Birkegade går videre som en del af "
                   "forslaget om flere steder at sidde i sidegaderne omkring Sankt Hans Torv. Forslaget får en pris "
                   "og en vurdering i behandlingsfasen."),)),
    IdeaSpec(NB, "borger06", 1.1, (55.6920, 12.5560), TRAFFIC, "Skolegade i Guldbergsgade ved Guldberg Skole",
        "Om morgenen er der kaos med biler, der afleverer børn ved Guldberg Skole. Luk gaden for biler fra kl. 7.30 "
        "til 8.30, og sæt plantekasser op, så børnene kan gå og cykle sikkert.",
        supporters=10,
        comments=(
            C("borger10", "Skolen prøvede det i en uge i foråret, og det fungerede rigtig godt."),
            C("borger07", "Hvad med os beboere, der skal ud med bilen om morgenen?"),
            C("borger06", "Man kan stadig køre ud, bare ikke ind. Sådan gør mange skoler allerede.", reply_to=1),
        ),
        answers=(A(CONSIDERING, 3.0, "Tak for idéen. Skolegader er en del af kommunens plan for trafiksikkerhed. "
                   "Vi taler med Guldberg Skole og skolebestyrelsen om, hvordan en skolegade i Guldbergsgade kan "
                   "se ud."),)),
    IdeaSpec(NB, "borger04", 0.8, (55.6913, 12.5612), TREES, "Flere træer på Sankt Hans Torv",
        "Sankt Hans Torv har kun få træer, og stenbelægningen bliver meget varm. Flere store træer ved springvandet "
        "ville give skygge til både caféerne og dem, der bare vil sidde.",
        supporters=7, answers=(A(RECEIVED, 1.0, THANKS),)),
    IdeaSpec(NB, "borger02", 3.4, (55.6905, 12.5625), RAIN, "Regnvand fra tagene i Fælledvej",
        "Tagvandet fra husene i Fælledvej løber direkte i kloakken. Lad det løbe ud i små bede langs fortovet i "
        "stedet, så træerne får vand.",
        supporters=2, answers=(A(RECEIVED, 0.9, THANKS),)),
    IdeaSpec(NB, "borger10", 2.7, (55.6929, 12.5483), STAY, "Bænke og plantekasser i Jægersborggade",
        "Jægersborggade er blevet et sted, hvor folk mødes, men man må sidde på kantstenen. Faste bænke og "
        "plantekasser i den nordlige ende ved Kapelvej ville give mere liv.",
        supporters=5,
        comments=(C("borger03", "Ja, men ikke flere udeserveringer. Det skal være bænke, som alle må bruge."),)),
    IdeaSpec(NB, "borger12", 0.5, (55.6920, 12.5425), RAIN, "Hans Tavsens Park skal kunne tage regnvand",
        "Ved skybruddet sidste sommer stod vandet højt i Hans Tavsens Gade. Parken kunne laves om, så den kan rumme "
        "vandet og samtidig blive grønnere.",
        supporters=8,
        answers=(A(PLANNED, 2.5, "Tak for idéen. Hans Tavsens Park og Korsgade bliver allerede lavet om til et "
                   "skybrudsprojekt, som HOFOR og kommunen står bag sammen. Parken skal kunne rumme store mængder "
                   "regnvand og lede det videre til Søerne."),)),
    IdeaSpec(NB, "borger07", 4.3, (55.6862, 12.5555), RAIN, "Grønne render i Korsgade",
        "Lav åbne render med planter i Korsgade, så regnvandet kan løbe ned mod Peblinge Sø i stedet for at "
        "oversvømme kældrene.",
        supporters=3,
        answers=(A(PLANNED, 1.8, "Tak for idéen. Korsgade er en del af skybrudsprojektet for Hans Tavsens Park og "
                   "Korsgade, hvor regnvandet skal ledes i grønne render ned til Peblinge Sø. Arbejdet er allerede "
                   "planlagt."),)),
    IdeaSpec(NB, "borger01", 5.2, (55.6885, 12.5555), TREES, "Træer i stedet for p-pladser i Stengade",
        "Stengade har parkering i begge sider og ingen træer. Fjern nogle af p-pladserne, og plant træer i stedet.",
        supporters=4,
        comments=(
            C("borger07", "Hvor skal vi så parkere? Der er allerede for få pladser."),
            C("borger01", "Jeg forstår godt bekymringen, men bare to eller tre pladser ville gøre en stor forskel.",
              reply_to=0),
        ),
        reports=("Man kan ikke bare fjerne parkeringspladser. Vi har brug for dem.",), approved=True,
        answers=(A(CONSIDERING, 4.0, "Tak for idéen. Der er fortsat brug for parkering i Stengade, men vi "
                   "undersøger, om enkelte pladser kan blive til træer og bede."),)),
    IdeaSpec(NB, "borger08", 6.1, (55.6880, 12.5520), TRAFFIC, "Cykelparkering og træer i Griffenfeldsgade",
        "Fortovet i Griffenfeldsgade er fyldt med cykler, så man ikke kan komme frem med en barnevogn. Byt et par "
        "bilpladser ud med cykelstativer og et træ.",
        supporters=3),
    IdeaSpec(NB, "borger04", 3.9, (55.6875, 12.5470), TREES, "Grønt hjørne ved Rantzausgade og Åboulevard",
        "På hjørnet ved Åboulevard er der et stort stykke asfalt, som ingen bruger. Det kunne blive et lille grønt "
        "hjørne med træer og en bænk.",
        supporters=1,
        answers=(A(NOT_POSSIBLE, 3.0, "Tak for idéen. Hjørnet ved Åboulevard er en brandvej og skal kunne bruges af "
                   "redningskøretøjer, så vi kan ikke plante træer eller sætte bænke der. Vi ser i stedet på, om der "
                   "er plads længere inde i Rantzausgade."),)),
    IdeaSpec(NB, "borger02", 7.3, (55.6885, 12.5500), STAY, "Legegade i Baggesensgade",
        "Mange børn leger på fortovet i Baggesensgade. Gør en del af gaden til legegade med lav fart og noget at "
        "klatre på.",
        supporters=6, comments=(C("borger11", "Det ville være dejligt at høre børn lege her igen."),)),
    IdeaSpec(NB, "borger12", 8.2, (55.6870, 12.5525), STAY, "Lommepark i Todesgade",
        "Den lille plads for enden af Todesgade bruges kun til at stille affald. Med lidt beplantning og en bænk "
        "kunne den blive en lommepark.",
        supporters=2),
    IdeaSpec(NB, "borger03", 4.8, (55.6905, 12.5470), TREES, "Blomstereng langs Kapelvej",
        "Græsrabatten langs Kapelvej bliver slået hver uge. Lad den gro som blomstereng, så der kommer bier og "
        "sommerfugle. Det passer godt til kirkegården ved siden af.",
        supporters=5,
        answers=(A(IMPLEMENTED, 4.5, "Tak for idéen. Vores driftsafdeling slår ikke længere rabatten langs "
                   "Kapelvej. Der er sået engblomster i den, og den bliver kun slået to gange om året."),)),
    IdeaSpec(NB, "borger06", 6.6, (55.6935, 12.5455), TRAFFIC, "Bump og træer i Sjællandsgade",
        "Bilerne kører for stærkt i Sjællandsgade, når de skyder genvej fra Jagtvej. Vejbump med træer på hver side "
        "ville sætte farten ned og gøre gaden grønnere.",
        supporters=4, answers=(A(RECEIVED, 1.2, THANKS),)),
    IdeaSpec(NB, "borger10", 1.9, (55.6975, 12.5420), STAY, "Vandposten i Nørrebroparken skal virke",
        "Vandposten ved legepladsen i Nørrebroparken har været i stykker hele foråret. Den skal laves, og der burde "
        "være en mere i den anden ende af parken.",
        supporters=4,
        answers=(A(IMPLEMENTED, 2.0, "Tak for din besked. Vandposten ved legepladsen er repareret. En ekstra "
                   "vandpost tager vi med, når vi vurderer idéerne."),)),
    IdeaSpec(NB, "borger01", 2.9, (55.6998, 12.5428), TREES, "Skygge på Den Sorte Plads i Superkilen",
        "Den Sorte Plads i Superkilen bliver brandvarm om sommeren. Plant nogle træer, eller sæt solsejl op, så man "
        "kan opholde sig der på varme dage.",
        supporters=12,
        comments=(
            C("borger12", "Børnene brænder sig på belægningen i juli."),
            C("borger04", "Superkilen er et kunstværk. Det skal man tænke på, før man ændrer den."),
            C("borger01", "Enig, men træer kan godt passe ind. Der står jo allerede palmer i parken.", reply_to=1),
            C("borger08", "Solsejl ville være en billig løsning at starte med."),
        ),
        answers=(A(CONSIDERING, 3.5, "Tak for idéen. Ændringer i Superkilen skal aftales med arkitekterne bag "
                   "parken. Vi undersøger sammen med dem, om der kan komme mere skygge på Den Sorte Plads."),)),
    IdeaSpec(NB, "borger07", 9.1, (55.7000, 12.5470), TREES, "Frugttræer i Mimersparken",
        "Mimersparken har plads til en lille frugtlund med æble- og pæretræer, som børnene i kvarteret kan plukke "
        "fra."),
    IdeaSpec(NB, "borger04", 5.9, (55.7015, 12.5485), TRAFFIC, "Skolegade ved Rådmandsgades Skole",
        "Ved Rådmandsgades Skole holder forældre i dobbeltparkering hver morgen. Gør gaden til skolegade med "
        "plantekasser, der lukker for biler om morgenen.",
        supporters=7, answers=(A(RECEIVED, 0.8, THANKS),)),
    IdeaSpec(NB, "borger12", 3.1, (55.7045, 12.5505), TREES, "Grøn midterrabat i Haraldsgade",
        "Haraldsgade er bred og fyldt med asfalt. En grøn midterrabat med træer ville give skygge og gøre det "
        "sikrere at krydse gaden.",
        supporters=9,
        comments=(C("borger02", "Ja! Det er et af de steder på Nørrebro, hvor der er mest plads."),),
        answers=(A(PROPOSAL, 6.2, "Tak for idéen. En grøn midterrabat i Haraldsgade går videre som forslag. Vi "
                   "regner på prisen og ser på, hvordan den passer med busserne og cykelstierne."),)),
    IdeaSpec(NB, "borger11", 7.8, (55.7015, 12.5530), STAY, "Bænk ved stoppestedet i Heimdalsgade",
        "Der er ingen bænk ved busstoppestedet i Heimdalsgade. Det er svært for ældre at stå og vente, især om "
        "vinteren.",
        supporters=1,
        answers=(A(NOT_POSSIBLE, 2.4, "Tak for idéen. Fortovet ved stoppestedet i Heimdalsgade er for smalt til en "
                   "bænk, når der også skal være plads til kørestole og barnevogne. Vi har bedt Movia se på, om der "
                   "kan komme et læskur med bænk ved det næste stoppested."),)),
    IdeaSpec(NB, "borger08", 10.4, (55.7025, 12.5440), TREES, "Træer i Nannasgade",
        "Nannasgade har ingen træer overhovedet. Selv et par små træer ville gøre en stor forskel for os, der bor "
        "her.",
        supporters=2),
    IdeaSpec(NB, "borger03", 12.2, (55.6919, 12.5383), STAY, "Legeplads ved Lundtoftegade",
        "Der bor mange børnefamilier omkring Lundtoftegade, men den nærmeste legeplads er langt væk. Den brede "
        "fortovsstrækning kunne få et par legeredskaber og en sandkasse.",
        supporters=1),
    IdeaSpec(NB, "borger10", 11.7, (55.7022, 12.5463), STAY, "Fællesbord og bede i Hamletsgade",
        "Vi er en gruppe naboer i Hamletsgade, som gerne vil passe nogle bede og have et langt bord, hvor vi kan "
        "spise sammen om sommeren.",
        supporters=3, comments=(C("borger06", "Vi vil gerne være med fra nummer 12!"),)),
    IdeaSpec(NB, "borger02", 6.9, (55.6962, 12.5445), RAIN, "Faskiner under fortovet i Husumgade",
        "Lav faskiner under fortovet i Husumgade, så regnvandet siver ned i jorden i stedet for at løbe i "
        "kloakken.",
        answers=(A(RECEIVED, 1.5, THANKS),)),
    IdeaSpec(NB, "borger01", 12.8, (55.6955, 12.5520), TREES, "Grønne facader i Søllerødgade",
        "Husene i Søllerødgade har lange, bare gavle. Klatreplanter på facaderne ville gøre gaden grønnere uden at "
        "tage plads fra fortovet."),
    IdeaSpec(NB, "borger07", 1.3, (55.6955, 12.5460), TREES, "Flere træer på Nørrebrogade",
        "Nørrebrogade er bydelens hovedgade, men på den ydre del er der næsten ingen træer. Plant træer hele vejen "
        "op til Nørrebro Station.",
        supporters=5,
        answers=(A(NOT_POSSIBLE, 2.0, "Tak for idéen. Nørrebrogade er ikke en del af dette projekt: "
                   "Borgerrepræsentationen har besluttet, at vi kun arbejder i sidegaderne. Vi har sendt din idé "
                   "videre til dem, der planlægger Nørrebrogade."),)),
    IdeaSpec(NB, "borger04", 8.8, (55.6968, 12.5516), TRAFFIC, "Sikker krydsning af Jagtvej ved Assistens",
        "Det er svært at komme over Jagtvej ved indgangen til Assistens Kirkegård. Et fodgængerfelt med en grøn "
        "midterhelle ville hjælpe.",
        supporters=2,
        answers=(A(NOT_POSSIBLE, 2.2, "Tak for idéen. Jagtvej er ikke med i projektet, som kun omfatter "
                   "sidegaderne. Vi har sendt din idé videre til vores trafikafdeling, som vurderer krydsningerne på "
                   "Jagtvej."),)),
    IdeaSpec(NB, "borger11", 4.1, (55.6852, 12.5585), STAY, "Flere bænke langs Peblinge Dossering",
        "Stien langs Peblinge Sø er fyldt med gående og løbere, men der er langt mellem bænkene. Flere bænke ville "
        "gøre det muligt for os ældre at gå hele turen.",
        supporters=6, answers=(A(RECEIVED, 1.0, THANKS),)),
    IdeaSpec(NB, "borger06", 8.4, (55.6866, 12.5560), RAIN, "Regnbede i Blågårdsgade",
        "Blågårdsgade er gågade, men fuld af fliser. Regnbede langs husene ville tage vandet fra tagene og gøre "
        "gaden grønnere.",
        supporters=3,
        comments=(C("borger01", "Gerne med planter, der kan tåle at blive trådt lidt på. Der er mange mennesker."),)),
    IdeaSpec(NB, "borger12", 5.5, (55.6930, 12.5570), TREES, "Træer i Prinsesse Charlottes Gade",
        "Prinsesse Charlottes Gade har brede fortove uden træer. Der er plads til en række træer i begge sider.",
        supporters=2,
        answers=(A(CONSIDERING, 4.4, "Tak for idéen. Vi har målt fortovene i Prinsesse Charlottes Gade, og der ser "
                   "ud til at være plads. Nu undersøger vi, om der ligger ledninger, som er i vejen for "
                   "rødderne."),)),
    IdeaSpec(NB, "borger08", 2.5, (55.6965, 12.5395), TRAFFIC, "Grøn og tryg cykelrute langs Nordbanegade",
        "Nordbanegade er en vigtig cykelrute til Nørrebro Station. Plant buske og træer langs ruten, så den bliver "
        "grønnere og mere tryg om aftenen.",
        supporters=4,
        answers=(A(CONSIDERING, 5.7, "Tak for idéen. Vi undersøger, om der er plads til beplantning langs "
                   "Nordbanegade, uden at det bliver sværere at se cyklister og gående om aftenen."),)),
    IdeaSpec(NB, "borger02", 10.9, (55.7010, 12.5460), STAY, "Bordtennisbord i Bragesgade",
        "De unge i Bragesgade har ikke noget sted at være. Et bordtennisbord og et par bænke på den brede del af "
        "fortovet ville give dem et sted at mødes.",
        supporters=1),
    IdeaSpec(NB, "borger07", 7.1, (55.6885, 12.5585), TREES, "Fjern de hvide varevogne i Meinungsgade",
        "Manden i nummer 9 parkerer altid sine tre hvide varevogne, så der ikke er plads til noget grønt. Han er en "
        "egoist, og kommunen burde give ham bøder hver dag.",
        hidden="Vi har skjult idéen, fordi den omtaler en bestemt person. Skriv den gerne igen uden at nævne "
        "personer, så kan den blive vist."),
    IdeaSpec(NB, "tilbud", 9.9, (55.6915, 12.5630), None, "Billige plantekasser – skriv til os",
        "Vi sælger plantekasser i alle størrelser til gårde og altaner. Skriv til os for et godt tilbud. Vi leverer "
        "på hele Nørrebro.",
        reports=("Det er en reklame, ikke en idé.", "Spam.", "Reklame for et firma."), hide_by_reports=True),
    IdeaSpec(NB, "borger03", 6.4, (55.6863, 12.5545), STAY, "Skygge over legepladsen i Folkets Park",
        "Legepladsen i Folkets Park har ingen skygge. Et par træer eller et solsejl over sandkassen ville gøre det "
        "muligt at bruge den midt på dagen om sommeren.",
        supporters=5,
        comments=(
            C("borger06", "Ja tak, vi går der hver dag med vores to små."),
            C("borger11", "Det er da en dum idé. Træer tager mange år om at vokse.",
              reports=("Uhøflig tone over for de andre.",)),
        )),
    IdeaSpec(NB, "borger04", 3.6, None, TREES, "Lad gårdlaug og skoler adoptere træerne",
        "Nye træer dør ofte de første somre, fordi de ikke får vand nok. Lad gårdlaug, skoler og foreninger adoptere "
        "et træ og få en vandsæk, så de kan hjælpe med at vande.",
        supporters=8,
        comments=(C("borger11", "Det vil vores gårdlaug i Birkegade gerne være med til."),),
        answers=(A(CONSIDERING, 4.9, "Tak for idéen. Vi vil gerne have naboer, skoler og foreninger med til at passe "
                   "det grønne. Vi undersøger, hvordan en ordning for at adoptere træer kan fungere, og tager den "
                   "med i forslagene."),)),
    IdeaSpec(NB, "borger08", 12.6, None, RAIN, "Regntønder til gårdene",
        "Kommunen kunne give gårdlaugene regntønder, så vi kan samle regnvand og bruge det til at vande i gården.",
        supporters=1),
    # Et grønnere Nørrebro, sent on the English page by citizens who read English.
    IdeaSpec(NB, "borger05", 1.7, (55.6978, 12.5412), TREES, "Trees along the cycle path through Nørrebroparken",
        "The cycle path through Nørrebroparken is very exposed to wind and sun. A row of trees along it would give "
        "shade in summer and shelter in winter.",
        supporters=4, language="en", answers=(A(RECEIVED, 1.1, THANKS_EN),)),
    IdeaSpec(NB, "borger09", 4.6, (55.6960, 12.5490), RAIN, "A rain garden at the corner of Stefansgade",
        "Water pools on this corner every time it rains hard, and the pavement is broken there anyway. A small rain "
        "garden could take the water and make the corner nicer.",
        supporters=3, language="en",
        comments=(C("borger02", "I walk past it every day. It is true, there is always water there."),),
        answers=(A(CONSIDERING, 3.9, "Thank you for your idea. We know that water collects at this corner. We are "
                   "looking into whether a rain garden there can take enough water, and we will include it in our "
                   "assessment of the proposals."),)),
    IdeaSpec(NB, "borger05", 8.7, (55.7000, 12.5395), TREES, "Fruit trees and a shared garden by Mjølnerparken",
        "Many families here would love to grow vegetables together. A small shared garden with fruit trees on the "
        "lawn by Mjølnerparken would bring neighbours together.",
        supporters=2, language="en"),
    IdeaSpec(NB, "borger09", 10.2, (55.6995, 12.5435), STAY, "Drinking water at Superkilen",
        "There is nowhere to fill a water bottle in Superkilen, and lots of children play there on hot days. Please "
        "add a drinking fountain.",
        supporters=1, language="en"),
    IdeaSpec(NB, "borger05", 12.4, (55.6877, 12.5475), TRAFFIC, "Safer crossing for children on Rantzausgade",
        "Cars drive fast on Rantzausgade, and children cross it on their way to school. Raised crossings with "
        "planters on each side would slow the traffic and add some green.",
        language="en"),

    # Borgerbudget Amager Vest 2027 (ØKF): ideas collected 120 to 61 days ago, proposals now on the ballot.
    IdeaSpec(AV, "borger02", 3.5, (55.6650, 12.5765), None, "Udendørs fitness i Havneparken",
        "Mange træner langs havnefronten på Islands Brygge, men redskaberne i Havneparken er slidte og for få. Nye "
        "redskaber til både unge og ældre ville blive brugt hver dag.",
        supporters=11,
        comments=(
            C("borger04", "Gerne nogle, der også kan bruges af folk i kørestol."),
            C("borger02", "God pointe, det er jeg helt enig i.", reply_to=0),
        ),
        answers=(A(RECEIVED, 2.0, THANKS),
                 A(PROPOSAL, 18.0, "Tak for idéen. Nye træningsredskaber i Havneparken går videre som forslag og "
                   "kommer på stemmesedlen med en pris på 450.000 kr. Redskaberne kan også bruges fra kørestol."))),
    IdeaSpec(AV, "borger10", 8.2, (55.6300, 12.5790), None, "Bænke og læ ved Ørestad Station",
        "Ørestads Boulevard er lang, bar og blæsende. Bænke med læ og nogle træer ved Ørestad Station ville gøre det "
        "rarere at vente og mødes.",
        supporters=7,
        answers=(A(PROPOSAL, 21.0, "Tak for idéen. Bænke med læ og træer ved Ørestad Station går videre som forslag "
                   "og kommer på stemmesedlen med en pris på 380.000 kr."),)),
    IdeaSpec(AV, "borger06", 12.6, (55.6280, 12.5800), None, "Vandleg i Byparken i Ørestad",
        "Byparken har en fin legeplads, men på varme dage er der intet at køle sig af med. En lille vandlegeplads "
        "ville glæde alle børnefamilierne i Ørestad.",
        supporters=9,
        comments=(
            C("borger12", "Vores børn ville elske det!"),
            C("borger08", "Husk, at vandet skal kunne lukkes om vinteren, så det ikke fryser."),
        ),
        answers=(A(PROPOSAL, 19.0, "Tak for idéen. En vandlegeplads i Byparken går videre som forslag og kommer på "
                   "stemmesedlen med en pris på 900.000 kr."),)),
    IdeaSpec(AV, "borger07", 15.3, (55.6300, 12.5600), None, "Bålhytte på Kalvebod Fælled",
        "En bålhytte på Kalvebod Fælled ville give skoler, spejdere og familier et sted at samles og lave mad over "
        "bål.",
        supporters=3,
        answers=(A(NOT_POSSIBLE, 24.0, "Tak for idéen. Kalvebod Fælled er fredet og en del af et Natura "
                   "2000-område, og der må ikke bygges nyt dér, hvor du har peget. Ved Naturcenter Amager er der "
                   "bålpladser, som alle kan bruge."),)),
    IdeaSpec(AV, "borger01", 20.4, (55.6672, 12.5790), None, "Flere skraldespande på havnefronten",
        "På varme dage flyder havnefronten på Islands Brygge med affald. Der skal være flere og større "
        "skraldespande, som bliver tømt oftere.",
        supporters=5,
        answers=(A(PLANNED, 14.0, "Tak for idéen. Teknik- og Miljøforvaltningen sætter flere store affaldsspande op "
                   "på havnefronten til sommer og tømmer dem oftere i weekenderne. Derfor bliver idéen ikke et "
                   "forslag i borgerbudgettet."),)),
    IdeaSpec(AV, "borger08", 26.7, (55.6500, 12.5780), None, "Lys på stien over Amager Fælled",
        "Stien over Amager Fælled mellem Islands Brygge og Sundby er helt mørk om vinteren. Lav belysning langs "
        "stien ville gøre det trygt at cykle hjem.",
        supporters=6,
        answers=(A(PROPOSAL, 17.0, "Tak for idéen. Lav belysning langs stien over Amager Fælled, som skåner dyrelivet, "
                   "går videre som forslag og kommer på stemmesedlen med en pris på 1,1 mio. kr."),)),
    IdeaSpec(AV, "borger12", 33.0, (55.6452, 12.5858), None, "Cykelværksted ved Sundby Station",
        "Et lille fællesværksted med værktøj og luftpumpe ved Sundby Station, hvor man selv kan lappe sin cykel.",
        supporters=2, answers=(A(RECEIVED, 3.0, THANKS),)),
    IdeaSpec(AV, "borger04", 41.5, (55.6335, 12.5780), None, "Overdækket cykelparkering ved Ørestad Skole",
        "Cyklerne ved Ørestad Skole står i regn og blæst. Et overdækket cykelskur ville få flere børn til at cykle i "
        "skole.",
        supporters=4),
    IdeaSpec(AV, "borger11", 47.2, None, None, "Gratis koncerter på Islands Brygge hver sommer",
        "Borgerbudgettet kunne betale for gratis koncerter på Islands Brygge hver sommer, så naboer mødes på tværs "
        "af generationer.",
        supporters=3,
        answers=(A(NOT_POSSIBLE, 16.0, "Tak for idéen. Borgerbudgettet kan betale for anlæg og aktiviteter, der "
                   "bliver gennemført inden for et år, men ikke for faste arrangementer år efter år. Vi har sendt "
                   "idéen videre til Amager Vest Lokaludvalg, som støtter lokale arrangementer."),)),
    IdeaSpec(AV, "borger03", 52.0, (55.6625, 12.5800), None, "Læsehave ved Kulturhuset Islands Brygge",
        "Bag Kulturhuset er der en græsplæne, som ingen bruger. Med bænke, borde og lidt beplantning kunne den "
        "blive en læsehave for biblioteket.",
        supporters=5,
        answers=(A(PROPOSAL, 12.0, "Tak for idéen. En læsehave ved Kulturhuset Islands Brygge går videre som "
                   "forslag og kommer på stemmesedlen med en pris på 250.000 kr."),)),

    # Tryggere skoleveje i Bispebjerg (BUF): ideas collected about a year ago, the works are under way.
    IdeaSpec(BB, "borger06", 2.4, (55.7125, 12.5400), None, "Hævet flade ved Tagensbo Skole",
        "Bilerne kører stærkt forbi Tagensbo Skole, og mange børn krydser vejen om morgenen. En hævet flade i "
        "krydset ville få bilerne til at sætte farten ned.",
        supporters=10,
        comments=(C("borger10", "Min søn går i 2. klasse der, og jeg tør ikke lade ham gå alene."),),
        answers=(A(PROPOSAL, 20.0, "Tak for idéen. Krydset ved Tagensbo Skole er blandt de ni steder, der bliver "
                   "bygget om, og det får en hævet flade."),
                 A(IMPLEMENTED, 330.0, "Den hævede flade ved Tagensbo Skole er færdig og taget i brug. Tak til alle, "
                   "der pegede på stedet."))),
    IdeaSpec(BB, "borger02", 6.8, (55.7090, 12.5240), None, "Lys på stien ved Tomsgårdsvej",
        "Stien ved Tomsgårdsvej, som mange børn bruger på vej til skole, er helt mørk om vinteren. Der skal være "
        "lys, så det føles trygt at gå der.",
        supporters=8,
        answers=(A(PROPOSAL, 22.0, "Tak for idéen. Stien er en af de tre stier, der får ny belysning."),
                 A(IMPLEMENTED, 380.0, "Den nye belysning på stien er tændt. Tak for jeres tålmodighed, mens arbejdet "
                   "stod på."))),
    IdeaSpec(BB, "borger12", 11.5, (55.70266, 12.531613), None, "Fodgængerfelt med midterhelle på Frederikssundsvej",
        "Børnene skal over fire vognbaner på Frederikssundsvej for at komme i skole. Et fodgængerfelt med en "
        "midterhelle ville gøre det meget sikrere.",
        supporters=6,
        answers=(A(PROPOSAL, 18.0, "Tak for idéen. Stedet er blandt de ni, der bliver bygget om, og får et nyt "
                   "fodgængerfelt med midterhelle. Arbejdet bliver lavet i en af skolernes ferier."),)),
    IdeaSpec(BB, "borger11", 14.0, None, None, "Flere skolepatruljer",
        "Der burde være skolepatruljer ved alle de store kryds i Bispebjerg, ikke kun ved nogle af skolerne.",
        supporters=3,
        answers=(A(PLANNED, 9.0, "Tak for idéen. Skolerne i Bispebjerg udvider ordningen med skolepatruljer fra "
                   "næste skoleår sammen med politiet."),)),
    IdeaSpec(BB, "borger07", 19.3, (55.7090, 12.5370), None, "Vejbump på Rentemestervej",
        "Der bliver kørt alt for stærkt på Rentemestervej. Sæt vejbump op hele vejen.",
        supporters=2,
        answers=(A(NOT_POSSIBLE, 12.0, "Tak for idéen. Der kører busser på Rentemestervej, og vejbump ville gøre "
                   "turen langsommere og ubehagelig for passagererne. Vi har i stedet bedt politiet om flere "
                   "hastighedskontroller."),)),
    IdeaSpec(BB, "borger03", 27.9, (55.72286, 12.532166), None, "Cykelsti på Emdrupvej",
        "Emdrupvej mangler cykelsti på det stykke, hvor mange børn cykler til skole. Lav en rigtig cykelsti, så de "
        "ikke skal cykle ude mellem bilerne.",
        supporters=4,
        answers=(A(PLANNED, 15.0, "Tak for idéen. Teknik- og Miljøforvaltningen anlægger cykelsti på Emdrupvej som "
                   "en del af kommunens cykelstiplan. Derfor er stedet ikke med i dette projekt."),)),
    IdeaSpec(BB, "borger04", 33.1, (55.716591, 12.531878), None, "Sikker krydsning ved Bispebjerg Torv",
        "Ved Bispebjerg Torv er der mange biler og busser, der svinger. Børnene har brug for en sikker og tydelig "
        "krydsning.",
        supporters=7,
        answers=(A(PROPOSAL, 16.0, "Tak for idéen. Krydsningen ved Bispebjerg Torv er blandt de ni steder, der "
                   "bliver bygget om."),
                 A(IMPLEMENTED, 300.0, "Krydsningen ved Bispebjerg Torv er bygget om med en hævet flade og tydelige "
                   "fodgængerfelter."))),
    IdeaSpec(BB, "borger08", 44.2, (55.7170, 12.5225), None, "Afsætningsplads ved Utterslev Skole",
        "Forældre holder i anden række, når de afleverer børn ved Utterslev Skole. En afsætningsplads lidt væk fra "
        "indgangen ville give mere ro.",
        supporters=1,
        answers=(A(CONSIDERING, 25.0, "Tak for idéen. Stedet er ikke blandt de ni, der bliver bygget om nu, men vi "
                   "undersøger sammen med skolen, om der er plads til en afsætningsplads."),)),
]
# fmt: on

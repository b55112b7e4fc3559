"""The demo content of `manage.py seed_demo`, as data: every text in Danish and English.

`T(da, en)` holds one text in both languages. The English text must have the same shape as the
Danish one (for rich text: the same elements, in the same order, with the same links), because it
becomes the wagtail-localize translation of the Danish string it stands beside.

Texts may name the dates of a project's phases as `{ideas_start}`, `{voting_end}` and so on (and
`{today}`): the seeding service fills them in, in the reader's language, from dates it computes
relative to the day it runs, so the demo always has projects in every stage.
"""

from dataclasses import dataclass, field
from typing import NamedTuple


class DemoContentError(Exception):
    """The demo content cannot be seeded as written; the message says what to fix."""


class T(NamedTuple):
    """One text in Danish and English."""

    da: str
    en: str


@dataclass(frozen=True)
class AdministrationSpec:
    abbreviation: str
    name: T
    website: str


@dataclass(frozen=True)
class PhaseSpec:
    phase_type: str
    start: int  # days from the day the demo is seeded
    end: int
    title: T
    description: T


@dataclass(frozen=True)
class UpdateSpec:
    days: int  # days from the day the demo is seeded (negative: in the past)
    title: T
    text: T


@dataclass(frozen=True)
class PageSpec:
    title: T
    slug: T
    intro: T
    body: list[tuple[str, object]] = field(default_factory=list)
    show_in_menus: bool = False


@dataclass(frozen=True)
class ProjectSpec:
    title: T
    slug: T
    administration: str  # abbreviation
    district_codes: tuple[int, ...]  # bydel_nr 1-10
    latitude: float
    longitude: float
    expected_phase: str  # the phase running on the day the demo is seeded
    summary: T
    purpose: T
    already_decided: T
    can_influence: T
    input_use: T
    decision_timing: T
    contact: T
    body: list[tuple[str, object]]
    phases: list[PhaseSpec]
    updates: list[UpdateSpec]
    answer_deadline_days: int = 30


CONTACT_EMAIL = "sammenombyen@kk.dk"

ADMINISTRATIONS = [
    AdministrationSpec("ØKF", T("Økonomiforvaltningen", "Finance Administration"), "https://www.kk.dk/"),
    AdministrationSpec(
        "KFF", T("Kultur- og Fritidsforvaltningen", "Culture and Leisure Administration"), "https://www.kk.dk/"
    ),
    AdministrationSpec(
        "BUF", T("Børne- og Ungdomsforvaltningen", "Children and Youth Administration"), "https://www.kk.dk/"
    ),
    AdministrationSpec(
        "SUF", T("Sundheds- og Omsorgsforvaltningen", "Health and Care Administration"), "https://www.kk.dk/"
    ),
    AdministrationSpec("SOF", T("Socialforvaltningen", "Social Services Administration"), "https://www.kk.dk/"),
    AdministrationSpec(
        "TMF",
        T("Teknik- og Miljøforvaltningen", "Technical and Environmental Administration"),
        "https://www.kk.dk/",
    ),
    AdministrationSpec(
        "BIF",
        T("Beskæftigelses- og Integrationsforvaltningen", "Employment and Integration Administration"),
        "https://www.kk.dk/",
    ),
]

HOME = {
    "title": T("Sammen om byen", "Sammen om byen"),
    "slug": T("forside", "home"),
    "intro": T(
        "Her kan du følge Københavns Kommunes projekter, komme med idéer, kommentere og stemme om, hvordan "
        "penge skal bruges i din bydel. Vi spørger, før beslutningerne bliver truffet – og vi svarer på alle idéer.",
        "Follow the City of Copenhagen's projects, share your ideas, comment, and vote on how money is spent in "
        "your district. We ask before decisions are made – and we answer every idea.",
    ),
    "how_to_heading": T("Sådan deltager du", "How to take part"),
    "how_to_steps": [
        {
            "title": T("Find et projekt", "Find a project"),
            "text": T(
                "Se projekterne på kortet eller i listen. Hvert projekt fortæller, hvad der allerede er besluttet, "
                "og hvad du kan være med til at bestemme.",
                "Browse the projects on the map or in the list. Each project tells you what is already decided "
                "and what you can help decide.",
            ),
        },
        {
            "title": T("Kom med din idé", "Share your idea"),
            "text": T(
                "Sæt en nål på kortet, eller skriv en adresse, og beskriv din idé med et par sætninger. Du kan "
                "også kommentere og støtte andres idéer.",
                "Put a pin on the map, or type an address, and describe your idea in a couple of sentences. You "
                "can also comment on and support other people's ideas.",
            ),
        },
        {
            "title": T("Stem på forslagene", "Vote on the proposals"),
            "text": T(
                "Når idéerne er vurderet og prissat, stemmer du om, hvilke forslag der skal gennemføres inden for "
                "budgettet. Afstemningen er bindende.",
                "Once the ideas have been assessed and costed, you vote on which proposals are carried out within "
                "the budget. The vote is binding.",
            ),
        },
        {
            "title": T("Følg med i, hvad der sker", "Follow what happens"),
            "text": T(
                "Følg et projekt, og få besked, når din idé får svar, når der er nyt, og når de vindende forslag "
                "bliver til virkelighed.",
                "Follow a project and be told when your idea gets an answer, when there is news, and when the "
                "winning proposals become reality.",
            ),
        },
    ],
}

PROJECT_INDEX = PageSpec(
    title=T("Projekter", "Projects"),
    slug=T("projekter", "projects"),
    intro=T(
        "Alle projekter, hvor du kan følge med eller deltage. Find dem på kortet, eller filtrér efter bydel, "
        "forvaltning og fase.",
        "All projects you can follow or take part in. Find them on the map, or filter by district, "
        "administration and phase.",
    ),
    show_in_menus=True,
)

ABOUT = PageSpec(
    title=T("Om platformen", "About the platform"),
    slug=T("om-platformen", "about-the-platform"),
    intro=T(
        "Sammen om byen er Københavns Kommunes platform for borgerdialog og borgerbudgetter. Her spørger "
        "kommunen, før beslutningerne bliver truffet, og her kan du se, hvad dine idéer blev til.",
        "Sammen om byen is the City of Copenhagen's platform for citizen dialogue and citizens' budgets. Here "
        "the city asks before decisions are made, and here you can see what became of your ideas.",
    ),
    show_in_menus=True,
    body=[
        (
            "rich_text",
            T(
                "<h2>Fem principper for dialog</h2>"
                "<p>Platformen bygger på Københavns Kommunes principper for borgerdialog:</p>"
                "<ul>"
                "<li><b>Dialog er en kerneopgave.</b> Hvert projekt har en ansvarlig forvaltning, "
                "som svarer på alle idéer.</li>"
                "<li><b>Tidlig dialog.</b> Vi spørger, før beslutningerne er truffet.</li>"
                "<li><b>Klar dialog.</b> Hvert projekt fortæller, hvad der er besluttet, hvad du kan påvirke, "
                "og hvornår der bliver besluttet.</li>"
                "<li><b>Engagerende dialog.</b> Du kan komme med idéer på kortet, kommentere, støtte og stemme.</li>"
                "<li><b>Mangfoldig dialog.</b> Platformen er på dansk og engelsk, virker på mobilen og med "
                "skærmlæser, og stemmer på papir tæller også.</li>"
                "</ul>"
                "<h2>Borgerbudgetter</h2>"
                "<p>I et borgerbudget bestemmer borgerne, hvordan en del af kommunens penge skal bruges i "
                "bydelen. Idéerne bliver vurderet og prissat af forvaltningerne, og afstemningen er bindende. "
                "Lokaludvalget gennemgår de vindende forslag, og du kan følge, hvordan de bliver gennemført.</p>"
                "<h2>Dine oplysninger</h2>"
                "<p>Du kan læse alt på platformen uden at logge ind. For at komme med idéer, kommentere eller "
                "stemme skal du oprette en konto med din e-mailadresse. Din stemme kan ikke kobles til dig, "
                "når resultatet offentliggøres.</p>",
                "<h2>Five principles for dialogue</h2>"
                "<p>The platform is built on the City of Copenhagen's principles for citizen dialogue:</p>"
                "<ul>"
                "<li><b>Dialogue is a core task.</b> Every project has a responsible administration, "
                "which answers every idea.</li>"
                "<li><b>Early dialogue.</b> We ask before decisions are made.</li>"
                "<li><b>Clear dialogue.</b> Every project tells you what is decided, what you can influence, "
                "and when decisions are made.</li>"
                "<li><b>Engaging dialogue.</b> You can pin ideas on the map, comment, support and vote.</li>"
                "<li><b>Diverse dialogue.</b> The platform is in Danish and English, works on phones and with "
                "screen readers, and paper ballots count too.</li>"
                "</ul>"
                "<h2>Citizens' budgets</h2>"
                "<p>In a citizens' budget, citizens decide how part of the city's money is spent in their "
                "district. The administrations assess and cost the ideas, and the vote is binding. "
                "The local committee reviews the winning proposals, and you can follow how they are carried "
                "out.</p>"
                "<h2>Your information</h2>"
                "<p>You can read everything on the platform without signing in. To share ideas, comment or "
                "vote, you create an account with your e-mail address. Your vote cannot be linked to you "
                "when the result is published.</p>",
            ),
        ),
        (
            "key_facts",
            {
                "heading": T("Kort fortalt", "In brief"),
                "facts": [
                    {"label": T("Ejer", "Owner"), "value": T("Københavns Kommune", "City of Copenhagen")},
                    {"label": T("Sprog", "Languages"), "value": T("Dansk og engelsk", "Danish and English")},
                    {"label": T("Kontakt", "Contact"), "value": T(CONTACT_EMAIL, CONTACT_EMAIL)},
                ],
            },
        ),
    ],
)

ACCESSIBILITY_STATEMENT = PageSpec(
    title=T("Tilgængelighedserklæring", "Accessibility statement"),
    slug=T("tilgaengelighedserklaering", "accessibility-statement"),
    intro=T(
        "Københavns Kommune er forpligtet til at gøre sine websteder tilgængelige i overensstemmelse med lov "
        "nr. 692 af 8. juni 2018 om tilgængelighed af offentlige organers websteder og mobilapplikationer. "
        "Denne tilgængelighedserklæring gælder for platformen Sammen om byen.",
        "The City of Copenhagen is committed to making its websites accessible in accordance with Danish Act "
        "no. 692 of 8 June 2018 on the accessibility of public sector bodies' websites and mobile applications. "
        "This accessibility statement applies to the Sammen om byen platform.",
    ),
    body=[
        (
            "rich_text",
            T(
                "<h2>Overholdelsesstatus</h2>"
                "<p>Webstedet er delvist i overensstemmelse med standarden EN 301 549 og de "
                "Web Content Accessibility Guidelines (WCAG) 2.1 på niveau AA, som vi sigter efter. "
                "Det skyldes de manglende overensstemmelser, der er nævnt nedenfor.</p>"
                "<h2>Indhold, der ikke er tilgængeligt</h2>"
                "<ul>"
                "<li>Kortet kan være svært at bruge med skærmlæser og tastatur. Alle projekter og idéer på kortet "
                "findes også i en liste, og du kan angive et sted ved at skrive en adresse i stedet for at "
                "sætte en nål.</li>"
                "<li>Nogle PDF-dokumenter, som forvaltningerne lægger på projekterne, er ikke tilgængelige. "
                "Skriv til os, hvis du har brug for indholdet i en anden form.</li>"
                "<li>Billeder, som borgere uploader til deres idéer, har ikke altid en tekstbeskrivelse.</li>"
                "<li>Borgernes idéer og kommentarer vises på det sprog, de er skrevet på, og er ikke "
                "oversat.</li>"
                "<li>Kortbaggrunden har steder med lav kontrast mellem vejnavne og baggrund.</li>"
                "</ul>"
                "<h2>Udarbejdelse af denne tilgængelighedserklæring</h2>"
                "<p>Erklæringen blev udarbejdet den {today}. Vi har testet webstedet med det automatiske "
                "værktøj axe-core og manuelt med tastatur. Webstedet er endnu ikke gennemgået af en uafhængig "
                "ekspert, og vi har endnu ikke testet det sammen med brugere af skærmlæser. Erklæringen "
                "bliver opdateret, når vi retter fejl, og mindst én gang om året.</p>"
                "<h2>Feedback og kontaktoplysninger</h2>"
                "<p>Hvis du oplever problemer med tilgængeligheden, eller har du brug for indhold i en anden "
                'form, så skriv til <a href="mailto:sammenombyen@kk.dk">sammenombyen@kk.dk</a>. '
                "Beskriv gerne, hvilken side og hvilket indhold det drejer sig om.</p>"
                "<h2>Håndhævelsesprocedure</h2>"
                "<p>Digitaliseringsstyrelsen har ansvaret for at håndhæve reglerne om webtilgængelighed. "
                "Hvis du mener, at vi ikke har svaret tilfredsstillende på din henvendelse, kan du klage til "
                'Digitaliseringsstyrelsen via <a href="https://www.digitaltilgaengelighed.dk/">'
                "digitaltilgaengelighed.dk</a>.</p>",
                "<h2>Compliance status</h2>"
                "<p>The website is partially compliant with the standard EN 301 549 and the "
                "Web Content Accessibility Guidelines (WCAG) 2.1 at level AA, which we aim for. "
                "This is because of the non-compliances listed below.</p>"
                "<h2>Content that is not accessible</h2>"
                "<ul>"
                "<li>The map can be hard to use with a screen reader and keyboard. Every project and idea on the "
                "map is also in a list, and you can give a location by typing an address instead of placing "
                "a pin.</li>"
                "<li>Some PDF documents that the administrations add to projects are not accessible. "
                "Write to us if you need the content in another form.</li>"
                "<li>Images that citizens upload with their ideas do not always have a text description.</li>"
                "<li>Citizens' ideas and comments are shown in the language they were written in and are not "
                "translated.</li>"
                "<li>The map background has places with low contrast between street names and background.</li>"
                "</ul>"
                "<h2>Preparation of this accessibility statement</h2>"
                "<p>This statement was prepared on {today}. We have tested the website with the automatic "
                "tool axe-core and manually with a keyboard. The website has not yet been reviewed by an "
                "independent expert, and we have not yet tested it with screen reader users. The statement "
                "is updated when we fix issues, and at least once a year.</p>"
                "<h2>Feedback and contact information</h2>"
                "<p>If you experience problems with accessibility, or need content in another form, "
                'write to <a href="mailto:sammenombyen@kk.dk">sammenombyen@kk.dk</a>. '
                "Please tell us which page and which content it concerns.</p>"
                "<h2>Enforcement procedure</h2>"
                "<p>The Danish Agency for Digital Government (Digitaliseringsstyrelsen) is responsible for "
                "enforcing the rules on web accessibility. If you think we have not answered your enquiry "
                "satisfactorily, you can complain to the agency via "
                '<a href="https://www.digitaltilgaengelighed.dk/">digitaltilgaengelighed.dk</a>.</p>',
            ),
        ),
    ],
)

PROJECTS = [
    ProjectSpec(
        title=T("Et grønnere Nørrebro", "A greener Nørrebro"),
        slug=T("et-groennere-noerrebro", "a-greener-norrebro"),
        administration="TMF",
        district_codes=(3,),
        latitude=55.6935,
        longitude=12.5445,
        expected_phase="ideas",
        # Shorter than the default 30 days, so the demo's work queue shows ideas past their deadline.
        answer_deadline_days=10,
        summary=T(
            "Vi vil plante flere træer, lave regnbede og bryde asfalten op i sidegaderne på Nørrebro. "
            "Fortæl os, hvor der mangler grønt, og hvad det grønne skal kunne.",
            "We want to plant more trees, build rain gardens and break up the asphalt in the side streets of "
            "Nørrebro. Tell us where greenery is missing and what it should do for you.",
        ),
        purpose=T(
            "Nørrebro er den tættest bebyggede bydel i København og har mindst grønt pr. indbygger. "
            "Projektet skal give mere skygge og flere steder at opholde sig og gøre sidegaderne bedre til at "
            "klare skybrud.",
            "Nørrebro is the most densely built district in Copenhagen and has the least greenery per resident. "
            "The project should give more shade and more places to spend time, and make the side streets "
            "better at handling cloudbursts.",
        ),
        already_decided=T(
            "Borgerrepræsentationen har afsat 12 mio. kr. til projektet. Vi arbejder kun i sidegader; "
            "Nørrebrogade, Jagtvej og Nørre Allé er ikke med. Brandveje, adgang for renovation og "
            "handicapparkering skal bevares.",
            "The City Council has set aside DKK 12 million for the project. We only work in side streets; "
            "Nørrebrogade, Jagtvej and Nørre Allé are not included. Fire lanes, access for refuse collection and "
            "disabled parking must be kept.",
        ),
        can_influence=T(
            "Du kan foreslå, hvilke gader og hjørner der skal prioriteres, om der skal være træer, regnbede, "
            "bænke eller plantekasser, og hvem der kan være med til at passe det grønne – fx gårdlaug, skoler "
            "eller foreninger.",
            "You can suggest which streets and corners should come first, whether there should be trees, rain "
            "gardens, benches or planters, and who could help look after the greenery – for example housing "
            "associations, schools or clubs.",
        ),
        input_use=T(
            "Alle idéer bliver læst og får et offentligt svar. Vi samler idéerne i 5–8 konkrete forslag med "
            "pris og en vurdering af, om de kan lade sig gøre. Nørrebro Lokaludvalg får forslagene i høring, før "
            "Teknik- og Miljøudvalget beslutter.",
            "Every idea is read and gets a public answer. We combine the ideas into 5–8 concrete proposals, "
            "each with a cost and an assessment of whether it can be done. Nørrebro Local Committee is heard on "
            "the proposals before the Technical and Environmental Committee decides.",
        ),
        decision_timing=T(
            "Du kan komme med idéer til og med den {ideas_end}. Vi behandler idéerne frem til den {review_end}, "
            "og derefter beslutter Teknik- og Miljøudvalget, hvilke forslag der bliver anlagt. Anlægget "
            "begynder den {realisation_start}.",
            "You can share ideas until {ideas_end}. We review the ideas until {review_end}, and then the "
            "Technical and Environmental Committee decides which proposals are built. Construction starts "
            "on {realisation_start}.",
        ),
        contact=T(
            "Team Byens Grønne Rum, Teknik- og Miljøforvaltningen\ngroentnoerrebro@kk.dk\nTelefon 33 66 33 66",
            "Urban Green Spaces team, Technical and Environmental Administration\ngroentnoerrebro@kk.dk\n"
            "Phone +45 33 66 33 66",
        ),
        body=[
            (
                "rich_text",
                T(
                    "<h2>Hvorfor grønnere sidegader?</h2>"
                    "<p>Træer og bede giver skygge på varme dage, opsuger regnvand og gør gaden til et sted, "
                    "man har lyst til at opholde sig. Sidegaderne på Nørrebro har mange steder brede fortove og "
                    "parkeringsbåse, hvor der kan blive plads til mere grønt.</p>"
                    "<h3>Eksempler på idéer, vi gerne vil høre om</h3>"
                    "<ul>"
                    "<li>Et hjørne, hvor et træ kunne give skygge til en bænk</li>"
                    "<li>Et sted, hvor vandet står efter kraftig regn</li>"
                    "<li>En gade, hvor børn leger, og hvor der mangler plads til ophold</li>"
                    "</ul>",
                    "<h2>Why greener side streets?</h2>"
                    "<p>Trees and planting give shade on hot days, soak up rainwater and make the street a place "
                    "where people want to spend time. Many of Nørrebro's side streets have wide pavements and "
                    "parking bays where there could be room for more greenery.</p>"
                    "<h3>Examples of ideas we would like to hear about</h3>"
                    "<ul>"
                    "<li>A corner where a tree could shade a bench</li>"
                    "<li>A place where water collects after heavy rain</li>"
                    "<li>A street where children play and there is no room to sit</li>"
                    "</ul>",
                ),
            ),
            (
                "key_facts",
                {
                    "heading": T("Fakta om projektet", "Project facts"),
                    "facts": [
                        {"label": T("Budget", "Budget"), "value": T("12 mio. kr.", "DKK 12 million")},
                        {
                            "label": T("Område", "Area"),
                            "value": T("Sidegader på Nørrebro", "Side streets in Nørrebro"),
                        },
                        {"label": T("Frist for idéer", "Deadline for ideas"), "value": T("{ideas_end}", "{ideas_end}")},
                        {
                            "label": T("Ansvarlig", "Responsible"),
                            "value": T("Teknik- og Miljøforvaltningen", "Technical and Environmental Administration"),
                        },
                    ],
                },
            ),
            (
                "quote",
                {
                    "quote": T(
                        "Det er jer, der bor og arbejder i gaderne, der ved, hvor skyggen mangler, og hvor vandet "
                        "står efter et skybrud. Den viden har vi brug for.",
                        "You who live and work in these streets know where shade is missing and where water "
                        "collects after a cloudburst. We need that knowledge.",
                    ),
                    "attribution": T(
                        "Sofie Lund, projektleder i Teknik- og Miljøforvaltningen",
                        "Sofie Lund, project manager, Technical and Environmental Administration",
                    ),
                },
            ),
        ],
        phases=[
            PhaseSpec(
                "information",
                -40,
                -15,
                T("Kortlægning af sidegaderne", "Mapping the side streets"),
                T(
                    "Vi har kortlagt træer, belægning, kloak og parkering i sidegaderne.",
                    "We mapped trees, paving, sewers and parking in the side streets.",
                ),
            ),
            PhaseSpec(
                "ideas",
                -14,
                21,
                T("Idéer til grønne sidegader", "Ideas for green side streets"),
                T(
                    "Sæt en nål på kortet, hvor du mener, der mangler grønt, og fortæl hvorfor.",
                    "Put a pin on the map where you think greenery is missing, and tell us why.",
                ),
            ),
            PhaseSpec(
                "review",
                22,
                60,
                T("Idéerne vurderes og prissættes", "The ideas are assessed and costed"),
                T(
                    "Forvaltningen svarer på idéerne og samler dem i konkrete forslag med pris.",
                    "The administration answers the ideas and combines them into concrete, costed proposals.",
                ),
            ),
            PhaseSpec(
                "realisation",
                61,
                425,
                T("Anlæg af de grønne sidegader", "Building the green side streets"),
                T(
                    "De valgte forslag bliver anlagt gade for gade. Vi fortæller her, hvor vi arbejder.",
                    "The chosen proposals are built street by street. We post here where we are working.",
                ),
            ),
        ],
        updates=[
            UpdateSpec(
                -30,
                T("Kortlægningen er færdig", "The mapping is complete"),
                T(
                    "Vi har registreret 1.140 gadetræer og fundet 38 steder, hvor asfalten kan brydes op uden at "
                    "genere brandveje og renovation.",
                    "We have recorded 1,140 street trees and found 38 places where the asphalt can be broken up "
                    "without blocking fire lanes or refuse collection.",
                ),
            ),
            UpdateSpec(
                -14,
                T("Idéfasen er åben", "The ideas phase is open"),
                T(
                    "Nu kan du komme med idéer til grønnere sidegader. Sæt en nål på kortet, eller skriv en adresse.",
                    "You can now share ideas for greener side streets. Put a pin on the map or type an address.",
                ),
            ),
        ],
    ),
    ProjectSpec(
        title=T("Borgerbudget Amager Vest 2027", "Citizens' budget Amager Vest 2027"),
        slug=T("borgerbudget-amager-vest-2027", "citizens-budget-amager-vest-2027"),
        administration="ØKF",
        district_codes=(10,),
        latitude=55.6640,
        longitude=12.5780,
        expected_phase="voting",
        summary=T(
            "Amager Vest har 3 mio. kr. til projekter, som borgerne selv har foreslået. 14 forslag er vurderet "
            "og prissat. Nu bestemmer du med din stemme, hvilke der bliver gennemført.",
            "Amager Vest has DKK 3 million for projects that residents have proposed themselves. 14 proposals "
            "have been assessed and costed. Now you decide with your vote which ones are carried out.",
        ),
        purpose=T(
            "Borgerbudgettet giver borgerne i Amager Vest direkte indflydelse på, hvordan en del af kommunens "
            "penge bliver brugt i bydelen, og skal få flere til at tage del i beslutningerne om deres "
            "nærområde.",
            "The citizens' budget gives the residents of Amager Vest a direct say in how part of the city's "
            "money is spent in their district, and should get more people to take part in decisions about "
            "their neighbourhood.",
        ),
        already_decided=T(
            "Borgerrepræsentationen har afsat 3 mio. kr. Pengene skal bruges på anlæg eller aktiviteter i "
            "bydelen, som kan gennemføres inden for et år. Afstemningen er bindende: forslagene med flest "
            "stemmer bliver gennemført, så længe der er penge i budgettet.",
            "The City Council has set aside DKK 3 million. The money must be spent on facilities or activities "
            "in the district that can be carried out within a year. The vote is binding: the proposals with "
            "the most votes are carried out for as long as there is money left in the budget.",
        ),
        can_influence=T(
            "Du bestemmer, hvilke af de 14 forslag på stemmesedlen der skal gennemføres. Du kan vælge så mange "
            "forslag, du vil, så længe de tilsammen holder sig inden for budgettet på 3 mio. kr.",
            "You decide which of the 14 proposals on the ballot are carried out. You can choose as many "
            "proposals as you like, as long as together they stay within the budget of DKK 3 million.",
        ),
        input_use=T(
            "Stemmerne bliver talt, når afstemningen lukker. Forslagene med flest stemmer bliver valgt, indtil "
            "budgettet er brugt. Amager Vest Lokaludvalg gennemgår de vindende forslag og offentliggør sine "
            "beslutninger med begrundelse. Stemmer på papir tæller på lige fod med stemmer her.",
            "The votes are counted when voting closes. The proposals with the most votes are chosen until the "
            "budget is spent. Amager Vest Local Committee reviews the winning proposals and publishes its "
            "decisions with reasons. Paper ballots count the same as votes cast here.",
        ),
        decision_timing=T(
            "Du kan stemme til og med den {voting_end}. Resultatet bliver offentliggjort kort efter, og de "
            "vindende forslag bliver gennemført fra den {realisation_start}.",
            "You can vote until {voting_end}. The result is published shortly afterwards, and the winning "
            "proposals are carried out from {realisation_start}.",
        ),
        contact=T(
            "Sekretariatet for borgerbudgetter, Økonomiforvaltningen\nborgerbudget@kk.dk\nTelefon 33 66 33 66",
            "Citizens' budget secretariat, Finance Administration\nborgerbudget@kk.dk\nPhone +45 33 66 33 66",
        ),
        body=[
            (
                "rich_text",
                T(
                    "<h2>Sådan stemmer du</h2>"
                    "<ol>"
                    "<li>Log ind med din e-mailadresse.</li>"
                    "<li>Vælg de forslag, du vil stemme på. Du kan se, hvor meget der er tilbage af "
                    "budgettet, mens du vælger.</li>"
                    "<li>Se dine valg igennem, og afgiv din stemme. Du får en kvitteringskode.</li>"
                    "</ol>"
                    "<p>Du kan ændre din stemme, indtil afstemningen lukker. Du kan også stemme på papir hos "
                    "Amager Vest Lokaludvalg og på bydelens biblioteker.</p>",
                    "<h2>How to vote</h2>"
                    "<ol>"
                    "<li>Sign in with your e-mail address.</li>"
                    "<li>Choose the proposals you want to vote for. You can see how much of the budget is left "
                    "while you choose.</li>"
                    "<li>Review your choices and cast your vote. You get a receipt code.</li>"
                    "</ol>"
                    "<p>You can change your vote until voting closes. You can also vote on paper at Amager "
                    "Vest Local Committee and at the district's libraries.</p>",
                ),
            ),
            (
                "key_facts",
                {
                    "heading": T("Borgerbudgettet i tal", "The citizens' budget in figures"),
                    "facts": [
                        {"label": T("Budget", "Budget"), "value": T("3 mio. kr.", "DKK 3 million")},
                        {"label": T("Idéer", "Ideas"), "value": T("212", "212")},
                        {"label": T("Forslag på stemmesedlen", "Proposals on the ballot"), "value": T("14", "14")},
                        {
                            "label": T("Afstemningen lukker", "Voting closes"),
                            "value": T("{voting_end}", "{voting_end}"),
                        },
                    ],
                },
            ),
            (
                "quote",
                {
                    "quote": T(
                        "Det bedste ved borgerbudgettet er, at vi ikke bare bliver spurgt. Vi bestemmer.",
                        "The best thing about the citizens' budget is that we are not just asked. We decide.",
                    ),
                    "attribution": T(
                        "Deltager i idéværkstedet på Islands Brygge",
                        "Participant in the ideas workshop at Islands Brygge",
                    ),
                },
            ),
        ],
        phases=[
            PhaseSpec(
                "ideas",
                -120,
                -61,
                T("Idéindsamling", "Collecting ideas"),
                T(
                    "Borgerne kom med idéer på kortet og til idéværksteder i bydelen.",
                    "Residents shared ideas on the map and at ideas workshops in the district.",
                ),
            ),
            PhaseSpec(
                "review",
                -60,
                -15,
                T("Forslagene vurderes og prissættes", "The proposals are assessed and costed"),
                T(
                    "Forvaltningerne vurderede, om idéerne kan lade sig gøre, og hvad de koster.",
                    "The administrations assessed whether the ideas can be done and what they cost.",
                ),
            ),
            PhaseSpec(
                "voting",
                -14,
                14,
                T("Afstemning om de 14 forslag", "Vote on the 14 proposals"),
                T(
                    "Vælg de forslag, du vil have gennemført, inden for budgettet på 3 mio. kr.",
                    "Choose the proposals you want carried out, within the budget of DKK 3 million.",
                ),
            ),
            PhaseSpec(
                "realisation",
                15,
                380,
                T("De vindende forslag gennemføres", "The winning proposals are carried out"),
                T(
                    "Lokaludvalget gennemgår vinderne, og forvaltningerne gennemfører dem.",
                    "The local committee reviews the winners, and the administrations carry them out.",
                ),
            ),
            PhaseSpec(
                "evaluation",
                381,
                440,
                T("Hvad skete der?", "What happened?"),
                T(
                    "Vi gør status over borgerbudgettet og spørger, hvad der skal gøres bedre næste gang.",
                    "We take stock of the citizens' budget and ask what should be done better next time.",
                ),
            ),
        ],
        updates=[
            UpdateSpec(
                -100,
                T("Tak for 212 idéer", "Thank you for 212 ideas"),
                T(
                    "Idéindsamlingen gav 212 idéer fra hele bydelen. Nu vurderer forvaltningerne dem.",
                    "Collecting ideas gave us 212 ideas from across the district. The administrations are now "
                    "assessing them.",
                ),
            ),
            UpdateSpec(
                -20,
                T("14 forslag går videre til afstemningen", "14 proposals go forward to the vote"),
                T(
                    "Alle idéer har fået et svar. 14 forslag kan lade sig gøre inden for reglerne og kommer på "
                    "stemmesedlen.",
                    "Every idea has had an answer. 14 proposals can be done within the rules and go on the ballot.",
                ),
            ),
            UpdateSpec(
                -14,
                T("Afstemningen er åben", "Voting is open"),
                T(
                    "Nu kan du stemme. Du kan ændre din stemme, indtil afstemningen lukker.",
                    "You can vote now. You can change your vote until voting closes.",
                ),
            ),
        ],
    ),
    # Last year's citizens' budget in Nørrebro and Bispebjerg: voting closed a year ago and the results are
    # published; the two local committees decide on the winners. Its budget round, proposals and 500 ballots are
    # made and counted by `cms.demo.closed_round`, the committees' decisions by `cms.demo.committees`.
    ProjectSpec(
        title=T("Borgerbudget Nørrebro og Bispebjerg 2026", "Citizens' budget Nørrebro and Bispebjerg 2026"),
        slug=T("borgerbudget-noerrebro-og-bispebjerg-2026", "citizens-budget-noerrebro-and-bispebjerg-2026"),
        administration="ØKF",
        district_codes=(3, 8),
        latitude=55.6990,
        longitude=12.5450,
        expected_phase="realisation",
        summary=T(
            "Sidste år bestemte borgerne på Nørrebro og i Bispebjerg, hvordan 1,5 mio. kr. skulle bruges. 500 "
            "stemte om 12 forslag. Se resultatet, lokaludvalgenes beslutninger, og følg de vindende forslag, mens "
            "de bliver gennemført.",
            "Last year the residents of Nørrebro and Bispebjerg decided how DKK 1.5 million should be spent. 500 "
            "people voted on 12 proposals. See the result and the local committees' decisions, and follow the "
            "winning proposals as they are carried out.",
        ),
        purpose=T(
            "Borgerbudgettet gav borgerne på Nørrebro og i Bispebjerg direkte indflydelse på, hvordan en del af "
            "kommunens penge blev brugt i deres bydel.",
            "The citizens' budget gave the residents of Nørrebro and Bispebjerg a direct say in how part of the "
            "city's money was spent in their district.",
        ),
        already_decided=T(
            "Afstemningen er slut, og stemmerne er talt med metoden lige andele (Method of Equal Shares). De "
            "vindende forslag bliver gennemført.",
            "Voting is over, and the votes were counted with the Method of Equal Shares. The winning proposals "
            "are being carried out.",
        ),
        can_influence=T(
            "Du kan følge og kommentere, mens de vindende forslag bliver gennemført. Alle stemmesedler er "
            "offentliggjort uden navne, så du selv kan tælle stemmerne op.",
            "You can follow and comment while the winning proposals are carried out. Every ballot is published "
            "without names, so you can count the votes yourself.",
        ),
        input_use=T(
            "Nørrebro Lokaludvalg og Bispebjerg Lokaludvalg gennemgår de vindende forslag i deres område og "
            "offentliggør deres beslutninger med begrundelse. Forslagene bliver derefter gennemført som besluttet.",
            "Nørrebro Local Committee and Bispebjerg Local Committee review the winning proposals in their areas "
            "and publish their decisions with reasons. The proposals are then carried out as decided.",
        ),
        decision_timing=T(
            "Afstemningen sluttede den {voting_end}. De vindende forslag bliver gennemført til og med den "
            "{realisation_end}.",
            "Voting closed on {voting_end}. The winning proposals are carried out until {realisation_end}.",
        ),
        contact=T(
            "Sekretariatet for borgerbudgetter, Økonomiforvaltningen\nborgerbudget@kk.dk\nTelefon 33 66 33 66",
            "Citizens' budget secretariat, Finance Administration\nborgerbudget@kk.dk\nPhone +45 33 66 33 66",
        ),
        body=[
            (
                "rich_text",
                T(
                    "<h2>Resultatet</h2>"
                    "<p>Stemmerne blev talt, da afstemningen lukkede. Resultatsiden viser, hvor mange stemmer "
                    "hvert forslag fik, hvilke forslag der blev valgt, og hvorfor.</p>",
                    "<h2>The result</h2>"
                    "<p>The votes were counted when voting closed. The results page shows how many votes each "
                    "proposal got, which proposals were chosen, and why.</p>",
                ),
            ),
            (
                "key_facts",
                {
                    "heading": T("Borgerbudgettet i tal", "The citizens' budget in figures"),
                    "facts": [
                        {"label": T("Budget", "Budget"), "value": T("1,5 mio. kr.", "DKK 1.5 million")},
                        {"label": T("Nørrebro", "Nørrebro"), "value": T("900.000 kr.", "DKK 900,000")},
                        {"label": T("Bispebjerg", "Bispebjerg"), "value": T("600.000 kr.", "DKK 600,000")},
                        {"label": T("Forslag på stemmesedlen", "Proposals on the ballot"), "value": T("12", "12")},
                        {"label": T("Stemmer", "Votes"), "value": T("500", "500")},
                    ],
                },
            ),
        ],
        phases=[
            PhaseSpec(
                "ideas",
                -470,
                -411,
                T("Idéindsamling", "Collecting ideas"),
                T(
                    "Borgerne kom med idéer på kortet og til idéværksteder i de to bydele.",
                    "Residents shared ideas on the map and at ideas workshops in the two districts.",
                ),
            ),
            PhaseSpec(
                "review",
                -410,
                -376,
                T("Forslagene vurderes og prissættes", "The proposals are assessed and costed"),
                T(
                    "Forvaltningerne vurderede, om idéerne kan lade sig gøre, og hvad de koster.",
                    "The administrations assessed whether the ideas can be done and what they cost.",
                ),
            ),
            PhaseSpec(
                "voting",
                -375,
                -362,
                T("Afstemning om de 12 forslag", "Vote on the 12 proposals"),
                T(
                    "Borgerne valgte de forslag i deres bydel, de ville have gennemført, inden for bydelens budget: "
                    "900.000 kr. på Nørrebro og 600.000 kr. i Bispebjerg.",
                    "Residents chose the proposals in their district they wanted carried out, within the district's "
                    "budget: DKK 900,000 in Nørrebro and DKK 600,000 in Bispebjerg.",
                ),
            ),
            PhaseSpec(
                "realisation",
                -361,
                60,
                T("De vindende forslag gennemføres", "The winning proposals are carried out"),
                T(
                    "Forvaltningerne gennemfører de forslag, der blev valgt.",
                    "The administrations carry out the proposals that were chosen.",
                ),
            ),
        ],
        updates=[
            UpdateSpec(
                -360,
                T("Resultatet er klar", "The result is ready"),
                T(
                    "Stemmerne er talt, og resultatet er offentliggjort sammen med alle stemmesedler uden navne.",
                    "The votes have been counted, and the result is published together with every ballot, "
                    "without names.",
                ),
            ),
            UpdateSpec(
                -120,
                T("De første forslag er gennemført", "The first proposals are done"),
                T(
                    "De første af de vindende forslag er på plads. Resten bliver gennemført i løbet af de næste "
                    "måneder.",
                    "The first of the winning proposals are in place. The rest are carried out over the coming months.",
                ),
            ),
        ],
    ),
    ProjectSpec(
        title=T("Ny idrætshal i Valby", "New sports hall in Valby"),
        slug=T("ny-idraetshal-i-valby", "new-sports-hall-in-valby"),
        administration="KFF",
        district_codes=(5,),
        latitude=55.6585,
        longitude=12.4960,
        expected_phase="information",
        summary=T(
            "Der skal bygges en ny idrætshal ved Valby Idrætspark. Før arkitekterne går i gang, vil vi høre, "
            "hvad hallen skal kunne bruges til – af foreninger, skoler og dig, der træner på egen hånd.",
            "A new sports hall is to be built at Valby Idrætspark. Before the architects start, we want to hear "
            "what the hall should be used for – by clubs, schools and you if you train on your own.",
        ),
        purpose=T(
            "Idrætsforeningerne i Valby har lange ventelister, og bydelens haller er fuldt bookede. Den nye hal "
            "skal give plads til flere børn og voksne og være et sted, hvor man også kan mødes uden for "
            "træningstiden.",
            "The sports clubs in Valby have long waiting lists, and the district's halls are fully booked. The "
            "new hall should make room for more children and adults and be a place to meet outside training "
            "hours too.",
        ),
        already_decided=T(
            "Hallen bliver bygget på kommunens grund ved Valby Idrætspark. Borgerrepræsentationen har afsat "
            "85 mio. kr. Der bliver mindst én hal i fuld størrelse til håndbold, basketball og futsal, og hele "
            "bygningen bliver tilgængelig for kørestolsbrugere.",
            "The hall will be built on the city's land at Valby Idrætspark. The City Council has set aside "
            "DKK 85 million. There will be at least one full-size hall for handball, basketball and futsal, and "
            "the whole building will be accessible to wheelchair users.",
        ),
        can_influence=T(
            "Du kan påvirke, hvad der skal være plads til ud over hallen – fx klatrevæg, motionsrum, "
            "mødelokaler eller en café – hvordan hallen kan bruges uden for foreningstid, og hvordan området "
            "omkring den bliver indrettet.",
            "You can influence what there should be room for besides the hall – for example a climbing wall, "
            "a gym, meeting rooms or a café – how the hall can be used outside club hours, and how the area "
            "around it is laid out.",
        ),
        input_use=T(
            "Idéerne bliver samlet i det byggeprogram, som arkitektkonkurrencen bygger på. Vi svarer på alle "
            "idéer og fortæller, hvilke der er med i programmet, og hvorfor andre ikke er.",
            "The ideas are brought together in the building brief that the architecture competition is based "
            "on. We answer every idea and explain which are in the brief, and why others are not.",
        ),
        decision_timing=T(
            "Idéfasen åbner den {ideas_start} og slutter den {ideas_end}. Kultur- og Fritidsudvalget godkender "
            "byggeprogrammet, når behandlingen slutter den {review_end}. Hallen ventes at stå færdig i 2029.",
            "The ideas phase opens on {ideas_start} and ends on {ideas_end}. The Culture and Leisure Committee "
            "approves the building brief when the review ends on {review_end}. The hall is expected to be "
            "finished in 2029.",
        ),
        contact=T(
            "Idræt og Anlæg, Kultur- og Fritidsforvaltningen\nidraetshalvalby@kk.dk\nTelefon 33 66 33 66",
            "Sports and Facilities, Culture and Leisure Administration\nidraetshalvalby@kk.dk\nPhone +45 33 66 33 66",
        ),
        body=[
            (
                "rich_text",
                T(
                    "<h2>Hvad sker der nu?</h2>"
                    "<p>Lige nu samler vi viden om, hvordan hallerne i Valby bliver brugt i dag, og hvem der "
                    "mangler plads. Når idéfasen åbner, kan du fortælle, hvad den nye hal skal kunne.</p>"
                    "<p>Følg projektet, så får du besked, når du kan komme med idéer.</p>",
                    "<h2>What happens now?</h2>"
                    "<p>Right now we are gathering knowledge about how the halls in Valby are used today and who "
                    "is short of space. When the ideas phase opens, you can tell us what the new hall should "
                    "offer.</p>"
                    "<p>Follow the project to be told when you can share ideas.</p>",
                ),
            ),
            (
                "key_facts",
                {
                    "heading": T("Fakta om hallen", "Facts about the hall"),
                    "facts": [
                        {"label": T("Budget", "Budget"), "value": T("85 mio. kr.", "DKK 85 million")},
                        {"label": T("Placering", "Location"), "value": T("Valby Idrætspark", "Valby Idrætspark")},
                        {
                            "label": T("Idéfasen åbner", "Ideas phase opens"),
                            "value": T("{ideas_start}", "{ideas_start}"),
                        },
                        {"label": T("Forventet færdig", "Expected completion"), "value": T("2029", "2029")},
                    ],
                },
            ),
            (
                "quote",
                {
                    "quote": T(
                        "Vi har venteliste på alle ungdomshold. En ny hal betyder, at flere hundrede børn mere kan "
                        "spille håndbold i Valby.",
                        "We have waiting lists for every youth team. A new hall means several hundred more "
                        "children can play handball in Valby.",
                    ),
                    "attribution": T("Formand for en håndboldklub i Valby", "Chair of a handball club in Valby"),
                },
            ),
        ],
        phases=[
            PhaseSpec(
                "information",
                -7,
                30,
                T("Information om projektet", "About the project"),
                T(
                    "Læs om projektet, og følg det for at få besked, når idéfasen åbner.",
                    "Read about the project, and follow it to be told when the ideas phase opens.",
                ),
            ),
            PhaseSpec(
                "ideas",
                31,
                75,
                T("Idéer til hallens indhold", "Ideas for what the hall should offer"),
                T(
                    "Fortæl os, hvad der skal være plads til i og omkring hallen.",
                    "Tell us what there should be room for in and around the hall.",
                ),
            ),
            PhaseSpec(
                "review",
                76,
                130,
                T("Byggeprogrammet skrives", "Writing the building brief"),
                T(
                    "Idéerne bliver vurderet og samlet i byggeprogrammet.",
                    "The ideas are assessed and brought together in the building brief.",
                ),
            ),
            PhaseSpec(
                "realisation",
                131,
                900,
                T("Arkitektkonkurrence og byggeri", "Architecture competition and construction"),
                T(
                    "Arkitekterne tegner hallen, og byggeriet går i gang.",
                    "The architects design the hall, and construction begins.",
                ),
            ),
        ],
        updates=[
            UpdateSpec(
                -7,
                T("Projektet er sat i gang", "The project has started"),
                T(
                    "Kultur- og Fritidsudvalget har sat arbejdet med den nye hal i gang. Følg projektet for at "
                    "få besked, når idéfasen åbner.",
                    "The Culture and Leisure Committee has started work on the new hall. Follow the project to "
                    "be told when the ideas phase opens.",
                ),
            ),
        ],
    ),
    ProjectSpec(
        title=T("Tryggere skoleveje i Bispebjerg", "Safer routes to school in Bispebjerg"),
        slug=T("tryggere-skoleveje-i-bispebjerg", "safer-routes-to-school-in-bispebjerg"),
        administration="BUF",
        district_codes=(8,),
        latitude=55.7090,
        longitude=12.5430,
        expected_phase="realisation",
        summary=T(
            "Elever, forældre og skoler i Bispebjerg pegede på de farligste steder på vejen til skole. Nu bliver "
            "ni af dem bygget om med hævede flader, bedre belysning og sikre krydsninger. Følg arbejdet her.",
            "Pupils, parents and schools in Bispebjerg pointed out the most dangerous places on the way to "
            "school. Now nine of them are being rebuilt with raised crossings, better lighting and safe "
            "junctions. Follow the work here.",
        ),
        purpose=T(
            "Flere børn skal kunne gå og cykle selv til skole. Projektet skal gøre de steder, som børn og "
            "forældre oplever som farligst, mere sikre og trygge.",
            "More children should be able to walk and cycle to school on their own. The project should make "
            "the places that children and parents find most dangerous safer and feel safer.",
        ),
        already_decided=T(
            "Børne- og Ungdomsudvalget har besluttet, at ni steder ved fire skoler bliver bygget om for "
            "6,5 mio. kr. Løsningerne er aftalt med politiet og Teknik- og Miljøforvaltningen.",
            "The Children and Youth Committee has decided that nine places near four schools will be rebuilt "
            "for DKK 6.5 million. The solutions have been agreed with the police and the Technical and "
            "Environmental Administration.",
        ),
        can_influence=T(
            "Idéfasen er slut. Du kan stadig kommentere og fortælle os, hvis der opstår farlige situationer "
            "under ombygningen. Når arbejdet er færdigt, spørger vi elever og forældre, om skolevejen føles "
            "tryggere.",
            "The ideas phase is over. You can still comment and tell us if dangerous situations arise during "
            "the works. When the work is finished, we will ask pupils and parents whether the route to school "
            "feels safer.",
        ),
        input_use=T(
            "438 elever og forældre pegede på 96 steder. De ni steder, der blev nævnt oftest, og hvor der har "
            "været flest uheld, blev valgt. Kommentarer under ombygningen går direkte til byggeledelsen, og "
            "evalueringen bliver offentliggjort her.",
            "438 pupils and parents pointed out 96 places. The nine places mentioned most often, and with the "
            "most accidents, were chosen. Comments during the works go straight to the site management, and "
            "the evaluation will be published here.",
        ),
        decision_timing=T(
            "De ni steder blev valgt i behandlingsfasen, som sluttede den {review_end}. Ombygningen er færdig "
            "den {realisation_end}, og evalueringen løber til og med den {evaluation_end}.",
            "The nine places were chosen in the review phase, which ended on {review_end}. The works finish "
            "on {realisation_end}, and the evaluation runs until {evaluation_end}.",
        ),
        contact=T(
            "Skoleveje og Trafiksikkerhed, Børne- og Ungdomsforvaltningen\nskoleveje@kk.dk\nTelefon 33 66 33 66",
            "Routes to School and Road Safety, Children and Youth Administration\nskoleveje@kk.dk\n"
            "Phone +45 33 66 33 66",
        ),
        body=[
            (
                "rich_text",
                T(
                    "<h2>Det bliver lavet</h2>"
                    "<ul>"
                    "<li>Hævede flader i fire kryds, så bilerne sætter farten ned</li>"
                    "<li>Ny belysning på tre stier, som mange bruger om vinteren</li>"
                    "<li>Nye fodgængerfelter med midterhelle to steder</li>"
                    "</ul>"
                    "<p>Arbejdet foregår så vidt muligt i skolernes ferier. Vi skilter omveje, når et kryds er "
                    "lukket.</p>",
                    "<h2>What is being done</h2>"
                    "<ul>"
                    "<li>Raised crossings at four junctions, so cars slow down</li>"
                    "<li>New lighting on three paths that many people use in winter</li>"
                    "<li>New pedestrian crossings with a central island in two places</li>"
                    "</ul>"
                    "<p>As far as possible, the work is done during the school holidays. We signpost detours when "
                    "a junction is closed.</p>",
                ),
            ),
            (
                "key_facts",
                {
                    "heading": T("Fakta om projektet", "Project facts"),
                    "facts": [
                        {"label": T("Budget", "Budget"), "value": T("6,5 mio. kr.", "DKK 6.5 million")},
                        {"label": T("Steder, der bygges om", "Places being rebuilt"), "value": T("9", "9")},
                        {"label": T("Skoler", "Schools"), "value": T("4", "4")},
                        {
                            "label": T("Elever og forældre, der deltog", "Pupils and parents who took part"),
                            "value": T("438", "438"),
                        },
                    ],
                },
            ),
            (
                "quote",
                {
                    "quote": T(
                        "Før turde jeg ikke lade min datter cykle alene over krydset. Nu er det blevet meget bedre.",
                        "I used not to dare let my daughter cycle across the junction on her own. It has become "
                        "much better now.",
                    ),
                    "attribution": T("Forælder i Bispebjerg", "Parent in Bispebjerg"),
                },
            ),
        ],
        phases=[
            PhaseSpec(
                "ideas",
                -400,
                -341,
                T("Elever og forældre peger på farlige steder", "Pupils and parents point out dangerous places"),
                T(
                    "Elever og forældre satte nåle på kortet ved de steder, hvor de føler sig utrygge.",
                    "Pupils and parents put pins on the map at the places where they feel unsafe.",
                ),
            ),
            PhaseSpec(
                "review",
                -340,
                -281,
                T("Stederne vurderes med politiet", "The places are assessed with the police"),
                T(
                    "Forvaltningen vurderede stederne sammen med politiet og valgte ni.",
                    "The administration assessed the places together with the police and chose nine.",
                ),
            ),
            PhaseSpec(
                "realisation",
                -280,
                45,
                T("Ombygning af de ni steder", "Rebuilding the nine places"),
                T(
                    "Krydsene og stierne bliver bygget om et ad gangen.",
                    "The junctions and paths are rebuilt one at a time.",
                ),
            ),
            PhaseSpec(
                "evaluation",
                46,
                120,
                T("Føles skolevejen tryggere?", "Does the route to school feel safer?"),
                T(
                    "Vi spørger elever og forældre og tæller trafikken igen.",
                    "We ask pupils and parents and count the traffic again.",
                ),
            ),
        ],
        updates=[
            UpdateSpec(
                -270,
                T("Arbejdet er gået i gang", "Work has started"),
                T(
                    "Ombygningen er begyndt ved det første af de ni steder.",
                    "Work has begun at the first of the nine places.",
                ),
            ),
            UpdateSpec(
                -120,
                T("Fem af ni steder er færdige", "Five of nine places are finished"),
                T(
                    "Fem steder er bygget om. De sidste fire følger i løbet af de næste måneder.",
                    "Five places have been rebuilt. The last four follow over the coming months.",
                ),
            ),
            UpdateSpec(
                -10,
                T("Ny belysning på stierne", "New lighting on the paths"),
                T(
                    "Den nye belysning på de tre stier er tændt. Tak for jeres tålmodighed.",
                    "The new lighting on the three paths has been switched on. Thank you for your patience.",
                ),
            ),
        ],
    ),
    # The citizens' budget with a budget round (budgeting app): its round, sub-budgets and proposals are made by
    # `cms.demo.budgets`, mostly from the ideas of "Et grønnere Nørrebro" and "Tryggere skoleveje i Bispebjerg".
    ProjectSpec(
        title=T("Borgerbudget Nørrebro og Bispebjerg 2027", "Citizens' budget Nørrebro and Bispebjerg 2027"),
        slug=T("borgerbudget-noerrebro-og-bispebjerg-2027", "citizens-budget-norrebro-and-bispebjerg-2027"),
        administration="ØKF",
        district_codes=(3, 8),
        latitude=55.7010,
        longitude=12.5440,
        expected_phase="voting",
        summary=T(
            "Nørrebro og Bispebjerg har 2 mio. kr. til projekter, som borgerne selv har foreslået. 20 forslag er "
            "vurderet og prissat. Nu bestemmer du med din stemme, hvilke der bliver gennemført i din bydel.",
            "Nørrebro and Bispebjerg have DKK 2 million for projects that residents have proposed themselves. 20 "
            "proposals have been assessed and costed. Now you decide with your vote which ones are carried out in "
            "your district.",
        ),
        purpose=T(
            "Borgerbudgettet giver borgerne på Nørrebro og i Bispebjerg direkte indflydelse på, hvordan en del af "
            "kommunens penge bliver brugt i deres bydel. Forslagene bygger på de idéer, borgerne har sendt til "
            "bydelenes andre projekter, bl.a. om grønnere sidegader og tryggere skoleveje.",
            "The citizens' budget gives the residents of Nørrebro and Bispebjerg a direct say in how part of the "
            "city's money is spent in their district. The proposals build on the ideas residents sent to the "
            "districts' other projects, among them greener side streets and safer routes to school.",
        ),
        already_decided=T(
            "Borgerrepræsentationen har afsat 2 mio. kr.: 1,2 mio. kr. til Nørrebro og 0,8 mio. kr. til "
            "Bispebjerg. Pengene skal bruges på kommunens arealer, og projekterne skal kunne gennemføres inden for "
            "et år. Afstemningen er bindende.",
            "The City Council has set aside DKK 2 million: DKK 1.2 million for Nørrebro and DKK 0.8 million for "
            "Bispebjerg. The money must be spent on the city's own land, and the projects must be possible to "
            "carry out within a year. The vote is binding.",
        ),
        can_influence=T(
            "Du stemmer på forslagene i den bydel, du bor i. Du kan vælge så mange forslag, du vil, så længe de "
            "tilsammen holder sig inden for bydelens budget. Du skal være fyldt 15 år og bo i Københavns "
            "Kommune.",
            "You vote on the proposals in the district where you live. You can choose as many proposals as you "
            "like, as long as together they stay within your district's budget. You must be at least 15 years old "
            "and live in Copenhagen Municipality.",
        ),
        input_use=T(
            "Stemmerne bliver talt, når afstemningen lukker, med metoden lige andele (Method of Equal Shares): "
            "hver vælger får en lige stor andel af budgettet, og et forslag bliver valgt, når dets tilhængere "
            "tilsammen kan betale for det. Så får også mindre grupper noget igennem. Lokaludvalgene gennemgår "
            "de vindende forslag.",
            "The votes are counted when voting closes with the Method of Equal Shares: every voter gets an equal "
            "share of the budget, and a proposal is chosen when its supporters together can pay for it. That way "
            "smaller groups get something through too. The local committees review the winning proposals.",
        ),
        decision_timing=T(
            "Du kan stemme til og med den {voting_end}. Resultatet bliver offentliggjort kort efter, og de "
            "vindende forslag bliver gennemført fra den {realisation_start}.",
            "You can vote until {voting_end}. The result is published shortly afterwards, and the winning "
            "proposals are carried out from {realisation_start}.",
        ),
        contact=T(
            "Sekretariatet for borgerbudgetter, Økonomiforvaltningen\nborgerbudget@kk.dk\nTelefon 33 66 33 66",
            "Citizens' budget secretariat, Finance Administration\nborgerbudget@kk.dk\nPhone +45 33 66 33 66",
        ),
        body=[
            (
                "rich_text",
                T(
                    "<h2>Sådan stemmer du</h2>"
                    "<ol>"
                    "<li>Log ind med din e-mailadresse, og fortæl, hvilken bydel du bor i.</li>"
                    "<li>Vælg de forslag i din bydel, du vil stemme på. Du kan se, hvor meget der er tilbage af "
                    "budgettet, mens du vælger.</li>"
                    "<li>Se dine valg igennem, og afgiv din stemme. Du får en kvitteringskode.</li>"
                    "</ol>"
                    "<p>Du kan ændre din stemme, indtil afstemningen lukker.</p>",
                    "<h2>How to vote</h2>"
                    "<ol>"
                    "<li>Sign in with your e-mail address and tell us which district you live in.</li>"
                    "<li>Choose the proposals in your district that you want to vote for. You can see how much of "
                    "the budget is left while you choose.</li>"
                    "<li>Review your choices and cast your vote. You get a receipt code.</li>"
                    "</ol>"
                    "<p>You can change your vote until voting closes.</p>",
                ),
            ),
            (
                "key_facts",
                {
                    "heading": T("Borgerbudgettet i tal", "The citizens' budget in figures"),
                    "facts": [
                        {"label": T("Nørrebro", "Nørrebro"), "value": T("1,2 mio. kr.", "DKK 1.2 million")},
                        {"label": T("Bispebjerg", "Bispebjerg"), "value": T("0,8 mio. kr.", "DKK 0.8 million")},
                        {"label": T("Forslag", "Proposals"), "value": T("20", "20")},
                        {
                            "label": T("Afstemningen lukker", "Voting closes"),
                            "value": T("{voting_end}", "{voting_end}"),
                        },
                    ],
                },
            ),
        ],
        phases=[
            PhaseSpec(
                "ideas",
                -100,
                -46,
                T("Idéer fra bydelenes projekter", "Ideas from the districts' projects"),
                T(
                    "Idéerne kom fra borgernes forslag til grønnere sidegader og tryggere skoleveje.",
                    "The ideas came from residents' suggestions for greener side streets and safer routes to school.",
                ),
            ),
            PhaseSpec(
                "review",
                -45,
                -3,
                T("Forslagene vurderes og prissættes", "The proposals are assessed and costed"),
                T(
                    "Forvaltningerne samlede idéerne i forslag og vurderede, om de kan lade sig gøre, og hvad de "
                    "koster.",
                    "The administrations combined the ideas into proposals and assessed whether they can be done "
                    "and what they cost.",
                ),
            ),
            PhaseSpec(
                "voting",
                -2,
                21,
                T("Afstemning i to bydele", "Voting in two districts"),
                T(
                    "Vælg de forslag i din bydel, du vil have gennemført, inden for bydelens budget.",
                    "Choose the proposals in your district that you want carried out, within your district's budget.",
                ),
            ),
            PhaseSpec(
                "realisation",
                22,
                400,
                T("De vindende forslag gennemføres", "The winning proposals are carried out"),
                T(
                    "Lokaludvalgene gennemgår vinderne, og forvaltningerne gennemfører dem.",
                    "The local committees review the winners, and the administrations carry them out.",
                ),
            ),
        ],
        updates=[
            UpdateSpec(
                -8,
                T("20 forslag er klar", "20 proposals are ready"),
                T(
                    "Forvaltningerne har vurderet og prissat 20 forslag. 18 kan lade sig gøre og kommer på "
                    "stemmesedlen; de to andre har fået en begrundelse.",
                    "The administrations have assessed and costed 20 proposals. 18 can be done and go on the "
                    "ballot; the other two have been given a reason.",
                ),
            ),
            UpdateSpec(
                -2,
                T("Afstemningen er åben", "Voting is open"),
                T(
                    "Nu kan du stemme på forslagene i din bydel. Du kan ændre din stemme, indtil afstemningen lukker.",
                    "You can now vote on the proposals in your district. You can change your vote until voting closes.",
                ),
            ),
        ],
    ),
]


@dataclass(frozen=True)
class AccountSpec:
    role: str
    email: str
    password: str
    first_name: str
    last_name: str
    superuser: bool = False
    in_editors_group: bool = False


# Demo-only passwords, printed by seed_demo. Never use these accounts outside a local demo.
DEMO_ACCOUNTS = [
    AccountSpec(
        role="editor",
        email="redaktoer@example.dk",
        password="demo-redaktoer-2026",  # noqa: S106 - demo only
        first_name="Demo",
        last_name="Redaktør",
        in_editors_group=True,
    ),
    AccountSpec(
        role="superuser",
        email="admin@example.dk",
        password="demo-admin-2026",  # noqa: S106 - demo only
        first_name="Demo",
        last_name="Administrator",
        superuser=True,
    ),
    # A member of TMF's case-officer group (made by `seed_ideas`): answers ideas from the work queue.
    AccountSpec(
        role="case officer",
        email="sagsbehandler@example.dk",
        password="demo-sagsbehandler-2026",  # noqa: S106 - demo only
        first_name="Demo",
        last_name="Sagsbehandler",
    ),
    # A citizen with ideas on "Et grønnere Nørrebro" (one answered, one waiting for an answer).
    AccountSpec(
        role="citizen",
        email="borger@example.dk",
        password="demo-borger-2026",  # noqa: S106 - demo only
        first_name="Demo",
        last_name="Borger",
    ),
]

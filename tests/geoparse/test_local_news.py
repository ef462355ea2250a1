"""Recognition in local news: places heading an office's name, people who
share a town's name, and AP state abbreviations (issue 13)."""

from __future__ import annotations

import pytest

from geomap.geoparse.mentions import Spotted, find_mentions
from geomap.model import Document


def spotted(text: str, gazetteer) -> dict[str, list[Spotted]]:
    """The kept mentions by their text (a name may be kept more than once)."""
    found: dict[str, list[Spotted]] = {}
    for s in find_mentions(Document("d", text), gazetteer).kept:
        found.setdefault(s.mention.text, []).append(s)
    return found


def dropped(text: str, gazetteer) -> dict[str, str]:
    return {
        m.text: " ".join(m.reasons) for m in find_mentions(Document("d", text), gazetteer).dropped
    }


# --- places heading the name of their own office --------------------------------------


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Officers from the Laconia Police Department searched the lake shore.", "Laconia"),
        ("A deputy with the Grant County Sheriff's Office stopped the truck.", "Grant County"),
        ("The Torrington City Council voted 5-2 to close the pool.", "Torrington"),
        ("He was booked into the Henderson County Jail on Tuesday.", "Henderson County"),
        ("The Indiana State Police bomb squad was called in.", "Indiana State"),
        ("Corsicana Fire Chief Ann Holt said the blaze was out by noon.", "Corsicana"),
    ],
)
def test_a_place_heading_an_office_name_is_kept_as_embedded(
    sentence: str, name: str, real_gazetteer
) -> None:
    (found,) = spotted(sentence, real_gazetteer)[name]
    assert found.mention.role == "embedded"
    assert found.mention.office
    assert "office" in " ".join(found.mention.reasons)


@pytest.mark.parametrize(
    "text", ["Police say the two women were crossing.", "The Indiana State Police came."]
)
def test_an_office_word_alone_is_no_town(text: str, real_gazetteer) -> None:
    assert "Police" not in spotted(text, real_gazetteer)
    assert "office" in dropped(text, real_gazetteer)["Police"]


def test_a_brand_keeps_a_well_known_place_but_names_no_office(real_gazetteer) -> None:
    (texas,) = spotted("Texas Instruments reported higher profits.", real_gazetteer)["Texas"]
    assert texas.mention.role == "embedded"
    assert not texas.mention.office


def test_an_institution_needs_its_place_named_alone_too(real_gazetteer) -> None:
    backed = "Classes at Glen Carbon Elementary resumed. Parents in Glen Carbon were relieved."
    assert [s.mention.role for s in spotted(backed, real_gazetteer)["Glen Carbon"]] == [
        "embedded",
        "place",
    ]
    alone = "She teaches history at Chapman University."
    assert "Chapman" not in spotted(alone, real_gazetteer)
    assert "named nowhere else" in dropped(alone, real_gazetteer)["Chapman"]


def test_a_name_joined_by_and_is_inside_a_longer_one(real_gazetteer) -> None:
    text = "The Securities and Exchange Commission filed the suit."
    assert "Exchange" not in spotted(text, real_gazetteer)


# --- people who share a town's name -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a middle initial no longer hides the surname
        ("Matthew D. Reyes, 44, was arrested Friday. Reyes was charged with arson.", "Reyes"),
        # titles of local news
        ("Sheriff Walker spoke first. Walker added that the road was safe.", "Walker"),
        ("Coach Holt praised the defence. Holt has won 200 games.", "Holt"),
        # a full name that might be a firm's, then the name speaks
        ("Andy Trapani grew up in Ohio. Trapani said he always wanted to make films.", "Trapani"),
    ],
)
def test_a_person_named_once_stays_a_person(text: str, name: str, real_gazetteer) -> None:
    assert name not in spotted(text, real_gazetteer)
    assert "person" in dropped(text, real_gazetteer)[name]


@pytest.mark.parametrize(
    "text",
    [
        "Stephen Ellis spoke to the board. Ellis residents packed the hall in Ellis.",
        "Jim Laconia Smith was there. A fire broke out near Laconia on Monday.",
        "Stephen Ellis spoke. The Ellis-based firm hired 40 people.",
    ],
)
def test_a_name_written_as_a_place_is_not_the_person(text: str, real_gazetteer) -> None:
    found = spotted(text, real_gazetteer)
    assert any(name in found for name in ("Ellis", "Laconia"))


def test_said_before_an_office_does_not_make_a_person_of_the_town(real_gazetteer) -> None:
    text = (
        "The body was found on Monday, said Laconia police Capt. Tom Clary. "
        "Flyers were posted around Laconia."
    )
    assert len(spotted(text, real_gazetteer)["Laconia"]) == 2


# --- AP state abbreviations -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "abbreviation", "state"),
    [
        ("Rep. James Clyburn, D-S.C., added the clause.", "S.C.", "South Carolina"),
        ("The S.C. Highway Patrol closed the road.", "S.C.", "South Carolina"),
        ("A rally was held in Northwest D.C. on Friday.", "D.C.", "District of Columbia"),
        ("Sen. Ben Sasse, R-Neb., voted against it.", "Neb.", "Nebraska"),
        ("Volunteers came from W.Va. and Ohio.", "W.Va.", "West Virginia"),
    ],
)
def test_an_ap_state_abbreviation_is_a_place_wherever_it_is_written(
    text: str, abbreviation: str, state: str, real_gazetteer
) -> None:
    (found,) = spotted(text, real_gazetteer)[abbreviation]
    assert state in {m.place.name for m in found.matches}


def test_dotted_letters_are_the_initials_of_the_name(real_gazetteer) -> None:
    (found,) = spotted("Rep. Charles Rangel, D-N.Y., chairs the panel.", real_gazetteer)["N.Y."]
    assert {m.place.name for m in found.matches} == {"New York"}  # not Nyíregyháza
    assert "L.A." not in spotted("The L.A. port signed on for new trucks.", real_gazetteer)


def test_a_region_code_in_capitals_still_needs_a_town_before_it(real_gazetteer) -> None:
    assert "SC" not in spotted("SC Johnson makes soap.", real_gazetteer)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the town of the surname is big enough to head a firm's name, but
        # the word before it reads as a given name
        ("Gary Wilson, 54, was sentenced. In January, Wilson had pled guilty.", "Wilson"),
        ("Her partner, Brian Gilbert, left. Gilbert is a former studio head.", "Gilbert"),
        ("Mary Beth Garcia drove east. There were no passengers with Garcia.", "Garcia"),
    ],
)
def test_a_given_name_makes_the_surname_a_person_throughout(
    text: str, name: str, real_gazetteer
) -> None:
    assert name not in spotted(text, real_gazetteer)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a verb, an adjective or an acronym before the name is no given name
        ("She writes the Connecting California column. Fires swept California.", "California"),
        ("A walk through Historic Dublin is planned. Dublin police will close roads.", "Dublin"),
        ("Reported by CTV Saskatoon. The mayor of Saskatoon spoke.", "Saskatoon"),
        # a word the text also writes in lower case
        ("He edits Baseball Toronto. Baseball fans in Toronto cheered.", "Toronto"),
    ],
)
def test_a_word_that_is_no_given_name_leaves_the_place_alone(
    text: str, name: str, real_gazetteer
) -> None:
    assert name in spotted(text, real_gazetteer)


# --- streets named after places ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The fire started in a garage at 6016 Dublin Road late Tuesday.", "Dublin"),
        ("Residents asked the city to repave Washington Drive.", "Washington"),
        ("The shop on Queens Ave. closed in May.", "Queens"),
        ("He lives in the 1000 block of Brooklyn Boulevard, police said.", "Brooklyn"),
    ],
)
def test_a_place_naming_a_street_is_no_place(text: str, name: str, real_gazetteer) -> None:
    assert name not in spotted(text, real_gazetteer)
    assert "street" in dropped(text, real_gazetteer)[name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the name goes on after the street word: a team, a longer name
        ("Houston beat the Portland Trail Blazers on Sunday.", "Portland"),
        # a county's court is its office, not a street
        ("She appeared in Meigs County Court on Friday.", "Meigs County"),
    ],
)
def test_a_street_word_that_starts_a_longer_name_leaves_the_place(
    text: str, name: str, real_gazetteer
) -> None:
    assert name in spotted(text, real_gazetteer)


# --- given names that are places -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a middle initial after the surname
        ("In the sedan, driver Virginia L. Lane, 77, was hurt.", "Virginia"),
        ("The deal was struck, Michael E. Berland told reporters.", "Michael"),
        # an age or a speech verb after the full name
        ("Dana Freeman, 23, and Michael Thomas, 24, each face five charges.", "Michael"),
        ("Chad Lambourne said the new lights will help.", "Chad"),
        # a noun of a role before it
        ("The film stars actress Virginia Madsen as the mother.", "Virginia"),
        ("Amateur astronomer Michael Kozicki will speak on Saturn.", "Michael"),
        ("He ran unopposed as incumbent Fife Whiteside retired.", "Fife"),
    ],
)
def test_a_place_that_is_a_given_name_is_dropped(text: str, name: str, real_gazetteer) -> None:
    assert name not in spotted(text, real_gazetteer)
    assert "given name" in dropped(text, real_gazetteer)[name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the word after it is no surname: an office, a word in lower case
        ("The Florida Highway Patrol said the road was closed.", "Florida"),
        ("The jockey won his first Dubai World Cup in nine attempts.", "Dubai"),
        ("Fans at every Seattle Seahawks game cheered.", "Seattle"),
        # a group speaks, not a person
        ("After the vote, Ohio Democrats said the map was unfair.", "Ohio"),
        # no person's position: a brand in a plain sentence
        ("She works for Texas Instruments in Dallas.", "Texas"),
        ("Rep. Tom Hawk, a Manhattan Democrat, voted no.", "Manhattan"),
    ],
)
def test_a_place_heading_a_name_that_is_no_persons_stays(
    text: str, name: str, real_gazetteer
) -> None:
    assert name in spotted(text, real_gazetteer)


# --- a town written as a place is never the person ---------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # "Millbrook says no" once makes a speaker of the town; its residents
        # and its men keep it a place elsewhere
        ("Gainesville says no to the plan. About 55 Gainesville residents marched.", "Gainesville"),
        ("Laconia said it would appeal. A Laconia man was hurt on Monday.", "Laconia"),
        ("Laconia said it would appeal. Traffic in the Laconia area slowed.", "Laconia"),
    ],
)
def test_residents_and_an_area_keep_a_town_a_place(text: str, name: str, real_gazetteer) -> None:
    assert name in spotted(text, real_gazetteer)


def test_the_family_of_a_name_is_a_persons(real_gazetteer) -> None:
    text = "Stephen Ellis spoke first. The Ellis family thanked the crews."
    assert "Ellis" not in spotted(text, real_gazetteer)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a name with a region word is no person's, after "said" or heading an
        # institution's name the text names nowhere else
        ("Gary Epperson said Clark County's trailer looked new.", "Clark County"),
        ("Gifts may be sent to the Edgar County Community Foundation.", "Edgar County"),
        # "Metro" qualifies the place as "Greater" does
        ("That is too low, say Metro Vancouver officials.", "Vancouver"),
    ],
)
def test_a_county_or_a_metro_area_is_no_persons_name(text: str, name: str, real_gazetteer) -> None:
    assert name in spotted(text, real_gazetteer)


# --- double-barrelled names -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Board member Pat Hugley-Green will keep her seat.", "Green"),
        ("Photo by Dean Curtis for the News-Leader.", "Leader"),
        ("Neighbours lit candles for little Kayla Day-Garrett.", "Garrett"),
    ],
)
def test_a_place_joined_to_a_word_that_is_no_place_is_half_a_name(
    text: str, name: str, real_gazetteer
) -> None:
    assert name not in spotted(text, real_gazetteer)
    assert "double-barrelled" in dropped(text, real_gazetteer)[name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The talks turned to Egyptian-US relations.", "US"),
        ("Crews from Miami-Dade Fire Rescue reached the boat.", "Dade"),
        ("The return Amsterdam-London leg is made by train.", "London"),
        # a lawmaker's party letter
        ("State Sen. Robert Ford, D-Charleston, said he was hopeful.", "Charleston"),
    ],
)
def test_a_place_joined_to_a_place_stays(text: str, name: str, real_gazetteer) -> None:
    assert name in spotted(text, real_gazetteer)


# --- leaders and their sons -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The Bush administration blamed its predecessor.", "Bush"),
        ("Neither the Clinton nor the Bush Jr administrations pursued it.", "Bush"),
        ("Aid rose under the Obama administration. Obama's plan passed.", "Obama"),
        ("Services for Rogers Sr. are set for Friday.", "Rogers"),
    ],
)
def test_an_administration_or_a_generation_makes_a_person(
    text: str, name: str, real_gazetteer
) -> None:
    assert name not in spotted(text, real_gazetteer)


def test_a_country_keeps_its_administration(real_gazetteer) -> None:
    assert "US" in spotted("Officials in the US administration disagreed.", real_gazetteer)

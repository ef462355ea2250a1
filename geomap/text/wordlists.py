"""English words that tell the recogniser what a capitalised word is doing.

The recogniser reads orthography, not a model: these lists are what it knows of
English. All words are lower case; a list is tested with ``token.lower`` (with a
final period stripped for titles, "Gen." or "Mr.").
"""

from __future__ import annotations

__all__ = [
    "BORDER_WORDS",
    "COMPASS_ABBREVIATIONS",
    "CONNECTORS",
    "DIRECTION_WORDS",
    "FACILITY_CONNECTORS",
    "FACILITY_WORDS",
    "FEATURE_NOUNS",
    "FUNCTION_WORDS",
    "INSTITUTION_NOUNS",
    "INSTITUTION_WORDS",
    "MONTHS_AND_DAYS",
    "OFFICE_WORDS",
    "ORGANISATION_NOUNS",
    "PLACE_PREPOSITIONS",
    "PLACE_QUALIFIERS",
    "REGION_WORDS",
    "SPEECH_VERBS",
    "TITLES",
    "TITLE_ABBREVIATIONS",
]


def _words(text: str) -> frozenset[str]:
    # Lists written as running text read (and review) better than one quoted
    # word per line.
    return frozenset(text.split())


# Lower-case words that may sit inside a place name ("Bosnia and Herzegovina",
# "Rio de Janeiro", "Stratford-upon-Avon", "Isle of Man").
CONNECTORS = _words(
    """
    of de del della der den di da do dos das du des la le les el
    al an ad ar as ash at az en sur upon under on and y und the van von bin ibn
    """
)

# Lower-case words that end a facility's name after a capitalised one: "the
# Incirlik air base", "the Zaporizhzhia nuclear power plant", "the Kakhovka dam"
# (looked up with the name).
FACILITY_WORDS = _words(
    """airport airfield airbase base plant station dam reactor refinery terminal
    field oilfield gasfield volcano"""
)
FACILITY_CONNECTORS = _words("air force nuclear power oil gas hydroelectric processing")

# Lower-case words that end a region's name: "Illizi province", "Orange county".
REGION_WORDS = _words(
    """
    province state county region district governorate prefecture oblast
    department municipality territory emirate canton parish division
    """
)

# Titles and roles that precede a person's name: "Mr Ellis", "Gen. Smith".
TITLES = _words(
    """
    mr mrs ms miss dr sir dame lord lady
    president vice premier chancellor king queen prince princess emir sultan
    pope cardinal bishop rev reverend imam sheikh saint st ayatollah mullah
    gen general col colonel maj major capt captain lt lieutenant sgt sergeant
    adm admiral cmdr commander marshal
    sen senator rep representative gov governor mayor minister secretary ambassador
    judge justice prof professor chief officer detective inspector coach
    sheriff deputy trooper constable commissioner councilman councilwoman
    councilor alderman superintendent principal pastor
    ceo chairman chairwoman spokesman spokeswoman spokesperson director founder
    """
)

# Titles written short with a period ("Mr. Paris", "Sen. Warren"): the
# tokenizer keeps the period on the word, so the title stays next to the name.
TITLE_ABBREVIATIONS = _words(
    "mr mrs ms dr gen col lt capt maj sgt cpl adm cmdr gov sen rep rev prof hon pres supt insp"
)

# Words that introduce a person just after them: "said Ellis", "told Smith".
SPEECH_VERBS = _words("said says told asked added according wrote tweeted")

# The points of the compass as written after a distance: "12 mi NNE of Alton".
COMPASS_ABBREVIATIONS = _words("n s e w ne nw se sw nne ene ese sse ssw wsw wnw nnw")

# Capitalised words that qualify a place name rather than name a person:
# "Northern Mali", "Greater London", "Lake Chad", "Port Harcourt".
PLACE_QUALIFIERS = _words(
    """
    north south east west northern southern eastern western central
    northeast northwest southeast southwest northeastern northwestern
    southeastern southwestern upper lower greater inner outer far middle
    new old the metropolitan metro downtown
    lake mount mt river gulf bay cape port fort island islands isle sea ocean
    valley desert peninsula san santa sao st saint
    city county province state region republic kingdom
    """
)

# Nouns after which a capitalised run names an organisation or a title:
# "the newspaper El Watan", "the group Ansar Dine".
ORGANISATION_NOUNS = _words(
    """
    newspaper daily weekly magazine paper agency channel broadcaster website
    network station programme program show company firm group party
    organisation organization brigade battalion movement band team club
    """
)

# Words that, right after a place name, make it the seat of a public office:
# "Millbrook Police", "Grant County Sheriff's Office", "Millbrook City
# Council", "Ohio State Police". Local news names its town mostly this way,
# and the place is meant (unlike the place in a brand, "Texas Instruments").
OFFICE_WORDS = _words(
    """
    police sheriff sheriff's fire rescue ems emergency volunteer
    city town township village borough county parish state municipal metro
    council commission commissioners selectmen aldermen board authority
    court courthouse circuit superior district probate juvenile fiscal
    attorney auditor clerk treasurer assessor coroner mayor manager
    superintendent judge department dept office jail detention correctional
    public regional area chamber housing water parks planning zoning
    elections utilities government legislature
    """
)

# Words that make a local institution of the name before them ("Millbrook
# High School", "Springfield General Hospital") but follow people's names as
# often ("Chapman University", "Carnegie Library"): the name is a place only
# when the text also names that place on its own.
INSTITUTION_WORDS = _words(
    """
    school schools high middle elementary academy college university
    hospital medical health library museum zoo airport transit community
    general senior
    """
)

# Always capitalised, and names of places elsewhere ("May", "Sunday"): never a
# place on their own in English text.
MONTHS_AND_DAYS = _words(
    """
    january february march april may june july august september october
    november december monday tuesday wednesday thursday friday saturday sunday
    """
)

# English function words: capitalised at the start of a sentence, never a place.
FUNCTION_WORDS = _words(
    """
    a an the this that these those
    it its he she they we you i his her their our my your
    in on at of for by with from to into onto over under about after before
    during since until while among between through across against along
    around near per via despite
    when where which who whom whose what why how if as but and or nor so yet
    because although though however meanwhile
    not no yes all any some each every both either neither many much more
    most few less there here then than also only even just still
    is are was were be been being has have had do does did
    will would can could may might must shall should
    one two three four five six seven eight nine ten
    """
)

# Nouns that make the name before them a border: "the Libyan border".
# "the Texas line", "the Arkansas-Oklahoma line": American for a state border.
BORDER_WORDS = _words("border borders frontier boundary line")

# Compass and position words: regions somewhere are named "Central" or
# "North", but alone in English text these words are directions.
DIRECTION_WORDS = _words(
    """
    north south east west northern southern eastern western central
    northeast northwest southeast southwest upper lower greater middle inner outer
    """
)

# Prepositions after which a capitalised word is likely a place: "in Gao",
# "near Ain Amenas".
PLACE_PREPOSITIONS = _words("in from near to at outside into via")

# Nouns that head or close an institution's or a building's name ("Colorado State
# University", "Liverpool Academy", "the West Wing"): places elsewhere are named
# so, but on their own here they are the institution.
INSTITUTION_NOUNS = _words(
    """
    university college academy institute school hospital clinic airport station
    church cathedral mosque temple museum gallery library stadium arena
    centre center court hall house tower wing palace ministry department
    council parliament congress senate assembly committee commission
    bank union league company corporation foundation trust society association
    """
)

# Nouns that make the name before them a river, lake or mountain range:
# "the Meghna river", "the Niger and Bani rivers", "the Mississippi River".
FEATURE_NOUNS = _words(
    """
    river rivers lake lakes mountain mountains range hills valley valleys
    glacier canal reservoir dam delta creek strait estuary
    """
)

# Capitalised words that make the name before them a street's: "Dublin Road",
# "Washington Drive", "Queens Ave." ("Court" is left out: "Meigs County
# Court" is the county's office).
STREET_WORDS = _words(
    """
    street st road rd avenue ave boulevard blvd drive dr lane ln parkway pkwy
    way place circle pike trail terrace
    """
)
# Of these, the short forms that stand for another word before a name:
# "St. Paul" (Saint), "Dr. Smith" (Doctor).
STREET_ABBREVIATIONS_BEFORE_NAMES = _words("st dr")

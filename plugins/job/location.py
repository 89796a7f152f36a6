"""Where a posting's job is: a place that looks like one, or a work mode.

A place is a known region (country, US state, Canadian province, UK nation or region,
Australian state, Indian state; by name or, after a city, by its code) with or without the
city before it. Remote, hybrid and on-site are modes and kept as such. A street address is
reduced to the city after it; a work unit ("Floating Staff", "Analysis Unit") is no place.
Nothing here guesses: a value that does not look like a place gives None.
"""

from __future__ import annotations

import re

from prepflow_plugins.text.lazy import LazyPattern
from prepflow_plugins.text.regexstore import compile as re_compile

_US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico",
}  # fmt: skip
_CA_PROVINCES = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
    "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
    "SK": "Saskatchewan", "YT": "Yukon",
}  # fmt: skip
_AU_STATES = {
    "NSW": "New South Wales", "VIC": "Victoria", "QLD": "Queensland", "WA": "Western Australia",
    "SA": "South Australia", "TAS": "Tasmania", "ACT": "Australian Capital Territory",
    "NT": "Northern Territory",
}  # fmt: skip
_UK_REGIONS = (
    "England", "Scotland", "Wales", "Northern Ireland", "Greater London", "London",
    "South East England", "South West England", "East of England", "East Midlands",
    "West Midlands", "North West England", "North East England", "Yorkshire and the Humber",
)  # fmt: skip
_INDIAN_STATES = (
    "Andhra Pradesh", "Arunachal Pradesh", "Assam", "Bihar", "Chhattisgarh", "Goa", "Gujarat",
    "Haryana", "Himachal Pradesh", "Jharkhand", "Karnataka", "Kerala", "Madhya Pradesh",
    "Maharashtra", "Manipur", "Meghalaya", "Mizoram", "Nagaland", "Odisha", "Punjab",
    "Rajasthan", "Sikkim", "Tamil Nadu", "Telangana", "Tripura", "Uttar Pradesh",
    "Uttarakhand", "West Bengal", "Delhi",
)  # fmt: skip
_COUNTRIES = (
    "Afghanistan", "Albania", "Algeria", "Argentina", "Armenia", "Australia", "Austria",
    "Azerbaijan", "Bangladesh", "Belarus", "Belgium", "Bolivia", "Bosnia and Herzegovina",
    "Brazil", "Bulgaria", "Cambodia", "Cameroon", "Canada", "Chile", "China", "Colombia",
    "Costa Rica", "Croatia", "Cuba", "Cyprus", "Czech Republic", "Czechia", "Denmark",
    "Dominican Republic", "Ecuador", "Egypt", "El Salvador", "Estonia", "Ethiopia", "Finland",
    "France", "Georgia", "Germany", "Ghana", "Greece", "Guatemala", "Honduras", "Hong Kong",
    "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy",
    "Jamaica", "Japan", "Jordan", "Kazakhstan", "Kenya", "Kuwait", "Latvia", "Lebanon",
    "Lithuania", "Luxembourg", "Malaysia", "Malta", "Mexico", "Moldova", "Morocco",
    "Nepal", "Netherlands", "New Zealand", "Nicaragua", "Nigeria", "North Macedonia", "Norway",
    "Oman", "Pakistan", "Panama", "Paraguay", "Peru", "Philippines", "Poland", "Portugal",
    "Qatar", "Romania", "Russia", "Rwanda", "Saudi Arabia", "Senegal", "Serbia", "Singapore",
    "Slovakia", "Slovenia", "South Africa", "South Korea", "Korea", "Spain", "Sri Lanka",
    "Sweden", "Switzerland", "Taiwan", "Tanzania", "Thailand", "Tunisia", "Turkey", "Uganda",
    "Ukraine", "United Arab Emirates", "UAE", "United Kingdom", "UK", "United States",
    "United States of America", "USA", "U.S.", "U.S.A.", "US", "Uruguay", "Venezuela",
    "Vietnam", "Zambia", "Zimbabwe", "Europe", "EU", "EMEA", "APAC", "North America",
    "Latin America",
)  # fmt: skip

_REGION_NAMES = sorted(
    {
        *_US_STATES.values(),
        *_CA_PROVINCES.values(),
        *_AU_STATES.values(),
        *_UK_REGIONS,
        *_INDIAN_STATES,
        *_COUNTRIES,
    },
    # longest first; names of one length alphabetically, so the pattern is the same text in every
    # process (a set's order changes with the hash seed) and its compiled code is found in the store
    key=lambda name: (-len(name), name),
)
# ISO 3166 codes of countries, taken only after a city ("Leeds, GB")
_COUNTRY_CODES = {
    "GB", "UK", "US", "USA", "IE", "NL", "DE", "FR", "ES", "IT", "PT", "BE", "CH", "AT", "SE", "NO",
    "DK", "FI", "PL", "CZ", "NZ", "AU", "SG", "JP", "MX", "BR", "ZA", "AE", "IL", "KE", "NG", "PH",
}  # fmt: skip
_CODES = {*_US_STATES, *_CA_PROVINCES, *_AU_STATES, *_COUNTRY_CODES}


_NAME = re_compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in _REGION_NAMES) + r")(?![\w])")
_CITY = r"[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}"
# "Aurora, OH", "Washington DC", "New York Ny", "Brooklyn, N.Y.": a capitalised name and a region code
_CITY_CODE = re_compile(
    rf"(?P<city>{_CITY})(?:,\s*|\s+)(?P<code>[A-Z]\.?\s?[A-Za-z]\.?(?:[A-Za-z]\.?)?)(?=$|[\s,;)])"
)
_CITY_NAME = LazyPattern(rf"(?:(?P<city>{_CITY}),\s*)?(?P<region>{_NAME.pattern})")

_MODES = (
    ("Hybrid", re_compile(r"\bhybrid\b", re.I)),
    ("Remote", re_compile(r"\bremote(?:ly)?\b|\bvirtual\b|\btelework|\bwork from home\b|\banywhere\b", re.I)),
    ("On-site", re_compile(r"\bon-?site\b|\bin-person\b|\bin person\b|\bin (?:the )?office\b", re.I)),
)
_STREET = re_compile(
    r"^\s*\d[\w-]*\s+(?:[\w.'-]+\s+){0,3}?"
    r"(?:street|st|avenue|ave|place|pl|road|rd|boulevard|blvd|lane|ln|drive|dr|way|plaza|square|"
    r"court|ct|parkway|pkwy|broadway|row|terrace)\b\.?,?\s*",
    re.I,
)
_NOT_PLACE = re_compile(
    r"\b(?:staff|unit|office|manager|planning|plan|division|department|team|section|branch|bureau|"
    r"program(?:me)?|project|services?|contract|analysis|full[- ]time|part[- ]time|permanent|temporary)\b",
    re.I,
)
_EMPLOYMENT = re_compile(
    r"^\s*(?:full|part)[- ]time\b|^\s*(?:permanent|temporary|contract|fixed[- ]term)\s*$", re.I
)


def _code(raw: str) -> str | None:
    letters = re_compile(r"[\s.]").sub("", raw).upper()
    return letters if letters in _CODES else None


def mode(text: str) -> str | None:
    """Remote, Hybrid or On-site, as ``text`` states it first."""
    found = [(m.start(), name) for name, pattern in _MODES if (m := pattern.search(text))]
    return min(found)[1] if found else None


def _place_part(part: str, lenient: bool) -> str | None:
    part = _STREET.sub("", part).strip(" ,")
    if not part or _EMPLOYMENT.search(part):
        return None
    if mode(part):
        return part
    if _code(part):
        return _code(part)
    for m in _CITY_CODE.finditer(part):
        code = _code(m["code"])
        if code and not _NOT_PLACE.search(m["city"]):
            tail = part[m.end() :].strip(" ,")
            return f"{m['city']}, {code}" + (f", {tail}" if tail and _NAME.search(tail) else "")
    if _NAME.search(part) and not _NOT_PLACE.search(part):
        return part
    if lenient and re.fullmatch(r"[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)?(?:\s+[Rr]egion)?", part):
        return part if not _NOT_PLACE.search(part) else None
    return None


def place(text: str, *, lenient: bool = False) -> str | None:
    """``text`` as a place (or places, ';'-separated), or None when it does not look like one.
    ``lenient`` (a labelled location field) also takes a bare one- or two-word name ("Toronto")."""
    text = re.sub(r"\s+", " ", text).strip(" ;,.")
    parts = [p.strip() for p in text.split(";") if p.strip()]
    out: list[str] = []
    for part in parts:
        first, _, rest = part.partition(",")
        if rest and (_EMPLOYMENT.search(first) or not _STREET.sub("", first + " ").strip()):
            part = rest  # "Full time, Remote", "12 Quarry Street, Millbrook, OH"
        found = _place_part(part, lenient)
        if found:
            out.append(found)
    return "; ".join(out) if out else None


# "based in X", "located in X", "work on-site in our X facility", "in-person in X"
_PROSE_PLACE = LazyPattern(
    r"\b(?:based|located|headquartered|situated)\s+(?:in|at)\s+(?:our\s+|the\s+)?(?P<a>[^.;:()]+)"
    r"|\b(?:on-?site|in-person|in person|in the office)\s+(?:in|at)\s+(?:our\s+|the\s+)?(?P<b>[^.;:()]+)"
    r"|\b(?:position|role|job)\s+(?:is|will be)\s+in\s+(?P<c>[^.;:()]+)"
    r"|\boffices?\s+(?:is\s+|are\s+)?(?:located\s+)?in\s+(?P<d>[^.;:()]+)"
    # "... 7:30 am - 4 pm Mon - Fri, in Aurora, OH.": a city and its region code after "in"
    r"|\bin\s+(?P<e>[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2},\s*[A-Z]{2}\b)",
    re.I,
)
#: "located in Streetsboro has an opening": a town named on its own after located/headquartered.
_LOCATED_TOWN = LazyPattern(
    r"\b(?:located|headquartered|situated)\s+in\s+(?P<town>[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,2})"
    r"(?=\s+[a-z]|\s*[,.;]?\s*$)"
)
_PROSE_MODE = LazyPattern(
    r"\b(?:this|the)\s+(?:is\s+an?\s+|(?:position|role|job)\s+(?:is|will be|can be)\s+(?:an?\s+)?)"
    r"(?:(?P<q>fully|100%|entirely|largely|mostly|partly|partially)\s+)?"
    r"(?P<m>remote|on-?site|hybrid|in-person|telework)(?:-only|-first)?\b"
    r"|\b(?P<n>hybrid|remote)(?:\s+and\s+(?:hybrid|remote))?\s+work\s+(?:opportunit|option|arrangement)",
    re.I,
)


def in_prose(text: str) -> str | None:
    """The place a sentence says the job is in ("based in Leeds, England"), else its mode
    ("This is a remote position"), else None."""
    for m in _PROSE_PLACE().finditer(text):
        span = m["a"] or m["b"] or m["c"] or m["d"] or m["e"] or ""
        found: list[tuple[int, str]] = []
        for named in _CITY_NAME().finditer(span):
            if not (named["city"] and _NOT_PLACE.search(named["city"])):
                found.append((named.start(), named.group(0).strip()))
        for coded in _CITY_CODE.finditer(span):
            code = _code(coded["code"])
            if code and not _NOT_PLACE.search(coded["city"]):
                found.append((coded.start(), f"{coded['city']}, {code}"))
        if found:
            return min(found)[1]
    town = _LOCATED_TOWN().search(text)
    if town and not _NOT_PLACE.search(town["town"]) and not _CODES.intersection(town["town"].split()):
        return town["town"]
    stated = _PROSE_MODE().search(text)
    if stated:
        if stated["q"] and stated["q"].lower().startswith("part"):
            return "Hybrid"  # partly remote: some days in, some out
        return mode(stated.group(0))
    return None


_MODE_LINE = LazyPattern(
    r"(?:(?:fully|100%|flexible)\s+)?(?:remote|hybrid|on-?site|in-person)(?:\s+\(.*\))?"
    r"(?:\s*(?:[-/|,]|or)\s*(?:remote|hybrid|on-?site|in-person))*",
    re.I,
)


def header_place(text: str) -> str | None:
    """A header line that is a place and nothing else ("Leeds, England", "Remote"), as one."""
    text = re.sub(r"\s+", " ", text).strip(" ;,.|")
    if _MODE_LINE().fullmatch(text):
        return mode(text)
    whole = _CITY_CODE.fullmatch(text)
    if whole and _code(whole["code"]) and not _NOT_PLACE.search(whole["city"]):
        return f"{whole['city']}, {_code(whole['code'])}"
    named = _CITY_NAME().fullmatch(text)
    if named and not _NOT_PLACE.search(text):
        return text
    return None

"""The words and patterns of LØRN pages, in Norwegian and English (headings, field labels, web debris)."""

from __future__ import annotations

import re

# Lines of web debris: buttons, member and quiz prompts, footers.  "NULL" is the site's empty value.
DEBRIS_EXACT = {
    "lytte",
    "listen",
    "0.00",
    "ta quiz og få læringsbevis",
    "du må være medlem for å ta quiz",
    "ferdig med quiz?",
    "besvar refleksjonsoppgave",
    "vis mer",
    "vis",
    "vis mindre",
    "del denne casen",
    "share this case",
    "din neste lørning",
    "your next lørning",
    "dette er lørn cases",
    "this is lørn cases",
    "allerede medlem? logg inn her:",
    "already a member? log in here:",
    "!",
    "want to show off this case to your friends and coworkers?",
    "download summary (available soon)",
    "full transcript (available soon)",
    "del",
    "share",
    "facebook",
    "twitter",
    "linkedin",
    "e-post",
    "email",
    "kopier lenke",
    "copy link",
    "logg inn",
    "log in",
    "bli medlem",
    "become a member",
    "null",
    "none",
    "n/a",
    "del denne masterclass",
    "del denne masterclassen",
    "share this masterclass",
    "del dette webinaret",
    "ferdig med alle leksjonene?",
    "finished all the lessons?",
    "bibliotek",
    "library",
    "om lørn",
    "about lørn",
    "choose your preferred format",
    "velg ditt foretrukne format",
    "les",
    "read",
    "se",
    "watch",
    "hør",
    "“",
    "”",
    '"',
    "«",
    "»",
    "meld deg på",
    "sign up",
    "registrer deg",
    "påmelding",
    "podcast",
    "podkast",
    "video",
    "text",
    "tekst",
    "lyd",
    "audio",
    "pdf",
}
DEBRIS_PREFIX = (
    "en lørn case er en kort",
    "a lørn case is a short",
    "vi vil gjerne hjelpe deg",
    "we would like to help you",
    "du må være medlem",
    "you must be a member",
    "quiz for case",
    "del på ",
    "share on ",
    "download summary",
    "full transcript (",
    "©",
    "(c) 20",
    "copyright ©",
    "lørn as, c/o",
    "digitale samtale-baserte kurs",
    "vi samler de beste hodene",
    "en lørn masterclass er",
)
DEBRIS_RE = re.compile(
    r"^(?:\d[\d\s.,]*\+?\s*(?:lyttinger|avspillinger|listens|plays)|\d{4}\s+\S+,\s*norway)$", re.IGNORECASE
)
# Headings of a boilerplate block about LØRN itself: skipped until the next heading.
BOILERPLATE_RE = re.compile(
    r"^(?:dette er|this is|om) lørn (?:masterclass|webinar|cases?|podcast)\s*:?$", re.IGNORECASE
)

KEYS = {
    "tema": "theme",
    "theme": "theme",
    "topic": "theme",
    "organisasjon": "organisation",
    "organisation": "organisation",
    "organization": "organisation",
    "perspektiv": "perspective",
    "perspective": "perspective",
    "dato": "date",
    "date": "date",
    "sted": "place",
    "place": "place",
    "location": "place",
    "vert": "host",
    "host": "host",
    "verter": "host",
    "hosts": "host",
    "moderator": "host",
    "varighet": "duration",
    "duration": "duration",
    "lengde": "duration",
    "length": "duration",
    "gjest": "guest",
    "guest": "guest",
    "gjester": "guest",
    "guests": "guest",
    "ekspert": "guest",
    "ekspørt": "guest",
    "expørt": "guest",
    "expert": "guest",
    "eksperter": "guest",
    "ekspørter": "guest",
    "expørter": "guest",
    "experts": "guest",
}
KEY_RE = re.compile(r"^(" + "|".join(KEYS) + r")\s*:\s*(.*)$", re.IGNORECASE)

# "LØRN Case #C0557", "LØRN case C0061 - Title", "LØRN Masterclass M0042", "LØRN Webinar E0017".
HEADER_A = re.compile(
    r"^(?:LØRN|LORN|Lørn)\s+(?P<word>Case|Masterclass|Masters|Webinar|Podcast)\s*"
    r"(?P<id>#\s*[CEM]?\s*\d{1,5}|[CEM]\s?\d{1,5})\b\s*[:\-–—]?\s*(?P<title>.*)$",
    re.IGNORECASE,
)
# "#0399: Title", "#0070 - Title - LØRN.TECH" (the old podcast pages).
HEADER_B = re.compile(r"^(?P<id>#\s*[CEM]?\d{2,5})\s*[:\-–—]\s*(?P<title>.+)$", re.IGNORECASE)
RELATED_ID = re.compile(r"^#\s*([CEM]?\d{2,5})\s*$", re.IGNORECASE)
HOST_LINE = re.compile(
    r"^(?:med\s+vert|med\s+lørner|with\s+host|hosted\s+by|programleder)"
    r"\s*:?\s+(.+)$",
    re.IGNORECASE,
)
# The host named in a summary: "I denne episoden av #LØRN snakker Silvija med …", "… møter Silvija daglig leder …".
_NAME = r"[A-ZÆØÅ][a-zæøåäöüé\-’']+(?:\s+[A-ZÆØÅ][a-zæøåäöüé\-’']+){0,2}"
BLURB_HOST = [
    re.compile(rf"\b(?:snakker|prater|samtaler)\s*,?\s+(?P<name>{_NAME})\s*,?\s+med\b"),
    re.compile(rf"\bmøter\s+(?P<name>{_NAME})\s+(?=[a-zæøå])"),
    re.compile(rf"\b(?P<name>{_NAME})\s+(?:talks|speaks|chats)\s+(?:with|to)\b"),
]
SECTION_LEARN = re.compile(
    r"^(dette er hva du vil lære|hva du vil lære|this is what you will learn|"
    r"what you will learn|dette lørner du|dette lærer du(?: om)?(?: i denne \w+)?|"
    r"hva du lærer|you will learn)\s*:?\s*$",
    re.IGNORECASE,
)
SECTION_READING = re.compile(
    r"^(mer læring|anbefalt litteratur|recommended literature|further reading|"
    r"more learning)\s*:?\s*$",
    re.IGNORECASE,
)
SECTION_REFLECTION = re.compile(
    r"^(refleksjonsspørsmål|refleksjonsoppgave|reflection questions?)\s*:?\s*$", re.IGNORECASE
)
SECTION_RELATED = re.compile(
    r"^(flere caser i samme tema|more cases in the same topic|relaterte caser|"
    r"related cases)\s*:?\s*$",
    re.IGNORECASE,
)
SECTION_TRANSCRIPT = re.compile(
    r"^(utskrift av samtalen|transkripsjon|transcript|full transcript)\s*(?::\s*(.*))?$", re.IGNORECASE
)
SECTION_ABOUT = re.compile(r"^(this is|dette er|om)\s+(.{2,80})$", re.IGNORECASE)
# The old WordPress pages' quick questions: "Noen kjappe med ekspørt Simen Reynolds".
SECTION_QUICK = re.compile(r"^(noen kjappe|some quick ones|quick questions)\b.*$", re.IGNORECASE)
QUICK_KEYS = {
    "navn": "name",
    "name": "name",
    "tittel": "role",
    "title": "role",
    "stilling": "role",
    "selskap": "organisation",
    "company": "organisation",
    "firma": "organisation",
    "utdanning": "education",
    "education": "education",
    "hobby": "hobby",
    "some": "social",
    "sosiale medier": "social",
}
QUICK_KEY_RE = re.compile(r"^(" + "|".join(QUICK_KEYS) + r")\s*:\s*(.*)$", re.IGNORECASE)
# A profile prompt that is not written as a question.
PROMPT_RE = re.compile(r"^(en linje om din|one line about your)\b", re.IGNORECASE)
OUTRO = re.compile(r"^(du har (nå )?lyttet til|you have (now )?(been )?listen(ed|ing) to|quiz for case)", re.IGNORECASE)
# The jingle before a transcript: "Velkommen til LØRN.Tech, en læringsdugnad …".
JINGLE = re.compile(r"^(velkommen til|welcome to) (lørn|lorn)\b", re.IGNORECASE)
QUOTE_CHARS = "\"“”«»„'‘’"
SITE_SUFFIX = re.compile(r"\s*[|\-–—]\s*(?:LØRN|LORN|Lørn)(?:\.tech)?\s*$", re.IGNORECASE)
# "Leksjon 2 - Eksempler (35min)", "Del 1 - E0017", "Lesson 3: Tools (29 min)", "Del 2".
PART_RE = re.compile(
    r"^(?P<word>Leksjon|Lesson|Del|Part)\s+(?P<n>\d{1,2})(?:\s*[-–—:]\s*(?P<rest>.*?))?"
    r"\s*(?:\(\s*(?P<min>\d{1,3})\s*min\w*\s*\))?\s*$",
    re.IGNORECASE,
)
ID_ONLY = re.compile(r"^[CEM]\d{3,5}$", re.IGNORECASE)
WEBINAR_MARK = re.compile(r"^(?:LØRN\s+)?(?:webinar|frokostwebinar|frokostseminar)$", re.IGNORECASE)
TIME_LINE = re.compile(r"^(?:kl\.?|klokken|at)\s*\d{1,2}[:.]\d{2}(?:\s*[-–]\s*\d{1,2}[:.]\d{2})?$", re.IGNORECASE)
# An episode blurb: a listing page has many.
EPISODE_BLURB = re.compile(r"^(i denne (episoden|samtalen)|in this (episode|conversation))\b", re.IGNORECASE)

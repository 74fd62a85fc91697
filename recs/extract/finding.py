"""Candidates: the sentences (or list items) of a brief that ask someone to act.

A sentence is a candidate when a cue in it asks for action: a modal (should,
must, shall, ought to, need(s) to, is required to), a recommendation or a
call (we recommend, recommends that, call on, urge, request, encourage,
demand), a necessity (it is essential that …, X will be crucial to …), an
instruction opening a list item ("Establish …"), or the operative paragraph
of a resolution ("Calls upon …"). It is not one when the cue states an
expectation ("this should lead to …"), the past ("should have", "the 2019
review recommended"), what someone else said ("Baku has stated that …"), or
asks a question. Sections titled Recommendations, Way forward or Where do we
go from here count for more.

Each candidate carries the sentence verbatim, its cue, the actors the text
names (the subject of a pronoun is the actor of the sentence before), a short
title in the imperative, tags, a due date, its location and a confidence.
The rules are plain regular expressions over the sentence: no model, so it
runs offline and fast, and every decision can be read here.
"""

import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from recs.extract import when
from recs.extract.reading import Block, Document
from recs.extract.words import (AGENTS, DETERMINERS, IMPERATIVES, MONTH_NAMES, NOMINALS, NOT_AGENTS,
                                PARTICIPLES, TIME_WORDS)

I = re.IGNORECASE


@dataclass
class Candidate:
    """One proposed recommendation."""

    number: int
    quote: str
    cue: str
    actors: list[str]
    actor_source: str  # "text", "sentence before", "lead-in", "heading", "document", "brief", "none"
    title: str
    tags: list[str]
    due: str | None
    location: str
    page: int | None
    paragraph: int
    section: str | None
    confidence: float

    def as_dict(self) -> dict:
        return asdict(self)


# -- cues -----------------------------------------------------------------------------
_ADVERB = r"(?:(?:also|now|therefore|thus|then|still|further|immediately|urgently|clearly|at least|" \
          r"in turn|as a priority|first|rather|instead|not|never|no longer|jointly|together|together with|" \
          r"continue to|\w+ly)\s+)*"
MODAL = re.compile(r"\b(should|must|shall|ought to|needs? to|(?:is|are) (?:also )?(?:required|obliged|expected) to|"
                   r"(?:has|have) (?:a|the) (?:responsibility|duty|obligation) to)\b", I)
CALL = re.compile(
    r"\b(recommend(?:s|ed)?|urge(?:s|d)?|call(?:s|ed)? (?:on|upon|for)|request(?:s|ed)?|encourage(?:s|d)?|"
    r"demand(?:s|ed)?|invite(?:s|d)?|appeal(?:s|ed)? to|propose(?:s|d)?|advise(?:s|d)?|ask(?:s|ed)?|"
    r"suggest(?:s|ed)?|press(?:es)?)\b", I)
PASSIVE_CALL = re.compile(r"\b(?:is|are)\s+(?:\w+ly\s+|also\s+|further\s+|once again\s+)*"
                          r"(urged|encouraged|requested|called upon|called on|invited|recommended|advised|asked)\s+to\b", I)
RECOMMENDED = re.compile(r"\bit is (?:\w+ly )?(?:recommended|proposed|suggested|advised) (?:that|to)\b", I)
NECESSITY = re.compile(
    r"\b(?:it|this) (?:is|will be|remains|becomes) (?:\w+ly |also |therefore |thus |now )*"
    r"(essential|crucial|vital|imperative|critical|important|necessary|urgent|key|paramount|indispensable) "
    r"(?:(?:for (?P<for>[^,;]+?) )?to|that)\b", I)
CRUCIAL = re.compile(
    r"\b(?:will|would|is|are|remains?) (?:also |thus |therefore |equally |particularly |especially |absolutely )*"
    r"(?:be )?(crucial|essential|vital|key|critical|indispensable|instrumental|necessary|needed|required|paramount) "
    r"(?:to|for|in)\b", I)
NEED_FOR = re.compile(r"\b(?:there is|there remains|there will be) (?:an? |the )?(?:\w+ )?need (?:for|to)\b|"
                      r"\b(?:it is|the) time (?:has come )?(?:for (?P<for>[^,;]+?) )?to\b(?! come)", I)
IS_NEEDED = re.compile(r"\b(?:is|are) (?:urgently |also |therefore )*(?:needed|required|warranted)\b(?! to)", I)
CONSIDER = re.compile(r"\b(?:could|may|might) (?:wish to |want to )?consider\b", I)
WITHOUT = re.compile(
    r"^Without (?P<np>(?:international|external|greater|more|further|sustained|adequate|additional|urgent|"
    r"meaningful|stronger|concerted|targeted|decisive|continued|increased|robust|serious|swift|immediate)\b[^,]{3,200}),\s*"
    r"(?P<rest>.+\b(?:will|would|can|could|may|might|is likely|are likely|risks?)\b.*)$", I)
REC_LABEL = re.compile(r"^(?:Recommendation|Rec\.)\s*(?:\d+|[IVX]+|[A-Z])?\s*[.:)–—-]\s*", I)
#: Verbs that open an operative paragraph of a resolution (after its number).
OPERATIVE = re.compile(
    r"^(?:(?:Also|Further|Furthermore|Again|Once again|Strongly|Urgently|Repeatedly|Hereby|Finally|Reiterates its)\s+)*"
    r"(Calls upon|Calls on|Calls for|Urges|Requests|Encourages|Invites|Demands|Decides|Recommends|Authorizes|"
    r"Authorises|Appeals to|Asks|Directs|Instructs|Mandates|Endorses|Calls|Demand|Urge|Request|Encourage|Invite|Call upon|Call on)\b")
NEED_WORDS = re.compile(r"^(?:(?:Also|Further|Again|Once again|Strongly)\s+)*(?:Stresses|Emphasizes|Emphasises|"
                        r"Underlines|Underscores|Reiterates|Reaffirms|Highlights|Affirms) (?:the (?:urgent |critical |pressing )?"
                        r"(?:need|importance)|its (?:call|demand|request)s?)\b")
PREAMBLE = re.compile(
    r"^(?:Recalling|Reaffirming|Noting|Expressing|Recognizing|Recognising|Stressing|Emphasizing|Emphasising|"
    r"Underlining|Welcoming|Concerned|Deeply|Gravely|Seriously|Alarmed|Bearing in mind|Having|Mindful|Convinced|"
    r"Determined|Guided|Taking note|Acknowledging|Affirming|Considering|Deploring|Condemning|Aware|Conscious|"
    r"Reiterating|Commending|Appreciating|Encouraged|Acting|Underscoring|Regretting|Further recalling|Also recalling|"
    r"Noting with|Observing|Desiring|Believing|Reaffirming)\b")
BODY = re.compile(r"^(?:The\s+)?((?:[A-Z][\w-]*\s+){0,4}(?:Council|Assembly|Commission|Committee|Conference|Board|"
                  r"Parliament|Summit))\s*,?$")

#: Heads of sections whose sentences count for more.
REC_SECTION = re.compile(r"\b(recommendations?|way forward|where do we go from here|the road ahead|way ahead|"
                         r"policy (?:options|implications|responses?|priorities)|what (?:should|must|needs to) be done|"
                         r"next steps|what (?:\w+ )?(?:should|must|can) do|priorities for action|conclusions? and|"
                         r"proposals?|a (?:plan|path|call) (?:for|to) action|call to action|looking ahead|"
                         r"moving forward|what now|the path forward)\b", I)
#: A line that hands its actor to the list below it: "To the Ministry of Health:",
#: "For donors:", "Recommendations to the Ministry of Health" (a colon optional only there).
LEAD_LINE = re.compile(r"^(?:(?:to|for)\s+(?:the\s+)?(?P<to>[^:,;.!?]{2,80}?)\s*:|"
                       r"(?:our\s+|key\s+|main\s+)?(?:recommendations?|proposals?|priorities|asks)\s+(?:to|for)\s+"
                       r"(?:the\s+)?(?P<rec>[^:,;.!?]{2,80}?)\s*:?)$", I)
SECTION_ACTOR = re.compile(r"\b(?:recommendations?|proposals?|priorities|messages)\s+(?:to|for)\s+(?:the\s+)?(?P<actor>.+?)\s*:?$|"
                           r"^what\s+(?:the\s+)?(?P<doer>.+?)\s+(?:can|could|should|must|needs? to|ought to)\s+do\b", I)

# -- what is not a request ------------------------------------------------------------
PAST_MODAL = re.compile(r"\b(?:should|must|ought to|could|would|might|needs? to) (?:not |never |also )?have\b|"
                        r"\b(?:was|were|had been) (?:\w+ly )?(?:required|obliged|expected|supposed) to\b|\b(?:had|needed) to\b", I)
DISCOURSE = re.compile(
    r"\b(?:it|this|one|we) (?:should|must|need to|shall) (?:also |again |however |therefore |first |nonetheless )*"
    r"(?:be )?(?:noted|stressed|emphasi[sz]ed|recalled|remembered|borne in mind|said|pointed out|acknowledged|"
    r"recogni[sz]ed|understood|mentioned|clear|added|underlined|highlighted|admitted|observed|note|stress|"
    r"emphasi[sz]e|recall|remember|add|say|point out|acknowledge|recogni[sz]e|understand|mention|underline|"
    r"see|wait and see)\b|\b(?:should|must) (?:not )?come as (?:no|a) surprise\b|\bas (?:it|they|one) (?:should|must)\b|"
    r"\bwe shall see\b", I)
#: What a thing (not a person) "should" do is an expectation: "this should lead to …".
OUTCOME_VERBS = set("""lead result help allow enable mean make prove suffice come take last yield produce bring
reduce lower raise increase improve boost ease facilitate pave encourage give generate cut save deter
contribute translate become be remain happen occur arrive follow emerge go push drive spur prompt discourage
attract persuade motivate incentivise incentivize trigger cause""".split())
REPORTING = re.compile(
    r"\b(?:said|says|stated|states that|claimed|claims|argued|argues that|announced|announces|declared|declares|"
    r"insisted|insists|asserted|asserts|maintained|maintains that|told|wrote|writes that|promised|pledged|vowed|"
    r"warned|threatened|noted that|suggested|proposed|recommended|demanded|called for|called on|called upon|"
    r"urged|requested|according to|in the words of|believes that|believed that|thinks that|thought that|"
    r"reported|reports that|concluded|concludes that|agreed|agreed that|decided|contended|contends)\b", I)
SELF = re.compile(r"\b(?:we|I|our|this (?:brief|paper|report|study|analysis|note|memo|commentary|assessment)|"
                  r"the (?:authors?|present (?:brief|paper|report)))\s+(?:\w+\s+){0,2}$", I)
QUOTED = re.compile(r"[“\"«]([^”\"»]*)[”\"»]")
CONJUNCTIONS = re.compile(r"^(?:and|but|so|or|yet|therefore|thus|hence|then|instead|also|moreover|furthermore|"
                          r"additionally|finally|first|firstly|second|secondly|third|thirdly|lastly|meanwhile|"
                          r"similarly|likewise|crucially|importantly|above all|in addition|in particular|"
                          r"at the same time|in the meantime|for instance|for example|in short|ideally|specifically|"
                          r"in turn|however|equally|critically|most importantly|in sum|overall|now|still|"
                          r"for their part|for its part|to this end|to that end|as such|rather|ultimately)\b[,\s]*", I)
PARENTHETICAL = re.compile(r"^(?:including|such as|in particular|notably|which|who|whose|as well as|together with|"
                           r"along with|among them|especially|e\.g\.|i\.e\.|for example|in turn|therefore|however|too|"
                           r"also|meanwhile|in the meantime|for their part|for its part|in particular|both|acting|"
                           r"where|when|with|as|if|once|given|not least|alongside|like)\b", I)
SUBORDINATE = re.compile(r"^(?:as|if|when|while|whilst|because|since|although|though|once|unless|whereas|where|"
                         r"after|before|until|given|now that|so that|in order|to|even if|even as|provided)\b", I)
PREPOSITIONS = {"in", "at", "on", "during", "after", "before", "for", "with", "without", "under", "over", "within",
                "beyond", "following", "given", "alongside", "through", "by", "to", "from", "until", "since",
                "amid", "despite", "against", "among", "across", "toward", "towards", "upon", "into", "as"}
PRONOUNS = {"they", "it", "he", "she", "these", "those", "the latter", "the former", "both", "this", "that",
            "them", "its", "their"}
PERSONAL = {"we", "us", "you", "one", "i", "everyone", "anyone", "someone", "nobody", "there"}
VERBISH = re.compile(r"\b(?:is|are|was|were|be|been|being|has|have|had|will|would|can|could|may|might|should|"
                     r"must|shall|do|does|did|remains?|continues?|seems?|appears?|believes?|thinks?|argues?|"
                     r"says?|said|means?|shows?|suggests?)\b", I)
_WORD = re.compile(r"[\w’'-]+")
_SPLIT_JOINED = re.compile(r"(?<=[a-z0-9)\]”’\"'][.!?])(?=[A-Z][a-z])")

TAGS = [
    ("humanitarian", r"humanitarian|evacuat|refugee|displaced|shelter|food|relief|emergency needs"),
    ("security", r"security|military|defen[cs]e|peacekeep|ceasefire|armed|weapons?|arms\b|deterr|troops"),
    ("diplomacy", r"negotiat|peace (?:talks|process|deal|agreement)|dialogue|diplomat|mediat|talks\b"),
    ("accountability", r"accountab|sanction|impunity|prosecut|investigat|justice|tribunal|war crimes?"),
    ("human-rights", r"human rights|rights of|torture|detention|detain|freedom of|discriminat|minorit"),
    ("funding", r"fund|financ|budget|invest|donor|grant|loan|\bmoney\b|resources"),
    ("monitoring", r"monitor|observ|report(?:ing)? on|verif"),
    ("governance", r"governance|corruption|transparen|rule of law|institution|elections?|judicia|reform"),
    ("health", r"\bhealth|medic|hospital|vaccin|disease"),
    ("climate", r"climate|emission|carbon|adaptation|renewable|energy transition"),
    ("gender", r"\bwomen|gender|girls\b"),
    ("migration", r"migra|asylum|border"),
    ("economy", r"econom|trade|tariff|market|jobs|employment|growth"),
    ("education", r"educat|schools?\b|teacher"),
    ("infrastructure", r"infrastructure|transport links|roads?\b|railway|connectivity"),
]
_TAGS = [(name, re.compile(pattern, I)) for name, pattern in TAGS]
DEADLINE = re.compile(r"\b(?:by|before|beyond|until|till|no later than|ahead of|through|prior to)\s+(?:at (?:the )?(?:least|latest)\s+)?"
                      r"(?:early\s+|late\s+|mid-?\s*)?", I)


# -- sentences --------------------------------------------------------------------------
_segmenter = None


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text` (pysbd, after splitting where a full stop
    lacks its space: "cleansing.The")."""
    global _segmenter
    if _segmenter is None:
        import pysbd

        _segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    spans: list[tuple[int, int]] = []
    cuts = [0] + [m.start() for m in _SPLIT_JOINED.finditer(text)] + [len(text)]
    for start, end in zip(cuts, cuts[1:]):
        piece = text[start:end]
        if not piece.strip():
            continue
        for span in _segmenter.segment(piece):
            s, e = span.start, span.end
            while s < e and piece[s].isspace():
                s += 1
            while e > s and piece[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append((start + s, start + e))
    return spans


# -- the finder -------------------------------------------------------------------------
_PREFILTER = re.compile(
    r"\b(?:should|must|shall|ought|need|needs|required|obliged|responsibility|duty|obligation|recommend\w*|urge\w*|"
    r"call\w*|request\w*|encourag\w*|demand\w*|invit\w*|appeal\w*|propos\w*|advis\w*|ask\w*|suggest\w*|press\w*|"
    r"essential|crucial|vital|imperative|critical|important|necessary|urgent|key|paramount|indispensable|"
    r"instrumental|needed|warranted|time|consider|without|decides)\b", I)


@dataclass
class _Found:
    """A request found in a sentence, before it becomes a Candidate."""

    cue: str
    kind: str
    actors: list[str]
    actor_source: str
    action: str  # the words that say what to do, for the title
    confidence: float
    passive_subject: str | None = None
    np_title: bool = False


@dataclass
class _State:
    section: str | None = None
    rec_section: bool = False
    section_level: int = 0
    section_actor: list[str] = field(default_factory=list)
    lead: _Found | None = None
    last_actors: list[str] = field(default_factory=list)
    body: str | None = None


def find(document: Document, tick=None) -> list[Candidate]:
    """Every candidate in `document`, in reading order, numbered from 1
    (`tick(n)`, if given, is called as blocks are read)."""
    state = _State()
    state.body = _issuing_body(document.blocks)
    found: list[tuple[Block, str, _Found, str | None, bool]] = []

    def add(block: Block, quote: str, hits: list[_Found]) -> None:
        found.extend((block, quote, hit, state.section, state.rec_section) for hit in hits)

    for count, block in enumerate(document.blocks, 1):
        if tick and count % 50 == 0:
            tick(50)
        if block.kind == "heading":
            _enter_heading(state, block)
            if state.rec_section and _imperative(REC_LABEL.sub("", block.text)):
                add(block, block.text, [_imperative_hit(REC_LABEL.sub("", block.text), state, heading=True)])
            continue
        text = block.text
        if PREAMBLE.match(text) and text.rstrip().endswith((",", ";")):
            state.lead = None
            continue
        lead = state.lead
        if block.kind != "item":
            state.lead = None
        if block.kind == "item" and lead is not None:
            add(block, text, [_from_lead(lead, text)])
            continue
        if block.kind == "item" and len(text) <= 700:
            add(block, text, _item_hits(text, state))
        else:
            for quote, hit in _paragraph_hits(text, state):
                add(block, quote, [hit])
        if text.rstrip().endswith(":") or LEAD_LINE.match(text.strip()):
            state.lead = _lead_in(text, state)
    fallback = _most_named([hit for _, _, hit, _, _ in found])
    candidates: list = []
    for block, quote, hit, section, rec in found:
        actors, source = hit.actors, hit.actor_source
        if not actors and fallback:
            actors, source = [fallback], "brief"
        confidence = hit.confidence
        if source in ("brief", "none"):
            confidence -= 0.1
        candidates.append(Candidate(
            number=len(candidates) + 1, quote=quote, cue=hit.cue, actors=actors, actor_source=source,
            title=make_title(hit), tags=tags_for(quote), due=due_in(quote), location=block.location,
            page=block.page, paragraph=block.number, section=section,
            confidence=round(min(max(confidence, 0.05), 0.99), 2)))
    return candidates


def _issuing_body(blocks: list[Block]) -> str | None:
    """"The Security Council," at the head of a resolution: who "Decides"."""
    for block in blocks[:12]:
        match = BODY.match(block.text)
        if match:
            return match.group(1).strip()
    return None


def _enter_heading(state: _State, block: Block) -> None:
    text = REC_LABEL.sub("", block.text).strip()
    state.lead = None
    numbered_or_instruction = bool(re.match(r"^\d+[.)]?\s", block.text)) or _imperative(text)
    if state.rec_section and (block.level > state.section_level or
                              (block.level == state.section_level and numbered_or_instruction
                               and not REC_SECTION.search(text))):
        match = SECTION_ACTOR.search(text)  # a sub-heading of the recommendations stays in them
        if match:
            state.section_actor = split_actors(match.group("actor") or match.group("doer"))
        return
    state.section = text
    state.section_level = block.level
    state.rec_section = bool(REC_SECTION.search(text))
    state.lead = None
    match = SECTION_ACTOR.search(text)
    state.section_actor = split_actors(match.group("actor") or match.group("doer")) \
        if match and (state.rec_section or match.group("doer")) else []
    state.rec_section = state.rec_section or bool(match and match.group("doer"))


def _paragraph_hits(text: str, state: _State) -> list[tuple[str, _Found]]:
    operative = _operative(text, state)
    if operative is not None:
        return [(text, operative)]
    if not _PREFILTER.search(text) and not (state.rec_section and _imperative(text)):
        _remember_subject(text, state)
        return []
    out: list = []
    for index, (start, end) in enumerate(sentences(text)):
        sentence = text[start:end]
        hits = evaluate(sentence, state, first=index == 0)
        out.extend((sentence, hit) for hit in hits)
        if hits:
            state.last_actors = hits[-1].actors or state.last_actors
        else:
            _remember_subject(sentence, state)
    return out


def _item_hits(text: str, state: _State) -> list[_Found]:
    """A list item is one candidate (unless its sentences name different actors)."""
    operative = _operative(text, state)
    if operative is not None:
        return [operative]
    spans = sentences(text)
    hits: list[_Found] = []
    for index, (start, end) in enumerate(spans):
        sentence = text[start:end]
        got = evaluate(sentence, state, first=index == 0, item=index == 0)
        if got:
            state.last_actors = got[-1].actors or state.last_actors
        hits.extend(got)
    if not hits:  # a noun phrase in a list without a lead-in asks nothing of anyone
        return []
    merged = [hits[0]]
    for hit in hits[1:]:
        if hit.actors and merged[-1].actors and _same(hit.actors, merged[-1].actors) or not hit.actors:
            continue
        if not merged[-1].actors and hit.actor_source == "text":
            merged[-1].actors, merged[-1].actor_source = hit.actors, hit.actor_source
            continue
        merged.append(hit)
    return merged


def _same(a: list[str], b: list[str]) -> bool:
    return {x.casefold() for x in a} == {x.casefold() for x in b}


def _remember_subject(sentence: str, state: _State) -> None:
    """The actor a later "they" may stand for: the subject of this sentence."""
    match = VERBISH.search(sentence)
    if not match:
        return
    subject = _trim_subject(sentence[:match.start()])
    if subject and agentive(subject):
        state.last_actors = split_actors(subject)


# -- one sentence -----------------------------------------------------------------------
def evaluate(sentence: str, state: _State, *, first: bool = False, item: bool = False) -> list[_Found]:
    """The requests one sentence makes, grouped by actor; [] when it makes none."""
    text = sentence.strip()
    if not text or text.endswith("?") or re.search(r"\?[\"”’)]*$", text):
        return []
    label = REC_LABEL.match(text)
    body = text[label.end():] if label else text
    rec_bonus = 0.1 if state.rec_section else 0.0
    if (item or label or (state.rec_section and first)) and _imperative(body):
        hit = _imperative_hit(body, state, item=item)
        if label:
            hit.cue, hit.confidence = "recommendation " + label.group().strip(" .:)–—-").split()[-1] \
                if len(label.group().split()) > 1 else "recommendation", 0.9
        return [hit]
    hits: list[_Found] = []
    masked = _mask_quotes(body)
    if DISCOURSE.search(masked) and not MODAL.search(DISCOURSE.sub("", masked)):
        return []
    for finder in (_calls, _modals, _necessities, _without):
        hits.extend(finder(body, masked, state))
    if label and not hits:
        hits = [_Found("recommendation", "label", [], "none", body, 0.8)]
    elif label:
        for hit in hits:
            hit.cue, hit.confidence = "recommendation; " + hit.cue, max(hit.confidence, 0.9)
    hits = [hit for hit in hits if hit.np_title or hit.kind == "label" or hit.action.strip(" :;,.")]
    for hit in hits:
        hit.confidence += rec_bonus
    return _group(hits)


def _group(hits: list[_Found]) -> list[_Found]:
    """Several requests in one sentence are one candidate unless they name different actors."""
    out: list[_Found] = []
    for hit in sorted(hits, key=lambda h: -h.confidence):
        twin = next((o for o in out if not hit.actors or not o.actors or _same(o.actors, hit.actors)), None)
        if twin is None:
            out.append(hit)
        elif not twin.actors and hit.actors:
            twin.actors, twin.actor_source = hit.actors, hit.actor_source
    return out


def _mask_quotes(text: str) -> str:
    """Quoted words replaced by spaces of the same length: what others said is not a cue."""
    return QUOTED.sub(lambda m: m.group()[0] + " " * (len(m.group()) - 2) + m.group()[-1]
                      if len(m.group(1).split()) > 3 else m.group(), text)


def _reported(masked: str, position: int) -> bool:
    """A reporting verb ("has stated", "recommended", "according to") earlier in
    the same clause, said by someone other than the brief's authors."""
    before = masked[:position]
    clause_start = max(before.rfind(";"), before.rfind(" but "), before.rfind(" however"), before.rfind(":"))
    for match in REPORTING.finditer(before, max(clause_start, 0)):
        if SELF.search(before[:match.start()]):
            continue
        if match.group().lower() in ("according to", "in the words of"):
            return True
        if re.match(r"\s+that\b", masked[match.end():], I) and re.search(r"(?:ed|said|told|wrote|thought)$",
                                                                        match.group().lower()):
            return True  # "the 2019 review recommended that …": past speech, whoever spoke
        words = _WORD.findall(before[:match.start()])
        while words and (words[-1].lower().endswith("ly") or words[-1].lower() in ("also", "now", "then", "again")):
            words.pop()
        if not words:
            continue
        last = words[-1]
        if last.lower() in ("he", "she", "they", "it", "who", "has", "have", "had", "which") or \
                last.lower() in AGENTS or (last[0].isupper() and last.lower() not in DETERMINERS):
            return True
    return False


# modal cues ----------------------------------------------------------------------------
def _modals(body: str, masked: str, state: _State) -> list[_Found]:  # noqa: C901
    hits = []
    for match in MODAL.finditer(masked):
        start, end = match.span()
        word = match.group(1).lower()
        before = masked[:start].rstrip()
        after = masked[end:]
        if word.startswith("need") and re.search(r"\b(?:the|a|an|no|any|urgent|pressing|clear|growing)\s*$", before, I):
            continue  # "the need to": a noun
        if re.search(r"\b(?:will|would|may|might|could)\s*$", before, I):
            continue  # "will need to": a prediction
        if word == "should" and not before.strip(" \"'“(") and not re.match(r"\s+(?:\w+ly\s+)?(?:not\s+)?(?:be|\w+)\b", after):
            continue
        if word == "should" and re.match(r"^\W*$", before):
            # "Should the talks fail, …": a condition, unless an imperative sentence follows
            continue
        if PAST_MODAL.match(masked[start:]) or re.match(r"\s+(?:not\s+|never\s+)?(?:have|'ve)\b(?!\s+(?:a|the|to|an|access|more|no|any|their|its))", after, I):
            continue
        if _reported(masked, start):
            continue
        subject_text = _trim_subject(body[:start])
        low = (subject_text or "").lower()
        if low in PERSONAL or low.startswith(("we ", "you ")):
            continue
        if low in ("which", "that") or (low.endswith((" which", " that")) and not agentive(low)):
            continue
        passive = _passive(after)
        verb = _first_word(after, skip_adverbs=True)
        if not passive and subject_text and not agentive(subject_text) and not _pronoun(low):
            if verb in OUTCOME_VERBS and not re.match(r"\s+(?:\w+ly\s+)?be\s+(?:given|made|taken|put|placed)\b", after):
                continue  # "this should lead to fewer complaints": an expectation
        if low in ("this", "that", "it", "these", "those", "which") and not passive:
            if verb in OUTCOME_VERBS or verb in ("not",):
                continue
        actors, source = [], "none"
        if passive:
            agent = _agent(after)
            if agent:
                actors, source = split_actors(agent), "text"
        elif subject_text and _pronoun(low):
            if state.last_actors:
                actors, source = list(state.last_actors), "sentence before"
        elif subject_text and agentive(subject_text):
            actors, source = split_actors(subject_text), "text"
        confidence = 0.78 if actors else 0.62
        if passive:
            confidence -= 0.04
        if word.startswith(("ought", "shall")):
            confidence -= 0.05
        hits.append(_Found(word, "modal", actors, source, body[end:].strip(), confidence,
                           passive_subject=subject_text if passive or not actors else None))
    return hits


def _passive(after: str) -> bool:
    return bool(re.match(r"\s+(?:not\s+|also\s+|now\s+|\w+ly\s+)*be\s+(?:\w+ly\s+)*(?:\w+ed|\w+en|"
                         + "|".join(PARTICIPLES) + r")\b", after, I))


def _agent(after: str) -> str | None:
    """The "by …" of a passive request, up to the end of its clause."""
    match = re.search(r"\bby\s+([^,;:()]+)", after)
    if not match:
        return None
    agent = re.split(r"\s+(?:through|via|with|under|within|before|after|by|until|so|in order|including|when|while|"
                     r"if|as|because|without|at|from)\s+|\s*[.!?]$", match.group(1).strip())[0]
    if len(agent.split()) > 12:
        return None
    first = _WORD.findall(agent)
    if not first or first[-1].lower() in MONTH_NAMES or first[0].lower() in MONTH_NAMES or agent[0].isdigit():
        return None
    agent = re.sub(r"\s+(?:and|of|for|on|the)$", "", agent)
    return agent if agentive(agent) else None


# call cues -----------------------------------------------------------------------------
def _calls(body: str, masked: str, state: _State) -> list[_Found]:
    hits = []
    for match in PASSIVE_CALL.finditer(masked):
        subject = _trim_subject(body[:match.start()])
        if _reported(masked, match.start()):
            continue
        actors, source = (split_actors(subject), "text") if subject and agentive(subject) else ([], "none")
        if subject and _pronoun(subject.lower()) and state.last_actors:
            actors, source = list(state.last_actors), "sentence before"
        hits.append(_Found(match.group(1).lower(), "call", actors, source, body[match.end():].strip(), 0.85))
    for match in RECOMMENDED.finditer(masked):
        rest = body[match.end():]
        actors, action = _that_clause(rest) if match.group().lower().endswith("that") else ([], rest)
        hits.append(_Found(match.group().lower(), "recommend", actors, "text" if actors else "none", action, 0.88))
    for match in CALL.finditer(masked):
        verb = match.group(1)
        low = verb.lower()
        if low.endswith(("ed", "sked")) and not low.startswith("press"):
            continue  # past: reported ("the 2019 review recommended …")
        before = masked[:match.start()]
        who = _caller(before)
        if who is None:
            continue
        if low.startswith(("suggest", "ask", "press", "propose", "advise")) and who != "we":
            continue  # "the data suggest …", "press freedom"
        if _reported(masked, match.start()):
            continue
        rest = body[match.end():]
        actors, action = _addressee(low, rest)
        if actors is None:
            continue
        if not actors and low.startswith(("recommend", "propose", "suggest", "demand", "call")) and \
                re.match(r"\s+that\b", rest, I):
            actors, action = _that_clause(rest[re.match(r"\s+that\b", rest, I).end():])
        hits.append(_Found(low, "call", actors, "text" if actors else "none", action, 0.88))
    return hits


def _caller(before: str) -> str | None:
    """Who is calling: "we", the brief's authors, or a named body in the present
    tense; None when the call word is a noun ("calls for sanctions grew")."""
    words = _WORD.findall(before)
    trail = [w for w in words[-4:]]
    while trail and trail[-1].lower() in ("also", "therefore", "strongly", "further", "again", "urgently",
                                          "hereby", "now", "thus", "once", "jointly", "respectfully"):
        trail.pop()
    if not trail:
        return "body" if not before.strip() else None
    last = trail[-1]
    if last.lower() in ("we", "i"):
        return "we"
    if last.lower() in ("the", "a", "an", "and", "or", "of", "these", "their", "its", "his", "her", "our",
                        "international", "growing", "repeated", "such", "his", "to", "for", "with", "whose",
                        "recent", "many", "several", "earlier", "previous", "latest", "new", "the", "public"):
        return None
    if re.search(r"[,;]\s*$", before) or last[0].isupper() or last.lower() in AGENTS:
        return "named"
    return None


def _addressee(verb: str, rest: str) -> tuple[list[str] | None, str]:
    """Whom a call asks, and to do what: "urge the EU to extend …"."""
    rest_stripped = rest.lstrip()
    if verb.startswith(("call", "appeal")) and verb.endswith("for"):
        return [], rest_stripped
    if verb.startswith("recommend") or verb.startswith(("propose", "suggest")):
        return [], rest_stripped
    infinitives = list(re.finditer(r"\bto\s+(\w+)", rest_stripped))
    to = next((m for m in infinitives if m.group(1).lower() in IMPERATIVES), None)
    for match in infinitives if to is None else ():
        if match.group(1).lower() not in DETERMINERS and not match.group(1)[0].isupper() and \
                not match.group(1)[0].isdigit() and match.group(1).lower() not in ("conflict", "war", "region"):
            to = match
            break
    if verb.startswith("demand") and re.match(r"that\b", rest_stripped, I):
        return [], rest_stripped
    if to is None:
        return [], rest_stripped
    object_text = rest_stripped[:to.start()].strip(" ,")
    if object_text.lower().startswith("that "):
        return [], rest_stripped
    if not object_text or len(object_text.split()) > 14:
        return [], rest_stripped[to.start() + 3:]
    return split_actors(object_text) if agentive(object_text) or object_text.lower().startswith("all ") \
        else [], rest_stripped[to.start() + 3:]


def _third_person(words: list, index: int) -> bool:
    """"… that the OSCE sends observers": a verb in -s after its subject (not "member
    states fund", where the -s word is part of the subject and a verb follows)."""
    word = words[index].group()
    low = word.lower()
    if not word.islower() or not low.endswith("s") or words[index - 1].group().lower() in DETERMINERS:
        return False
    if not _base_of(low):
        return False
    following = words[index + 1].group().lower() if index + 1 < len(words) else ""
    return following not in IMPERATIVES and following not in ("should", "must", "shall", "will", "be", "is", "are",
                                                              "to", "and", "or")


def _base_of(verb: str) -> str:
    """"sends" -> "send", "publishes" -> "publish", "ratifies" -> "ratify"; "" when not a known verb."""
    for stem in (verb[:-3] + "y" if verb.endswith("ies") else "", verb[:-2] if verb.endswith("es") else "",
                 verb[:-1] if verb.endswith("s") else ""):
        if stem in IMPERATIVES:
            return stem
    return ""


def _that_clause(rest: str) -> tuple[list[str], str]:
    """The subject of "… that the EU (should) extend …", and what it is to do."""
    rest = rest.strip()
    words = list(re.finditer(r"[\w’'-]+", rest))
    for index, word in enumerate(words):
        w = word.group().lower()
        if index == 0:
            continue
        if w in ("should", "must", "shall", "be", "is", "are", "will", "immediately", "urgently", "not",
                 "also", "take", "make", "do", "does", "have", "has") or w in IMPERATIVES or \
                (w.endswith("ly") and index > 0) or _third_person(words, index):
            subject = rest[:word.start()].strip(" ,")
            if w in IMPERATIVES and words[index - 1].group().lower() in DETERMINERS:
                continue  # "the support of": a noun
            action = rest[word.start():]
            action = re.sub(r"^(?:should|must|shall)\s+", "", action, flags=I)
            if w not in IMPERATIVES and _third_person(words, index):  # "sends observers": "send observers"
                action = _base_of(w) + action[len(w):]
            if subject and agentive(subject):
                return split_actors(subject), action
            return [], rest
    return [], rest


# necessity cues ---------------------------------------------------------------------------
def _necessities(body: str, masked: str, state: _State) -> list[_Found]:  # noqa: C901
    hits = []
    for match in NECESSITY.finditer(masked):
        if _reported(masked, match.start()):
            continue
        if re.match(r"\b(?:it|this) (?:was|had been)\b", match.group(), I):
            continue
        rest = body[match.end():]
        actors: list[str] = []
        action = rest
        if match.group().lower().endswith("that"):
            actors, action = _that_clause(rest)
            if not actors:
                action = "ensure that " + rest.strip()
        elif match.group("for"):
            named = match.group("for").strip()
            if agentive(named):
                actors = split_actors(named)
        hits.append(_Found(f"it is {match.group(1).lower()}", "necessity", actors, "text" if actors else "none",
                           action.strip(), 0.72))
    for match in CRUCIAL.finditer(masked):
        subject = _trim_subject(body[:match.start()])
        if not subject or _reported(masked, match.start()):
            continue
        low = subject.lower()
        head = _WORD.findall(low)
        if low in ("it", "this", "that") or not head or head[-1] in TIME_WORDS or \
                any(w in TIME_WORDS for w in head[-2:]) or low.startswith(("the coming", "the next", "the months")):
            continue
        if agentive(subject) and not _nominal(subject):
            continue  # "The EU is key to …": a role, not a request
        hits.append(_Found(match.group().lower().rsplit(" ", 1)[0], "crucial", [], "none", subject, 0.6,
                           np_title=True))
    for match in NEED_FOR.finditer(masked):
        if _reported(masked, match.start()):
            continue
        named = (match.group("for") or "").strip()
        actors = split_actors(named) if named and agentive(named) else []
        hits.append(_Found(match.group().lower().strip(), "need", actors, "text" if actors else "none",
                           body[match.end():].strip(), 0.62))
    for match in IS_NEEDED.finditer(masked):
        subject = _trim_subject(body[:match.start()])
        if not subject or agentive(subject) or subject.lower() in ("it", "this", "that", "what") or \
                _reported(masked, match.start()):
            continue
        hits.append(_Found(match.group().lower(), "need", [], "none", subject, 0.5, np_title=True))
    for match in CONSIDER.finditer(masked):
        subject = _trim_subject(body[:match.start()])
        if not subject or not agentive(subject) or _reported(masked, match.start()):
            continue
        hits.append(_Found(match.group().lower(), "consider", split_actors(subject), "text",
                           body[match.end() - len("consider"):], 0.5))
    return hits


def _without(body: str, masked: str, state: _State) -> list[_Found]:
    """"Without international assistance, Armenia will struggle": a call for what is missing."""
    match = WITHOUT.match(masked)
    if not match or re.search(r"\bwould have\b|\bhad\b", match.group("rest"), I):
        return []
    np = body[match.start("np"):match.end("np")]
    actors = ["International community"] if np.lower().startswith("international") else []
    return [_Found("without …", "without", actors, "text" if actors else "none", np, 0.45, np_title=True)]


# operative paragraphs, instructions, lead-ins ----------------------------------------------
def _operative(text: str, state: _State) -> _Found | None:
    """A resolution's operative paragraph: "Calls upon all parties to …"."""
    match = OPERATIVE.match(text)
    need = NEED_WORDS.match(text) if not match else None
    if not match and not need:
        return None
    if need:
        rest = text[need.end():]
        actors, action = _addressee("call on", rest) if "call" in need.group() else ([], rest)
        return _Found(need.group().lower(), "operative", actors or [], "text" if actors else "none",
                      re.sub(r"^\s*(?:for|to|of)\s+", "", action), 0.8)
    verb = match.group(1)
    rest = text[match.end():]
    low = verb.lower()
    if low.startswith("decides"):
        if re.match(r"\s+to\s+(?:remain\s+(?:actively\s+)?seized|include\b.*\bagenda\b|consider\b.*\bsession\b|"
                    r"continue\s+(?:its\s+)?consideration)", rest, I):
            return None  # procedure, not a request
        action = re.sub(r"^\s*(?:to|that)\s+", "", rest)
        actors = [state.body] if state.body else []
        return _Found(verb.lower(), "operative", actors, "document" if actors else "none", action, 0.8)
    actors, action = _addressee(low, rest)
    if re.match(r"\s+that\b", rest, I):
        actors, action = _that_clause(rest[re.match(r"\s+that\b", rest, I).end():])
    if low.startswith("endorses"):
        return None
    return _Found(verb.lower(), "operative", actors or [], "text" if actors else "none", action.strip(), 0.9)


def _imperative(text: str) -> bool:
    words = _WORD.findall(text[:60])
    if not words:
        return False
    first = words[0]
    if first.lower() in ("do", "don't") and len(words) > 1 and words[1].lower() in ("not", "n't"):
        return True
    if first.lower() == "never" and len(words) > 1:
        return words[1].lower() in IMPERATIVES
    return first[0].isupper() and first.lower() in IMPERATIVES and not (len(words) > 1 and words[1].lower() in
                                                                         ("of", "is", "are", "was", "has"))


def _imperative_hit(text: str, state: _State, *, item: bool = False, heading: bool = False) -> _Found:
    actors = list(state.section_actor)
    source = "heading" if actors else "none"
    first = _WORD.findall(text)[0]
    confidence = 0.85 if state.rec_section else (0.72 if item else 0.55)
    return _Found(f"instruction ({first})", "imperative", actors, source, text, confidence)


def _lead_in(text: str, state: _State) -> _Found | None:
    """A paragraph ending with ":" whose items carry its request: "Donors should:"."""
    last = text
    spans = sentences(text)
    if spans:
        last = text[spans[-1][0]:spans[-1][1]]
    stripped = last.rstrip(" :")
    addressed = LEAD_LINE.match(last.strip())
    if addressed:
        actor = addressed.group("to") or addressed.group("rec")
        if agentive(actor):
            return _Found("lead-in", "lead", split_actors(actor), "lead-in", "", 0.85)
    named = SECTION_ACTOR.search(last)
    if named and state.rec_section:
        return _Found("lead-in", "lead", split_actors(named.group("actor") or named.group("doer")), "lead-in", "", 0.85)
    operative = _operative(stripped + " to do", state) if OPERATIVE.match(stripped) else None
    if operative is not None:
        return _Found(operative.cue, "lead", operative.actors, "lead-in" if operative.actors else "none", "", 0.85)
    hits = evaluate(stripped + " act.", state)
    if hits:
        hit = hits[0]
        return _Found(hit.cue, "lead", hit.actors, "lead-in" if hit.actors else "none", "", 0.85)
    if state.rec_section and re.search(r"\b(?:following|these|below|recommend\w*)\b", last, I):
        return _Found("lead-in", "lead", list(state.section_actor), "heading" if state.section_actor else "none",
                      "", 0.75)
    return None


def _from_lead(lead: _Found, text: str) -> _Found:
    action = re.sub(r"^to\s+", "", text.strip(), flags=I)
    return _Found(lead.cue, "lead", list(lead.actors), lead.actor_source, action,
                  lead.confidence if _imperative(action.capitalize()) or len(action.split()) > 3 else lead.confidence - 0.2)


# -- actors -----------------------------------------------------------------------------
def _trim_subject(before: str) -> str | None:
    """The noun phrase that ends `before` (the words before a modal): intro
    phrases, parentheticals and conjunctions dropped; lists kept whole."""
    text = before.rstrip()
    text = re.sub(r"(?:\s+(?:also|therefore|thus|hence|now|too|still|then|clearly|in turn|in particular|"
                  r"as well|similarly|likewise|however|meanwhile|equally|themselves|itself|alone|"
                  r"for (?:their|its) part|in the meantime))+$", "", text, flags=I)
    if text.endswith(","):
        cut = text[:-1].rstrip()
        previous = cut.rfind(",")
        if previous >= 0 and PARENTHETICAL.match(cut[previous + 1:].strip()):
            text = cut[:previous]
        elif previous >= 0:
            text = cut[:previous] if len(cut[previous + 1:].split()) > 1 and \
                not agentive(cut[previous + 1:]) else cut
        else:
            text = cut
    text = re.sub(r"\s*\([^()]*\)\s*$", "", text)  # "The EU (and its member states)"
    segments = [s.strip() for s in re.split(r"[,;:—–]\s+|\s+[—–|]\s+|[,;:]$", text)]
    segments = [s for s in segments if s]
    if not segments:
        return None
    subject = segments[-1]
    if re.match(r"^(?:and|or)\s+", subject, I) or re.search(r"\s(?:and|or)\s", subject):
        for segment in reversed(segments[:-1]):
            if len(segment.split()) <= 5 and not VERBISH.search(segment) and not SUBORDINATE.match(segment) \
                    and agentive(segment):
                subject = segment + ", " + subject
            else:
                break
    previous = None
    while previous != subject:
        previous = subject
        subject = CONJUNCTIONS.sub("", subject).strip()
    complement = list(re.finditer(r"\b(?:that|whether)\s+", subject, I))
    if complement:
        head = subject[:complement[-1].start()]
        if VERBISH.search(head) or re.search(r"\b(?:clear|true|evident|obvious|likely|essential|crucial|vital|"
                                               r"important|necessary|imperative|believe|recommend|so|such|now|given|"
                                               r"insist|ensure|argue|means?)\s*$", head, I):
            subject = subject[complement[-1].end():]
    if SUBORDINATE.match(subject):
        match = re.search(r"\b(?:the|a|an|all|its|their|both|each|every|other|these|those)\s+[\w’'-]+(?:\s+[\w’'-]+){0,8}$",
                          subject, I)
        subject = match.group() if match else ""
    words = subject.split()
    if words and words[0].lower() in PREPOSITIONS and len(words) > 2:
        for index in range(len(words) - 1, 1, -1):
            if words[index].lower() in DETERMINERS or (words[index][0].isupper() and not words[index - 1][0].isupper()):
                subject = " ".join(words[index:])
                break
    subject = subject.strip(" ,.;:\"'“”‘’")
    return subject or None


def _pronoun(low: str) -> bool:
    return low in PRONOUNS


def agentive(phrase: str) -> bool:
    """Does the phrase name someone who can act (a government, partners, the EU)?"""
    words = _WORD.findall(phrase)
    if not words:
        return False
    lower = [w.lower() for w in words]
    if lower[0] in PERSONAL or " ".join(lower) in PRONOUNS:
        return False
    head_end = len(words)
    for index, w in enumerate(lower):
        if index > 0 and w in ("in", "for", "on", "to", "from", "with", "at", "by", "across", "within", "between",
                               "among", "under", "into", "that", "which", "who", "against", "over", "through"):
            head_end = index
            break
    head = words[:head_end]
    head_lower = lower[:head_end]
    if any(w in AGENTS or (w.endswith("s") and w[:-1] in AGENTS) for w in head_lower):
        return True
    for index, word in enumerate(head):
        if len(word) >= 2 and word.isupper() and word.isalpha():
            return True  # EU, UN, NATO
        low = head_lower[index]
        if not word[0].isupper() or low in DETERMINERS or low in NOT_AGENTS or low in MONTH_NAMES:
            continue
        if index > 0 and head_lower[index - 1] not in DETERMINERS or index > 1:
            return True  # a capital inside a phrase: "the European Union", "Rights Collective"
        # the first word, capitalized perhaps only because it opens the sentence: a name
        # ("Armenia", "Donors") when it stands alone or every word is capitalized
        rest = [w for w in head[index + 1:]]
        if all(w[0].isupper() for w in rest) and not re.search(
                r"(?:tion|tions|ment|ments|ness|ity|ance|ence|ing|ism|ure|age|sion|cy|ies|ures|ances|ences)$", low):
            return True
    return False


def _nominal(phrase: str) -> bool:
    words = [w.lower() for w in _WORD.findall(phrase)]
    words = [w for w in words if w not in DETERMINERS]
    return bool(words) and (words[0] in NOMINALS or words[0].endswith(("ing", "tion", "tions", "ment", "ments")))


def split_actors(phrase: str) -> list[str]:
    """"The United Nations and other relevant organizations" -> ["United Nations",
    "Other relevant organizations"]: parts of a list that each name an actor."""
    phrase = phrase.strip(" ,.;:")
    phrase = re.sub(r"\s*\([^()]*\)", "", phrase)
    parts: list[str] = []
    for piece in re.split(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+as well as\s+|\s+or\s+|\s+together with\s+", phrase):
        piece = piece.strip()
        if not piece:
            continue
        # "all parties to the conflict in Sudan and Somalia": the "and" joins what the "in" governs
        if parts and re.search(r"\s(?:of|in|to|for|on|at|from)\s", " " + parts[-1] + " ") and not (
                any(w.lower() in AGENTS or (w.isupper() and len(w) > 1) for w in _WORD.findall(piece))):
            parts[-1] = phrase[phrase.index(parts[-1]):phrase.index(piece, phrase.index(parts[-1])) + len(piece)]
            continue
        parts.append(piece)
    if len(parts) > 1 and all(agentive(p) or p.lower().split()[0] in ("other", "all", "relevant") for p in parts):
        names = parts
    else:
        names = [phrase]
    out = []
    for name in names:
        name = re.sub(r"^(?:the|both|all of the)\s+", "", name, flags=I)
        name = name.strip(" ,.;:\"'“”")
        if name:
            name = name[0].upper() + name[1:]
            if name not in out and len(name) <= 200:
                out.append(name)
    return out


def _most_named(hits: list[_Found]) -> str | None:
    counts = Counter(actor for hit in hits if hit.actor_source in ("text", "sentence before", "lead-in", "heading")
                     for actor in hit.actors)
    return counts.most_common(1)[0][0] if counts else None


# -- titles, tags, dates -------------------------------------------------------------------
_TITLE_CUT = re.compile(r",\s+(?:which|who|whose|while|whilst|so that|in order to|including|such as|given|because|"
                        r"since|especially|as|and to|thereby|with a view to|where|whereas|not least|at a time)\b|"
                        r"\s+in order to\b|\s+so as to\b|;|\s+[—–]\s+|:\s|\s+\(|\s+with a view to\b|\s+so that\b|"
                        r",\s+\w+ing\b", I)
_LEADING = re.compile(r"^(?:(?:immediately|urgently|also|now|further|swiftly|promptly|quickly|rapidly|seriously|then|"
                      r"therefore|first|at least|at a minimum|as a priority|as a matter of (?:urgency|priority)|in turn|"
                      r"jointly|together|thus|still|actively|strongly|explicitly|fully|rather|instead|additionally|"
                      r"consequently|accordingly|hence|equally|similarly|subsequently|once again|again|clearly)\s+)+", I)
_STOP_END = {"of", "the", "and", "in", "to", "for", "a", "an", "with", "by", "on", "or", "as", "at", "its", "their",
             "that", "from", "into", "who", "which", "will", "be", "is", "are", "under", "over", "through", "between",
             "within", "across", "against", "about", "while", "not", "no", "do", "all", "any", "this", "these", "those",
             "without", "upon", "after", "before", "during", "than", "so", "but", "if", "when", "where", "whose"}
TITLE_MAX = 90


def make_title(hit: _Found) -> str:
    """A short title in the imperative: "Secure the safe evacuation of …"."""
    action = hit.action.strip()
    if hit.np_title:
        text = _np_to_action(action)
    elif hit.kind == "modal" and hit.passive_subject and _passive(" " + action):
        text = _passive_to_active(action, hit.passive_subject)
    else:
        text = _LEADING.sub("", action)
        text = re.sub(r"^(?:to|that)\s+", "", text, flags=I)
        if re.match(r"^be\s+", text, I) and hit.passive_subject:
            text = f"Ensure {_lower_first(hit.passive_subject)} {'are' if hit.passive_subject.lower().endswith('s') else 'is'} " \
                   + text[3:]
        elif re.match(r"^(?:not|never)\s+", text, I):
            text = ("Do not " if text.lower().startswith("not") else "Never ") + text.split(None, 1)[1] \
                if len(text.split(None, 1)) > 1 else text
        elif re.match(r"^be\s+", text, I):
            text = "Be " + text[3:]
    return shorten(text)


def _np_to_action(phrase: str) -> str:
    words = phrase.split()
    while words and words[0].lower() in DETERMINERS:
        words.pop(0)
    if not words:
        return phrase
    first = words[0].lower().strip(",")
    if first in NOMINALS:
        rest = words[1:]
        if rest and rest[0].lower() == "of":
            rest = rest[1:]
        return " ".join([NOMINALS[first].capitalize()] + rest)
    if first.endswith("ing") and len(first) > 5:
        return " ".join([first[:-3].capitalize() if first[:-3] in IMPERATIVES else first[:-3].capitalize() + "e"
                         if first[:-3] + "e" in IMPERATIVES else first.capitalize()] + words[1:])
    return "Ensure " + _lower_first(" ".join(words))


def _passive_to_active(action: str, subject: str) -> str:
    match = re.match(r"(?:(?:not|also|now|\w+ly)\s+)*be\s+(?:(?:\w+ly)\s+)*([\w-]+)\s*(.*)$", action, I | re.S)
    if not match:
        return action
    participle, rest = match.group(1), match.group(2)
    verb = base_verb(participle)
    negative = re.match(r"\s*not\b", action, I)
    rest = re.sub(r"^by\s+(?:the\s+)?[\w’'-]+(?:\s+[A-Z][\w’'-]*)*\s*", "", rest)
    text = f"{verb.capitalize()} {_lower_first(subject)}"
    if rest:
        text += " " + rest
    return ("Do not " + _lower_first(text)) if negative else text


def base_verb(participle: str) -> str:
    """"established" -> "establish", "found" -> "find", "ratified" -> "ratify"."""
    word = participle.lower()
    if word in PARTICIPLES:
        return PARTICIPLES[word]
    if word.endswith("ied"):
        return word[:-3] + "y"
    if word.endswith("ed"):
        stem = word[:-2]
        if stem in IMPERATIVES:
            return stem
        if stem + "e" in IMPERATIVES:
            return stem + "e"
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz" and stem[:-1] in IMPERATIVES:
            return stem[:-1]
        if re.search(r"(?:at|iz|is|uc|iv|v|ur|as|os|id|ag|ng|rc|nc|ud|ot|ut|ap|at|ib|ir|ar|or|bl|pl|tl|gl|dg)$", stem):
            return stem + "e"
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
            return stem[:-1]
        return stem
    if word.endswith("en") and word[:-2] in IMPERATIVES:
        return word[:-2]
    return word


def shorten(text: str, most: int = TITLE_MAX) -> str:
    """A title: first clause, at most `most` characters cut at a word, capitalized."""
    text = " ".join(text.split())
    cut = _TITLE_CUT.search(text)
    if cut and cut.start() > 15:
        text = text[:cut.start()]
    text = text.strip(" ,.;:")
    if len(text) > 60:
        second = re.search(r",?\s+(?:and|as well as)\s+(?:to\s+)?(\w+)\b", text[25:])
        if second and second.group(1).lower() in IMPERATIVES:
            text = text[:25 + second.start()]
    if len(text) > most:
        breaks = [m.start() for m in re.finditer(r",\s|\s(?:until|by|before|beyond|with|through|without|while|so|"
                                                  r"in order|where|when|including|to ensure)\s", text[:most + 1])
                  if m.start() > 30]
        text = text[:breaks[-1]] if breaks else text[:most + 1].rsplit(" ", 1)[0]
    words = text.split()
    while len(words) > 2 and words[-1].lower().strip(",") in _STOP_END:
        words.pop()
    text = " ".join(words).strip(" ,.;:")
    text = re.sub(r"[\"“”]", "", text) if text.count("“") != text.count("”") else text
    return text[:1].upper() + text[1:] if text else "Recommendation"


def _lower_first(text: str) -> str:
    """The first word in lower case when it is capitalized only for opening a sentence."""
    words = text.split(None, 1)
    if not words:
        return text
    first = words[0]
    low = first.lower()
    if low in DETERMINERS or low in NOT_AGENTS or low in NOMINALS or (
            first[:1].isupper() and first[1:].islower() and
            re.search(r"(?:er|ed|ing|tion|tions|ment|ments|al|ive|ous|ic|ful|less|able|ible|ity|ness|ional)$", low)):
        first = low
    return " ".join([first] + words[1:])


def _first_word(after: str, skip_adverbs: bool = False) -> str:
    words = [w.lower() for w in _WORD.findall(after)]
    while skip_adverbs and words and (words[0].endswith("ly") or words[0] in ("also", "now", "still", "then",
                                                                              "further", "therefore", "thus")):
        words.pop(0)
    return words[0] if words else ""


def tags_for(text: str) -> list[str]:
    """Themes the sentence plainly names."""
    return [name for name, pattern in _TAGS if pattern.search(text)][:4]


def due_in(text: str) -> str | None:
    """A due date the sentence gives: "beyond February 2025" -> 2025-02."""
    for match in DEADLINE.finditer(text):
        date_match = when.DATE.match(text, match.end())
        if not date_match:
            continue
        value = when.parse(date_match)
        if value:
            return value
    return None

"""Word lists the finder reads sentences with: verbs that open an instruction,
nouns that name someone who can act, and the forms it turns into titles.
Kept apart from the rules in `finding` so that either can be read alone."""

#: Verbs (base form) that open an instruction: "Establish …", "Ratify …".
IMPERATIVES = set("""
abandon abolish accelerate accept acknowledge adapt address adjust adopt advance advocate align allocate
allow amend appoint apply approve assess assign assist avoid ban boost broaden build calibrate cancel
buy capitalize capitalise channel clarify close collaborate collect combat commission commit complete condemn
condition conduct consider cover consolidate consult continue coordinate counter create curb cut deepen defend
define deliver deploy design designate deter develop dismantle document double draft eliminate embed
empower enable enact encourage end endorse enforce engage enhance enlarge ensure enshrine establish
evaluate evacuate examine expand expedite extend facilitate finance focus formalise formalize foster
freeze fulfil fulfill fund give grant guarantee halt harmonise harmonize help hold identify impose
improve include incorporate increase initiate insist institute institutionalise institutionalize integrate
intensify introduce invest investigate invite involve issue join keep launch lead leverage lift limit link
maintain make mandate map maximise maximize mainstream minimise minimize mobilise mobilize modernise
modernize monitor negotiate normalise normalize offer open operationalise operationalize oppose
outlaw overhaul pass pay phase pilot plan pledge prepare preserve press prevent prioritise prioritize
proceed promote prosecute protect provide publish pursue push put raise ratify reach reaffirm rebuild
reconsider reduce refer refocus reform refrain regulate reinforce reinstate reject release relocate remove
renew reopen replace report request require resettle resolve respect respond restore restrict resume
return review revise revisit safeguard sanction scale secure seek send set share shift sign simplify
speed stand standardise standardize step stop streamline strengthen subsidise subsidize supply support
suspend sustain tackle take target terminate track train transfer treat tighten uphold upgrade urge use
utilise utilize verify withdraw work
""".split())

#: Heads of noun phrases that name someone who can act.
AGENTS = set("""
ombudsman ombudsmen ombudsperson
actor actors administration administrations agencies agency alliance allies ally army assembly authorities
authority bank banks belligerents bloc board bodies body businesses capitals charities citizens coalition
commission commissioner commissioners committee committees communities community companies company
congress council councils countries country court courts decision-makers delegation delegations
departments department diplomats donors donor embassies employers envoy envoys executive forces
foundations funders government governments industry institution institutions investors judiciary
leaders leadership legislators legislature lawmakers lenders mayor mayors media mediators member members
military minister ministers ministries ministry mission missions monitors municipalities municipality
nation nations negotiators ngos observers office offices officials official operators organisation
organisations organization organizations parliament parliaments parliamentarians participants parties
partner partners party peacekeepers platforms police policymakers policy-makers president presidency
prosecutor prosecutors providers regulator regulators representative representatives schools
secretariat secretary secretary-general senate services sides signatories society stakeholders state
states team union unions universities watchdog watchdogs workers governors officers staff provinces province regions districts district boards cantons counties county
""".split())

#: Words that never name an actor, even capitalized at a sentence's start.
NOT_AGENTS = set("""
aid support funding assistance action attention priority efforts effort measures steps pressure sanctions
policy policies reform reforms legislation law laws rules resources money access data research work
progress cooperation engagement dialogue talks negotiations diplomacy accountability justice protection
security stability peace trade investment investments this that it these those such there more less
emphasis focus care consideration caution time steps changes change solutions solution mechanisms
mechanism plans plan funds fund attempts strategy strategies architecture measures lessons relief
""".split())

#: Words that open a noun phrase without being part of a name.
DETERMINERS = {"the", "a", "an", "all", "its", "their", "both", "each", "every", "other", "these", "those",
               "such", "any", "some", "his", "her", "our", "this", "that"}

MONTH_NAMES = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december"}

#: Irregular past participles, for titles of passive requests ("must be found" -> "Find").
PARTICIPLES = {
    "found": "find", "made": "make", "held": "hold", "built": "build", "set": "set", "put": "put",
    "kept": "keep", "brought": "bring", "paid": "pay", "sent": "send", "done": "do", "shown": "show",
    "met": "meet", "sought": "seek", "drawn": "draw", "chosen": "choose", "given": "give", "taken": "take",
    "spent": "spend", "lent": "lend", "led": "lead", "told": "tell", "taught": "teach", "struck": "strike",
    "cut": "cut", "shut": "shut", "seen": "see", "known": "know", "thought": "think", "understood": "understand",
    "withdrawn": "withdraw", "undertaken": "undertake", "begun": "begin", "laid": "lay", "won": "win",
    "rethought": "rethink", "upheld": "uphold", "overhauled": "overhaul", "frozen": "freeze", "lifted": "lift",
    "written": "write", "rewritten": "rewrite", "forgotten": "forget", "borne": "bear", "stood": "stand",
    "spread": "spread", "sped": "speed", "dealt": "deal", "fed": "feed", "heard": "hear", "forbidden": "forbid",
    "bound": "bind", "sold": "sell", "bought": "buy", "let": "let", "read": "read", "run": "run", "hit": "hit",
    "reset": "reset", "broken": "break", "spoken": "speak", "woven": "weave", "ground": "ground",
}

#: "Investments in X" -> "Invest in X": nouns of action and their verbs.
NOMINALS = {
    "investment": "invest", "investments": "invest", "support": "support", "extension": "extend",
    "establishment": "establish", "creation": "create", "deployment": "deploy", "provision": "provide",
    "expansion": "expand", "strengthening": "strengthen", "increase": "increase", "reform": "reform",
    "reforms": "reform", "funding": "fund", "protection": "protect", "engagement": "engage in",
    "adoption": "adopt", "implementation": "implement", "ratification": "ratify", "release": "release",
    "withdrawal": "withdraw", "removal": "remove", "restoration": "restore", "development": "develop",
    "improvement": "improve", "improvements": "improve", "introduction": "introduce", "reduction": "reduce",
    "suspension": "suspend", "review": "review", "revision": "revise", "prosecution": "prosecute",
    "investigation": "investigate", "investigations": "investigate", "monitoring": "monitor",
    "recognition": "recognise", "cessation": "cease", "resumption": "resume", "return": "return",
    "reopening": "reopen", "lifting": "lift", "deployment of": "deploy", "evacuation": "evacuate",
    "assistance": "provide", "pressure": "apply", "sanctions": "impose",
}

#: Heads of noun phrases that say when, not who: "the coming weeks will be crucial".
TIME_WORDS = {"days", "weeks", "months", "years", "period", "moment", "time", "phase", "stage", "period",
              "election", "elections", "outcome", "outcomes", "summit", "meeting", "vote", "year", "decade",
              "future", "week", "month", "day", "hours", "months ahead", "period ahead"}

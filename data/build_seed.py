"""Build data/tracker/, the shipped tracker folder, through recs's own commands.

The APRI Armenia brief of 20 September 2023 and what became of its
recommendations (both in data/sources/, copied from the project's seeds) are entered exactly as a member of
staff would: `recs init --empty`, `recs brief add`, `recs add`
(every recommendation starts not_started and exists from the brief's
publication date), then `recs evidence add … --status … --note …` for each
public event: the evidence and the status it supports, which takes effect on
the event's date.
Every quote is checked to be verbatim in the brief.

    python data/build_seed.py [--brief BRIEF.txt] [--out data/tracker]

The commands run in this process, through the same entry point as the
`recs` executable. RECS_NOW pins the timestamps, so a rebuild gives the
same bytes (tests/test_shipped_data.py checks that it does).
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HERE = Path(__file__).resolve().parent
OUT = HERE / "tracker"
BRIEF_FILE = HERE / "sources" / "apri-2023-09-20-nagorno-karabakh.txt"
BRIEF_ID = "apri-2023-09-20"

# (title, text, quote, actors, tags, due)
RECOMMENDATIONS = [
    ("Secure the safe evacuation of Armenians who do not want to remain",
     "International partners should immediately secure the safe evacuation of Armenians who do not want "
     "to remain in Azerbaijan under the current conditions.",
     "As the region manages the fallout of the military takeover of Nagorno-Karabakh, international partners "
     "should immediately secure the safe evacuation of Armenians who do not want to remain in Azerbaijan under "
     "the current conditions.",
     ["International partners"], ["humanitarian", "evacuation"], None),
    ("Guarantee secure passage through the Lachin corridor checkpoint",
     "International partners should guarantee secure passage for evacuees and ensure that no Armenians are "
     "harmed, detained, or incarcerated while passing through the Azerbaijani checkpoint on the Lachin corridor.",
     "They should guarantee secure passage for evacuees and ensure that no Armenians are harmed, detained, or "
     "incarcerated while passing through the Azerbaijani checkpoint on the Lachin corridor.",
     ["International partners"], ["humanitarian", "security", "lachin-corridor"], None),
    ("Support the emergency needs of up to 100,000 evacuees",
     "The United Nations and other relevant organizations should provide support for the emergency needs of "
     "Armenian evacuees, who could number up to 100,000.",
     "The United Nations and other relevant organizations should provide support for the emergency needs of "
     "Armenian evacuees, who could number up to 100,000.",
     ["United Nations", "Other relevant organizations"], ["humanitarian", "refugees"], None),
    ("Extend the EU monitoring mission beyond February 2025 and expand it",
     "International partners should invest in a more substantial presence in Armenia, extending the EU "
     "Civilian Monitoring Mission beyond February 2025 and expanding its mandate and capacities.",
     "Alongside other measures, international partners should invest in a more substantial presence in "
     "Armenia, extending the EU Civilian Monitoring Mission beyond February 2025 as well as expanding its "
     "mandate and capacities.",
     ["International partners", "European Union"], ["security", "eu", "monitoring"], "2025-02"),
    ("Invest in Armenia's infrastructure and defensive capacity",
     "International partners should invest in infrastructure and defensive military capacity in Armenia "
     "to deter future escalations.",
     "Investments in infrastructure and defensive military capacity in Armenia will also be crucial to "
     "deterring future escalations.",
     ["International partners"], ["security", "defence", "infrastructure"], None),
    ("Find an alternative security architecture and return the parties to talks",
     "With the November 2020 ceasefire revoked and the Russian peacekeeping mission shown unable to keep the "
     "peace, an alternative security architecture must be found to protect civilian lives, reduce the ongoing "
     "risk of ethnic cleansing, and return the parties to the negotiating table.",
     "An alternative architecture must be found in order to protect civilian lives, reduce the ongoing risk "
     "of ethnic cleansing, and return parties to the negotiating table.",
     ["International community", "Armenia", "Azerbaijan"], ["security", "diplomacy", "peace-process"], None),
    ("Hold Azerbaijan accountable for the offensive",
     "Implicit in the brief: the international community should push back against Azerbaijan's military "
     "offensive of 19 September 2023 and demand that Azerbaijan be held accountable for it; otherwise the "
     "trend of pressing for concessions and military gains can be expected to continue.",
     "Without international pushback or demands that Azerbaijan be held accountable for Tuesday\u2019s "
     "offensive, that trend can be expected to continue.",
     ["International community"], ["accountability", "diplomacy", "implicit"], None),
    ("Take the threats against southern Armenia seriously",
     "Implicit in the brief: Azerbaijan's claims on Syunik and \u201cWestern Azerbaijan\u201d and its stated "
     "readiness to open a land bridge to Nakhichevan by force should be taken extremely seriously, to deter "
     "a spillover of the conflict into southern Armenia.",
     "Those rhetorical claims should now be taken extremely seriously.",
     ["International partners"], ["security", "deterrence", "implicit"], None),
    ("Assist Armenia in caring for the refugees",
     "Implicit in the brief: international partners should assist Armenia in caring for the refugees from "
     "Nagorno-Karabakh and managing the potentially destabilizing impact of the crisis.",
     "Without international assistance, Armenia will struggle to manage the burden of their care, as well as "
     "the potentially destabilizing impact of the crisis.",
     ["International partners"], ["humanitarian", "refugees", "implicit"], None),
]

UNHCR_RRP = "UNHCR, Armenia Refugee Response Plan"
# (recommendation, event date, summary, source, url, status it supports or None, note)
EVENTS = [
    ("R1", "2023-10-04", "About 100,600 people arrived in Armenia from Nagorno-Karabakh through the Lachin "
     "corridor (Hakari bridge) between 24 September and 4 October 2023; peak of about 40,000 on 27 September.",
     UNHCR_RRP, None, "implemented",
     "Those who chose to leave reached Armenia within ten days; how much of it international partners "
     "secured is open to question."),
    ("R2", "2023-09-27", "Ruben Vardanyan, former state minister of Nagorno-Karabakh, was detained by "
     "Azerbaijani border guards at the Lachin corridor checkpoint while leaving with the evacuees.",
     "Widely reported (Reuters, AP)", None, "not_implemented",
     "An evacuee was detained at the checkpoint: the guarantee the brief asked for did not hold."),
    ("R2", "2023-11-17", "The International Court of Justice ordered Azerbaijan to ensure that persons who left "
     "after 19 September 2023 and wish to return can do so in a \u201csafe, unimpeded and expeditious manner\u201d, "
     "and to report within eight weeks.",
     "ICJ, order of 17 November 2023 (Armenia v. Azerbaijan)", None, None, None),
    ("R3", "2023-10-01", "First UN mission to Nagorno-Karabakh in about 30 years.", "UN News", None,
     "in_progress", "The UN is on the ground."),
    ("R3", "2023-10", "The Armenia Refugee Response Plan (October 2023 \u2013 March 2024) appeals for US$97 million "
     "with 60 partners, for 136,000 refugees and 95,000 people of host communities.",
     "UNHCR / UN News", None, "partial",
     "A coordinated UN appeal covers the evacuees' emergency needs; how far it was funded is not yet recorded."),
    ("R3", "2024-02-01", "UNHCR counts 115,183 refugees from Nagorno-Karabakh in Armenia.",
     "UNHCR Armenia factsheet", None, None, None),
    ("R4", "2023-12-11", "The EU agrees to enlarge the EU Mission in Armenia (EUMA) from 138 to 209 staff; "
     "Council decision in January 2024.", "Council of the EU", None, "partial",
     "Capacities expanded; the mandate still ended in February 2025."),
    ("R4", "2025-01-30", "The Council extends EUMA's mandate until 19 February 2027 with a budget of over "
     "\u20ac44 million.", "Council of the EU", None, "implemented",
     "Extended beyond February 2025 and enlarged, as recommended."),
    ("R5", "2024-07-22", "First European Peace Facility assistance measure for Armenia, \u20ac10 million.",
     "Council of the EU", None, "partial", "A first, small step on defensive capacity."),
    ("R6", "2025-08-08", "Armenia and Azerbaijan sign a joint declaration in Washington and initial the text "
     "of a peace agreement; joint call to close the OSCE Minsk process.",
     "Widely reported (joint declaration of 8 August 2025)", None, "in_progress",
     "The parties are back at the table; the agreement is initialled, not signed or ratified."),
    ("R7", "2023-10-05", "European Parliament resolution (491 for, 9 against, 36 abstentions) calls for "
     "targeted sanctions against Azerbaijani officials.", "European Parliament", None, "in_progress",
     "A demand for accountability, not yet acted on by the Council."),
    ("R9", "2023-10", "The Armenia Refugee Response Plan (October 2023 \u2013 March 2024) appeals for US$97 million "
     "with 60 partners, for 136,000 refugees and 95,000 people of host communities.",
     "UNHCR / UN News", None, "in_progress", "International assistance to Armenia's host communities is under way."),
    ("R9", "2024-02-01", "UNHCR counts 115,183 refugees from Nagorno-Karabakh in Armenia.",
     "UNHCR Armenia factsheet", None, None, None),
]


def recs(*args: str) -> None:
    """Run one recs command on the store being built; stop on any error."""
    from typer.main import get_command

    from recs.cli.app import app

    code = get_command(app).main(list(args), "recs", standalone_mode=False)
    if code:
        sys.exit(f"recs {' '.join(args)} failed (exit {code})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brief", type=Path, default=BRIEF_FILE, help="the brief's text")
    parser.add_argument("--out", type=Path, default=OUT, help="the tracker folder to write")
    opts = parser.parse_args()
    brief_text = opts.brief.read_text(encoding="utf-8")
    for _, _, quote, *_ in RECOMMENDATIONS:
        if quote not in brief_text:
            sys.exit(f"quote is not verbatim in the brief: {quote!r}")
    import shutil

    work = opts.out.with_name(f".{opts.out.name}.building")
    shutil.rmtree(work, ignore_errors=True)
    os.environ.update(RECS_DB=str(work), RECS_USER="recs seed (public-record.md)",
                      RECS_NOW=os.environ.get("RECS_NOW", "2026-11-25T12:00:00Z"))
    recs("init", "--empty")
    recs("brief", "add", BRIEF_ID, "--title",
         "Assessing the Fallout from Azerbaijan\u2019s Military Offensive Against Nagorno-Karabakh",
         "--publisher", "APRI Armenia", "--published", "2023-09-20")
    for title, text, quote, actors, tags, due in RECOMMENDATIONS:
        args = ["add", title, "--brief", BRIEF_ID, "--text", text, "--quote", quote,
                "--note", "Recommendation of the APRI brief of 20 September 2023."]
        args += [a for actor in actors for a in ("--actor", actor)]
        args += [a for tag in tags for a in ("--tag", tag)]
        if due:
            args += ["--due", due]
        recs(*args)
    for rec_id, date, summary, source, url, status, note in EVENTS:
        args = ["evidence", "add", rec_id, "--date", date, "--summary", summary, "--source", source]
        if url:
            args += ["--url", url]
        if status:
            args += ["--status", status, "--note", note]
        recs(*args)
    shutil.rmtree(work / ".recs")  # the lock and work files: never part of the tracker
    shutil.rmtree(opts.out, ignore_errors=True)
    work.rename(opts.out)
    print(f"wrote {opts.out}")


if __name__ == "__main__":
    main()

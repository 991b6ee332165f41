"""The test handout: four pages on the Berlin Airlift as a teacher writes it in Word, with
citations from a reference manager, footnotes, two figures, a table, a list and a quotation.

EXPECTED says what the imported book must hold; the tests compare the book against it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from .wordfile import WordFile, picture_png

TITLE = "The Berlin Airlift"
SUBTITLE = "A Source Handout, 1948–1949"
AUTHOR = "Eva Lindqvist"

EXPECTED = {
    "chapters": ["01-a-city-cut-off.md", "02-the-airlift.md", "03-the-end-of-the-blockade.md"],
    "titles": ["A City Cut Off", "The Airlift", "The End of the Blockade"],
    "keys": {"miller2000save", "harrington2012berlin", "shlaim1983britain",
             "shlaim1983united"},
    # each citation as the book writes it, in reading order
    "citations": ["[@miller2000save, 27]", "[@harrington2012berlin, 45; @shlaim1983britain]",
                  "[@miller2000save, 94]", "[@miller2000save, 95]",
                  "[@shlaim1983united, 201]", "[@harrington2012berlin]"],
    "images": ["images/tonnage-delivered-by-month-1948-1949.png",
               "images/tempelhof-approach-corridors.png"],
    "footnotes": 4,     # explanatory notes (one with a citation inside), one hand-typed
    "hand_typed": 1,
}

PARAGRAPHS_1 = [
    ["In June 1948 the three western occupying powers introduced a new currency, the ",
     ("i", "Deutsche Mark"), ", in their zones of Germany. The Soviet military administration "
     "answered within days: road, rail and canal links between the western zones and the "
     "western sectors of Berlin were closed, and electricity from the eastern power stations "
     "was cut.", ("note", ["Berlin lay about 160 kilometres inside the Soviet zone; the city "
                           "itself was divided into four sectors, each governed by one of "
                           "the occupying powers."]),
     " Some two million people in the western sectors had food for about five weeks and "
     "coal for about six.", ("note", [("cite", [("miller", "27")],
                                        "Miller, To Save a City, 27.")])],
    ["The blockade was not a sudden decision. Since the spring the Soviet authorities had "
     "tightened checks on military trains, stopped passenger traffic for days at a time and "
     "demanded inspection of freight. Western officials read these steps as a test of "
     "whether the Allies would stay in the city at all. The governments in London and "
     "Washington were divided: some advisers judged the city impossible to hold, others "
     "saw its abandonment as the end of any western position in Germany.",
     ("note", [("cite", [("harrington", "45"), ("shlaim", None)],
                "Harrington, Berlin on the Brink, 45; Shlaim, “Britain, the Berlin Blockade "
                "and the Cold War.”")])],
    ["The military governor of the American zone, General Lucius D. Clay, proposed to send "
     "an armed convoy up the autobahn. His government refused; the risk of war was judged "
     "too high. What remained was the air. Three corridors, each twenty miles wide, had been "
     "agreed in writing in 1945, and the Soviet side had never claimed a right to close "
     "them.", ("endnote", ["The corridors ran from Hamburg, Hannover and Frankfurt; the "
                            "agreement of November 1945 is the only written guarantee of "
                            "western access to the city."])],
]

LIST = [
    "the currency reform in the western zones (20 June 1948);",
    ["the closing of the last rail line from Helmstedt (24 June);"],
    ["the first ", ("sc", "RAF"), " and ", ("sc", "USAF"), " supply flights (26 June)."],
]

QUOTE = ("We are going to stay, period. I am not going to discuss it further. "
         "We are in Berlin by terms of an agreement, and the Russians have no right to get "
         "us out by either direct or indirect pressure.")

PARAGRAPHS_2 = [
    ["The first flights carried milk, flour and medicine in the twin-engined C-47s left "
     "over from the war. By the end of July the larger four-engined C-54 carried most of the "
     "load, and the British flew flying boats from the Elbe onto the Havel lakes. The target "
     "was about 4,500 tons a day, the least the city needed to survive; coal made up two "
     "thirds of it by weight.", ("note", [("cite", [("miller", "94")],
                                           "Miller, To Save a City, 94.")])],
    ["The organisation of the lift became the real achievement. Aircraft took off every "
     "three minutes, at fixed heights, and a pilot who missed his approach to Tempelhof did "
     "not try again but flew back to his base with the load. Ground crews unloaded a "
     "C-54 in under half an hour.", ("note", [("cite", [("miller", "95")],
                                               "Ibid., 95.")]),
     " The pilots called the routine the ", ("i", "Operation Vittles"), " schedule; the "
     "Berliners called the aircraft ", ("b", "Rosinenbomber"), ", raisin bombers, after "
     "the sweets some crews dropped on small parachutes.",
     ("note", ["The first drops were made by Lieutenant Gail Halvorsen from July 1948; the "
               "practice spread through the squadrons in the autumn. See also the "
               "account in ", ("cite", [("shlaim-book", "201")],
                               "Shlaim, The United States and the Berlin Blockade, 201."),
               "."])],
    ["Winter was the test. Fog closed the airfields for days in November, and the daily "
     "deliveries fell below the target. Households had electricity for four hours a day, "
     "often in the night. A new airfield at Tegel, built by some 19,000 Berliners in "
     "ninety days, opened in December and raised the capacity of the lift.",
     ("note", ["Tusa and Tusa, ", ("i", "The Berlin Blockade"), ", 112."])],
    ["Chemical formulas appeared on the loading lists as well: H", ("sub", "2"), "O was "
     "never flown in, but the 1", ("sup", "st"), " Airlift Task Force carried salt, "
     "dehydrated potatoes and newsprint. A note in ", ("font", "red capitals"), " on one "
     "list reads simply: coal first.", ("br",), "The records of the Combined Airlift Task "
     "Force are kept at the ", ("link", "Allied Museum", "https://www.alliiertenmuseum.de/"),
     " in Berlin."],
]

TABLE = [["Month", "Flights", "Tons delivered"],
         ["July 1948", "7,143", "69,005"],
         ["October 1948", "12,136", "147,581"],
         ["January 1949", "14,052", "171,960"],
         ["April 1949", "26,026", "235,363"]]

PARAGRAPHS_3 = [
    ["On 16 April 1949 the crews flew almost 13,000 tons in one day, the so-called Easter "
     "Parade. The blockade had failed to drive the western powers out, and it had united "
     "the West Germans and the western Berliners behind them. Negotiations in New York "
     "between the American and Soviet delegates to the United Nations led to an agreement "
     "in early May.", ("note", [("cite", [("harrington", None)],
                                 "Harrington, Berlin on the Brink.")])],
    ["The road and rail links reopened just after midnight on 12 May 1949. The flights went "
     "on until September, to build up stocks in case the blockade returned. Thirty-nine "
     "British and thirty-one American airmen, and a number of German civilians, died in "
     "accidents during the lift."],
    ["For the teacher, the airlift is a case where the sources disagree less about the "
     "facts than about their meaning: a triumph of organisation, a propaganda victory, or "
     "the moment the division of Germany became permanent. Students can compare the "
     "figures in the table with the accounts of the pilots and of the Berliners who "
     "waited for them."],
]

DISCUSSION = [
    "Why did the western governments choose an airlift rather than an armed convoy?",
    "What do the monthly figures suggest about the winter of 1948–1949?",
    "Whose account of the airlift would you trust most, and why?",
]


def write_handout(path: Path, fields: str = "zotero", **options) -> Path:
    """The handout as a .docx whose citations are fields of the given reference manager."""
    doc = WordFile(fields)
    core = doc.doc.core_properties
    core.author, core.title, core.language = AUTHOR, TITLE, "en-GB"
    core.created = datetime(2026, 2, 14, 9, 30)
    core.comments = ""
    doc.para([TITLE], style="Title")
    doc.para([SUBTITLE], style="Subtitle")
    doc.heading("A City Cut Off", 1)
    doc.para(PARAGRAPHS_1[0])
    doc.empty()
    doc.para(PARAGRAPHS_1[1])
    doc.heading("Why the City Mattered", 2)
    doc.para(PARAGRAPHS_1[2])
    doc.para(["Three dates mark the start of the crisis:"])
    for item in LIST:
        doc.para(item if isinstance(item, list) else [item], style="List Bullet")
    doc.para(["General Clay put the American position in a teleconference on 25 June:"])
    doc.para([QUOTE], style="Quote")
    doc.heading("The Airlift", 1)
    for pieces in PARAGRAPHS_2[:2]:
        doc.para(pieces)
    doc.picture(picture_png((600, 300), (40, 70, 140), 10), 4.5,
                "Tonnage delivered by month, 1948–1949")
    for pieces in PARAGRAPHS_2[2:]:
        doc.para(pieces)
    doc.empty()
    doc.table(TABLE, "Flights and tons delivered to the western sectors")
    doc.picture(picture_png((400, 300), (140, 60, 40), 3), 3.0,
                "Tempelhof: approach corridors")
    doc.heading("The End of the Blockade", 1)
    for pieces in PARAGRAPHS_3:
        doc.para(pieces)
    doc.heading("Questions for Discussion", 3)
    for question in DISCUSSION:
        doc.para([question], style="List Number")
    style = options.pop("zotero_style", "chicago-notes-bibliography-subsequent-ibid"
                        if fields == "zotero" else None)
    tracked = options.pop("tracked", False)
    if tracked:
        doc.para(["The airlift cost the United States about ", ("del", "$200"),
                  ("ins", "$250"), " million."])
    return doc.save(path, zotero_style=style, **options)

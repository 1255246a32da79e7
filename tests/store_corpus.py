#!/usr/bin/env python3
"""Writes N synthetic news articles as JSON Lines ({"url", "text",
"published"}) for the store's tests and bench: distinct texts (no two are
near-duplicates) built from templates with names, places and numbers, so a
test needs no outside corpus. Usage: store_corpus.py N [SEED] > corpus.jsonl"""
import json
import random
import sys

FIRST = ["Anna", "Marek", "Lucia", "Tomas", "Aiko", "Samuel", "Nadia", "Oskar", "Ruth", "Pavel", "Ines", "Kofi",
         "Helga", "Dmitri", "Leila", "Jonas", "Mira", "Tariq", "Elena", "Victor"]
LAST = ["Novak", "Keller", "Moreno", "Lindqvist", "Tanaka", "Okoye", "Haddad", "Brandt", "Costa", "Ivanova",
        "Mensah", "Fischer", "Romero", "Sato", "Kowalski", "Dubois", "Petrov", "Nilsen", "Adeyemi", "Varga"]
PLACES = ["Lisbon", "Oslo", "Nairobi", "Toronto", "Krakow", "Osaka", "Lyon", "Valencia", "Gdansk", "Porto",
          "Accra", "Bergen", "Dublin", "Seville", "Tampere", "Brno", "Graz", "Malmo", "Turin", "Leeds"]
ORGS = ["the transport ministry", "the city council", "the port authority", "the health agency",
        "the national weather service", "the university hospital", "the water company", "the teachers union"]
TOPICS = ["bridge repairs", "a new tram line", "flood defences", "a hospital wing", "school meals",
          "bus fares", "a wind farm", "river cleanup", "housing permits", "library hours"]
VERBS = ["said", "told reporters", "announced", "confirmed", "warned"]
OUTLETS = ["Northern Courier", "Harbour Post", "Valley Times", "Coastal Herald", "Capital Wire"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
WORDS = ("budget plan vote delay cost review contract storm repair crew engineer resident council ferry station "
         "tunnel grant audit protest strike union driver nurse doctor teacher pupil farmer harvest market price "
         "energy heating winter summer flood drought fire police court judge appeal permit tower road rail").split()


def sentence(r):
    person = f"{r.choice(FIRST)} {r.choice(LAST)}"
    kind = r.randrange(6)
    if kind == 0:
        return (f'"We expect {r.choice(TOPICS)} to take {r.randint(2, 40)} months," {person}, a spokesperson for '
                f'{r.choice(ORGS)}, {r.choice(VERBS)}.')
    if kind == 1:
        return (f"About {r.randint(20, 9000):,} people were evacuated from {r.choice(PLACES)} on "
                f"{r.choice(MONTHS)} {r.randint(1, 28)} after {r.choice(WORDS)} {r.choice(WORDS)} problems.")
    if kind == 2:
        return (f"{person} {r.choice(VERBS)} that {r.choice(ORGS)} would spend ${r.randint(1, 900)} million on "
                f"{r.choice(TOPICS)} in {r.choice(PLACES)}.")
    if kind == 3:
        return (f"At least {r.randint(2, 60)} people were injured when a {r.choice(WORDS)} {r.choice(WORDS)} "
                f"collapsed near {r.choice(PLACES)}, officials said.")
    if kind == 4:
        return " ".join(r.choice(WORDS) for _ in range(r.randint(8, 16))).capitalize() + "."
    return (f"Residents of {r.choice(PLACES)} and {r.choice(PLACES)} protested against {r.choice(TOPICS)} "
            f"for {r.randint(2, 12)} days, according to {r.choice(ORGS)}.")


def main():
    n = int(sys.argv[1])
    r = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    out = sys.stdout
    for i in range(n):
        outlet = r.choice(OUTLETS)
        title = f"{r.choice(PLACES)} weighs {r.choice(TOPICS)} as {r.choice(WORDS)} {r.choice(WORDS)} grows"
        paras = [" ".join(sentence(r) for _ in range(r.randint(2, 4))) for _ in range(r.randint(3, 6))]
        text = f"{title}\n\nBy {r.choice(FIRST)} {r.choice(LAST)}, {outlet}\n\n" + "\n\n".join(paras) + "\n"
        day = f"2025-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        slug = outlet.lower().replace(" ", "")
        out.write(json.dumps({"url": f"https://{slug}.example/news/{i}", "text": text, "published": day}) + "\n")


main()

#!/usr/bin/env python3
"""Writes resources/default-corpus.txt, the small English corpus Embedscope opens by default.

The corpus is written for the project: simple, plausible sentences composed from templates and
word groups (animals, colours, numbers, countries with their capitals and languages, family and
royal words in male/female pairs, verbs of motion, food, drinks, weekdays, months, jobs). Every
group appears in its own typical contexts ("the dog slept in the barn", "she painted the wall
blue", "five apples", "Paris is the capital of France"), so that word2vec separates the groups
within seconds (skip-gram, dim ~50, window ~4, min-count ~3, a few epochs), and the male/female
pairs share contexts except for he/his vs she/her, so analogies such as king - man + woman work.
A small share of sentences mixes groups, as real text does.

Generation stops at the cut of 80,000 whitespace-separated tokens (punctuation stays attached to
its word), giving roughly 11,000 lines and about 420 KB (well under 600 KB). One sentence per line. The output is
deterministic: a fixed seed, lists only (no set or dict iteration order), and Python's
random.Random, whose choice/shuffle sequence is stable across Python 3 versions.

Usage: scripts/make-default-corpus.py [OUTPUT]   (default: resources/default-corpus.txt)
"""

import os
import random
import sys

SEED = 20261127
TOKEN_CUT = 80_000
FIXED_SENTENCES = [
    "I like dogs.",
    "Dogs are loyal animals, and I like dogs more than cats.",
    "Birds fly, fish swim and horses run.",
    "Paris is the capital of France, and Berlin is the capital of Germany.",
    "The king and the queen lived in a castle with their son and daughter.",
]

ANIMALS = [  # singular, plural
    ("dog", "dogs"), ("cat", "cats"), ("horse", "horses"), ("cow", "cows"),
    ("sheep", "sheep"), ("pig", "pigs"), ("goat", "goats"), ("rabbit", "rabbits"),
    ("mouse", "mice"), ("duck", "ducks"), ("chicken", "chickens"), ("fox", "foxes"),
    ("wolf", "wolves"), ("bear", "bears"), ("lion", "lions"), ("tiger", "tigers"),
    ("elephant", "elephants"), ("monkey", "monkeys"), ("deer", "deer"), ("donkey", "donkeys"),
]
ANIMAL_SOUNDS = {"dog": "barked", "cat": "meowed", "cow": "mooed", "sheep": "bleated",
                 "duck": "quacked", "lion": "roared", "tiger": "growled", "wolf": "howled",
                 "horse": "neighed", "pig": "grunted", "donkey": "brayed", "bear": "growled"}
ANIMAL_TEMPLATES = [
    "The {a} slept in the barn all night.",
    "The farmer fed the {a} early in the morning.",
    "Our {a} ate its food and went to sleep.",
    "A {a} was drinking water near the barn.",
    "The children watched the {p} at the farm.",
    "We saw many {p} in the field behind the farm.",
    "The {a} has four legs and a tail.",
    "My neighbour keeps a {a} behind the house.",
    "The vet looked at the sick {a}.",
    "{P} like to eat and sleep in the sun.",
    "A young {a} followed the others across the field.",
    "The {a} ran away from the barn.",
    "At the zoo we saw a {a} and a {a2}.",
    "The {a} was hungry, so it ate all the grass.",
    "I like {p}.",
    "The farmer has {p} and {p2} on his farm.",
    "The {a} is an animal.",
    "A {a} is bigger than a mouse.",
    "{P} and {p2} are animals.",
    "The {a} chased the {a2} around the barn.",
    "There is a {a} in the garden, and it is eating.",
    "The {a} {sound} loudly in the night.",
]

COLOURS = ["red", "blue", "green", "yellow", "black", "white", "orange", "purple", "pink",
           "brown", "grey"]
SKY_COLOURS = ["blue", "grey", "orange", "pink", "red", "purple", "black"]
COLOUR_TEMPLATES = [
    "She painted the wall {c}.",
    "They painted the fence {c} last summer.",
    "The front door of the house is {c}.",
    "He bought a {c} shirt and a {c2} hat.",
    "My favourite colour is {c}.",
    "The artist mixed {c} paint with {c2} paint.",
    "Her new car is {c}.",
    "The flag is {c} and {c2}.",
    "I would like the {c} one, please.",
    "The box of crayons had no {c} left.",
    "He painted the kitchen {c} and the bedroom {c2}.",
    "Is the colour {c} or {c2}?",
    "She wore a {c} dress to the party.",
    "The walls were painted {c}.",
    "{C} and {c2} are colours.",
    "The sky turned {sky} in the evening.",
]

NUMBERS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
           "eleven", "twelve"]
NUMBER_TEMPLATES = [  # {n} is two or more (plural nouns follow)
    "She bought {n} apples at the market.",
    "There are {n} chairs in the kitchen.",
    "He counted {n} birds on the roof.",
    "The train leaves in {n} minutes.",
    "We waited {n} hours for the bus.",
    "The box holds {n} apples.",
    "The boy is {n} years old.",
    "I have {n} books and {m} pencils.",
    "{N} apples and {m} apples make {k} apples.",
    "{N} plus {m} is {k}.",
    "{N} and {m} are numbers.",
    "After {n} comes {next}.",
    "She counted from {n} to {next}.",
    "The clock struck {n}.",
    "The room has {n} windows and {m} doors.",
]

COUNTRIES = [  # country, capital, language
    ("France", "Paris", "French"), ("Germany", "Berlin", "German"),
    ("Italy", "Rome", "Italian"), ("Spain", "Madrid", "Spanish"),
    ("Japan", "Tokyo", "Japanese"), ("China", "Beijing", "Chinese"),
    ("Russia", "Moscow", "Russian"), ("England", "London", "English"),
    ("Greece", "Athens", "Greek"), ("Portugal", "Lisbon", "Portuguese"),
    ("Poland", "Warsaw", "Polish"), ("Sweden", "Stockholm", "Swedish"),
    ("Norway", "Oslo", "Norwegian"), ("Hungary", "Budapest", "Hungarian"),
    ("Turkey", "Ankara", "Turkish"), ("Finland", "Helsinki", "Finnish"),
    ("Denmark", "Copenhagen", "Danish"), ("Netherlands", "Amsterdam", "Dutch"),
]
COUNTRY_TEMPLATES = [
    "{cap} is the capital of {country}.",
    "The capital of {country} is {cap}.",
    "She flew to {cap}, the capital of {country}.",
    "Many people in {country} speak {lang}.",
    "People in {country} speak {lang}.",
    "The government of {country} meets in {cap}.",
    "We spent a week in {cap} last summer.",
    "She is learning {lang} because she wants to live in {country}.",
    "The train from {cap} to {cap2} takes many hours.",
    "{country} and {country2} signed a trade agreement.",
    "Tourists in {cap} visit the old museums.",
    "He was born in {cap} and speaks {lang}.",
    "The president of {country} lives in {cap}.",
    "{country} is a country, and {cap} is its capital.",
    "The flight from {cap} to {cap2} was late.",
    "{lang} is the language of {country}.",
    "He speaks {lang} and {lang2}.",
    "Her friend from {cap} taught her {lang}.",
    "The book was translated from {lang} into {lang2}.",
]

GENDER_PAIRS = [  # male, female
    ("father", "mother"), ("brother", "sister"), ("son", "daughter"), ("uncle", "aunt"),
    ("grandfather", "grandmother"), ("husband", "wife"), ("nephew", "niece"),
]
PERSON_PAIRS = [("man", "woman"), ("boy", "girl")]
ROYAL_PAIRS = [("king", "queen"), ("prince", "princess")]
FAMILY_TEMPLATES = [  # {w} family word, {he}/{his} pronouns, {He}/{His} capitalised
    "My {w} called and said {he} would visit us soon.",
    "Our {w} told us a story before bed.",
    "My {w} cooked dinner for the whole family.",
    "{He} is my {w}, and {he} is very kind.",
    "The {w} hugged {his} children.",
    "My {w} lives with {his} family in a small house.",
    "Her {w} and his {w2} came to the wedding.",
    "The whole family visited my {w} at the weekend.",
    "{His} {w} is a member of our family.",
    "I gave my {w} a present, and {he} smiled.",
    "My {w} is older than my cousin.",
    "The family photo shows my {w} and my {w2}.",
]
PERSON_TEMPLATES = [
    "The {w} walked into the shop, and {he} bought a newspaper.",
    "A young {w} sat on the bench, and {he} read {his} book.",
    "The {w} lost {his} keys, and {he} looked everywhere.",
    "The {w} waved, and {he} smiled at us.",
    "The tall {w} told {his} friends a story.",
]
ROYAL_TEMPLATES = [
    "The {w} ruled the kingdom from {his} castle.",
    "The {w} wore a golden crown, and {he} sat on the throne.",
    "The people of the kingdom loved their {w}.",
    "The {w} gave a speech to {his} people.",
    "Long ago, a {w} lived in a castle, and {he} was wise.",
    "The {w} and {his} royal family lived in the palace.",
]

MOTION_VERBS = ["walk", "run", "swim", "fly", "drive", "ride", "climb", "jump", "sail", "skate",
                "crawl", "hike"]
MOTION_TEMPLATES = [
    "We like to {v} in the morning.",
    "She can {v} very fast.",
    "They decided to {v} to the village.",
    "He learned to {v} when he was young.",
    "It is fun to {v} on a sunny day.",
    "The children wanted to {v} all afternoon.",
    "I will {v} home after work.",
    "Do you want to {v} with us?",
    "They {v} every day to stay healthy.",
    "Can you {v} or {v2}?",
    "We had to {v} because the road was closed.",
    "She prefers to {v} rather than {v2}.",
]

FOODS = ["bread", "cheese", "rice", "soup", "pasta", "cake", "butter", "honey", "salad", "pizza",
         "chocolate", "meat", "jam", "pie", "yogurt"]
FOOD_TEMPLATES = [
    "For lunch we had {f} and {f2}.",
    "She bought fresh {f} at the shop.",
    "The {f} tastes delicious.",
    "He put some {f} on the table.",
    "Would you like some more {f}?",
    "I ate {f} for breakfast.",
    "We had {f} for dinner.",
    "The children love {f} with {f2}.",
    "There is no {f} left in the kitchen.",
    "He made {f} for the whole family.",
    "I like {f}, but I do not like {f2}.",
    "She had some {f} and drank a cup of {hot}.",
]
DRINKS = ["tea", "coffee", "milk", "juice", "water", "wine", "lemonade", "cocoa"]
HOT_DRINKS = ["tea", "coffee", "cocoa"]
COLD_DRINKS = ["juice", "water", "lemonade", "milk"]
DRINK_TEMPLATES = [
    "She drank a cup of {hot}.",
    "Would you like a glass of {d}?",
    "He poured {d} into the glass.",
    "In the morning I drink {d}.",
    "The waiter brought us {d} and {d2}.",
    "We ordered a bottle of {d}.",
    "A glass of cold {cold} is nice on a hot day.",
]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAY_TEMPLATES = [
    "The shop is closed on {day}.",
    "We have a meeting on {day} morning.",
    "{day} comes after {prev}.",
    "See you on {day}!",
    "The party is on {day} evening.",
    "Every {day} we visit the market.",
    "The day after {day} is {next}.",
    "Today is {day}, and tomorrow is {next}.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WINTER = ["December", "January", "February"]
SUMMER = ["June", "July", "August"]
MONTH_TEMPLATES = [
    "My birthday is in {month}.",
    "{month} comes after {prev}.",
    "The concert is in {month}.",
    "We are going on holiday in {month}.",
    "The month after {month} is {next}.",
    "The festival takes place every {month}.",
    "In {month} the days are {season}.",
]

JOBS = ["doctor", "teacher", "farmer", "pilot", "nurse", "baker", "lawyer", "engineer", "cook",
        "singer", "dentist", "writer"]
JOB_TEMPLATES = [
    "She works as a {j} in the city.",
    "He wants to become a {j} one day.",
    "The {j} went to work early.",
    "My friend is a {j}.",
    "The {j} was very busy today.",
    "Being a {j} is hard work.",
    "The {j} talked to the {j2} after work.",
]

# Sentences that mix groups, as real text does (a small share of the corpus).
MIXED_TEMPLATES = [
    "My {w} has a {c} {a}.",
    "On {day} we drove to {cap}.",
    "The {j} bought {n} loaves of bread.",
    "My {w} likes to {v} on {day}.",
    "The {a} ate the {f}.",
    "In {month} my {w} flew to {country}.",
    "The {j} lives in {cap} with a {a}.",
]


def article(word):
    return "an" if word[0].lower() in "aeiou" else "a"


def capitalise(sentence):
    return sentence[0].upper() + sentence[1:]


def fix_articles(sentence):
    # "a {a}" -> "an elephant": correct the indefinite article before a vowel.
    words = sentence.split(" ")
    for i in range(len(words) - 1):
        if words[i] in ("a", "A") and words[i + 1][0].lower() in "aeiou":
            words[i] = "an" if words[i] == "a" else "An"
    return " ".join(words)


def two_different(rng, items):
    first, second = rng.sample(items, 2)
    return first, second


def animal_sentence(rng):
    template = rng.choice(ANIMAL_TEMPLATES)
    (a, p), (a2, p2) = two_different(rng, ANIMALS)
    if "{sound}" in template:
        a = rng.choice([name for name, _ in ANIMALS if name in ANIMAL_SOUNDS])
        return template.format(a=a, sound=ANIMAL_SOUNDS[a])
    return template.format(a=a, p=p, a2=a2, p2=p2, P=p.capitalize())


def colour_sentence(rng):
    c, c2 = two_different(rng, COLOURS)
    return rng.choice(COLOUR_TEMPLATES).format(c=c, c2=c2, C=c.capitalize(),
                                               sky=rng.choice(SKY_COLOURS))


def number_sentence(rng):
    template = rng.choice(NUMBER_TEMPLATES)
    if "{k}" in template:
        n = rng.randint(1, 11)
        m = rng.randint(1, 12 - n)
        k = n + m
    else:
        n = rng.randint(2, 11)
        m = rng.randint(2, 12)
        k = n
    words = dict(n=NUMBERS[n - 1], m=NUMBERS[m - 1], k=NUMBERS[k - 1], next=NUMBERS[n])
    words["N"] = words["n"].capitalize()
    return template.format(**words)


def country_sentence(rng):
    (country, cap, lang), (country2, cap2, lang2) = two_different(rng, COUNTRIES)
    if country == "Netherlands":
        country = "the Netherlands"
    if country2 == "Netherlands":
        country2 = "the Netherlands"
    return capitalise(rng.choice(COUNTRY_TEMPLATES).format(
        country=country, cap=cap, lang=lang, country2=country2, cap2=cap2, lang2=lang2))


def gendered_sentence(rng, pairs, templates):
    pair = rng.choice(pairs)
    female = rng.random() < 0.5
    word = pair[1] if female else pair[0]
    other = rng.choice([w for p in pairs for w in p if w != word])
    he, his = ("she", "her") if female else ("he", "his")
    return rng.choice(templates).format(w=word, w2=other, he=he, his=his, He=he.capitalize(),
                                        His=his.capitalize())


def motion_sentence(rng):
    v, v2 = two_different(rng, MOTION_VERBS)
    return rng.choice(MOTION_TEMPLATES).format(v=v, v2=v2)


def food_sentence(rng):
    f, f2 = two_different(rng, FOODS)
    return capitalise(rng.choice(FOOD_TEMPLATES).format(f=f, f2=f2, hot=rng.choice(HOT_DRINKS)))


def drink_sentence(rng):
    d, d2 = two_different(rng, DRINKS)
    return rng.choice(DRINK_TEMPLATES).format(d=d, d2=d2, hot=rng.choice(HOT_DRINKS),
                                              cold=rng.choice(COLD_DRINKS))


def weekday_sentence(rng):
    i = rng.randrange(len(WEEKDAYS))
    return rng.choice(WEEKDAY_TEMPLATES).format(day=WEEKDAYS[i], prev=WEEKDAYS[i - 1],
                                                next=WEEKDAYS[(i + 1) % len(WEEKDAYS)])


def month_sentence(rng):
    template = rng.choice(MONTH_TEMPLATES)
    if "{season}" in template:
        cold = rng.random() < 0.5
        month = rng.choice(WINTER if cold else SUMMER)
        return template.format(month=month, season="short and cold" if cold else "long and warm")
    i = rng.randrange(len(MONTHS))
    return template.format(month=MONTHS[i], prev=MONTHS[i - 1],
                           next=MONTHS[(i + 1) % len(MONTHS)])


def job_sentence(rng):
    j, j2 = two_different(rng, JOBS)
    return rng.choice(JOB_TEMPLATES).format(j=j, j2=j2)


def mixed_sentence(rng):
    country, cap, _ = rng.choice(COUNTRIES)
    if country == "Netherlands":
        country = "the Netherlands"
    return rng.choice(MIXED_TEMPLATES).format(
        w=rng.choice([w for p in GENDER_PAIRS for w in p]), c=rng.choice(COLOURS),
        a=rng.choice(ANIMALS)[0], day=rng.choice(WEEKDAYS), cap=cap, country=country,
        j=rng.choice(JOBS), n=rng.choice(NUMBERS[1:]), v=rng.choice(MOTION_VERBS),
        f=rng.choice(FOODS), month=rng.choice(MONTHS))


# (generator, weight): weights roughly follow the number of words in each group, so that every
# word gets a similar number of occurrences (a few hundred in the full corpus).
GENERATORS = [
    (animal_sentence, 30),
    (colour_sentence, 11),
    (number_sentence, 12),
    (country_sentence, 22),
    (lambda rng: gendered_sentence(rng, GENDER_PAIRS, FAMILY_TEMPLATES), 14),
    (lambda rng: gendered_sentence(rng, PERSON_PAIRS, PERSON_TEMPLATES), 4),
    (lambda rng: gendered_sentence(rng, ROYAL_PAIRS, ROYAL_TEMPLATES), 5),
    (motion_sentence, 12),
    (food_sentence, 15),
    (drink_sentence, 8),
    (weekday_sentence, 7),
    (month_sentence, 10),
    (job_sentence, 12),
    (mixed_sentence, 6),
]


def generate():
    rng = random.Random(SEED)
    functions = [g for g, _ in GENERATORS]
    weights = [w for _, w in GENERATORS]
    lines = list(FIXED_SENTENCES)
    tokens = sum(len(line.split()) for line in lines)
    while tokens < TOKEN_CUT:
        generator = rng.choices(functions, weights)[0]
        line = fix_articles(capitalise(generator(rng)))
        lines.append(line)
        tokens += len(line.split())
    # The fixed sentences are spread through the text instead of opening it.
    for k, sentence in enumerate(FIXED_SENTENCES):
        lines.remove(sentence)
        lines.insert((k + 1) * len(lines) // (len(FIXED_SENTENCES) + 1), sentence)
    return lines, tokens


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    output = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, os.pardir, "resources",
                                                                "default-corpus.txt")
    lines, tokens = generate()
    with open(output + ".tmp", "w", encoding="utf-8", newline="\n") as out:
        out.write("\n".join(lines) + "\n")
    os.replace(output + ".tmp", output)
    print(f"{output}: {len(lines)} lines, {tokens} tokens")


if __name__ == "__main__":
    main()

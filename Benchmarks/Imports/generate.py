#!/usr/bin/env python3
"""Writes the assisted-import benchmark file: N rows (default 1,000,000) of companies and their contacts,
15 columns, `;`-separated, Windows-1252 with CRLF line ends — what French Excel saves as
« CSV (séparateur : point-virgule) ». About N/5 distinct companies (several contacts per company, valid
SIRET with the Luhn key), French names with accents, hyphens and apostrophes (« d'Arc »), some quoted cells.

    generate.py OUT.csv [--rows 1000000] [--seed 2026]
"""
import argparse
import random
import unicodedata

FIRST = ["Zoé", "Gaëlle", "Loïc", "Jérôme", "Hélène", "Frédéric", "Anaïs", "Benoît", "Céline", "Noël", "Maëlle", "Léa",
         "Jean-Pierre", "Marie-Thérèse", "François", "Agnès", "Étienne", "Joël", "Inès", "Raphaël", "Chloé", "Théo", "Zélie",
         "Aurélien", "Cécile", "Sébastien", "Mathéo", "Eléonore", "Bérénice", "Gaël"]
LAST = ["Lefèvre", "Müller", "d'Arc", "Nguyen", "Dupont", "Lemaître", "Durand", "Moreau", "Girard", "Bérard", "Fourès", "Chevalier",
        "Le Goff", "Saint-Just", "Béguin", "Dubœuf", "Lacôte", "Mézières", "Perrin", "Roussel", "Garnier", "Faure", "Brûlé",
        "André", "Mercier", "Blanc", "Guérin", "Boyer", "Gauthier", "Hébert"]
SECTORS = ["Boulangerie", "Cabinet", "Garage", "Pharmacie", "Agence", "Atelier", "Société", "Menuiserie", "Librairie", "Hôtel",
           "Boucherie", "Institut", "Études", "Crèche", "Transports"]
QUALIFIERS = ["des Côteaux", "Saint-Éloi", "du Lac", "& Associés", "Lemaître", "de l'Étang", "Bellevue", "du Château", "Océane",
              "des Prés", "Pasteur", "Gambetta", "du Marché", "Montaigne", "Vauban"]
CITIES = [("75011", "Paris"), ("69002", "Lyon"), ("13001", "Marseille"), ("31000", "Toulouse"), ("44000", "Nantes"),
          ("33000", "Bordeaux"), ("59000", "Lille"), ("67000", "Strasbourg"), ("34000", "Montpellier"), ("35000", "Rennes"),
          ("06000", "Nice"), ("45000", "Orléans"), ("21000", "Dijon"), ("37000", "Tours"), ("63000", "Clermont-Ferrand")]
STREETS = ["rue de la République", "avenue Jean-Jaurès", "boulevard Gambetta", "place de l'Église", "rue Émile-Zola",
           "chemin des Écoliers", "allée des Tilleuls", "rue du Général-de-Gaulle"]
JOBS = ["Gérant", "Gérante", "Comptable", "Directrice commerciale", "Assistant", "Responsable achats", "Président", "Associée"]
ROLES = ["Gérant", "Comptable", "Associé", "Salarié", "Dirigeante"]
TAGS = ["Assurance > Auto", "Assurance > Habitation", "Prospect", "Client auto", "Particulier", "Professionnel",
        "Prévoyance > Santé", "Épargne"]


def luhn_complete(digits):
    """The digit that makes `digits` + it pass the Luhn check."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def siret(rng):
    siren = "".join(str(rng.randrange(10)) for _ in range(8))
    siren += luhn_complete(siren)
    nic = "".join(str(rng.randrange(10)) for _ in range(4))
    body = siren + nic
    return body + luhn_complete(body)


def cell(text):
    if ";" in text or '"' in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    header = ["Raison sociale", "SIRET", "Adresse", "Code postal", "Ville", "Téléphone", "Civilité", "Prénom", "Nom", "Fonction",
              "E-mail", "Mobile", "Date de naissance", "Rôle", "Centres d'intérêt"]
    companies = max(1, args.rows // 5)
    with open(args.out, "w", encoding="cp1252", newline="") as out:
        out.write(";".join(header) + "\r\n")
        company = None
        left = 0
        number = 0
        for row in range(args.rows):
            if left == 0:
                number += 1
                postcode, city = rng.choice(CITIES)
                name = f"{rng.choice(SECTORS)} {rng.choice(QUALIFIERS)} {number}"
                company = [name, siret(rng), f"{rng.randrange(1, 200)} {rng.choice(STREETS)}", postcode, city,
                           f"0{rng.randrange(1, 6)} {rng.randrange(10, 100)} {rng.randrange(10, 100)} {rng.randrange(10, 100)} {rng.randrange(10, 100)}"]
                left = rng.randrange(1, 10) if number < companies else args.rows - row
            left -= 1
            first, last = rng.choice(FIRST), rng.choice(LAST)
            local = (first + "." + last).lower().replace(" ", "").replace("'", "")
            ascii_local = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode()
            email = f"{ascii_local}.{row}@exemple.fr"
            tags = "; ".join(rng.sample(TAGS, rng.randrange(0, 3)))
            birth = f"{rng.randrange(1, 29):02d}/{rng.randrange(1, 13):02d}/{rng.randrange(1950, 2004)}"
            fields = company + [rng.choice(["M.", "Mme"]), first, last, rng.choice(JOBS), email,
                                f"06 {rng.randrange(10, 100)} {rng.randrange(10, 100)} {rng.randrange(10, 100)} {rng.randrange(10, 100)}",
                                birth, rng.choice(ROLES), tags]
            out.write(";".join(cell(f) for f in fields) + "\r\n")


if __name__ == "__main__":
    main()

"""Every lexicon entry, on a sentence of our own.

For each ``[[rule]]`` and ``[[pattern]]`` of ``kg/extract/lexicons/{fr,en}.toml``
there is at least one hand-written news sentence (real actors, written for
this file) with the statement it must yield, and the test checks that the
statement came from that entry: a rule case names its trigger lemma and the
roles that found the arguments (``subj>obj``, as ``kg explain`` shows them),
a pattern case a piece of the pattern's token spec. ``test_every_entry_has_a_case``
fails when an entry is added without a case.

Then titles, coreference, juntas, institutions, event nouns and each kind
of modality, in both languages; each modality case has a twin without the
modality, so a dropped statement is known to be dropped for that reason.

All texts are parsed once, each as its own article (so one rule's statement
cannot hide another's), with the language given rather than detected.
"""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from importlib import resources

import pytest

from kg.extract import SYMMETRIC

pytestmark = pytest.mark.slow

LANGS = ("fr", "en")


def _lexicon(lang: str) -> dict:
    path = resources.files("kg.extract") / "lexicons" / f"{lang}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


LEXICONS = {lang: _lexicon(lang) for lang in LANGS}


@dataclass(frozen=True)
class Rule:
    """A sentence for a ``[[rule]]``: its trigger lemma and the roles used."""

    id: str
    lang: str
    text: str
    expected: tuple[str, str, str]
    trigger: str
    roles: str  # "subj>obj"; "->prep:entre": no subject, both sides from the object

    @property
    def kind(self) -> str:
        return self.id.split("-")[2]  # "verb" or "noun"


@dataclass(frozen=True)
class Pattern:
    """A sentence for a ``[[pattern]]``, which ``spec`` (a piece of its token list) picks out."""

    id: str
    lang: str
    text: str
    expected: tuple[str, str, str]
    spec: str
    also: tuple[tuple[str, str, str], ...] = ()  # more statements the same match must give (lists)


# ---------------------------------------------------------------- [[rule]] ---
# Ids: <lang>-<relation>-<verb|noun>-<trigger>[-<what the case shows>].

FR_RULES = [
    Rule("fr-met-verb-entretenir", "fr", "Emmanuel Macron s'est entretenu mardi au téléphone avec Volodymyr Zelensky.",
         ("Emmanuel Macron", "met", "Volodymyr Zelensky"), "entretenir", "subj>prep:avec"),
    Rule("fr-met-noun-rencontre", "fr",
         "La rencontre entre Vladimir Poutine et Donald Trump en Alaska a duré trois heures.",
         ("Vladimir Putin", "met", "Donald Trump"), "rencontre", "->prep:entre"),
    Rule("fr-visited-verb-atterrir", "fr", "Mark Rutte a atterri mercredi à Kiev.",
         ("Mark Rutte", "visited", "Kyiv"), "atterrir", "subj>prep:à"),
    Rule("fr-visited-verb-visiter", "fr", "Giorgia Meloni a visité Washington en avril.",
         ("Giorgia Meloni", "visited", "Washington"), "visiter", "subj>obj"),
    Rule("fr-visited-noun-deplacement", "fr", "Le déplacement de Recep Tayyip Erdogan en Hongrie a été écourté.",
         ("Recep Tayyip Erdoğan", "visited", "Hungary"), "déplacement", "prep:de>prep:en"),
    Rule("fr-visited-verb-accueillir-guest", "fr",
         "Vladimir Poutine a accueilli vendredi à Sotchi le président turc Recep Tayyip Erdogan.",
         ("Recep Tayyip Erdoğan", "visited", "Sotchi"), "accueillir", "obj>prep:à"),
    Rule("fr-signed_agreement_with-verb-conclure", "fr",
         "L'Inde a conclu un accord de libre-échange avec le Royaume-Uni.",
         ("India", "signed_agreement_with", "United Kingdom"), "conclure", "subj>prep:avec"),
    Rule("fr-signed_agreement_with-noun-signature", "fr",
         "La signature du traité de paix entre l'Égypte et Israël remonte à 1979.",
         ("Egypt", "signed_agreement_with", "Israel"), "signature", "->prep:entre"),
    Rule("fr-supports-verb-soutenir", "fr", "Berlin soutient pleinement Kiev face à l'agression.",
         ("Germany", "supports", "Ukraine"), "soutenir", "subj>obj"),
    Rule("fr-supports-noun-soutien", "fr", "Le soutien de l'Iran au Hezbollah inquiète Israël.",
         ("Iran", "supports", "Hezbollah"), "soutien", "prep:de>prep:à"),
    Rule("fr-provided_aid_to-verb-fournir", "fr", "Les Pays-Bas ont fourni des avions F-16 à l'Ukraine.",
         ("Netherlands", "provided_aid_to", "Ukraine"), "fournir", "subj>prep:à"),
    Rule("fr-provided_aid_to-noun-aide", "fr", "L'aide militaire américaine à Israël a atteint un niveau record.",
         ("United States", "provided_aid_to", "Israel"), "aide", "agent>prep:à"),
    Rule("fr-deployed_forces_to-verb-deployer", "fr", "Le Royaume-Uni a déployé 900 soldats en Estonie cet été.",
         ("United Kingdom", "deployed_forces_to", "Estonia"), "déployer", "subj>prep:en"),
    Rule("fr-deployed_forces_to-verb-deployer-nationality", "fr",
         "Des soldats rwandais ont été déployés au Mozambique en 2021.",
         ("Rwanda", "deployed_forces_to", "Mozambique"), "déployer", "obj_nationality>prep:à"),
    Rule("fr-deployed_forces_to-noun-deploiement", "fr", "La Turquie a annoncé le déploiement de drones en Libye.",
         ("Türkiye", "deployed_forces_to", "Libya"), "déploiement", "governor>prep:en"),
    Rule("fr-attacked-verb-pilonner", "fr", "La Russie a pilonné Kharkiv dans la nuit de mardi.",
         ("Russia", "attacked", "Kharkiv"), "pilonner", "subj>obj"),
    Rule("fr-attacked-noun-frappe", "fr", "Les frappes israéliennes sur Beyrouth ont fait trois morts.",
         ("Israel", "attacked", "Beirut"), "frappe", "agent>prep:sur"),
    Rule("fr-invaded-verb-annexer", "fr", "La Russie a annexé la Crimée en 2014.",
         ("Russia", "invaded", "Crimée"), "annexer", "subj>obj"),
    Rule("fr-invaded-noun-invasion", "fr", "L'invasion de l'Ukraine par la Russie a bouleversé l'Europe.",
         ("Russia", "invaded", "Ukraine"), "invasion", "agent>prep:de"),
    Rule("fr-invaded-noun-invasion-resister", "fr", "L'Ukraine résiste depuis trois ans à l'invasion russe.",
         ("Russia", "invaded", "Ukraine"), "invasion", "agent>resister"),
    Rule("fr-threatened-verb-menacer", "fr", "La Chine a menacé Taïwan de représailles militaires.",
         ("China", "threatened", "Taiwan"), "menacer", "subj>obj"),
    Rule("fr-threatened-verb-menacer-xcomp", "fr", "Donald Trump a menacé de bombarder l'Iran.",
         ("Donald Trump", "threatened", "Iran"), "menacer", "subj>xcomp"),
    Rule("fr-threatened-noun-menace", "fr", "Les menaces chinoises contre Taïwan se multiplient.",
         ("China", "threatened", "Taiwan"), "menace", "agent>prep:contre"),
    Rule("fr-sanctioned-verb-sanctionner", "fr",
         "L'Union européenne a sanctionné la Biélorussie pour son rôle dans la guerre.",
         ("European Union", "sanctioned", "Belarus"), "sanctionner", "subj>obj"),
    Rule("fr-sanctioned-noun-sanction", "fr", "Les sanctions américaines contre Cuba restent en vigueur.",
         ("United States", "sanctioned", "Cuba"), "sanction", "agent>prep:contre"),
    Rule("fr-condemned-verb-critiquer", "fr", "Le Canada a critiqué l'Inde pour son ingérence.",
         ("Canada", "condemned", "India"), "critiquer", "subj>obj"),
    Rule("fr-condemned-noun-condamnation", "fr", "La condamnation de l'Iran par l'Union européenne est tombée lundi.",
         ("European Union", "condemned", "Iran"), "condamnation", "agent>prep:de"),
    Rule("fr-allied_with-verb-allier", "fr", "La Russie s'est alliée à la Corée du Nord.",
         ("Russia", "allied_with", "North Korea"), "allier", "subj>prep:à"),
    Rule("fr-allied_with-noun-alliance", "fr", "L'alliance entre la Russie et l'Iran inquiète Israël.",
         ("Russia", "allied_with", "Iran"), "alliance", "->prep:entre"),
    Rule("fr-allied_with-noun-allie", "fr",
         "L'Azerbaïdjan, principal allié de la Turquie dans le Caucase, a salué l'accord.",
         ("Azerbaijan", "allied_with", "Türkiye"), "allié", "appos_head>prep:de"),
    Rule("fr-allied_with-noun-partenariat-strategique", "fr",
         "La France et l'Inde ont noué un partenariat stratégique en 1998.",
         ("France", "allied_with", "India"), "partenariat", "governor>-"),
    Rule("fr-member_of-verb-rejoindre", "fr", "La Suède a rejoint l'OTAN en mars 2024.",
         ("Sweden", "member_of", "NATO"), "rejoindre", "subj>obj"),
    Rule("fr-member_of-noun-adhesion", "fr", "L'adhésion de la Finlande à l'OTAN a été saluée à Washington.",
         ("Finland", "member_of", "NATO"), "adhésion", "prep:de>prep:à"),
    Rule("fr-member_of-noun-entree", "fr", "L'entrée de la Croatie dans l'Union européenne date de 2013.",
         ("Croatia", "member_of", "European Union"), "entrée", "prep:de>prep:dans"),
    Rule("fr-member_of-noun-membre", "fr", "Le Timor oriental devient le onzième membre de l'ASEAN.",
         ("Timor-Leste", "member_of", "Association of Southeast Asian Nations"), "membre", "governor>prep:de"),
    Rule("fr-provided_aid_to-noun-fournisseur", "fr",
         "La Turquie, principal fournisseur de drones de l'Azerbaïdjan, a démenti toute implication.",
         ("Türkiye", "provided_aid_to", "Azerbaijan"), "fournisseur", "appos_head>prep:de"),
    Rule("fr-attacked-noun-guerre", "fr", "La guerre russe en Ukraine entre dans sa quatrième année.",
         ("Russia", "attacked", "Ukraine"), "guerre", "agent>prep:en"),
    Rule("fr-attacked-verb-lancer", "fr", "L'Iran a lancé une vague de drones contre Israël.",
         ("Iran", "attacked", "Israel"), "lancer", "subj>prep:contre"),
    Rule("fr-attacked-verb-emparer", "fr", "Le M23 s'est emparé de Bukavu en février.",
         ("M23", "attacked", "Bukavu"), "emparer", "subj>prep:de"),
    Rule("fr-attacked-verb-prendre-controle", "fr", "Les talibans ont pris le contrôle de Kandahar en août 2021.",
         ("Taliban", "attacked", "Kandahar"), "prendre", "subj>obj"),
    Rule("fr-threatened-verb-avertir", "fr", "Le Pakistan a averti l'Inde qu'il riposterait.",
         ("Pakistan", "threatened", "India"), "avertir", "subj>obj"),
    Rule("fr-threatened-verb-mettre-en-garde", "fr", "La Chine a mis en garde le Japon contre toute ingérence.",
         ("China", "threatened", "Japan"), "mettre", "subj>obj"),
    Rule("fr-threatened-verb-prevenir", "fr", "La Corée du Nord a prévenu que Séoul paierait le prix de ces manœuvres.",
         ("North Korea", "threatened", "South Korea"), "prévenir", "subj>ccomp"),
    Rule("fr-condemned-verb-qualifier", "fr", "Le Venezuela a qualifié les États-Unis de puissance impérialiste.",
         ("Venezuela", "condemned", "United States"), "qualifier", "subj>obj"),
    Rule("fr-leader_of-verb-diriger", "fr", "Mark Rutte, qui dirige l'OTAN depuis octobre 2024, s'est rendu à Vilnius.",
         ("Mark Rutte", "leader_of", "NATO"), "diriger", "subj>obj"),
    Rule("fr-official_of-verb-commander", "fr",
         "Mohamed Hamdan Daglo commandait les Forces de soutien rapide depuis 2013.",
         ("Mohamed Hamdan Dagalo", "official_of", "Rapid Support Forces"), "commander", "subj>obj"),
    Rule("fr-member_of-noun-membre-relative", "fr", "L'OTAN, dont la Turquie reste membre, se réunit à La Haye.",
         ("Türkiye", "member_of", "NATO"), "membre", "governor>relative"),
    Rule("fr-allied_with-noun-traite-defense", "fr",
         "Le traité de défense mutuelle entre les Philippines et les États-Unis date de 1951.",
         ("Philippines", "allied_with", "United States"), "traité", "governor>prep:entre"),
    Rule("fr-sanctioned-verb-imposer", "fr", "Le Royaume-Uni a imposé des sanctions à la Russie.",
         ("United Kingdom", "sanctioned", "Russia"), "imposer", "subj>prep:à"),
    Rule("fr-met-verb-rejoindre", "fr",
         "Keir Starmer a rejoint Ursula von der Leyen à Bruxelles pour un dîner de travail.",
         ("Keir Starmer", "met", "Ursula von der Leyen"), "rejoindre", "subj>obj"),
    Rule("fr-attacked-verb-capturer-ville", "fr", "Les forces russes ont capturé la ville d'Avdiïvka en février 2024.",
         ("Russia", "attacked", "Avdiïvka"), "capturer", "subj>obj"),
    Rule("fr-deployed_forces_to-verb-heberger", "fr", "L'Allemagne héberge quelque 35 000 soldats américains.",
         ("United States", "deployed_forces_to", "Germany"), "héberger", "obj_nationality>subj"),
    Rule("fr-deployed_forces_to-verb-maintenir-base", "fr", "La Turquie maintient une base militaire au Qatar.",
         ("Türkiye", "deployed_forces_to", "Qatar"), "maintenir", "subj>prep:à"),
    Rule("fr-threatened-verb-promettre", "fr", "L'Iran a promis qu'Israël subirait des représailles.",
         ("Iran", "threatened", "Israel"), "promettre", "subj>ccomp"),
    Rule("fr-threatened-verb-jurer", "fr", "Le Hezbollah a juré de se venger d'Israël.",
         ("Hezbollah", "threatened", "Israel"), "jurer", "subj>xcomp"),
]

EN_RULES = [
    Rule("en-provided_aid_to-noun-supplier", "en", "The United States remains Israel's main arms supplier.",
         ("United States", "provided_aid_to", "Israel"), "supplier", "governor>agent"),
    Rule("en-attacked-noun-war", "en", "Russia's war on Ukraine has killed tens of thousands of soldiers.",
         ("Russia", "attacked", "Ukraine"), "war", "agent>prep:on"),
    Rule("en-met-verb-speak", "en", "Keir Starmer spoke with Donald Trump by phone on Sunday.",
         ("Keir Starmer", "met", "Donald Trump"), "speak", "subj>prep:with"),
    Rule("en-met-noun-talk", "en", "Talks between Marco Rubio and Sergei Lavrov lasted four hours in Riyadh.",
         ("Marco Rubio", "met", "Sergei Lavrov"), "talk", "->prep:between"),
    Rule("en-visited-verb-travel", "en", "Emmanuel Macron travelled to Beijing on Wednesday.",
         ("Emmanuel Macron", "visited", "Beijing"), "travel", "subj>prep:to"),
    Rule("en-visited-noun-trip", "en", "Anthony Albanese's trip to China ended on Thursday.",
         ("Anthony Albanese", "visited", "China"), "trip", "agent>prep:to"),
    Rule("en-visited-verb-welcome-guest", "en", "Xi Jinping welcomed Lula at the Great Hall of the People.",
         ("Luiz Inácio Lula da Silva", "visited", "Great Hall of the People"), "welcome", "obj>prep:at"),
    Rule("en-signed_agreement_with-verb-seal", "en", "Japan sealed a trade deal with the United States in July.",
         ("Japan", "signed_agreement_with", "United States"), "seal", "subj>prep:with"),
    Rule("en-signed_agreement_with-noun-signing", "en",
         "The signing of a peace deal between Rwanda and the Democratic Republic of the Congo took place in "
         "Washington.",
         ("Rwanda", "signed_agreement_with", "Democratic Republic of the Congo"), "signing", "->prep:between"),
    Rule("en-supports-verb-back", "en", "Poland strongly backs Ukraine.",
         ("Poland", "supports", "Ukraine"), "back", "subj>obj"),
    Rule("en-supports-verb-stand", "en", "Canada stood by Denmark over Greenland.",
         ("Canada", "supports", "Denmark"), "stand", "subj>prep:by"),
    Rule("en-supports-noun-support", "en", "China's support for Russia has angered Washington.",
         ("China", "supports", "Russia"), "support", "agent>prep:for"),
    Rule("en-provided_aid_to-verb-supply", "en", "Iran supplied Russia with Shahed drones.",
         ("Iran", "provided_aid_to", "Russia"), "supply", "subj>obj_with"),
    Rule("en-provided_aid_to-noun-aid", "en", "US military aid to Taiwan rose sharply this year.",
         ("United States", "provided_aid_to", "Taiwan"), "aid", "governor>prep:to"),
    Rule("en-deployed_forces_to-verb-send", "en", "Britain sent 900 troops to Estonia.",
         ("United Kingdom", "deployed_forces_to", "Estonia"), "send", "subj>prep:to"),
    Rule("en-deployed_forces_to-noun-deployment", "en", "Turkey announced the deployment of troops to Libya.",
         ("Türkiye", "deployed_forces_to", "Libya"), "deployment", "governor>prep:to"),
    Rule("en-attacked-verb-shell", "en", "Russia shelled Kherson overnight.",
         ("Russia", "attacked", "Kherson"), "shell", "subj>obj"),
    Rule("en-attacked-noun-strike", "en", "A Russian missile strike on Dnipro killed 12 people.",
         ("Russia", "attacked", "Dnipro"), "strike", "agent>prep:on"),
    Rule("en-invaded-verb-occupy", "en", "Israel occupied the Golan Heights in 1967.",
         ("Israel", "invaded", "Golan Heights"), "occupy", "subj>obj"),
    Rule("en-invaded-noun-invasion", "en", "Iraq's invasion of Kuwait in 1990 triggered the Gulf War.",
         ("Iraq", "invaded", "Kuwait"), "invasion", "agent>prep:of"),
    Rule("en-invaded-noun-invasion-resister", "en", "Ukraine has resisted the Russian invasion for three years.",
         ("Russia", "invaded", "Ukraine"), "invasion", "agent>resister"),
    Rule("en-threatened-verb-threaten", "en", "China threatened Japan with economic retaliation.",
         ("China", "threatened", "Japan"), "threaten", "subj>obj"),
    Rule("en-threatened-verb-threaten-xcomp", "en", "Donald Trump threatened to impose tariffs on Canada.",
         ("Donald Trump", "threatened", "Canada"), "threaten", "subj>xcomp"),
    Rule("en-threatened-noun-threat", "en", "Russia's threats against Moldova have intensified.",
         ("Russia", "threatened", "Moldova"), "threat", "agent>prep:against"),
    Rule("en-sanctioned-verb-sanction", "en", "Canada sanctioned Belarus over the crackdown.",
         ("Canada", "sanctioned", "Belarus"), "sanction", "subj>obj"),
    Rule("en-sanctioned-noun-sanction", "en", "New British sanctions against Georgia took effect on Monday.",
         ("United Kingdom", "sanctioned", "Georgia"), "sanction", "agent>prep:against"),
    Rule("en-condemned-verb-denounce", "en", "South Africa denounced Israel at the International Court of Justice.",
         ("South Africa", "condemned", "Israel"), "denounce", "subj>obj"),
    Rule("en-condemned-noun-criticism", "en", "Brazil's criticism of Israel drew a sharp response.",
         ("Brazil", "condemned", "Israel"), "criticism", "agent>prep:of"),
    Rule("en-allied_with-verb-ally", "en", "In 2001, Pakistan allied itself with the United States.",
         ("Pakistan", "allied_with", "United States"), "ally", "subj>prep:with"),
    Rule("en-allied_with-noun-alliance", "en", "The alliance between Russia and Iran worries Israel.",
         ("Russia", "allied_with", "Iran"), "alliance", "->prep:between"),
    Rule("en-allied_with-noun-ally-apposition", "en", "Azerbaijan, a close ally of Turkey, held elections on Sunday.",
         ("Azerbaijan", "allied_with", "Türkiye"), "ally", "appos_head>prep:of"),
    Rule("en-member_of-verb-accede", "en", "Croatia acceded to the European Union in 2013.",
         ("Croatia", "member_of", "European Union"), "accede", "subj>prep:to"),
    Rule("en-member_of-noun-accession", "en", "Sweden's accession to NATO was ratified by Hungary.",
         ("Sweden", "member_of", "NATO"), "accession", "agent>prep:to"),
    Rule("en-member_of-noun-member", "en", "East Timor became the 11th member of ASEAN in October.",
         ("Timor-Leste", "member_of", "Association of Southeast Asian Nations"), "member", "governor>prep:of"),
    Rule("en-attacked-verb-fire", "en", "Iran fired a barrage of missiles at Israel.",
         ("Iran", "attacked", "Israel"), "fire", "subj>prep:at"),
    Rule("en-attacked-verb-take-control", "en", "The Taliban took control of Kabul in August 2021.",
         ("Taliban", "attacked", "Kabul"), "take", "subj>obj"),
    Rule("en-threatened-verb-warn", "en", "Beijing warned Manila on Tuesday.",
         ("China", "threatened", "Philippines"), "warn", "subj>obj"),
    Rule("en-condemned-verb-label", "en", "Iran labelled Israel a terrorist state.",
         ("Iran", "condemned", "Israel"), "label", "subj>obj"),
    Rule("en-leader_of-verb-head", "en", "Ursula von der Leyen, who heads the European Commission, arrived in Kyiv.",
         ("Ursula von der Leyen", "leader_of", "European Commission"), "head", "subj>obj"),
    Rule("en-official_of-verb-command", "en",
         "Mohamed Hamdan Dagalo, who commands the Rapid Support Forces, left Nyala.",
         ("Mohamed Hamdan Dagalo", "official_of", "Rapid Support Forces"), "command", "subj>obj"),
    Rule("en-member_of-noun-member-relative", "en", "NATO, of which Turkey is a member, meets in The Hague.",
         ("Türkiye", "member_of", "NATO"), "member", "governor>relative"),
    Rule("en-allied_with-noun-pact-defence", "en",
         "North Korea's mutual defence pact with Russia took effect in December.",
         ("North Korea", "allied_with", "Russia"), "pact", "agent>prep:with"),
    Rule("en-sanctioned-verb-designate", "en",
         "The United States designated the Houthis a terrorist organisation in January.",
         ("United States", "sanctioned", "Houthis"), "designate", "subj>obj"),
    Rule("en-met-verb-join", "en", "Keir Starmer joined Ursula von der Leyen for a working dinner in Brussels.",
         ("Keir Starmer", "met", "Ursula von der Leyen"), "join", "subj>obj"),
    Rule("en-attacked-verb-recapture-town", "en", "Azerbaijani troops recaptured the town of Shusha in November 2020.",
         ("Azerbaijan", "attacked", "Shusha"), "recapture", "subj>obj"),
    Rule("en-deployed_forces_to-verb-host", "en", "Germany hosts some 35,000 American troops.",
         ("United States", "deployed_forces_to", "Germany"), "host", "obj_nationality>subj"),
    Rule("en-deployed_forces_to-verb-maintain-base", "en", "Turkey maintains a military base in Qatar.",
         ("Türkiye", "deployed_forces_to", "Qatar"), "maintain", "subj>prep:in"),
    Rule("en-threatened-verb-promise", "en", "Benjamin Netanyahu promised that Hamas would pay a heavy price.",
         ("Benjamin Netanyahu", "threatened", "Hamas"), "promise", "subj>ccomp"),
]

RULES = FR_RULES + EN_RULES

# ------------------------------------------------------------- [[pattern]] ---
# ``spec`` is a piece of the pattern's token list (as JSON) found in that pattern only.

PATTERNS = [
    Pattern("fr-located_in-pattern-place-dans-country", "fr",
            "Des explosions ont été entendues à Zaporijjia, dans le sud-est de l'Ukraine.",
            ("Zaporijjia", "located_in", "Ukraine"), '"septentrionale"'),
    Pattern("fr-located_in-pattern-apposition-capitale", "fr",
            "Les combats ont repris à Odessa, grande ville portuaire du sud de l'Ukraine.",
            ("Odessa", "located_in", "Ukraine"), '"balnéaire"'),
    Pattern("fr-located_in-pattern-dateline", "fr", "Lagos, Nigeria — Des hommes armés ont attaqué un marché dimanche.",
            ("Lagos", "located_in", "Nigeria"), '"IS_PUNCT"'),
    Pattern("fr-located_in-pattern-region-demonym", "fr",
            "L'armée a repris des villages dans la province syrienne d'Idleb.",
            ("Idleb", "located_in", "Syria"), '{"_": {"kg_kind": "DEMONYM"}}, {"ORTH": ",", "OP": "?"}'),
    Pattern("fr-located_in-pattern-country-then-place", "fr",
            "Les combats se poursuivent en Ukraine, près de la ville de Soumy.",
            ("Soumy", "located_in", "Ukraine"), '[{"LOWER": {"IN": ["en", "au", "aux"]}}'),
    Pattern("fr-member_of-pattern-parti-de", "fr",
            "Le Likoud, le parti de Benyamin Netanyahou, a remporté les élections.",
            ("Benjamin Netanyahu", "member_of", "Likoud"), '"parti"'),
    Pattern("fr-member_of-pattern-membre-apposition", "fr", "La Hongrie, membre de l'OTAN, bloque la décision.",
            ("Hungary", "member_of", "NATO"), '"membres"'),
    Pattern("fr-located_in-pattern-list-toutes-deux-en", "fr",
            "Des drones ont frappé Belgorod et Koursk, toutes deux en Russie.",
            ("Belgorod", "located_in", "Russia"), '"tous", "toutes", "deux"',
            also=(("Koursk", "located_in", "Russia"),)),
    Pattern("fr-supports-pattern-soutenu-par", "fr", "Le Hezbollah, financé par l'Iran, a reconstitué son arsenal.",
            ("Iran", "supports", "Hezbollah"), '"financé"'),
    Pattern("en-located_in-pattern-place-in-country", "en", "Drones hit an oil depot in Bryansk, in western Russia.",
            ("Bryansk", "located_in", "Russia"), '"outside"'),
    Pattern("en-located_in-pattern-apposition", "en", "Mariupol, a port city in southern Ukraine, was destroyed.",
            ("Mariupol", "located_in", "Ukraine"), '"resort"'),
    Pattern("en-located_in-pattern-dateline", "en", "Talks opened in Jeddah, Saudi Arabia, on Tuesday.",
            ("Jeddah", "located_in", "Saudi Arabia"), '"IS_PUNCT"'),
    Pattern("en-located_in-pattern-demonym-city-of", "en", "The Syrian city of Homs fell on Saturday.",
            ("Homs", "located_in", "Syria"), '[{"_": {"kg_kind": "DEMONYM"}}'),
    Pattern("en-located_in-pattern-possessive", "en", "Inspectors visited Iran's nuclear site at Natanz.",
            ("Natanz", "located_in", "Iran"), '"at", "in", "of"'),
    Pattern("en-member_of-pattern-possessive-party", "en", "Netanyahu's Likud party won the election.",
            ("Benjamin Netanyahu", "member_of", "Likud"), '"movement"]}, "OP": "?"}'),
    Pattern("en-member_of-pattern-org-member-apposition", "en", "Turkey, a NATO member, has bought Russian missiles.",
            ("Türkiye", "member_of", "NATO"), '"fellow"'),
    Pattern("en-member_of-pattern-org-member-list", "en", "Malta, Greece and Cyprus, all EU members, opposed the plan.",
            ("Malta", "member_of", "European Union"), '"fellow"',
            also=(("Greece", "member_of", "European Union"), ("Cyprus", "member_of", "European Union"))),
    Pattern("en-member_of-pattern-of-the-party", "en",
            "Opposition leader Kemi Badenoch, of the Conservative Party, criticised the budget.",
            ("Kemi Badenoch", "member_of", "Conservative Party"), '"congress"'),
    Pattern("en-located_in-pattern-list-both-in", "en", "Officials visited Mosul and Kirkuk, both in northern Iraq.",
            ("Mosul", "located_in", "Iraq"), '"both", "all", "each"', also=(("Kirkuk", "located_in", "Iraq"),)),
    Pattern("en-supports-pattern-backed", "en", "Iranian-backed Houthis attacked ships in the Red Sea.",
            ("Iran", "supports", "Houthis"), '"backed"'),
]

# ------------------------------------------------- titles and coreference ---
# (id, lang, text, statements that must be found, statements that must not)

TITLES = [
    ("fr-titles-leader-before-name", "fr",
     "Le Premier ministre espagnol Pedro Sánchez a défendu la reconnaissance de la Palestine.",
     [("Pedro Sánchez", "leader_of", "Spain")], []),
    ("en-titles-official-before-name", "en", "Polish Foreign Minister Radoslaw Sikorski arrived in Kyiv on Friday.",
     [("Radosław Sikorski", "official_of", "Poland")], []),
    ("fr-titles-apposition-after-name", "fr",
     "Jean-Noël Barrot, le ministre français des Affaires étrangères, a rencontré Wang Yi.",
     [("Jean-Noël Barrot", "official_of", "France")], []),
    ("en-titles-apposition-after-name", "en", "Hakan Fidan, Turkey's foreign minister, met Sergei Lavrov in Antalya.",
     [("Hakan Fidan", "official_of", "Türkiye")], []),
    ("fr-titles-counterpart", "fr",
     "Le ministre indien des Affaires étrangères Subrahmanyam Jaishankar a rencontré son homologue chinois Wang Yi "
     "à Pékin.",
     [("Subrahmanyam Jaishankar", "official_of", "India"), ("Wang Yi", "official_of", "China")],
     [("Wang Yi", "official_of", "India")]),
    ("en-titles-counterpart", "en",
     "Indian Foreign Minister Subrahmanyam Jaishankar met his Chinese counterpart Wang Yi in Beijing.",
     [("Subrahmanyam Jaishankar", "official_of", "India"), ("Wang Yi", "official_of", "China"),
      ("Subrahmanyam Jaishankar", "met", "Wang Yi")],
     [("Wang Yi", "official_of", "India")]),
    ("fr-titles-list-each-their-state", "fr",
     "Le chancelier allemand Friedrich Merz, le président français Emmanuel Macron et le Premier ministre polonais "
     "Donald Tusk se sont rendus à Kiev en mai.",
     [("Friedrich Merz", "leader_of", "Germany"), ("Emmanuel Macron", "leader_of", "France"),
      ("Donald Tusk", "leader_of", "Poland")],
     [("Friedrich Merz", "leader_of", "France"), ("Emmanuel Macron", "leader_of", "Germany"),
      ("Emmanuel Macron", "leader_of", "Poland"), ("Donald Tusk", "leader_of", "France")]),
    ("en-titles-list-each-their-state", "en",
     "German Chancellor Friedrich Merz, French President Emmanuel Macron and Polish Prime Minister Donald Tusk "
     "travelled to Kyiv in May.",
     [("Friedrich Merz", "leader_of", "Germany"), ("Emmanuel Macron", "leader_of", "France"),
      ("Donald Tusk", "leader_of", "Poland")],
     [("Friedrich Merz", "leader_of", "France"), ("Emmanuel Macron", "leader_of", "Germany"),
      ("Emmanuel Macron", "leader_of", "Poland"), ("Donald Tusk", "leader_of", "France")]),
]

# Offices whose state is in the title's name alone; the person is not in the
# gazetteer (checked), so the state can only come from the title.
IMPLIED = [
    ("en-titles-implied-treasury-secretary", "en",
     "Treasury Secretary Steven Mnuchin announced new measures on Tuesday.",
     ("Steven Mnuchin", "official_of", "United States")),
    ("fr-titles-implied-secretaire-au-tresor", "fr",
     "Le secrétaire au Trésor Steven Mnuchin a annoncé de nouvelles mesures.",
     ("Steven Mnuchin", "official_of", "United States")),
]

# An office named without a name is the person given that office earlier: (id, lang, text, office words, statement).
UNNAMED_OFFICE = [
    ("fr-titles-office-without-name", "fr",
     "Le ministre allemand de la Défense Boris Pistorius a atterri lundi à Vilnius. "
     "Mardi, le ministre allemand a rencontré le président lituanien Gitanas Nausėda.",
     "ministre", ("Boris Pistorius", "met", "Gitanas Nausėda")),
    ("en-titles-office-without-name", "en",
     "German Development Minister Reem Alabali-Radovan landed in Amman on Monday. "
     "The German minister later met King Abdullah II.",
     "minister", ("Reem Alabali-Radovan", "met", "Abdullah II")),
]

COREFERENCE = [
    ("en-coreference-whose-country", "en",
     "Finnish President Alexander Stubb, whose country joined NATO in 2023, spoke in Helsinki.",
     [("Finland", "member_of", "NATO")], []),
    ("fr-coreference-son-pays", "fr",
     "Le président finlandais Alexander Stubb a rappelé que son pays avait rejoint l'OTAN en 2023.",
     [("Finland", "member_of", "NATO")], []),
    ("fr-coreference-pronoun-il", "fr",
     "Recep Tayyip Erdogan a atterri lundi à Doha. Il a aussi dénoncé Israël.",
     [("Recep Tayyip Erdoğan", "condemned", "Israel")], []),
    ("en-coreference-pronoun-he", "en",
     "Javier Milei landed in Washington on Monday. He later met Donald Trump at the White House.",
     [("Javier Milei", "met", "Donald Trump")], []),
    ("fr-coreference-les-deux-dirigeants", "fr",
     "Emmanuel Macron a reçu Friedrich Merz à Paris mardi. Les deux dirigeants ont condamné la Russie.",
     [("Emmanuel Macron", "condemned", "Russia"), ("Friedrich Merz", "condemned", "Russia")], []),
    ("en-coreference-the-two-leaders", "en",
     "Narendra Modi hosted Shigeru Ishiba in New Delhi on Friday. The two leaders condemned North Korea.",
     [("Narendra Modi", "condemned", "North Korea"), ("Shigeru Ishiba", "condemned", "North Korea")], []),
    ("fr-coreference-les-deux-pays", "fr",
     "La Serbie et le Kosovo ont rompu le dialogue. Les deux pays ont accusé l'Union européenne de partialité.",
     [("Serbia", "condemned", "European Union"), ("Kosovo", "condemned", "European Union")], []),
]

# ------------------------------------- juntas, institutions, event nouns ---

# After a coup, a junta phrase is an entity of its own ("Niger junta"); the statement
# goes to what that mention acts for (the junta, or the state it holds).
# (id, lang, text, junta phrase, junta label, subject, relation)
JUNTAS = [
    ("en-junta-in-niger-after-a-coup", "en",
     "Niger's army seized power in a coup in July 2023. ECOWAS sanctioned the junta in Niger.",
     "junta in Niger", "Niger junta", "Economic Community of West African States", "sanctioned"),
    ("fr-junta-junte-nigerienne-after-a-coup", "fr",
     "L'armée a pris le pouvoir au Niger lors d'un coup d'État en juillet 2023. "
     "La Cédéao a sanctionné la junte nigérienne.",
     "junte nigérienne", "Niger junta", "Economic Community of West African States", "sanctioned"),
]

# (id, lang, text, institution mention text, its entity's label, statement on the state)
INSTITUTIONS = [
    ("fr-institution-armee-thailandaise", "fr", "L'armée thaïlandaise a bombardé des positions cambodgiennes.",
     "armée thaïlandaise", "Thailand army", ("Thailand", "attacked", "Cambodia")),
    ("en-institution-thai-army", "en", "The Thai army shelled Cambodian positions on Thursday.",
     "Thai army", "Thailand army", ("Thailand", "attacked", "Cambodia")),
    # A warship acts for its flag state (kg/data/gazetteer/vessel_prefixes.jsonl).
    ("en-institution-vessel-hms", "en", "HMS Prince of Wales arrived in Tokyo in August.",
     "HMS Prince of Wales", "HMS Prince of Wales", ("United Kingdom", "visited", "Tokyo")),
    ("fr-institution-vessel-uss", "fr", "Le porte-avions USS Nimitz est arrivé lundi à Manille.",
     "USS Nimitz", "USS Nimitz", ("United States", "visited", "Manila")),
]

# (id, lang, text, statement, the event noun standing for its author)
EVENTS = [
    ("fr-event-sanctions-denoncees", "fr",
     "L'Union européenne a adopté de nouvelles sanctions contre l'Iran. Téhéran a dénoncé les sanctions.",
     ("Iran", "condemned", "European Union"), "sanction"),
    ("en-event-sanctions-condemned", "en",
     "The United States imposed sanctions on Venezuela in 2019. Caracas condemned the sanctions.",
     ("Venezuela", "condemned", "United States"), "sanction"),
    ("fr-event-coup-condamne", "fr",
     "La junte nigérienne a pris le pouvoir lors d'un coup d'État en juillet 2023. "
     "L'Union africaine a condamné le coup d'État.",
     ("African Union", "condemned", "Niger junta"), "coup"),
    ("en-event-coup-condemned", "en",
     "The junta in Niger seized power in a coup in July 2023. The African Union condemned the coup.",
     ("African Union", "condemned", "Niger junta"), "coup"),
]

# --------------------------------------------------------------- modality ---
# (id, lang, text, relation dropped, reason prefix, twin without the modality, statement the twin yields)

MODALITY = [
    ("fr-modality-negation", "fr", "L'Inde n'a pas sanctionné la Russie.", "sanctioned", "negated",
     "L'Inde a sanctionné la Russie.", ("India", "sanctioned", "Russia")),
    ("en-modality-negation", "en", "India did not sanction Russia.", "sanctioned", "negated",
     "India sanctioned Russia.", ("India", "sanctioned", "Russia")),
    ("fr-modality-modal-verb", "fr", "L'Union européenne veut sanctionner la Géorgie.", "sanctioned", "under 'vouloir'",
     "L'Union européenne a sanctionné la Géorgie.", ("European Union", "sanctioned", "Georgia")),
    ("en-modality-modal-verb", "en", "The United States might sanction Turkey over the purchase.", "sanctioned",
     "modal (might)", "The United States sanctioned Turkey over the purchase.",
     ("United States", "sanctioned", "Türkiye")),
    ("fr-modality-conditional-mood", "fr", "La Chine aurait livré des drones à la Russie.", "provided_aid_to",
     "conditional mood", "La Chine a livré des drones à la Russie.", ("China", "provided_aid_to", "Russia")),
    # A simple French conditional the tagger reads as an imperfect ("envahirait").
    ("fr-modality-simple-conditional", "fr", "Selon ce rapport, la Chine envahirait Taïwan d'ici 2027.", "invaded",
     "conditional mood", "La Chine a envahi Taïwan.", ("China", "invaded", "Taiwan")),
    # English has no conditional mood: "would" is a modal head.
    ("en-modality-conditional-would", "en", "China would invade Taiwan within five years.", "invaded", "modal (would)",
     "China invaded Taiwan.", ("China", "invaded", "Taiwan")),
    ("fr-modality-si-condition", "fr", "Si la Serbie attaque le Kosovo, l'OTAN interviendra.", "attacked",
     "condition (Si)", "La Serbie attaque le Kosovo.", ("Serbia", "attacked", "Kosovo")),
    ("en-modality-if-condition", "en", "If Serbia attacks Kosovo, NATO will intervene.", "attacked", "condition (If)",
     "Serbia attacks Kosovo.", ("Serbia", "attacked", "Kosovo")),
    ("fr-modality-denial", "fr", "Pyongyang a démenti avoir livré des obus à la Russie.", "provided_aid_to",
     "under 'démentir'", "Pyongyang a livré des obus à la Russie.", ("North Korea", "provided_aid_to", "Russia")),
    ("en-modality-denial", "en", "Iran denied supplying drones to Russia.", "provided_aid_to", "under 'deny'",
     "Iran supplied drones to Russia.", ("Iran", "provided_aid_to", "Russia")),
    ("fr-modality-demand-appelle-a", "fr", "Washington appelle l'Inde à sanctionner la Russie.", "sanctioned",
     "under 'appeler'", "L'Inde a sanctionné la Russie.", ("India", "sanctioned", "Russia")),
    ("en-modality-demand-called-on", "en", "Kyiv called on India to condemn Russia.", "condemned", "under 'call'",
     "India condemned Russia.", ("India", "condemned", "Russia")),
]

# Hedged claims count, with less confidence than the plain statement.
HEDGED = [
    ("fr-modality-hedge-selon", "fr", "Selon Kiev, la Russie a bombardé Odessa dans la nuit.",
     "La Russie a bombardé Odessa dans la nuit.", ("Russia", "attacked", "Odessa")),
    ("en-modality-hedge-according-to", "en", "According to Washington, Iran supplied drones to Russia.",
     "Iran supplied drones to Russia.", ("Iran", "provided_aid_to", "Russia")),
    ("en-modality-hedge-reportedly", "en", "The Russian army reportedly shelled Kharkiv overnight.",
     "The Russian army shelled Kharkiv overnight.", ("Russia", "attacked", "Kharkiv")),
]


# ------------------------------------------------------------ the parsing ---

def _texts() -> list[tuple[str, str]]:
    texts = [(c.lang, c.text) for c in RULES + PATTERNS]
    texts += [(c[1], c[2]) for c in TITLES + IMPLIED + UNNAMED_OFFICE + COREFERENCE + JUNTAS + INSTITUTIONS + EVENTS]
    texts += [(c[1], c[2]) for c in MODALITY] + [(c[1], c[5]) for c in MODALITY]
    texts += [(c[1], c[2]) for c in HEDGED] + [(c[1], c[3]) for c in HEDGED]
    return list(dict.fromkeys(texts))


@pytest.fixture(scope="module")
def parsed(builder, tmp_path_factory):
    """Every text above as its own article, parsed in one pass: (lang, text) -> Extraction."""
    from kg.ingest import read_articles

    texts = _texts()
    path = tmp_path_factory.mktemp("rules") / "cases.jsonl"
    path.write_text("".join(json.dumps({"text": text, "lang": lang}, ensure_ascii=False) + "\n"
                            for lang, text in texts), encoding="utf-8")
    articles = list(read_articles([path], builder.settings))
    assert len(articles) == len(texts) and all(hasattr(a, "lang") for a in articles), articles
    by_id = {e.article.id: e for e in builder.extract(articles)}
    return {texts[n]: by_id[f"{path.name}#{n + 1}"] for n in range(len(texts))}


def _found(extraction) -> list[tuple[tuple[str, str, str], str, float]]:
    return [((s.subject.label, s.relation, s.object.label), s.provenance.rule, s.provenance.confidence)
            for s in extraction.statements]


def _same(found: tuple[str, str, str], expected: tuple[str, str, str]) -> bool:
    s, relation, o = expected
    return found == expected or (relation in SYMMETRIC and found == (o, relation, s))


def _report(extraction) -> str:
    lines = [f"  {t}  {rule} {confidence}" for t, rule, confidence in _found(extraction)]
    lines += [f"  dropped {d.rule} on {d.trigger!r}: {d.reason}" for d in extraction.dropped]
    return "\n" + "\n".join(lines or ["  (nothing)"])


def _statements(extraction) -> set[tuple[str, str, str]]:
    return {t for t, _, _ in _found(extraction)}


def _has(extraction, expected) -> bool:
    return any(_same(t, expected) for t in _statements(extraction))


# ---------------------------------------------------- lexicon entry index ---

def _kind(entry: dict) -> str:
    return "verb" if "verbs" in entry else "noun"


def _triggers(lang: str, entry: dict) -> set[str]:
    """The lemmas an entry fires on: its words, and the head word of multi-word ones
    ("mettre en garde" fires on "mettre", "s'allier" on "allier", "air campaign" on "campaign")."""
    words = set()
    for word in entry.get("verbs", []) + entry.get("nouns", []):
        words.add(word)
        parts = word.replace("'", "' ").split()
        if lang == "en" and "nouns" in entry and "of" not in parts:
            parts = parts[::-1]
        if parts[0].endswith("'") and len(parts) > 1:
            parts = parts[1:]
        words.add(parts[0])
    return words


def _covers(case: Rule, entry: dict) -> bool:
    """Could ``entry`` have made the case's statement? Its relation, kind, trigger
    and roles, and a word it needs in the sentence."""
    subject_role, object_role = case.roles.split(">")
    needed = list(entry.get("needs", [])) + list(entry.get("clause_needs", []))
    return (entry["relation"] == case.expected[1] and case.trigger in _triggers(case.lang, entry)
            and case.kind == _kind(entry)
            and (not needed or any(word in case.text.lower() for word in needed))
            and (subject_role in ("", "-") or subject_role in entry["subject"])
            and (object_role in ("", "-") or object_role in entry["object"]))


def _pattern_number(lang: str, spec: str) -> int:
    numbers = [n for n, p in enumerate(LEXICONS[lang].get("pattern", []))
               if spec in json.dumps(p["tokens"], ensure_ascii=False)]
    assert len(numbers) == 1, f"{spec!r} picks out patterns {numbers} of {lang}.toml, not exactly one"
    return numbers[0]


# ------------------------------------------------------------------ tests ---

@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_has_a_case(lang):
    """Each [[rule]] and [[pattern]] of the lexicon has a case here, and each case an entry."""
    entries = LEXICONS[lang]["rule"]
    cases = [c for c in RULES if c.lang == lang]
    uncovered = [f"[[rule]] #{n} {e['relation']} {(e.get('verbs') or e.get('nouns'))[:3]}"
                 for n, e in enumerate(entries) if not any(_covers(c, e) for c in cases)]
    stray = [c.id for c in cases if not any(_covers(c, e) for e in entries)]
    numbers = {_pattern_number(lang, c.spec) for c in PATTERNS if c.lang == lang}
    uncovered += [f"[[pattern]] #{n}" for n in range(len(LEXICONS[lang].get("pattern", []))) if n not in numbers]
    assert not uncovered, f"lexicon entries without a case: {uncovered}"
    assert not stray, f"cases that match no lexicon entry: {stray}"


@pytest.mark.parametrize("case", RULES, ids=[c.id for c in RULES])
def test_rule(parsed, case):
    extraction = parsed[(case.lang, case.text)]
    prefix = f"{case.expected[1]}/{case.kind}:{case.trigger}["
    rules = [rule for t, rule, _ in _found(extraction) if _same(t, case.expected)]
    assert rules, f"{case.expected} not found in {case.text!r}:{_report(extraction)}"
    # The roles, then maybe how the object was completed (":event:…", ":passive").
    vias = [rule[len(prefix):-1] for rule in rules if rule.startswith(prefix)]
    assert any(via == case.roles or via.startswith(case.roles + ":") for via in vias), \
        f"{case.expected} found, but not by {prefix}{case.roles}]:{_report(extraction)}"


@pytest.mark.parametrize("case", PATTERNS, ids=[c.id for c in PATTERNS])
def test_pattern(parsed, case):
    extraction = parsed[(case.lang, case.text)]
    name = f"{case.expected[1]}/pattern{_pattern_number(case.lang, case.spec)}"
    for expected in (case.expected, *case.also):
        matching = [rule for t, rule, _ in _found(extraction) if _same(t, expected)]
        assert name in matching, f"{expected} by {name} not found in {case.text!r}:{_report(extraction)}"


def _check(extraction, present, absent) -> None:
    missing = [t for t in present if not _has(extraction, t)]
    wrong = [t for t in absent if _has(extraction, t)]
    assert not missing and not wrong, f"missing {missing}, unwanted {wrong}:{_report(extraction)}"


@pytest.mark.parametrize("case", TITLES, ids=[c[0] for c in TITLES])
def test_title(parsed, case):
    _, lang, text, present, absent = case
    extraction = parsed[(lang, text)]
    _check(extraction, present, absent)
    # Offices come from the title next to the name, with the state the sentence names.
    for expected in (t for t in present if t[1] in {"leader_of", "official_of"}):
        rules = [rule for t, rule, _ in _found(extraction) if t == expected]
        assert any(rule.startswith(f"{expected[1]}/title:") and rule.endswith("[stated]") for rule in rules), \
            f"{expected} not from a title naming its state:{_report(extraction)}"


@pytest.mark.parametrize("case", COREFERENCE, ids=[c[0] for c in COREFERENCE])
def test_coreference(parsed, case):
    _, lang, text, present, absent = case
    _check(parsed[(lang, text)], present, absent)


@pytest.mark.parametrize("case", JUNTAS, ids=[c[0] for c in JUNTAS])
def test_junta(parsed, case):
    _, lang, text, words, label, subject, relation = case
    extraction = parsed[(lang, text)]
    juntas = [m for m in extraction.mentions if m.text == words]
    assert [m.entity.label for m in juntas] == [label], [(m.text, m.entity.label) for m in extraction.mentions]
    assert (subject, relation, juntas[0].actor.label) in _statements(extraction), _report(extraction)


COUNTERPARTS = [c for c in TITLES if "counterpart" in c[0]]


@pytest.mark.parametrize("case", COUNTERPARTS, ids=[c[0] for c in COUNTERPARTS])
def test_counterpart_takes_the_office_of_the_person_before(parsed, case):
    _, lang, text, present, _ = case
    extraction = parsed[(lang, text)]
    word = "homologue" if lang == "fr" else "counterpart"
    rules = [rule for t, rule, _ in _found(extraction) if t == present[1]]
    assert rules == [f"official_of/title:{word}[stated]"], _report(extraction)


@pytest.mark.parametrize("case", IMPLIED, ids=[c[0] for c in IMPLIED])
def test_implied_office(parsed, case):
    _, lang, text, expected = case
    extraction = parsed[(lang, text)]
    people = [m.entity for m in extraction.mentions if m.entity.label == expected[0]]
    assert people and all(p.qid is None for p in people), \
        f"{expected[0]} must be found and unknown to the gazetteer, for the title alone to name the state: {people}"
    assert expected in _statements(extraction), _report(extraction)


@pytest.mark.parametrize("case", UNNAMED_OFFICE, ids=[c[0] for c in UNNAMED_OFFICE])
def test_office_without_a_name_is_the_person_named_before(parsed, case):
    _, lang, text, office, expected = case
    extraction = parsed[(lang, text)]
    # The office next to the name is not an anaphor; the one without a name is, of that person.
    anaphors = [m.entity.label for m in extraction.mentions if m.anaphor and m.text == office]
    assert anaphors == [expected[0]], [(m.text, m.entity.label, m.anaphor) for m in extraction.mentions]
    assert _has(extraction, expected), _report(extraction)


@pytest.mark.parametrize("case", INSTITUTIONS, ids=[c[0] for c in INSTITUTIONS])
def test_institution_acts_for_its_state(parsed, case):
    _, lang, text, words, label, expected = case
    extraction = parsed[(lang, text)]
    [mention] = [m for m in extraction.mentions if m.text == words]
    assert mention.entity.label == label and mention.actor.label == expected[0], mention
    assert expected in _statements(extraction), _report(extraction)


@pytest.mark.parametrize("case", EVENTS, ids=[c[0] for c in EVENTS])
def test_event_noun_stands_for_its_author(parsed, case):
    _, lang, text, expected, noun = case
    extraction = parsed[(lang, text)]
    rules = [rule for t, rule, _ in _found(extraction) if t == expected]
    assert any(f":event:{noun}]" in rule for rule in rules), _report(extraction)


@pytest.mark.parametrize("case", MODALITY, ids=[c[0] for c in MODALITY])
def test_modality_drops_the_statement(parsed, case):
    _, lang, text, relation, reason, twin, statement = case
    plain = parsed[(lang, twin)]
    assert statement in _statements(plain), f"the twin {twin!r} should state {statement}:{_report(plain)}"
    extraction = parsed[(lang, text)]
    assert not [t for t in _statements(extraction) if t[1] == relation], _report(extraction)
    assert any(d.reason.startswith(reason) for d in extraction.dropped), _report(extraction)


@pytest.mark.parametrize("case", HEDGED, ids=[c[0] for c in HEDGED])
def test_hedged_claim_counts_with_less_confidence(parsed, case):
    _, lang, text, twin, statement = case
    hedged = {t: confidence for t, _, confidence in _found(parsed[(lang, text)])}
    plain = {t: confidence for t, _, confidence in _found(parsed[(lang, twin)])}
    assert statement in hedged and statement in plain, (hedged, plain)
    assert hedged[statement] < plain[statement], (hedged[statement], plain[statement])

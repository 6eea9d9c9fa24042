"""The stories victims tell, by offence: the narratives and identifiers of the demo reports."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    category: str
    weight: int
    fr: tuple[str, ...]
    en: tuple[str, ...]
    uses: tuple[str, ...]  # which identifiers the narrative names: phone, momo, email, url, profile
    loss_channels: tuple[str, ...] = ()
    business: bool = False


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "mobile_money_fraud",
        22,
        (
            "Un monsieur m'a appelé avec le {phone} en disant qu'il s'est trompé de numéro en "
            "m'envoyant de l'argent. J'ai reçu un faux SMS de dépôt, alors j'ai renvoyé {amount} au "
            "{momo}. Après j'ai vu que mon solde n'avait jamais bougé.",
            "Quelqu'un qui se dit agent MTN m'a appelé depuis le {phone} pour « mettre à jour mon "
            "compte Mobile Money ». Il m'a demandé de composer un code et mon code secret. Peu après "
            "{amount} ont été retirés et envoyés au {momo}.",
            "Un faux agent Orange Money m'a dit que j'avais gagné une promotion. Pour recevoir le "
            "bonus je devais payer des frais de {amount} au {momo}. Le numéro {phone} ne répond plus.",
        ),
        (
            "A man called me from {phone} saying he sent money to my number by mistake. I got an SMS "
            "that looked like a deposit, so I sent back {amount} to {momo}. My balance never changed.",
            "Someone who said he works for MTN called me on {phone} to 'update my Mobile Money "
            "account'. He made me dial a code and give my PIN. Then {amount} was taken and sent to "
            "{momo}.",
        ),
        ("phone", "momo"),
        ("mtn_momo", "orange_money"),
    ),
    Scenario(
        "online_purchase_scam",
        16,
        (
            "J'ai vu {item} sur une page Facebook ({profile}). Le vendeur m'a écrit sur WhatsApp au "
            "{phone} et j'ai payé {amount} par Mobile Money au {momo}. Je n'ai jamais été livré et "
            "il m'a bloqué.",
            "Sur un groupe WhatsApp de vente, une dame vendait {item}. J'ai envoyé une avance de "
            "{amount} au {momo}. Depuis, le {phone} est éteint.",
        ),
        (
            "I saw {item} on a Facebook page ({profile}). The seller chatted with me on WhatsApp on "
            "{phone} and I paid {amount} by mobile money to {momo}. Nothing was delivered and he "
            "blocked me.",
        ),
        ("phone", "momo", "profile"),
        ("mtn_momo", "orange_money"),
    ),
    Scenario(
        "advance_fee_fraud",
        8,
        (
            "J'ai reçu un e-mail de {email} qui disait qu'un colis à mon nom était bloqué à la douane "
            "de l'aéroport de Douala. On m'a demandé {amount} de frais de dédouanement, envoyés au "
            "{momo}. On me demande encore de l'argent.",
            "Un prétendu avocat ({email}, {phone}) m'a annoncé un héritage. J'ai payé {amount} de "
            "frais de dossier et je n'ai plus de nouvelles.",
        ),
        (
            "I got an e-mail from {email} saying a parcel in my name was held at customs. They asked "
            "for {amount} in clearance fees, sent to {momo}, and now they want more.",
        ),
        ("email", "momo", "phone"),
        ("mtn_momo", "orange_money", "money_transfer"),
    ),
    Scenario(
        "job_visa_scam",
        7,
        (
            "Une annonce sur Facebook proposait un emploi au Canada avec visa. Le recruteur "
            "({email}, {phone}) m'a demandé {amount} pour les frais de visa. L'offre était fausse.",
            "On m'a promis un poste à la SONARA après un « test ». J'ai payé {amount} au {momo} "
            "pour le dossier, puis plus rien.",
        ),
        (
            "A job offer in Dubai was posted on Facebook. The recruiter ({email}, {phone}) asked me "
            "to pay {amount} for the visa and medical test. There was no job.",
        ),
        ("email", "phone", "momo"),
        ("mtn_momo", "orange_money"),
    ),
    Scenario(
        "phishing",
        8,
        (
            "J'ai reçu un SMS qui disait que mon compte bancaire serait bloqué, avec le lien {url}. "
            "J'ai rempli mes codes et le lendemain {amount} avaient disparu de mon compte.",
            "Un message WhatsApp promettait 50 Go offerts par MTN en cliquant sur {url}. J'ai donné "
            "mes informations et mon compte a été piraté.",
        ),
        (
            "I got a text saying my bank account would be blocked, with the link {url}. I typed my "
            "details and the next day {amount} had been taken from my account.",
        ),
        ("url",),
        ("bank_transfer", "card"),
    ),
    Scenario(
        "account_takeover",
        9,
        (
            "On a piraté mon compte WhatsApp après que j'ai donné un code reçu par SMS à quelqu'un "
            "qui se faisait passer pour un ami. Il demande maintenant de l'argent à mes contacts au "
            "{momo}.",
            "Mon compte Facebook a été piraté. Le pirate a changé l'e-mail ({email}) et publie des "
            "annonces de vente en mon nom.",
        ),
        (
            "My WhatsApp account was hacked after I gave an SMS code to someone pretending to be a "
            "friend. He is now asking my contacts to send money to {momo}.",
            "My Facebook account was hacked. The hacker changed the e-mail to {email} and is posting "
            "fake sales in my name.",
        ),
        ("momo", "email"),
    ),
    Scenario(
        "sextortion",
        6,
        (
            "J'ai fait un appel vidéo avec une personne rencontrée sur Facebook ({profile}). Elle a "
            "enregistré la vidéo et menace de l'envoyer à ma famille si je ne paie pas {amount} au "
            "{momo}.",
        ),
        (
            "I had a video call with someone I met on Facebook ({profile}). They recorded it and "
            "threaten to send it to my family unless I pay {amount} to {momo}.",
        ),
        ("profile", "momo"),
        ("mtn_momo", "orange_money"),
    ),
    Scenario(
        "romance_scam",
        4,
        (
            "J'ai rencontré un homme sur Facebook ({profile}) qui disait être militaire en mission. "
            "Après des mois, il m'a demandé {amount} pour venir me voir, envoyés au {momo}.",
        ),
        (
            "I met a man on Facebook ({profile}) who said he was a soldier abroad. After months of "
            "chatting he asked for {amount} to travel, sent to {momo}.",
        ),
        ("profile", "momo"),
        ("money_transfer", "orange_money"),
    ),
    Scenario(
        "investment_scam",
        4,
        (
            "Un groupe Telegram promettait de doubler l'argent en 7 jours sur la plateforme {url}. "
            "J'ai investi {amount} et je ne peux plus rien retirer.",
        ),
        (
            "A Telegram group promised to double money in 7 days on {url}. I invested {amount} and "
            "cannot withdraw anything.",
        ),
        ("url", "momo"),
        ("crypto", "mtn_momo", "orange_money"),
    ),
    Scenario(
        "loan_scam",
        3,
        (
            "Une application de prêt m'a prêté de l'argent puis a envoyé des messages insultants à "
            "tous mes contacts depuis le {phone}. Ils réclament {amount} de plus.",
        ),
        (
            "A loan app lent me money, then sent insulting messages to all my contacts from {phone}. "
            "They demand {amount} more.",
        ),
        ("phone",),
        ("mtn_momo", "orange_money"),
    ),
    Scenario(
        "sim_swap",
        3,
        (
            "Ma puce s'est arrêtée d'un coup. Le lendemain, j'ai appris que quelqu'un avait fait un "
            "duplicata de ma carte SIM et vidé mon compte Mobile Money de {amount} vers le {momo}.",
        ),
        (
            "My SIM card stopped working. Someone had obtained a duplicate and emptied my mobile "
            "money account of {amount}, sent to {momo}.",
        ),
        ("momo",),
        ("mtn_momo", "orange_money"),
    ),
    Scenario(
        "cyber_harassment",
        4,
        (
            "Depuis deux semaines, le {phone} m'envoie des menaces et des insultes sur WhatsApp. "
            "La personne a aussi créé un faux profil à mon nom : {profile}.",
        ),
        (
            "For two weeks, {phone} has been sending me threats and insults on WhatsApp. They also "
            "made a fake profile with my photos: {profile}.",
        ),
        ("phone", "profile"),
    ),
    Scenario(
        "business_email_compromise",
        2,
        (
            "Notre fournisseur nous a « écrit » depuis {email} pour changer de compte bancaire. "
            "Nous avons viré {amount}. Le vrai fournisseur n'a jamais envoyé ce message.",
        ),
        (
            "Our supplier 'wrote' from {email} to change bank details. We transferred {amount}. The "
            "real supplier never sent that message.",
        ),
        ("email",),
        ("bank_transfer",),
        business=True,
    ),
    Scenario(
        "ransomware",
        2,
        (
            "Ce matin, tous les fichiers de nos ordinateurs de caisse étaient chiffrés, avec un "
            "message demandant une rançon en bitcoins et l'adresse {email}. La comptabilité est "
            "bloquée.",
        ),
        (
            "This morning every file on our office computers was encrypted, with a note asking for a "
            "ransom in bitcoin and the contact {email}. Our accounts are blocked.",
        ),
        ("email",),
        business=True,
    ),
)

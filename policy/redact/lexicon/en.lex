# Earshot redaction lexicon: English.
#
# Each line is "class: entry, entry, ...". An entry is a word or a phrase of
# several words, optionally followed by "=value". Classes may repeat; the
# entries accumulate. Words are matched without regard to ASCII case. The
# classes are documented in policy/redact/lexicon.go.

# ---- numbers as ASR engines spell them ----
digit: zero=0, one=1, two=2, three=3, four=4, five=5, six=6, seven=7, eight=8, nine=9, nought=0, naught=0
weakdigit: oh=0, o=0, won=1, to=2, too=2, for=4, fore=4, ate=8
filler: uh, um, er, ah, erm, uhm, hmm, mm, eh
mult: double=2, triple=3
tens: ten=10, eleven=11, twelve=12, thirteen=13, fourteen=14, fifteen=15, sixteen=16, seventeen=17, eighteen=18, nineteen=19
tens: twenty=20, thirty=30, forty=40, fourty=40, fifty=50, sixty=60, seventy=70, eighty=80, ninety=90
hundred: hundred
thousand: thousand
ordinal: first=1, second=2, third=3, fourth=4, fifth=5, sixth=6, seventh=7, eighth=8, ninth=9, tenth=10
ordinal: eleventh=11, twelfth=12, thirteenth=13, fourteenth=14, fifteenth=15, sixteenth=16, seventeenth=17
ordinal: eighteenth=18, nineteenth=19, twentieth=20, thirtieth=30
ordsuffix: st, nd, rd, th
month: january=1, february=2, march=3, april=4, may=5, june=6, july=7, august=8, september=9, october=10, november=11, december=12
month: jan=1, feb=2, mar=3, apr=4, jun=6, jul=7, aug=8, sep=9, sept=9, oct=10, nov=11, dec=12
plus: plus
slash: slash, dash, hyphen
at: at
dot: dot, period
join: underscore, dash, hyphen
currency: dollar, dollars, euro, euros, pound, pounds, cent, cents, pence, penny, buck, bucks, quid, yen
currency: kroner, krone, kr, percent, usd, eur, gbp, dkk, sek, nok, grand, k
connector: and, then, next, ok, okay, so, it's, its, is, that's, yes, yeah, right
letter: a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z
letter: bee=b, cee=c, see=c, dee=d, gee=g, jay=j, kay=k, pee=p, cue=q, queue=q, are=r, tee=t, you=u, vee=v, ex=x, why=y, zed=z, zee=z

# ---- cues: words and phrases that say what the next number or name is ----
cue.CARD_NUMBER: card, cards, card number, visa, mastercard, master card, amex, american express, maestro, credit, debit
cue.CARD_NUMBER: long number, number on the card, number on the front, discover card, diners
cue.CVV: cvv, cvc, cv2, cvv2, cid, security code, security number, verification code, card verification
cue.CVV: three digits, three digit code, three digit number, digits on the back, code on the back, number on the back
cue.CVV: four digit security code, last three digits on the back
cue.CARD_EXPIRY: expiry, expiry date, expires, expire, expiring, expiration, expiration date, exp, valid until
cue.CARD_EXPIRY: valid thru, valid through, good thru, good through, end date, valid to
cue.PHONE: phone, phones, phone number, mobile, cell, cellphone, telephone, landline, whatsapp, fax, extension
cue.PHONE: call me, text me, reach me, ring me, call me back, call back on, contact number, callback number
cue.PHONE: number to call, reach me on, reach me at, my number
cue.EMAIL: email, emails, e-mail, mail, email address, e-mail address, gmail, hotmail, outlook address
cue.NUMBER: number, numbers, digits, pin, pin code, passcode, code, customer number, member number, membership number
cue.NUMBER: client number, customer id, user id, login
cue.NATIONAL_ID: cpr, cpr number, c p r, social security, social security number, ssn, s s n, social
cue.NATIONAL_ID: national insurance, national insurance number, ni number, n i number, insurance number
cue.NATIONAL_ID: national id, national identity number, national identification number, id number, identity number
cue.NATIONAL_ID: personal code, personal id code, personal identification code, personal number, personal identity code
cue.NATIONAL_ID: isikukood, personnummer, civil registration number, tax id, tax number, passport number, passport
cue.NATIONAL_ID: driving licence number, drivers license number, driver's license number, licence number, license number
cue.BANK_ACCOUNT: iban, i b a n, bank account, bank account number, account number, account no, acct, account
cue.BANK_ACCOUNT: sort code, routing number, bank details, bank number, reg number, registration number and account
cue.BANK_ACCOUNT: konto, kontonummer, checking account, savings account
cue.DATE_OF_BIRTH: date of birth, born, born on, born in, birthday, birth date, birthdate, dob, d o b, d.o.b.
cue.DATE_OF_BIRTH: day of birth, year of birth, birth year
cue.ADDRESS: address, home address, postal address, street address, i live at, live at, i live on, live on, i live in
cue.ADDRESS: we live at, residing at, reside at, moved to, deliver to, delivery address, billing address, ship to
cue.ADDRESS: postcode, post code, postal code, zip, zip code, zipcode, flat, apartment, apt, unit, suite, house number
cue.PERSON: my name is, name is, name's, names, my name's, the name is, it's spelled, spelled, spell that, surname
cue.PERSON: surname is, last name, last name is, first name, first name is, family name, full name, maiden name
cue.PERSON: ask, call me, speak to, speak with, speaking with, speaking to, talk to, ask for, this is, i am, i'm, im
cue.PERSON: my husband, my wife, my son, my daughter, my mother, my father, my partner, my name, called
cue.PERSON: mister, mr, mrs, missus, ms, miss, doctor, dr, sir, madam, dear, hi, hello, thanks, thank you
cue.NEG: order, order number, order no, booking, booking number, booking reference, reference, reference number, ref
cue.NEG: confirmation, confirmation number, confirmation code, tracking, tracking number, invoice, invoice number
cue.NEG: ticket, ticket number, case, case number, claim number, flight, flight number, gate, room, room number
cue.NEG: table, seat, platform, bus, train, route, model, version, page, item, product, serial, serial number
cue.NEG: line, floor, step, level, chapter, question, option, press, extension number, size, bay, aisle, row
cue.NEG: policy number, parcel, package, shipment, delivery number, sku, part number, lot, batch, ticket id

# Entity cue types above: a number, date or name right after the cue is taken as that type.
# cue.PERSON entries are "strong" when they say a name follows; the rest are "weak":
# only a name from the gazetteer follows them.
person.weak: ask, call me, speak to, speak with, speaking with, speaking to, talk to, ask for, this is, i am, i'm, im
person.weak: my husband, my wife, my son, my daughter, my mother, my father, my partner, called, sir, madam
person.weak: dear, hi, hello, thanks, thank you, doctor, dr, surname, last name, first name, my name, names

# ---- addresses ----
street: street, st, road, rd, avenue, ave, lane, ln, drive, way, court, ct, place, pl, boulevard, blvd
street: crescent, close, terrace, square, gardens, grove, hill, row, parade, mews, walk, circle, highway
street: parkway, path, alley, green, view, rise, vale, wharf, quay, yard, park, heights, common
street: gade, vej, alle, allé, plads, stræde, straede, vænget, torv, boulevarden, tänav, tanav, maantee, puiestee
street: tee, põik, poik, väljak, valjak
streetsuffix: gade, vej, stræde, straede, vænget, alle, allé, plads, torv, tänav, tanav, maantee, puiestee, strasse, straße, weg
unitword: flat, apartment, apt, unit, suite, floor, number, no, building, house

# ---- GDPR Art. 9 special categories: redacted wherever they are said ----
art9.HEALTH: diabetes, diabetic, type one diabetes, type two diabetes, cancer, tumour, tumor, leukemia, leukaemia
art9.HEALTH: chemotherapy, chemo, radiotherapy, hiv, hiv positive, aids, depression, depressed, anxiety disorder
art9.HEALTH: bipolar, bipolar disorder, schizophrenia, schizophrenic, adhd, autism, autistic, dementia, alzheimer's
art9.HEALTH: alzheimers, parkinson's, parkinsons, epilepsy, epileptic, asthma, asthmatic, heart attack, heart condition
art9.HEALTH: heart disease, stroke, multiple sclerosis, ms diagnosis, hepatitis, tuberculosis, covid, long covid
art9.HEALTH: pregnant, pregnancy, miscarriage, abortion, ivf, infertility, infertile, std, sti, chlamydia, herpes
art9.HEALTH: syphilis, gonorrhea, insulin, antidepressants, antidepressant, prozac, sertraline, methadone, rehab
art9.HEALTH: addiction, alcoholic, alcoholism, overdose, eating disorder, anorexia, bulimia, ptsd, ocd
art9.HEALTH: mental health, mental illness, disability, disabled, wheelchair, blind, deaf, surgery, operation
art9.HEALTH: hospitalised, hospitalized, kidney failure, dialysis, arthritis, osteoporosis, migraine
art9.HEALTH: migraines, seizures, seizure, panic attacks, suicidal, self harm, therapy, therapist, psychiatrist
art9.HEALTH: medication, prescription, diagnosis, diagnosed, diagnosed with, sick leave, illness, chronic pain
art9.HEALTH: high blood pressure, hypertension, cholesterol, copd, lupus, crohn's, crohns, celiac, coeliac
art9.RELIGION: muslim, islam, islamic, christian, christianity, catholic, protestant, lutheran, jewish, jew, judaism
art9.RELIGION: hindu, hinduism, buddhist, buddhism, sikh, sikhism, atheist, agnostic, mormon, jehovah's witness
art9.RELIGION: jehovah's witnesses, evangelical, orthodox christian, quaker, baptist, methodist, anglican, pagan
art9.RELIGION: mosque, synagogue, church, temple, ramadan, kosher, halal, pray, praying, prayer, religion
art9.RELIGION: religious, scientologist, scientology
art9.POLITICAL_OPINION: labour party, conservative party, conservatives, tory, tories, lib dems, liberal democrats
art9.POLITICAL_OPINION: democrat, democrats, democratic party, republican, republicans, republican party
art9.POLITICAL_OPINION: green party, greens, socialist, socialists, communist, communists, social democrats
art9.POLITICAL_OPINION: liberal party, venstre, socialdemokratiet, dansk folkeparti, reform party, reformierakond
art9.POLITICAL_OPINION: keskerakond, centre party, ekre, ukip, reform uk, brexit party, sinn fein, snp
art9.POLITICAL_OPINION: far right, far left, left wing, right wing, anarchist, fascist, marxist, libertarian
art9.POLITICAL_OPINION: voted for, vote for, political party, party member, member of the party
art9.POLITICAL_OPINION: conservative, liberal, progressive, nationalist, trump supporter, maga
art9.TRADE_UNION: trade union, union member, union membership, member of the union, union rep, union representative
art9.TRADE_UNION: shop steward, unison, unite union, gmb, teamsters, afl cio, 3f, hk, dansk metal, fagforening
art9.TRADE_UNION: ametiühing, ametiuhing, labor union, labour union, unionised, unionized
art9.SEXUAL_ORIENTATION: gay, lesbian, bisexual, bi, homosexual, heterosexual, queer, pansexual, asexual, lgbt
art9.SEXUAL_ORIENTATION: lgbtq, transgender, trans, non binary, nonbinary
art9.SEXUAL_ORIENTATION: same sex, same-sex, coming out, came out, sexual orientation, sexuality
art9.ETHNIC_ORIGIN: black, white british, hispanic, latino, latina, latinx, asian, african american, afro caribbean
art9.ETHNIC_ORIGIN: roma, romani, gypsy, traveller, arab, arabic descent, kurdish, somali, pakistani, indian origin
art9.ETHNIC_ORIGIN: ethnic, ethnicity, ethnic minority, ethnic origin, racial, race, mixed race, indigenous
art9.ETHNIC_ORIGIN: aboriginal, inuit, sami, jewish descent, african descent, caucasian
art9.ETHNIC_ORIGIN: immigrant, refugee, asylum seeker, nationality, polish origin, turkish origin
art9.GENETIC: genetic, genetic test, genetic testing, genetic condition, genetic disorder, genome, gene, genes
art9.GENETIC: dna, dna test, dna results, brca, brca1, brca2, brca gene, carrier of, hereditary, huntington's
art9.GENETIC: huntingtons, cystic fibrosis, sickle cell, down syndrome, down's syndrome, chromosome, mutation
art9.GENETIC: ancestry test, 23andme, paternity test
art9.BIOMETRIC: fingerprint, fingerprints, finger print, face id, facial recognition, face scan, face recognition
art9.BIOMETRIC: voiceprint, voice print, voice id, voice recognition, iris scan, iris, retina scan, retina
art9.BIOMETRIC: palm print, palm scan, biometric, biometrics, touch id, vein scan, gait analysis, faceprint

# ---- words that are never part of an e-mail local part or a name ----
stop: i, i'm, im, me, my, mine, you, you're, your, he, he's, him, his, she, she's, her, it, it's, its, we
stop: we're, us, our, they, they're, them, their, is, was, are, am, be, been, were, look, looking, stay
stop: staying, meet, arrive, arrived, here, there, that, this, what, where, who, home, work, back, out, up
stop: down, and, or, but, so, not, just, only, still, a, an, the, of, in, on, to, for, by, with, address
stop: email, please, yes, no, ok, okay, now, noon, night, least, all, once, first, last, best, then

# Common words: never a name unless a strong cue says so, and they end a name after a cue.
common: about, again, also, always, any, anyway, around, as, ask, asking, at, away, bad, because, before
common: better, big, both, busy, call, calling, can, can't, cannot, card, check, come, coming, could, day
common: did, do, does, doing, don't, done, each, else, even, ever, every, everything, fine, from, get, getting
common: give, go, going, good, got, great, had, has, have, having, hear, help, hold, how, if, into, is
common: just, keep, kind, know, like, little, live, living, long, lot, make, many, maybe, more, most, much
common: must, need, never, new, next, nice, nothing, number, of, off, old, one, other, over, own, part
common: people, phone, put, quite, ready, real, really, right, said, same, say, see, should, since, some
common: something, sorry, soon, speaking, still, sure, take, talk, tell, than, thank, thanks, that's, the
common: these, thing, think, those, through, time, today, tomorrow, too, try, trying, two, under, until
common: very, wait, want, wanted, way, well, went, what's, when, which, while, why, will, with, without
common: would, yeah, year, years, yes, yesterday, yet, your, calling, about, regarding, from, going, glad
common: happy, sorry, afraid, just, here, really, having, trying, looking, wondering, interested, unable
common: able, not, also, still, back, over, done, sure, fine, okay, good, great, well, hello, hi, hey, bye
common: morning, afternoon, evening, speaking, the, a, an, calling, ringing, phoning, writing, on, in, at
common: customer, support, service, agent, bank, company, team, office, manager, department, account
common: mister, missus, doctor, sir, madam, again, please, that, this, there, his, her, my, our, their

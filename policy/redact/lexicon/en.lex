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
cue.CVV: that's the security code, that's the cvv, that's the code on the back, is the security code, is the cvv
cue.CVV: four digit security code, last three digits on the back, on the back, on the back of the card
cue.CARD_EXPIRY: date on the card, date on my card, exp date, exp. date, expiry, expiry date, expires, expire, expiring, expiration, expiration date, exp
weakcue.CARD_EXPIRY: runs out, run out, valid until, valid thru, valid through, good thru, good through, end date, valid to
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
cue.NATIONAL_ID: mitid, nemid, id code, personal id, id card number, isikukood, personnummer, civil registration number, tax id, tax number, passport number, passport
cue.NATIONAL_ID: driving licence number, drivers license number, driver's license number, licence number, license number
cue.BANK_ACCOUNT: iban, i b a n, bank account, bank account number, account number, account no, acct, account
cue.BANK_ACCOUNT: registration number, reg no, reg nr, sort code, routing number, bank details, bank number, reg number, registration number and account
cue.BANK_ACCOUNT: konto, kontonummer, checking account, savings account
cue.DATE_OF_BIRTH: date of birth, born, born on, born in, birthday, birth date, birthdate, dob, d o b, d.o.b.
cue.DATE_OF_BIRTH: day of birth, year of birth, birth year
cue.ADDRESS: address, home address, postal address, street address, i live at, live at, i live on, live on, i live in
cue.ADDRESS: we live at, residing at, reside at, moved to, deliver to, delivery address, billing address, ship to
cue.ADDRESS: postcode, post code, postal code, zip, zip code, zipcode, flat, apartment, apt, unit, suite, house number
cue.PERSON: my name is, name is, name's, names, my name's, the name is, it's spelled, spelled, spell that, surname
cue.PERSON: surname is, last name, last name is, first name, first name is, family name, full name, maiden name
cue.PERSON: tell, under, under the name, under the name of, in the name of, ask, call me, speak to, speak with, speaking with, speaking to, talk to, ask for, this is, i am, i'm, im
cue.PERSON: my husband, my wife, my son, my daughter, my mother, my father, my partner, my name, called
cue.PERSON: my neighbour, my neighbor, my friend, my colleague, my boss, my brother, my sister, my aunt, my uncle
cue.PERSON: my cousin, my grandmother, my grandfather, my nan, my grandson, my granddaughter, my girlfriend
cue.PERSON: my boyfriend, my fiance, my fiancé, my fiancee, my carer, my mum, my dad, my niece, my nephew
cue.PERSON: mister, mr, mrs, missus, ms, miss, doctor, dr, sir, madam, dear, hi, hello, thanks, thank you
cue.NEG: order, order number, order no, booking, booking number, booking reference, reference, reference number, ref
cue.NEG: confirmation, confirmation number, confirmation code, tracking, tracking number, invoice, invoice number
cue.NEG: ticket, ticket number, case, case number, claim number, flight, flight number, gate, room, room number
cue.NEG: table, seat, platform, bus, train, route, model, version, page, item, product, serial, serial number
cue.NEG: line, floor, step, level, chapter, question, option, press, extension number, size, bay, aisle, row
cue.NEG: policy number, parcel, package, shipment, delivery number, sku, part number, lot, batch, ticket id
cue.NEG: credit union, european union, student union, students union, students' union, union jack
cue.NEG: soviet union, union station, parcel number, return number, returns number, delivered, delivered on
cue.NEG: delivery date, dated, date, around, o'clock, oclock, am, pm, half past, quarter past, quarter to, till

# Entity cue types above: a number, date or name right after the cue is taken as that type.
# cue.PERSON entries are "strong" when they say a name follows; the rest are "weak":
# only a name from the gazetteer follows them.
person.weak: tell, under, under the name, under the name of, in the name of, ask, call me, speak to, speak with, speaking with, speaking to, talk to, ask for, this is, i am, i'm, im
person.weak: my husband, my wife, my son, my daughter, my mother, my father, my partner, called, sir, madam
person.weak: my neighbour, my neighbor, my friend, my colleague, my boss, my brother, my sister, my aunt, my uncle
person.weak: my cousin, my grandmother, my grandfather, my nan, my grandson, my granddaughter, my girlfriend
person.weak: my boyfriend, my fiance, my fiancé, my fiancee, my carer, my mum, my dad, my niece, my nephew
person.weak: dear, hi, hello, thanks, thank you, doctor, my name, names

# ---- addresses ----
street: street, st, road, rd, avenue, ave, lane, ln, drive, way, court, ct, place, pl, boulevard, blvd
street: crescent, close, terrace, square, gardens, grove, hill, row, parade, mews, walk, circle, highway
street: parkway, path, alley, green, view, rise, vale, wharf, quay, yard, park, heights, common
street: gade, vej, alle, allé, plads, stræde, straede, vænget, torv, boulevarden, tänav, tanav, maantee, puiestee
street: tee, põik, poik, väljak, valjak, tn, mnt, pst, mnt., tn.
streetsuffix: gade, gaden, vej, vejen, alléen, alleen, pladsen, torvet, stræde, straede, vænget, alle, allé, plads, torv, tänav, tanav, maantee, puiestee, strasse, straße, weg
unitword: flat, apartment, apt, unit, suite, floor, number, no, building, house

# ---- GDPR Art. 9 special categories: redacted wherever they are said ----
# art9.TYPE terms are redacted wherever they occur; art9ctx.TYPE terms only
# when the utterance also has one of the art9cue.TYPE words ("green" is a
# party only near "voted"). art9left/art9right words extend a term ("severe
# anxiety", "brca two gene", "teachers' union"). cue.NEG phrases below stop
# look-alikes ("credit union").
art9.HEALTH: diabetes, diabetic, type one diabetes, type two diabetes, type 1 diabetes, type 2 diabetes, cancer
art9.HEALTH: tumour, tumor, leukemia, leukaemia, lymphoma, melanoma, carcinoma, chemotherapy, chemo, radiotherapy
art9.HEALTH: hiv, h i v, aids, depression, depressed, anxiety, anxiety disorder, panic disorder, bipolar, bipolar disorder
art9.HEALTH: schizophrenia, schizophrenic, psychosis, adhd, a d h d, autism, autistic, asperger's, aspergers
art9.HEALTH: dementia, alzheimer's, alzheimers, alzheimer's disease, parkinson's, parkinsons, parkinson's disease
art9.HEALTH: epilepsy, epileptic, asthma, asthmatic, heart attack, heart condition, heart disease, heart failure, stroke
art9.HEALTH: multiple sclerosis, m s, motor neurone disease, als, hepatitis, hepatitis b, hepatitis c, tuberculosis
art9.HEALTH: covid, long covid, pregnant, pregnancy, miscarriage, stillbirth, abortion, ivf, i v f, infertility, infertile
art9.HEALTH: std, sti, chlamydia, herpes, syphilis, gonorrhea, gonorrhoea, insulin, antidepressants, antidepressant
art9.HEALTH: prozac, sertraline, citalopram, fluoxetine, lithium, methadone, rehab, addiction, alcoholic, alcoholism
art9.HEALTH: drug addiction, overdose, eating disorder, anorexia, bulimia, ptsd, p t s d, ocd, o c d, copd, c o p d
art9.HEALTH: mental health condition, mental illness, mental health problems, disability, disabled, wheelchair user
art9.HEALTH: blind, registered blind, partially sighted, visually impaired, deaf, hard of hearing, hearing impaired
art9.HEALTH: kidney failure, kidney disease, dialysis, arthritis, rheumatoid arthritis, osteoarthritis, osteoporosis
art9.HEALTH: migraine, migraines, seizures, seizure, panic attacks, suicidal, self harm, self-harm, psychiatrist
art9.HEALTH: chronic pain, high blood pressure, hypertension, copd, lupus, crohn's, crohns, crohn's disease, celiac
art9.HEALTH: coeliac, coeliac disease, celiac disease, fibromyalgia, chronic fatigue, chronic fatigue syndrome, me/cfs
art9.HEALTH: endometriosis, menopause, hysterectomy, mastectomy, hip replacement, knee replacement, knee operation
art9.HEALTH: kidney transplant, liver transplant, heart transplant, transplant, nervous breakdown, breakdown
art9.HEALTH: cerebral palsy, down's, spina bifida, muscular dystrophy, sickle cell disease, thalassaemia, haemophilia
art9.HEALTH: hemophilia, cystic fibrosis, ms, glaucoma, cataracts, macular degeneration, tinnitus, sleep apnoea
art9.HEALTH: sleep apnea, obesity, bowel cancer, ibs, irritable bowel syndrome, colitis, ulcerative colitis, stoma
art9.HEALTH: pneumonia, sepsis, meningitis, concussion, brain injury, brain tumour, brain tumor, aneurysm, angina
art9.HEALTH: atrial fibrillation, pacemaker, cholesterol, thyroid, hypothyroidism, hyperthyroidism, gout, psoriasis
art9.HEALTH: eczema, dyslexia, dyspraxia, learning disability, mental breakdown, postnatal depression, burnout
art9.HEALTH: chronic illness, terminal illness, terminally ill, palliative care, hospice, antipsychotics, insulin pump
art9left.HEALTH: severe, chronic, mild, acute, clinical, postnatal, postpartum, manic, major, breast, prostate, lung
art9left.HEALTH: ovarian, cervical, pancreatic, skin, bone, blood, liver, terminal, early, onset, stage, secondary
art9left.HEALTH: generalised, generalized, social, type, paranoid, borderline, bipolar, recurrent, seasonal, untreated
art9right.HEALTH: disorder, disease, syndrome, positive, failure, condition, infection, attacks, episode, diagnosis
art9.RELIGION: muslim, islam, islamic, christian, christianity, catholic, catholicism, protestant, lutheran, jewish
art9.RELIGION: judaism, hindu, hinduism, buddhist, buddhism, sikh, sikhism, atheist, agnostic, mormon, pentecostal
art9.RELIGION: jehovah's witness, jehovah's witnesses, jehovahs witness, evangelical, quaker, baptist, methodist
art9.RELIGION: anglican, pagan, presbyterian, adventist, seventh-day adventist, seventh day adventist
art9.RELIGION: latter-day saint, latter day saint, latter-day saints, latter day saints
art9.RELIGION: born-again christian, born again christian, orthodox jewish, greek orthodox, russian orthodox
art9.RELIGION: eastern orthodox, mosque, synagogue, gurdwara, kingdom hall, hindu temple, ramadan, eid, sabbath
art9.RELIGION: shabbat, scientologist, scientology, rastafarian, zoroastrian, jain, bahai, baha'i
art9.RELIGION: wiccan, shinto, taoist, unitarian, amish, mennonite, hasidic, haredi, sunni, shia, shiite, sufi
art9left.RELIGION: devout, devoutly, orthodox
art9ctx.GENETIC: dna
art9cue.GENETIC: test, tests, results, result, profile, sample, genetic, carrier, ancestry, paternity, share, shared, delete
art9ctx.RELIGION: church, temple, prayer, prayers, pray, religious, faith, mass, lent, passover, diwali
art9cue.RELIGION: go, attend, attends, every, observe, religion, practise, practice, worship, service
art9.POLITICAL_OPINION: labour party, conservative party, conservatives, tory, tories, lib dems, lib dem, liberal democrats
art9.POLITICAL_OPINION: democrats, democratic party, republicans, republican party, green party, social democrats
art9.POLITICAL_OPINION: socialist, socialists, communist, communists, marxist, anarchist, libertarian, monarchist
art9.POLITICAL_OPINION: nationalist, nationalists, feminist, eco-socialist, fascist, neo-nazi, far right, far left
art9.POLITICAL_OPINION: liberal party, venstre, socialdemokratiet, dansk folkeparti, danish people's party
art9.POLITICAL_OPINION: red-green alliance, red green alliance, enhedslisten, socialist people's party, sf
art9.POLITICAL_OPINION: moderaterne, radikale venstre, konservative, liberal alliance, reformierakond, reform party
art9.POLITICAL_OPINION: keskerakond, centre party, center party, isamaa, ekre, e k r e, eesti 200, sotsiaaldemokraadid
art9.POLITICAL_OPINION: ukip, reform uk, brexit party, sinn fein, sinn féin, snp, s n p, plaid cymru, dup, fianna fail
art9.POLITICAL_OPINION: fine gael, trump supporter, maga, leftist, left-wing, right-wing, left wing, right wing
art9ctx.POLITICAL_OPINION: labour, green, greens, reform, moderates, conservative, liberal, democrat, republican
art9ctx.POLITICAL_OPINION: progressive, centrist, socialist, centre, center
art9cue.POLITICAL_OPINION: voted, vote, votes, voting, voter, voters, supporter, supporters, support, member, party
art9cue.POLITICAL_OPINION: canvass, canvassing, donate, donated, household, campaign, campaigned, elected, election
art9cue.POLITICAL_OPINION: through, always, politically, politics, been, agree, disagree, object, views
art9.TRADE_UNION: trade union, trades union
art9.TRADE_UNION: union of ireland, union, unions, unionised, unionized, shop steward, unison, gmb, g m b, usdaw, rmt, r m t, cwu
art9.TRADE_UNION: c w u, pcs, p c s, neu, n e u, nasuwt, ucu, u c u, bma, b m a, rcn, r c n, royal college of nursing
art9.TRADE_UNION: 3f, three f, dansk metal, foa, f o a, ig metall, i g metall, ver.di, verdi, teamsters, afl cio
art9.TRADE_UNION: fagforening, fagforbund, ametiühing, ametiuhing, labor union, labour union, unite the union, siptu
art9ctx.TRADE_UNION: unite, prospect, community, equity, hk, h k, aspect, accord, nautilus
art9cue.TRADE_UNION: union, member, membership, rep, representative, joined, subscription, dues, steward, strike
art9cue.TRADE_UNION: helping, case, dispute, told, in
art9left.TRADE_UNION: teachers, nurses, dockers, fire, brigades, workers, postal, transport, railway, rail, maritime
art9left.TRADE_UNION: public, commercial, services, general, municipal, national, education, steel, metal
art9left.TRADE_UNION: construction, farm, farmers, bakers, musicians, writers, journalists, pilots, firefighters
art9left.TRADE_UNION: police, prison, civil, service, miners, teaching, nursing, retail, communication, communications
art9left.TRADE_UNION: university, college, lecturers, doctors, drivers, seafarers, airline, engineers, electricians
art9.SEXUAL_ORIENTATION: gay, lesbian, bisexual, homosexual, heterosexual, queer, pansexual, asexual, lgbt, lgbtq
art9.SEXUAL_ORIENTATION: lgbtq+, same sex, same-sex, sexual orientation, sexuality, demisexual
art9ctx.SEXUAL_ORIENTATION: bi, straight
art9cue.SEXUAL_ORIENTATION: identify, i'm, am, as, partner, couple, out, sexuality
art9.ETHNIC_ORIGIN: hispanic, latino, latina, latinx, african american, afro-caribbean, afro caribbean, black british
art9.ETHNIC_ORIGIN: white british, black african, black caribbean, asian british, british asian, south asian
art9.ETHNIC_ORIGIN: east asian, west african, east african, north african, roma, romani, romany, gypsy, irish traveller
art9.ETHNIC_ORIGIN: traveller, kurdish, kurd, tamil, berber, amazigh, inuit
art9.ETHNIC_ORIGIN: greenlandic inuit, sami, saami, aboriginal, indigenous, first nations, maori, punjabi, gujarati
art9.ETHNIC_ORIGIN: caucasian, mixed race
art9.ETHNIC_ORIGIN: mixed heritage, biracial, ethnic minority, ethnic origin, ethnicity, racial background
art9.ETHNIC_ORIGIN: african descent, arabic descent, asian descent, jewish descent, african heritage
art9ctx.ETHNIC_ORIGIN: black, white, asian, somali, pakistani, bangladeshi, arab, nigerian, ghanaian, eritrean
art9ctx.ETHNIC_ORIGIN: ethiopian, sudanese, afghan, syrian, iraqi, iranian, turkish, moroccan, algerian, vietnamese
art9ctx.ETHNIC_ORIGIN: filipino, chinese, indian, polish, romanian, lithuanian, latvian, russian, ukrainian
art9cue.ETHNIC_ORIGIN: i'm, im, am, as, because, family, parents, descent, heritage, origin, background, half
art9cue.ETHNIC_ORIGIN: woman, man, person, people, ethnicity, ethnic, race, racial, skin, treated, singled
art9left.ETHNIC_ORIGIN: greenlandic, irish, mixed
art9.GENETIC: genetic, genetic test, genetic testing, genetic condition, genetic disorder, genetic screening
art9.GENETIC: genetic data, genetic profile, genetic results, genome, genome sequencing, whole genome sequencing
art9.GENETIC: gene, genes, dna test, dna results, dna profile, brca, brca1, brca2, brca one, brca two, apoe4
art9.GENETIC: apoe four, apoe, factor v leiden, factor five leiden, huntington's gene, huntingtons gene, hereditary
art9.GENETIC: sickle cell trait, sickle cell gene, lynch syndrome, carrier test, carrier screening, carrier status
art9.GENETIC: paternity test, 23andme, twenty three and me, ancestry dna, ancestry test, chromosome, chromosomal
art9.GENETIC: mutation, genetically, inherited condition, cystic fibrosis gene, karyotype, exome
art9right.GENETIC: mutation, gene, genes, trait, test, testing, screening, results, profile, data, sequencing
art9right.GENETIC: status, report
art9left.GENETIC: whole, ancestry, carrier, cystic, fibrosis, huntington's, lynch, sickle, cell, factor, leiden
art9.BIOMETRIC: fingerprint, fingerprints, finger print, finger prints, thumbprint, face id, face i d, facial recognition
art9.BIOMETRIC: face scan, face recognition, faceprint, voiceprint, voice print, voice id, voice i d, voice biometrics
art9.BIOMETRIC: voice recognition, iris scan, iris recognition, retina scan, retinal scan, palm print, palm vein scan
art9.BIOMETRIC: palm scan, vein scan, biometric, biometrics, biometric data, facial biometrics, touch id, touch i d
art9.BIOMETRIC: gait analysis, gait recognition, dna sample, facial geometry, hand geometry, ear shape
art9right.BIOMETRIC: data, login, logins, scan, scans, recognition, template, templates, id, biometrics, unlock
art9left.BIOMETRIC: facial, voice, palm, finger

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

# Capitalised words that are not people: a capitalised word the lexicon does
# not know is taken as a name in formatted text, unless it is listed here.
notname: danish, estonian, english, british, irish, scottish, welsh, german, swedish, norwegian, finnish, polish
notname: french, spanish, italian, dutch, american, european, latvian, lithuanian, russian, ukrainian, turkish
notname: copenhagen, aarhus, odense, aalborg, esbjerg, tallinn, tartu, narva, parnu, pärnu, riga, vilnius, helsinki
notname: stockholm, oslo, berlin, hamburg, london, manchester, birmingham, leeds, glasgow, edinburgh, cardiff
notname: belfast, dublin, cork, bristol, liverpool, york, oxford, cambridge, brighton, amsterdam, paris, madrid
notname: easter, christmas, xmas, ramadan, hanukkah, diwali, eid, halloween, thanksgiving, midsummer
notname: monday, tuesday, wednesday, thursday, friday, saturday, sunday
notname: samsung, apple, iphone, android, google, microsoft, netflix, spotify, amazon, facebook, instagram
notname: whatsapp, paypal, mobilepay, swish, revolut, klarna, ikea, lego, carlsberg, tesco, sainsbury's
notname: discover, maestro, dankort, mastercard, visa, amex, ryanair, easyjet, sas, uber, bolt
notname: mitid, nemid, gmail, hotmail, outlook, yahoo, icloud, protonmail, gmx, teams, zoom, skype
notname: ok, okay, thanks, hello, hi, sorry, yes, no, please, sir, madam, mr, mrs, ms, dr

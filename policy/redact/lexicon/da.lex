# Earshot redaction lexicon: Danish, added to the English one (names,
# street words and the rules are shared). Loaded by Lexicon("da").
digit: nul=0, en=1, et=1, to=2, tre=3, fire=4, fem=5, seks=6, syv=7, otte=8, ni=9
tens: ti=10, elleve=11, tolv=12, tretten=13, fjorten=14, femten=15, seksten=16, sytten=17, atten=18, nitten=19
filler: øh, øhm, æh, altså
mult: dobbelt=2
at: snabel-a, snabela
dot: punktum
month: januar=1, februar=2, marts=3, maj=5, juni=6, juli=7, oktober=10
cue.CARD_NUMBER: kort, kortet, kortnummer, kortnummeret, betalingskort, kreditkort, dankort
cue.CVV: kontrolcifre, sikkerhedskode, de tre cifre på bagsiden
cue.CARD_EXPIRY: udløbsdato, udløber, gyldig til
cue.PHONE: telefon, telefonnummer, telefonnummeret, mobil, mobilnummer, ring til mig på, mit nummer
cue.EMAIL: e-mail, mail, mailadresse
cue.NATIONAL_ID: cpr, cpr-nummer, cpr nummer, personnummer, cprnummer
cue.BANK_ACCOUNT: kontonummer, kontonummeret, reg nummer, registreringsnummer, iban
cue.DATE_OF_BIRTH: født, fødselsdag, fødselsdato
cue.ADDRESS: adresse, adressen, bor på, jeg bor på, postnummer
cue.PERSON: jeg hedder, mit navn er, navnet er, efternavn, fornavn
cue.NEG: ordrenummer, ordre, bestilling, sagsnummer, værelse, lokale
stop: jeg, du, han, hun, vi, de, det, den, er, var, og, eller, men, på, i, til, med, af, for, min, mit, mine
art9.HEALTH: sukkersyge, diabetes, kræft, depression, astma, gravid, sclerose
art9.RELIGION: muslim, kristen, katolik, jøde, jødisk
art9.TRADE_UNION: fagforening, fagforeningen

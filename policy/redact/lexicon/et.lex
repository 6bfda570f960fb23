# Earshot redaction lexicon: Estonian, added to the English one. Loaded by
# Lexicon("et").
digit: null=0, üks=1, uks=1, kaks=2, kolm=3, neli=4, viis=5, kuus=6, seitse=7, kaheksa=8, üheksa=9, uheksa=9
tens: kümme=10, kumme=10
filler: ee, öö, noh
dot: punkt
at: ät
cue.CARD_NUMBER: kaart, kaardi number, kaardinumber, pangakaart, krediitkaart
cue.CVV: turvakood
cue.CARD_EXPIRY: kehtivusaeg, kehtib kuni
cue.PHONE: telefon, telefoninumber, mobiil, mobiilinumber, helistage mulle
cue.EMAIL: e-post, meil, meiliaadress
cue.NATIONAL_ID: isikukood, isikukoodi
cue.BANK_ACCOUNT: kontonumber, arveldusarve, iban
cue.DATE_OF_BIRTH: sündinud, sünnipäev, sünnikuupäev
cue.ADDRESS: aadress, elan, elukoht, postiindeks
cue.PERSON: minu nimi on, mu nimi on, nimi on, perekonnanimi, eesnimi
cue.NEG: tellimus, tellimuse number, tuba
stop: ma, mina, sa, sina, ta, tema, me, meie, on, oli, ja, või, aga, minu, mu, sinu, see
art9.HEALTH: diabeet, suhkruhaigus, vähk, depressioon, astma, rase
art9.TRADE_UNION: ametiühing, ametiühingu

# Earshot redaction lexicon: personal names (English, Danish, Estonian and
# other names common in European call centres). Names that are also common
# words are listed under name.common: they count as names only after a cue
# or next to another name.
name.first: james, john, robert, michael, william, david, richard, joseph, thomas, charles, christopher
name.first: daniel, matthew, anthony, donald, steven, paul, andrew, joshua, kenneth, kevin, brian, george
name.first: edward, ronald, timothy, jason, jeffrey, ryan, jacob, gary, nicholas, eric, jonathan, stephen
name.first: larry, justin, scott, brandon, benjamin, samuel, gregory, alexander, patrick, jack, dennis
name.first: jerry, tyler, aaron, jose, adam, henry, nathan, douglas, zachary, peter, kyle, walter, ethan
name.first: jeremy, harold, keith, christian, roger, noah, gerald, carl, terry, sean, austin, arthur
name.first: lawrence, jesse, dylan, bryan, joe, jordan, billy, bruce, albert, willie, gabriel, logan, alan
name.first: juan, wayne, roy, ralph, randy, eugene, vincent, russell, elijah, louis, bobby, philip, johnny
name.first: mary, patricia, jennifer, linda, elizabeth, barbara, susan, jessica, sarah, karen, nancy, lisa
name.first: betty, margaret, sandra, ashley, kimberly, emily, donna, michelle, dorothy, carol, amanda
name.first: melissa, deborah, stephanie, rebecca, sharon, laura, cynthia, kathleen, amy, shirley, angela
name.first: helen, anna, brenda, pamela, nicole, emma, samantha, katherine, christine, debra, rachel
name.first: catherine, carolyn, janet, ruth, maria, heather, diane, virginia, julie, joyce, victoria
name.first: olivia, kelly, christina, lauren, joan, evelyn, judith, megan, cheryl, andrea, hannah, martha
name.first: jacqueline, gloria, teresa, ann, sara, madison, frances, kathryn, janice, jean, abigail, alice
name.first: julia, judy, sophia, denise, doris, marilyn, danielle, beverly, isabella, theresa, diana
name.first: natalie, brittany, charlotte, marie, kayla, alexis, lori, oliver, harry, charlie, freddie
name.first: alfie, archie, leo, oscar, theo, isla, ava, amelia, mia, poppy, ella, lily, sophie, chloe, jessica
name.first: liam, lucas, mason, logan, aiden, caden, jayden, connor, callum, declan, niamh, siobhan, aoife
name.first: mohammed, muhammad, ahmed, ali, omar, fatima, aisha, yusuf, ibrahim, hassan, priya, raj, anil
name.first: wei, li, chen, yuki, hiroshi, kenji, mei, carlos, miguel, luis, sofia, lucia, elena, marco, giulia
name.first: lars, jens, søren, soren, niels, anders, mads, rasmus, mikkel, frederik, christoffer, kasper
name.first: morten, henrik, jesper, torben, bent, poul, ole, jørgen, jorgen, kim, mette, hanne, kirsten
name.first: lone, susanne, pia, anne, camilla, louise, sofie, freja, ida, emma, karen, birgitte, inger
name.first: lene, tina, maja, signe, cecilie, line, rikke, trine, malene, nanna, astrid, asger, bjørn, bjorn
name.first: magnus, emil, oskar, viktor, villads, aksel, kristian, troels, ulrik, esben, gustav, sigurd
name.first: andrus, tiit, toomas, mart, jaan, jüri, juri, peeter, priit, rein, tõnu, tonu, urmas, margus
name.first: indrek, tarmo, raivo, kalev, madis, siim, rasmus, kristjan, karl, markus, sander, oliver
name.first: kadri, kristiina, piret, triin, liis, maarja, kersti, tiina, mari, ene, eha, helle, reet
name.first: anu, katrin, merike, kaja, külli, kulli, marika, laura, getter, grete, kertu, liisa, helen
name.first: aleksander, aleksei, sergei, dmitri, ivan, olga, natalia, tatjana, svetlana, irina, jelena
name.first: anastasia, ekaterina, nikolai, andrei, pavel, mikhail, yuri, oksana, katarzyna, piotr, tomasz
name.first: pierre, jean, claude, francois, isabelle, camille, hans, klaus, jürgen, jurgen, heike, ursula
name.first: sven, erik, johan, karin, ingrid, astrid, nils, per, pekka, mikko, jukka, sanna, aino
name.first: zoe, jade, amber, ruby, scarlett, freya, imogen, eleanor, harriet, georgia, beatrice, matilda
name.first: kieran, rhys, owen, gareth, dafydd, bethan, cerys, hamish, fergus, alasdair, morag, kirsty
name.first: kofi, kwame, amara, chidi, ngozi, tunde, adebayo, olu, zainab, nadia, leila, yasmin, samir
name.first: jamal, tariq, imran, aditya, vikram, sanjay, deepak, anjali, sunita, pooja, neha, arjun
name.first: bradley, craig, darren, dean, lee, neil, stuart, wayne, shane, glen, gavin, graham, ian, colin
name.first: nigel, trevor, clive, derek, keith, malcolm, martin, simon, tony, barry, dave, steve, mike
name.first: chris, matt, dan, tom, ben, sam, alex, andy, nick, rob, jim, tim, ed, fred, greg, jon, josh
name.first: kate, katie, liz, beth, becky, jen, jenny, jess, lucy, sally, jane, tracy, tracey, wendy
name.first: gemma, leanne, kerry, joanne, claire, clare, nicola, natasha, vanessa, yvonne, sheila, maureen
name.first: brendan, niall, ciaran, eoin, padraig, sinead, orla, roisin, cathal, diarmuid, oisin, fionn

# Names that are also ordinary words: names only after a cue or beside another name.
name.common: will, mark, bill, pat, sue, frank, jack, ray, dawn, summer, april, june, may, grace, hope, joy
name.common: faith, rose, holly, ivy, violet, daisy, lily, iris, jasmine, amber, crystal, ruby, pearl, rich
name.common: art, don, guy, gene, drew, rod, chase, hunter, cliff, dale, glen, rocky, sky, rain, storm, river
name.common: angel, destiny, harmony, heaven, honey, candy, sunny, star, king, prince, earl, duke, baron
name.common: cash, penny, bob, rob, chip, buck, sandy, misty, autumn, brook, brooke, skye, august, miles
name.common: max, bell, belle, page, paige, victor, justice, mercy, patience, charity, constance, forest
name.common: wade, reed, reid, lane, dean, grant, bud, nick, ken, lee, kim, per, line, ole, mart, rein, ene
name.common: eha, anu, kaja, tina, maja, bent, ida, emil, ivan

name.last: smith, johnson, williams, brown, jones, garcia, miller, davis, rodriguez, martinez, hernandez
name.last: lopez, gonzalez, wilson, anderson, thomas, taylor, moore, jackson, martin, lee, perez, thompson
name.last: harris, sanchez, clark, ramirez, lewis, robinson, walker, hall, allen, hernandez, king, wright
name.last: scott, torres, nguyen, hill, flores, green, adams, nelson, baker, campbell, mitchell, carter
name.last: roberts, gomez, phillips, evans, turner, diaz, parker, cruz, edwards, collins, reyes, stewart
name.last: morris, morales, murphy, cook, rogers, gutierrez, ortiz, morgan, cooper, peterson, bailey, reed
name.last: kelly, howard, ramos, kim, cox, ward, richardson, watson, brooks, chavez, wood, james, bennett
name.last: gray, grey, mendoza, ruiz, hughes, price, alvarez, castillo, sanders, patel, myers, long, ross
name.last: foster, jimenez, powell, jenkins, perry, russell, sullivan, bell, coleman, butler, henderson
name.last: barnes, gonzales, fisher, vasquez, simmons, romero, jordan, patterson, alexander, hamilton
name.last: graham, reynolds, griffin, wallace, moreno, west, cole, hayes, bryant, herrera, gibson, ellis
name.last: tran, medina, aguilar, stevens, murray, ford, castro, marshall, owens, harrison, fernandez
name.last: mcdonald, woods, washington, kennedy, wells, vargas, henry, chen, freeman, webb, tucker, guzman
name.last: burns, crawford, olson, simpson, porter, hunter, gordon, mendez, silva, shaw, snyder, mason
name.last: dixon, munoz, hunt, hicks, holmes, palmer, wagner, black, robertson, boyd, rose, stone, salazar
name.last: fox, warren, mills, meyer, rice, schmidt, garza, daniels, ferguson, nichols, stephens, soto
name.last: weaver, ryan, gardner, payne, grant, dunn, kelley, spencer, hawkins, arnold, pierce, hansen
name.last: jensen, nielsen, pedersen, andersen, christensen, larsen, sørensen, sorensen, rasmussen
name.last: jørgensen, jorgensen, petersen, madsen, kristensen, olsen, thomsen, christiansen, poulsen
name.last: johansen, møller, moller, mortensen, knudsen, jakobsen, jacobsen, mikkelsen, frederiksen
name.last: lund, holm, schmidt, eriksen, kristiansen, simonsen, clausen, svendsen, andreasen, iversen
name.last: østergaard, ostergaard, jeppesen, vestergaard, nissen, lauridsen, kjær, kjaer, dalgaard
name.last: tamm, saar, sepp, mägi, magi, kask, kukk, rebane, ilves, pärn, parn, koppel, karu, lepik
name.last: oja, kallas, luik, lepp, kuusk, vaher, raud, lill, kivi, mets, kõiv, koiv, teder, põder
name.last: poder, kangur, kütt, kutt, ots, toom, jõgi, jogi, peterson, ivanov, smirnov, kuznetsov, popov
name.last: novak, kowalski, nowak, wisniewski, dubois, moreau, laurent, muller, mueller, schneider
name.last: fischer, weber, becker, hoffmann, rossi, russo, ferrari, esposito, bianchi, romano, costa
name.last: santos, oliveira, pereira, ferreira, almeida, ahmed, khan, ali, hussain, singh, kumar, sharma
name.last: gupta, shah, mehta, wang, zhang, liu, yang, huang, zhao, wu, zhou, tanaka, suzuki, sato
name.last: obrien, o'brien, oconnor, o'connor, byrne, doyle, walsh, mccarthy, kavanagh, quinn, brennan
name.last: macdonald, mackenzie, fraser, mcleod, campbell, stewart, duncan, paterson, hughes, jenkins
name.last: davies, lloyd, morgan, owen, price, rees, thomas, vaughan, griffiths, ashworth, whitfield
name.last: okafor, okonkwo, mensah, adeyemi, abubakar, haddad, nasser, yilmaz, kaya, demir, celik

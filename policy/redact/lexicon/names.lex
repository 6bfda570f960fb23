# Earshot redaction lexicon: personal names, written in lower case as speech
# recognisers emit them. English, Scottish, Welsh, Irish and American names;
# Danish and Estonian names; other European names; and names common among
# immigrant communities in the UK, Ireland, the US, Denmark and Estonia.
# Names with letters outside ASCII are listed twice, as written and folded
# to ASCII ("søren", "soren"; "tõnu", "tonu"; "jõgi", "jogi").
#
# name.first starts a name wherever it is said, so it holds only words that
# are not ordinary English. Names that are also ordinary words ("will",
# "grace", "price", "hill") are listed under name.common: they count as
# names only after a cue or beside another name. Particles ("van", "de",
# "la", "le", "di", "del") are not names. A word may be a first name and a
# surname ("thomas"); it is listed under both.

# English and American first names, men.
name.first: james, john, robert, michael, william, david, richard, joseph, thomas, charles, christopher
name.first: daniel, matthew, anthony, donald, steven, paul, andrew, joshua, kenneth, kevin, brian
name.first: george, edward, ronald, timothy, jason, jeffrey, ryan, jacob, gary, nicholas, eric, jonathan
name.first: stephen, larry, justin, scott, brandon, benjamin, samuel, gregory, alexander, patrick
name.first: dennis, jerry, tyler, aaron, adam, henry, nathan, douglas, zachary, peter, kyle, walter
name.first: ethan, jeremy, harold, keith, christian, roger, noah, gerald, carl, terry, sean, austin
name.first: arthur, lawrence, jesse, dylan, bryan, joe, jordan, billy, bruce, albert, willie, gabriel
name.first: logan, alan, wayne, roy, ralph, randy, eugene, vincent, russell, elijah, louis, bobby
name.first: philip, johnny, adrian, alfred, alistair, ambrose, archibald, arnold, aubrey, barnaby
name.first: bartholomew, benedict, bernard, bertie, bertram, cecil, cedric, clarence, clement, clifford
name.first: cuthbert, cyril, dominic, edgar, edmund, edwin, eli, elliot, elliott, ernest, ernie, eustace
name.first: felix, ferdinand, francis, frederick, gilbert, godfrey, gordon, harvey, herbert, horace
name.first: howard, hubert, hugh, hugo, humphrey, ivor, jasper, jeremiah, jethro, julian, lambert
name.first: leonard, leslie, lionel, lloyd, lewis, malcolm, maurice, melvin, mervyn, monty, mortimer
name.first: neville, oswald, percival, percy, quentin, randolph, reginald, reggie, rodney, roland
name.first: rowland, rupert, sebastian, septimus, sidney, stanley, terence, terrence, theodore, toby
name.first: tristan, vernon, wilfred, wilfrid, winston, horatio, desmond, dudley, eddie, graeme, grahame
name.first: kelvin, ollie, rory, roderick, seth, spencer, tobias, travis, trevor, vince, warren, wesley
name.first: wilbur, wyatt, xavier, zachariah, benji, jimmy, tommy, danny, kenny, mickey, ricky, robbie
name.first: stevie, jamie, joey, frankie, louie, reuben, ruben, ronnie, sonny, alfie, arlo, ezra, finley
name.first: finlay, jude, kai, leon, luca, milo, ronan, zac, zack, jenson, harley, harrison, hayden
name.first: jaxon, riley, albie, ellis, bradley, craig, darren, neil, stuart, shane, gavin, graham, ian
name.first: colin, nigel, clive, derek, martin, simon, tony, barry, dave, steve, mike, chris, matt, dan
name.first: tom, ben, sam, alex, andy, jim, tim, fred, greg, jon, josh, len, lenny, sid, stan, bert
name.first: wilf, alf, freddie, harry, charlie, oliver, archie, leo, oscar, theo, liam, lucas, mason
name.first: aiden, aidan, caden, jayden, connor, callum, declan, kieran, owen, gareth, brody, cameron
name.first: corey, jake, luke, reece, reese, ashton, dexter, caleb, carter, colton, dalton, easton
name.first: elias, emmett, everett, finn, gideon, harlan, hudson, jensen, kayden, kingsley, landon
name.first: maddox, nolan, raymond, remy, ryder, sawyer, silas, tate, weston, zane, isaac, joel, levi
name.first: micah, nathaniel, jonah, jared, derrick, damian, damien, darryl, daryl, dwight, cody, dustin
name.first: brett, chad, todd, troy, randall, marvin, curtis, clayton, dwayne, duane, lonnie, leroy
name.first: jerome, tyrone, fletcher, garrett, griffin, jarrod, jarrett, kendall, lyle, mitchell, morris
name.first: neal, norris, roscoe, rufus, sherman, stewart, thaddeus, tucker, vaughn, wendell, wilson
name.first: woodrow
# African-American first names.
name.first: darnell, deshawn, demetrius, darius, jamal, malik, terrell, marquis, lamar, andre, antoine
name.first: dante, deandre, devonte, jalen, jaylen, kareem, keshawn, marcus, rashad, shaquille, terrance
name.first: trevon, tyrell, willis, alonzo, demarcus, jermaine, lamont, rasheed, roosevelt, tremaine
name.first: cornelius, jamar, jamel, javon, jaquan, keon, kwame, lashawn, marquise, quincy, raheem
name.first: tavon, aaliyah, aliyah, imani, keisha, lakisha, latoya, latisha, tamika, shanice, shaniqua
name.first: monique, dominique, jazmin, tasha, tanisha, ayanna, nia, kiara, deja, janelle, jada, jayla
name.first: kendra, keyana, lashonda, laquisha, latasha, shameka, shanika, tamara, yolanda, zora, ayesha
name.first: shawna, shauna, trina, toni, tonia, desiree, charmaine, renee, rochelle, roxanne, tameka
name.first: tyra, octavia
# English and American first names, women.
name.first: mary, patricia, jennifer, linda, elizabeth, barbara, susan, jessica, sarah, karen, nancy
name.first: lisa, betty, margaret, sandra, ashley, kimberly, emily, donna, michelle, dorothy, carol
name.first: amanda, melissa, deborah, stephanie, rebecca, sharon, laura, cynthia, kathleen, amy, shirley
name.first: angela, helen, anna, brenda, pamela, nicole, emma, samantha, katherine, christine, debra
name.first: rachel, catherine, carolyn, janet, ruth, maria, heather, diane, virginia, julie, joyce
name.first: victoria, olivia, kelly, christina, lauren, joan, evelyn, judith, megan, cheryl, andrea
name.first: hannah, martha, jacqueline, gloria, teresa, ann, sara, madison, frances, kathryn, janice
name.first: jean, abigail, alice, julia, judy, sophia, denise, doris, marilyn, danielle, beverly
name.first: isabella, theresa, diana, natalie, brittany, charlotte, marie, kayla, alexis, lori, isla
name.first: ava, amelia, mia, ella, sophie, chloe, zoe, scarlett, freya, imogen, eleanor, harriet
name.first: beatrice, matilda, kate, katie, liz, beth, becky, jen, jenny, jess, lucy, sally, jane, tracy
name.first: tracey, wendy, gemma, leanne, kerry, joanne, claire, clare, nicola, natasha, vanessa, yvonne
name.first: sheila, maureen, winifred, mildred, gertrude, ethel, edna, elsie, enid, hilda, hilary
name.first: hillary, mabel, maud, maude, muriel, myrtle, nellie, phyllis, queenie, sybil, thelma, vera
name.first: agnes, ada, beryl, doreen, eileen, eunice, flora, gladys, gwendolyn, irene, lilian, lillian
name.first: lorna, mavis, marjorie, millicent, norma, pauline, rita, sylvia, valerie, wilma, audrey
name.first: bernadette, cora, dora, edith, esther, freda, frieda, isabel, jessie, josephine, louisa
name.first: lottie, mae, minnie, nora, norah, peggy, polly, rosalind, sadie, stella, una, vivian
name.first: vivienne, winnie, carole, elaine, gillian, jill, glenda, lynn, lynne, rosalie, avril
name.first: bridget, fiona, geraldine, hayley, joanna, lesley, lindsay, marion, melanie, miranda
name.first: rachael, rebekah, sonia, sonya, stacey, stacy, alison, allison, anita, annette, annie
name.first: belinda, bernice, caroline, cassandra, cassie, celia, charlene, colleen, daphne, deirdre
name.first: della, dianne, ellen, elsa, erica, estelle, faye, felicity, gail, gayle, gina, greta, hattie
name.first: hermione, hester, ingrid, iona, isobel, jacqui, jackie, janine, jeanette, jocelyn, jodie
name.first: josie, juliet, justine, katharine, kathy, katy, leigh, lena, lois, loretta, lorraine, louise
name.first: lydia, lynda, madeleine, mandy, marcia, margot, marianne, marina, marlene, maxine, meg
name.first: melinda, moira, nadine, nina, noreen, paula, penelope, petra, philippa, priscilla, rhoda
name.first: rosa, rosalyn, rowena, sabrina, selina, serena, sheena, sian, susie, suzanne, tara, tessa
name.first: thea, trudy, ursula, vicky, vicki, phoebe, tamsin, ellie, erin, kayleigh, keeley, leah
name.first: mollie, molly, naomi, rhiannon, shannon, sienna, tegan, tia, tilly, annabel, arabella
name.first: georgina, henrietta, jemima, lavinia, ophelia, cordelia, seraphina, tabitha, verity
name.first: araminta, rosamund, maisie, millie, evie, rosie, gracie, lola, darcy, darcey, esme, esmé
name.first: edie, tiffany, tammy, tonya, tanya, kristen, kristin, courtney, lindsey, kelsey, whitney
name.first: candace, candice, addison, avery, harper, kaylee, kennedy, mackenzie, madelyn, makayla
name.first: peyton, savannah, skylar, zoey, everly, aurora, luna, bethany, carly, demi, abbie, abby
name.first: alisha, amelie, anya, bella, bonnie, caitlin, kaitlyn, cara, cerys, chantelle, charley
name.first: elise, eliza, emilia, evangeline, francesca, gabriella, gabrielle, harriett, isabelle
name.first: jasmin, jessamine, kirsty, lacey, lexi, libby, lilly, lorelei, lucinda, madeline, maddison
name.first: marnie, martina, mila, nell, orla, ottilie, piper, robyn, sasha, shelby, tallulah, theodora
name.first: valentina, yasmin, allie, amie, annalise, antonia, ariana, betsy, brianna, briony, bryony
name.first: carla, cecilia, celeste, clara, delia, dolores, elena, emmeline, genevieve, giselle, helena
name.first: hollie, imelda, jolene, juliana, kimberley, leona, lilah, lorena, lucille, mariah, marianna
name.first: mariella, mckenzie, nadia, nicolette, noelle, rosanna, rosemarie, sharron, shona, suzy
name.first: tracie, trisha, trixie
# Scottish first names.
name.first: alasdair, alastair, angus, calum, ewan, euan, fergus, fraser, gregor, hamish, iain, innes
name.first: lachlan, murdo, ruaridh, ruairidh, struan, torquil, uisdean, eilidh, ailsa, kirstie, mhairi
name.first: morag, morven, catriona, ishbel, elspeth, effie, greer, islay, rhona, ainsley, keir, kenzie
name.first: lennox, duncan, ross, jock, dougal, findlay, gillies, ranald, rab, tam, senga
# Welsh first names.
name.first: aled, alun, aneurin, bryn, carwyn, cai, dafydd, dai, dewi, eifion, emlyn, emrys, evan
name.first: geraint, glyn, gruffydd, gwilym, gwyn, huw, hywel, idris, ieuan, iestyn, ifan, ioan, iolo
name.first: iwan, llew, llewellyn, llywelyn, meirion, osian, owain, rhodri, rhys, sion, steffan, tomos
name.first: trefor, wyn, angharad, bethan, branwen, bronwen, carys, catrin, delyth, eirlys, elen, elin
name.first: enfys, ffion, glenys, gwen, gwenllian, gwyneth, heledd, lowri, mared, meinir, nerys, nesta
name.first: olwen, seren, siân, sioned, tegwen, teleri, llinos, manon, mali
# Irish first names.
name.first: brendan, niall, ciaran, eoin, padraig, pádraig, cathal, diarmuid, oisin, oisín, fionn
name.first: aodhan, cian, colm, conal, conall, conor, cormac, darragh, donal, dónal, donnacha, eamon
name.first: eamonn, éamon, enda, eoghan, fearghal, feargal, fergal, finbar, finbarr, fintan, lorcan
name.first: malachy, micheal, mícheál, odhran, oran, padraic, paddy, peadar, rian, ruairi, ruairí
name.first: seamus, séamus, seán, senan, shay, tadhg, tiernan, turlough, ultan, niamh, siobhan, siobhán
name.first: aoife, sinead, sinéad, roisin, róisín, aine, áine, aisling, aislinn, aoibhinn, aoibheann
name.first: blathnaid, bláthnaid, brid, bríd, caoimhe, ciara, clodagh, dearbhla, eabha, éabha, eimear
name.first: eithne, emer, fiadh, fionnuala, grainne, gráinne, laoise, mairead, mairéad, maeve, meabh
name.first: méabh, maire, máire, muireann, nuala, orlaith, saoirse, sadhbh, sorcha, mairin, máirín, sile
name.first: síle, ailbhe, cliodhna, clíona, cliona, orfhlaith
# Hispanic and Portuguese first names.
name.first: jose, josé, juan, carlos, miguel, luis, luís, alejandro, alberto, alfredo, andres, andrés
name.first: antonio, armando, arturo, cesar, césar, diego, eduardo, emilio, enrique, ernesto, esteban
name.first: felipe, fernando, gerardo, guillermo, gustavo, hector, héctor, ignacio, jaime, javier
name.first: joaquin, joaquín, jorge, julio, leonardo, lorenzo, manuel, marco, mario, mateo, mauricio
name.first: nicolas, pablo, pedro, rafael, ramon, ramón, raul, raúl, ricardo, roberto, rodrigo, salvador
name.first: santiago, sergio, tomas, tomás, agustin, agustín, alonso, alvaro, álvaro, benito, cristian
name.first: emiliano, fabian, gonzalo, jacinto, josue, marcos, matias, matías, osvaldo, pascual, ramiro
name.first: reynaldo, rogelio, teodoro, ulises, valentin, vicente, joao, joão, paulo, tiago, thiago, rui
name.first: goncalo, gonçalo, duarte, nuno, vasco, afonso, bruno, fabio, fábio, diogo, luiz, vitor, caio
name.first: leandro, marcelo, renato, sandro, adriana, alejandra, alicia, ana, beatriz, carmen, carolina
name.first: catalina, claudia, consuelo, cristina, daniela, esperanza, estela, gabriela, graciela
name.first: guadalupe, ines, inés, juana, leticia, lourdes, lucia, lucía, manuela, mariana, marisol
name.first: marta, monica, mónica, natalia, noelia, paloma, pilar, raquel, rocio, rocío, rosario, sofia
name.first: sofía, susana, veronica, verónica, ximena, xiomara, yesenia, araceli, itzel, jimena, maribel
name.first: nayeli, reyna, rosalinda, soledad, yadira, zoraida, joana, leonor, matilde, francisca
name.first: catarina, fernanda, luciana, camila, larissa, bruna, thais, tatiana, aline, priscila
name.first: conceição, conceicao, fátima, fatima, graça, graca
# Italian first names.
name.first: alessandro, angelo, carlo, claudio, dario, davide, domenico, emanuele, enrico, enzo
name.first: fabrizio, federico, filippo, francesco, franco, gabriele, giacomo, gianluca, giorgio
name.first: giovanni, giuseppe, luigi, marcello, massimo, matteo, maurizio, michele, paolo, pietro
name.first: raffaele, riccardo, salvatore, simone, stefano, tommaso, umberto, vincenzo, vittorio, aldo
name.first: cesare, gino, piero, renzo, rocco, silvio, alessandra, alessia, antonella, bianca, chiara
name.first: federica, giada, giorgia, giovanna, giulia, ilaria, luisa, patrizia, roberta, silvia, simona
name.first: stefania, valeria, vittoria, loredana, donatella, ornella, raffaella, graziella, beppe, nino
name.first: tiziana, annalisa
# French first names.
name.first: pierre, claude, francois, françois, alain, andré, arnaud, baptiste, benoit, benoît, bertrand
name.first: christophe, cédric, clément, didier, emmanuel, etienne, étienne, fabien, fabrice, frederic
name.first: frédéric, gael, gaël, gerard, gérard, gilles, guillaume, henri, herve, hervé, hugues
name.first: jacques, jeremie, jérémie, jérôme, joël, julien, laurent, loic, loïc, lucien, marc, marcel
name.first: mathieu, matthieu, maxime, michel, olivier, pascal, patrice, philippe, raphael, raphaël
name.first: regis, régis, remi, rémi, renaud, rene, rené, romain, sebastien, sébastien, serge, stephane
name.first: stéphane, sylvain, thibault, thierry, yann, yannick, yves, armand, gaston, jules, mathis
name.first: camille, adele, adèle, agathe, aurelie, aurélie, brigitte, capucine, cecile, cécile, celine
name.first: céline, chantal, christelle, claudine, clemence, clémence, colette, corinne, delphine, élise
name.first: elodie, élodie, emilie, émilie, eugenie, eugénie, fabienne, francoise, françoise, helene
name.first: hélène, jeanne, juliette, laetitia, léa, lea, lucie, margaux, marguerite, martine, mathilde
name.first: nathalie, oceane, océane, odette, pascale, sandrine, severine, séverine, solange, sylvie
name.first: therese, thérèse, véronique, veronique, virginie, yvette, amélie, anais, anaïs, chloé
name.first: clotilde, eloise, éloïse, heloise, héloïse, mireille, noemie, noémie, ginette, germaine
name.first: huguette, josette, lucienne, paulette, zoé
# German, Austrian and Swiss first names.
name.first: hans, klaus, jürgen, jurgen, heike, achim, andreas, axel, bernd, burkhard, christoph, dieter
name.first: dirk, egon, ernst, florian, franz, friedrich, fritz, gerhard, gunter, günter, gunther
name.first: günther, heinz, helmut, horst, jochen, johannes, jörg, jorg, karlheinz, konrad, kurt, lothar
name.first: lukas, lutz, manfred, markus, matthias, maximilian, norbert, ralf, reinhard, rolf, rüdiger
name.first: rudiger, rudolf, siegfried, stefan, thorsten, torsten, ulrich, uwe, volker, werner, wilhelm
name.first: wolfgang, detlef, dietmar, eckhard, ewald, gottfried, hartmut, heiko, hermann, holger
name.first: joachim, ludwig, niklas, reiner, rainer, ingo, jannik, moritz, udo, wilfried, winfried
name.first: heinrich, gerd, gert, anja, anke, antje, beate, birgit, christa, christiane, dagmar, elke
name.first: erika, franziska, gabi, gisela, gudrun, hannelore, heide, heidi, helga, hildegard, ilse
name.first: ingeborg, irmgard, jutta, katharina, katja, kerstin, liesel, lieselotte, marlies, monika
name.first: renate, sabine, silke, ulrike, ute, waltraud, wiebke, gretchen, leonie, lina, anneliese
name.first: hedwig, elfriede, gertrud, margarete, mechthild, sieglinde, annegret, dörte, dorte, roswitha
name.first: frauke, meike
# Dutch and Flemish first names.
name.first: bart, bas, bram, daan, floris, frans, gerrit, geert, gijs, hendrik, henk, jaap, jeroen
name.first: joost, joris, kees, koen, laurens, luuk, maarten, marijn, martijn, pieter, piet, roel, ruud
name.first: sem, stijn, teun, thijs, willem, wim, wouter, sjoerd, arjen, arie, cornelis, jelle, klaas
name.first: rutger, bastiaan, femke, fleur, ineke, janneke, lieke, marieke, mieke, mirjam, noor, sanne
name.first: saskia, anouk, babette, carolien, evelien, hanneke, jolanda, karlijn, liesbeth, loes
name.first: marloes, merel, nienke, renske, sietske, elske, truus, annemieke, annelies, geertje, griet
name.first: lotte
# Danish first names, men.
name.first: lars, jens, søren, soren, niels, anders, mads, rasmus, mikkel, frederik, christoffer, kasper
name.first: morten, henrik, jesper, torben, poul, jørgen, jorgen, asger, bjørn, bjorn, magnus, oskar
name.first: viktor, villads, aksel, kristian, troels, ulrik, esben, gustav, sigurd, aage, allan, arne
name.first: benny, bjarne, carsten, claus, ejgil, ejnar, einar, eigil, erling, flemming, frede, frits
name.first: gorm, gunnar, hakon, halfdan, harald, helge, henning, jakob, jeppe, jimmi, jonas, jørn, jorn
name.first: kaj, karsten, keld, kjeld, knud, lasse, leif, mogens, nikolaj, otto, ove, palle, peder
name.first: preben, rune, steen, sten, stig, svend, tage, thor, thorkild, torkild, uffe, vagn, valdemar
name.first: verner, viggo, villy, anker, arvid, birger, børge, borge, eskild, evald, gudmund, hjalmar
name.first: iver, jannick, laurits, lauritz, malte, malthe, marius, mathias, oluf, sune, tonny, tyge
name.first: thyge, vilhelm, nicklas, hjalte, kresten, thorvald, villum, vitus, lauge, ejvind, eyvind
name.first: frode, frej, bendt, bertel, ebbe, elmer, folmer, gunner, hardy, hartvig, helmer, ingolf
name.first: jonatan, laust, niller, regnar, sophus, svenning, thorbjørn, thorbjorn, valde, vilfred
# Danish first names, women.
name.first: mette, hanne, kirsten, susanne, pia, anne, camilla, sofie, freja, birgitte, inger, lene
name.first: signe, cecilie, rikke, trine, malene, nanna, astrid, bodil, birthe, birte, dorthe, vibeke
name.first: gunhild, gunild, bente, britta, grethe, grete, gitte, helle, inge, jytte, karin, merete
name.first: tove, ulla, aase, åse, ase, agnete, anni, conni, elsebeth, gurli, jonna, karina, kamma, mona
name.first: tenna, vivi, dorrit, sonja, solvejg, alma, karla, josefine, asta, frida, lærke, laerke, liva
name.first: filippa, alberte, malou, silje, amalie, mille, mie, naja, selma, vigga, ronja, lykke, dicte
name.first: smilla, merle, bertha, edel, ebba, ane, elisabeth, ellinor, elna, erna, gerda, gunver, henny
name.first: ingelise, ingerlise, jette, johanne, kamilla, lis, lisbeth, lise, lissi, magda, margit
name.first: ragnhild, randi, rigmor, valborg, yrsa, bolette, dagny, kirstine, nikoline, pernille
name.first: rebekka, sidsel, stine, tine, thyra, ulrikke, henriette, karoline, kathrine, laila, minna
name.first: agnethe, annelise, benedikte, ditte, gry, hedvig, mariane, sussi, vinnie
# Norwegian and Swedish first names.
name.first: sven, erik, johan, nils, bengt, björn, dag, fredrik, gustaf, haakon, håkan, hakan, halvard
name.first: ingvar, ivar, kjell, knut, kristoffer, mattias, olav, olaf, ola, pelle, ragnar, roald, svein
name.first: terje, torbjørn, torbjorn, trond, ulf, vidar, yngve, øystein, oystein, åke, ake, örjan
name.first: orjan, göran, goran, göte, gote, pär, olle, lennart, mikael, patrik, sixten, ture, valter
name.first: jarle, geir, eirik, espen, øyvind, oyvind, sindre, sigve, stein, steinar, tormod, torstein
name.first: arild, audun, asbjørn, asbjorn, bård, agneta, anette, annika, birgitta, britt, brita
name.first: gunilla, gunnel, hanna, hedda, hilde, ingegerd, johanna, kari, kristina, linnea, liv, lovisa
name.first: malin, margareta, marit, siv, solveig, stina, tuva, ulrika, vilma, åsa, asa, sigrun, torill
name.first: turid, unni, ragna, wenche, oda, ingvild, guro, hege, synnøve, synnove, gro, trude, tonje
# Finnish first names.
name.first: aapo, aarne, aatu, ahti, aki, antti, arto, eero, eino, erkki, esa, harri, heikki, ilkka
name.first: jaakko, janne, jari, jarmo, jouko, juha, juhani, jukka, jussi, kalle, kimmo, lauri, markku
name.first: matti, mika, mikko, olli, onni, pasi, pekka, pentti, petri, raimo, reijo, sami, seppo, simo
name.first: tapani, tapio, teemu, timo, tuomas, tuomo, ville, väinö, vaino, veikko, aleksi, niko, joonas
name.first: joni, oskari, eetu, niilo, leevi, ilmari, arttu, aino, anneli, eija, eila, elina, helmi
name.first: hilkka, iida, inkeri, irja, jenni, kaija, kaisa, kirsi, leena, liisa, maija, marja, merja
name.first: noora, outi, päivi, paivi, pirjo, pirkko, raija, riikka, ritva, sanna, satu, seija, sirpa
name.first: suvi, tarja, tuula, tuuli, anniina, aada, eveliina, venla, veera, hannele, tiina
# Estonian first names, men.
name.first: andrus, tiit, toomas, jaan, jüri, juri, peeter, priit, tõnu, tonu, urmas, margus, indrek
name.first: tarmo, raivo, kalev, madis, siim, kristjan, karl, sander, aivar, ain, aare, ahto, alar, arvo
name.first: aivo, arno, enn, erki, hannes, heiki, heino, henno, ivo, jaak, jaanus, janek, janno, joosep
name.first: juhan, kaarel, kaspar, kaupo, kermo, kristo, kuno, leho, lembit, marek, meelis, mihkel, mikk
name.first: neeme, olev, ott, raido, riho, risto, romet, sulev, taavi, tanel, tauno, teet, tõnis, tonis
name.first: tarvo, uku, ülo, ulo, valdo, veiko, villem, voldemar, jaagup, kaido, märt, urmo, agu, aadu
name.first: ilmar, rando, rauno, reigo, tõnn, tonn, hillar, jaanis, jaano, kalju, rait, tõivo, toivo
name.first: urmet, vello, viljar, ülar, ular, arvi, elmar, imre, janar
# Estonian first names, women.
name.first: kadri, kristiina, piret, triin, liis, maarja, kersti, mari, reet, katrin, merike, külli
name.first: kulli, marika, getter, kertu, aune, eda, evelin, helgi, helju, hille, ilona, kaia, kaie
name.first: kairi, krista, kristel, kristi, laine, leili, liia, liina, liisi, lembi, maie, mai, malle
name.first: marje, pille, riina, saima, sigrid, silvi, siiri, sirje, taimi, tiia, triinu, ulvi, urve
name.first: ülle, ulle, vaike, viive, virve, õie, oie, aili, airi, elo, ester, hele, helve, ille, inga
name.first: kaidi, kätlin, katlin, kärt, kätriin, katriin, liivi, loore, maris, merilin, õnne, onne
name.first: reelika, sille, tiiu, kadi, kelli, kirke, lagle, lii, liivia, luule, maia, mariliis, marleen
name.first: mirje, ragne, reili, siret, urmi, egle, eneli
# Polish first names.
name.first: piotr, tomasz, andrzej, artur, bartosz, bartek, bogdan, czeslaw, czesław, dariusz, dawid
name.first: grzegorz, henryk, jacek, jakub, janusz, jarek, jaroslaw, jarosław, jerzy, kamil, karol
name.first: kazimierz, krzysztof, leszek, lukasz, łukasz, maciej, marcin, mariusz, mateusz, michal
name.first: michał, mieczyslaw, mieczysław, mirek, mikolaj, mikołaj, pawel, paweł, przemek, przemyslaw
name.first: przemysław, radoslaw, radosław, rafal, rafał, ryszard, slawomir, sławomir, stanislaw
name.first: stanisław, szymon, tadeusz, tomek, waldemar, wiktor, witold, wladyslaw, władysław, wojciech
name.first: zbigniew, zdzislaw, zdzisław, zygmunt, kacper, filip, igor, antoni, franciszek, wojtek
name.first: krystian, patryk, katarzyna, agata, agnieszka, aleksandra, alicja, aneta, beata, bozena
name.first: bożena, danuta, dorota, edyta, elzbieta, elżbieta, ewa, ewelina, grazyna, grażyna, halina
name.first: irena, iwona, izabela, jadwiga, janina, jolanta, justyna, kamila, karolina, kasia, krystyna
name.first: magdalena, malgorzata, małgorzata, marzena, patrycja, renata, sylwia, urszula, wanda
name.first: weronika, wiktoria, zofia, zuzanna, oliwia, gosia, basia, ania, dominika, paulina, martyna
name.first: klaudia, kinga, zaneta, żaneta, bogumila, bogumiła, jagoda, stanisława, stanislawa, teodora
name.first: wieslaw, wiesław
# Lithuanian and Latvian first names.
name.first: algirdas, andrius, antanas, arunas, arūnas, audrius, dainius, donatas, edvinas, egidijus
name.first: gediminas, giedrius, juozas, justinas, kestutis, kęstutis, laurynas, linas, mantas
name.first: mindaugas, nerijus, paulius, povilas, ramunas, ramūnas, rimantas, rimas, saulius, simonas
name.first: tadas, valdas, vidas, vilius, vytautas, zydrunas, žydrūnas, aurimas, deividas, domantas
name.first: dovydas, ignas, karolis, kristupas, matas, modestas, agne, agnė, aiste, aistė, audrone
name.first: audronė, ausra, aušra, daiva, eglė, gintare, gintarė, giedre, giedrė, indre, indrė, ieva
name.first: jurgita, jurate, jūratė, laima, migle, miglė, milda, neringa, ona, ramune, ramunė, ruta
name.first: rūta, vaida, zivile, živilė, ugne, ugnė, gabija, austeja, austėja, emilija, kamile, kamilė
name.first: aigars, aivars, andris, arturs, artūrs, dainis, edgars, gatis, girts, ģirts, guntis, ivars
name.first: janis, jānis, juris, kaspars, māris, martins, mārtiņš, normunds, raimonds, raivis, rihards
name.first: roberts, uldis, valdis, valters, viesturs, krisjanis, krišjānis, arvids, egils, ilmars
name.first: imants, agnese, aija, anda, anete, baiba, dace, daiga, dzintra, elīna, evija, gunta, ilze
name.first: inese, inta, iveta, kristine, kristīne, liga, līga, lelde, madara, rasma, sanita, santa
name.first: sarmite, sarmīte, solvita, zanda, ligita, vija, inara, ināra, rudite, rudīte, vizma
# Russian, Ukrainian and Belarusian first names.
name.first: aleksander, aleksandr, aleksei, alexei, alexey, anatoly, anatoli, anatoliy, andrei, andrey
name.first: andriy, anton, arkady, artem, artyom, arseny, bohdan, boris, daniil, dmitri, dmitry, dmytro
name.first: egor, yegor, jegor, evgeny, evgeni, jevgeni, yevgeny, yevhen, fyodor, fedor, gennady
name.first: gennadi, georgy, gleb, grigory, ihor, ilya, kirill, konstantin, leonid, lev, maksim, maxim
name.first: mihhail, mikhail, mykhailo, mykola, nikita, nikolai, oleg, oleh, oleksandr, oleksiy, oleksii
name.first: pavel, petro, pyotr, ruslan, semyon, sergei, sergey, serhiy, serhii, stanislav, stepan
name.first: taras, timur, vadim, valeri, valery, valeriy, vasily, vasili, vassili, vasyl, vitali, vitaly
name.first: vitaliy, vladimir, volodymyr, vladislav, vladyslav, vyacheslav, yaroslav, yuri, yury, yuriy
name.first: zakhar, matvey, rostislav, olga, tatjana, svetlana, irina, jelena, anastasia, ekaterina
name.first: jekaterina, yekaterina, kateryna, alina, alla, antonina, daria, darya, darja, evgenia
name.first: galina, halyna, inna, iryna, larisa, lyudmila, ludmila, ljudmila, lyubov, lidia, lidiya
name.first: mariya, nadezhda, natalja, nataliya, natalya, niina, oksana, olha, polina, raisa, sofiya
name.first: tatyana, tetiana, ulyana, viktoria, viktoriia, yana, yulia, yuliya, zhanna, zoya, ksenia
name.first: kseniya, alyona, alena, lilia, masha, dasha, katya, olya, sveta, vika, zinaida, snezhana
name.first: veronika, vlada, yaroslava, khrystyna, solomiya, myroslava, anastassia, ljubov
# Greek first names.
name.first: alexandros, angelos, apostolos, christos, konstantinos, constantinos, dimitrios, dimitris
name.first: evangelos, georgios, giorgos, ioannis, yannis, giannis, kostas, nikolaos, nikos, panagiotis
name.first: panos, pavlos, petros, spyros, stavros, stelios, thanos, theodoros, vasilis, vasileios
name.first: michalis, athanasios, charalambos, manolis, lefteris, aikaterini, katerina, eleni, dimitra
name.first: vasiliki, angeliki, despina, eirini, irini, evangelia, chrysa, ioanna, kalliope, konstantina
name.first: paraskevi, stavroula, xanthe, zoi, athena, niki, fotini, sotiris, thanasis, takis
# Turkish first names.
name.first: ahmet, alp, arda, ayhan, aydin, aydın, baris, barış, burak, cem, cemal, cengiz, deniz, emre
name.first: enes, engin, erdal, erdem, erdogan, erdoğan, erkan, ercan, eren, fatih, ferhat, gökhan
name.first: gokhan, halil, huseyin, hüseyin, ilker, kaan, kadir, kemal, kerem, koray, levent, mehmet
name.first: melih, mert, murat, necati, oguz, oğuz, okan, onur, orhan, ozan, ramazan, recep, sedat
name.first: selim, serdar, serkan, sinan, tolga, tuncay, ufuk, umut, volkan, yasin, yavuz, yunus, zeki
name.first: berk, efe, emir, ömer, omer, taha, yigit, yiğit, aylin, ayse, ayşe, aysel, ayten, bahar
name.first: banu, berna, burcu, busra, büşra, canan, cansu, derya, dilek, ebru, elif, emine, esra, filiz
name.first: gamze, gizem, gulsen, gülşen, hacer, hande, hatice, hulya, hülya, ipek, kubra, kübra, melek
name.first: meltem, merve, nazli, nazlı, nesrin, ozlem, özlem, pinar, pınar, seda, selin, serap, sevgi
name.first: sibel, songul, songül, tugba, tuğba, tulay, tülay, yasemin, yeliz, zehra, zeynep, ece, ecrin
name.first: defne, eylul, eylül, irem
# Arabic first names.
name.first: mohammed, muhammad, mohamed, mohammad, mohamad, muhammed, ahmed, ahmad, ali, omar, umar
name.first: aisha, yusuf, youssef, yousef, ibrahim, hassan, hasan, hussein, husain, hussain, abdallah
name.first: abdullah, abdul, abdulrahman, abdelaziz, abdulaziz, aziz, adel, adil, akram, amin, amir
name.first: amjad, anas, anwar, ashraf, ayman, ayoub, ayub, bilal, faisal, farid, faris, fawaz, fouad
name.first: hamid, hamza, hani, haroun, harun, hatem, hisham, hossam, hussam, imad, ismail, jabir, jalal
name.first: jamil, kamal, karim, khaled, khalid, khalil, mahmoud, mahmud, majid, mansour, marwan, mazen
name.first: mostafa, mustafa, moustafa, murad, nabil, nader, nasser, nizar, osama, usama, qasim, rami
name.first: rashid, riad, riyad, saad, saeed, saleh, salim, salem, samir, sharif, tamer, tarek, tariq
name.first: wael, walid, waleed, yahya, yasser, yasir, yassin, yassine, zaid, zakaria, zakariya, ziad
name.first: ziyad, hakim, hadi, mounir, rachid, mehdi, ilyas, ilias, younes, adnan, bashir, issa, musa
name.first: moussa, suleiman, sulaiman, othman, uthman, abdelkader, abdelkarim, abdelhak, aicha, amal
name.first: amina, aminah, amira, asma, aya, basma, dalia, dina, duaa, dua, farah, ghada, hala, hana
name.first: hanan, hayat, hiba, houda, huda, iman, imane, jamila, jana, khadija, khadijah, lamia, layla
name.first: leila, lubna, loubna, maha, malak, manal, maryam, mariam, meryem, najwa, nawal, nisreen
name.first: nesrine, nour, rana, rania, rasha, reem, ruqayya, safa, salma, samar, samira, sana, shaima
name.first: sumaya, sumaiya, suha, wafa, yasmine, zahra, zainab, zaynab, zeinab, zeina, zineb, zohra
name.first: soumaya, hafsa, hajar, latifa, malika, nabila, naima, rachida, saida, soraya, fadwa, ghalia
name.first: ikram, karima, lamya, ouafae, rahma, yousra
# Somali first names.
name.first: abdi, abdirahman, abdirashid, abdikarim, abdullahi, aden, abshir, dahir, guled, jama, liban
name.first: mahad, mohamud, mukhtar, sharmarke, warsame, hodan, ayan, fadumo, faadumo, halima, hawa
name.first: hibaq, hinda, idil, ifrah, ilhan, iqra, khadra, ladan, maryan, muna, nasra, sagal, sahra
name.first: shukri, ubah, zamzam, hamdi, deeqa, filsan, asha, fartun, hibo, sadia, abdiqani, abdiwali
name.first: abdinasir, cabdi, cali, faysal, hamse, mahamed, farhan, osman, sahal, warda, nimco
# Kurdish, Persian and Afghan first names.
name.first: azad, aram, baran, berivan, dilan, dilshad, hawar, hozan, jiyan, kawa, rizgar, rojin, sardar
name.first: sherko, shivan, soran, zana, zelal, nergiz, nasrin, narin, nazdar, shilan, avin, evin, diyar
name.first: serwan, karwan, hemin, hiwa, zhiyar, kamaran, bakhtiyar, aso, jwan, rozhin, shirin, arash
name.first: babak, bahram, behnam, behrouz, cyrus, dariush, ehsan, farhad, farzad, hossein, kamran
name.first: kaveh, keyvan, kian, mohsen, mojtaba, navid, omid, parviz, payam, peyman, pouya, ramin, reza
name.first: shahram, siamak, sina, soroush, vahid, azadeh, elham, fariba, farnaz, fatemeh, golnaz, laleh
name.first: mahsa, mahnaz, mina, mitra, neda, nazanin, niloufar, parisa, parvaneh, roya, sahar, shabnam
name.first: taraneh, yasaman, ziba, habib, jawad, mirwais, naveed, nasir, rahim, sayed, shafiq, wahid
name.first: zalmai, ahmadullah, rahmatullah, zabihullah, hamidullah, farida, fereshteh, marjan, mehri
# South Asian first names.
name.first: priya, raj, anil, aditya, vikram, sanjay, deepak, anjali, sunita, pooja, neha, arjun, aakash
name.first: akash, abhishek, ajay, amit, amar, amardeep, amrit, anand, anish, ankit, anuj, arun, ashish
name.first: ashok, atul, balraj, bharat, bhavesh, chandra, chetan, dhruv, dilip, dinesh, gaurav, gopal
name.first: gurpreet, gurdeep, harjit, harish, harpreet, hardeep, harinder, hitesh, inderjit, jagdish
name.first: jasbir, jaswinder, jatinder, jitendra, karan, kiran, krishna, kuldeep, kunal, lalit, mahesh
name.first: manish, manoj, mohan, mukesh, naresh, navdeep, navin, naveen, nikhil, nitin, paramjit
name.first: parminder, pawan, pradeep, prakash, pranav, prashant, pravin, rahul, rajesh, rajinder, rajiv
name.first: rakesh, ramesh, ranjit, ravi, rishi, rohan, rohit, sachin, sahil, sandeep, sanjeev, satish
name.first: shiv, shyam, siddharth, sukhdev, sukhwinder, sunil, suresh, surinder, tarun, uday, umesh
name.first: varun, vijay, vikas, vinay, vinod, vishal, vivek, yash, yogesh, aamir, asif, atif, arif
name.first: arshad, asad, asim, azhar, babar, basit, fahad, faizan, farooq, haider, haris, haroon, imran
name.first: irfan, ishaq, junaid, khurram, mohsin, nadeem, naeem, nauman, noman, owais, rizwan, sajid
name.first: saleem, shahid, shahzad, shakeel, shoaib, sohail, suhail, tahir, talha, tanveer, umair
name.first: usman, waqar, waqas, zahid, zain, zeeshan, zubair, adeel, asghar, kashif, mudassar, raheel
name.first: rehan, saqib, sarfraz, wasim, waseem, abul, jahangir, kabir, mahbub, monir, mizan, rafiq
name.first: rashed, shafiqul, shahidul, sohel, tanvir, touhid, ziaul, aminul, mamun, masud, nazrul
name.first: rubel, sabbir, shakil, sumon, fahim, tamim, aarti, aishwarya, ananya, anjana, anusha
name.first: archana, bhavna, deepa, deepika, devi, divya, durga, geeta, gita, indira, isha, jasleen
name.first: jaspreet, jyoti, kajal, kavita, kavya, komal, lakshmi, lata, leela, madhu, mamta, manisha
name.first: manpreet, meena, meera, mira, nandini, neelam, nisha, padma, pallavi, parveen, poonam
name.first: preeti, priyanka, radha, rani, rashmi, rekha, renu, ritu, roshni, rupa, sakshi, sangeeta
name.first: sarita, seema, shabana, shalini, shanti, shilpa, shreya, simran, smita, sneha, sushma, swati
name.first: tanvi, uma, usha, vandana, varsha, vidya, afsana, ambreen, amna, anum, bushra, fozia, hina
name.first: humaira, mahnoor, mehwish, naila, nasreen, nazia, rabia, rehana, rubina, samina, shazia
name.first: sobia, sumaira, tahira, uzma, zubaida, mehreen, hira, aqsa, farzana, fahmida, jannat, nusrat
name.first: rumana, shamima, sharmin, taslima, tahmina, rokeya, tasnim, afroza, ruksana, shahnaz
name.first: gurinder, kuljit, baljit
# Nigerian first names (Igbo, Yoruba, Hausa, Edo).
name.first: chukwuemeka, emeka, chidi, chidiebere, chinedu, chibuike, chinonso, chukwudi, chijioke
name.first: chima, chinua, ikenna, ifeanyi, obinna, nnamdi, uchenna, uche, kelechi, tochukwu, tochi
name.first: obiora, okechukwu, ebuka, somto, kenechukwu, chiamaka, chioma, chinwe, chinyere, adaeze
name.first: adaora, amaka, ngozi, nneka, ifeoma, ijeoma, nkechi, obiageli, uzoma, chidinma, ogechi
name.first: chizoba, onyinye, ebere, nkiru, amarachi, chisom, ugochi, ezinne, adebayo, adeola, adewale
name.first: ademola, adekunle, akinola, ayodele, ayo, babajide, babatunde, bamidele, bolaji, damilola
name.first: dayo, femi, folarin, gbenga, jide, kayode, kehinde, taiwo, idowu, olumide, oluwaseun, seun
name.first: segun, sola, tunde, tunji, wale, yemi, bukola, bola, bisi, funmilayo, funmi, folake
name.first: folasade, sade, titilayo, titi, yetunde, omolara, olamide, oluwatobi, tobi, tolu, temitope
name.first: tope, morenike, abimbola, adenike, adunni, aduke, ayomide, ayobami, ibukun, iyabo, jumoke
name.first: kemi, modupe, mojisola, ronke, shola, simisola, yewande, folashade, dapo, tayo, niyi, lanre
name.first: kunle, gbemisola, olu, abubakar, aminu, garba, lawal, sani, shehu, aliyu, danjuma, haruna
name.first: kabiru, nasiru, salisu, sadiq, hauwa, binta, hadiza, hafsat, hajara, rukayya, zulaihat
name.first: asabe, ladi, laraba, talatu, osagie, osaro, efosa, eghosa, ivie, osas, uyi, chiwetel
name.first: oluwafemi
# Ghanaian and other African first names.
name.first: kofi, kwabena, kwaku, kwadwo, kojo, kwasi, kwesi, kweku, yaw, kobina, fiifi, kwamena, kobby
name.first: akua, abena, ama, adwoa, afia, afua, akosua, yaa, esi, efua, araba, ekua, adjoa, nii, amara
name.first: wanjiru, njeri, wambui, wanjiku, achieng, akinyi, kiprono, tesfaye, abebe, alemu, getachew
name.first: haile, mulugeta, yohannes, tekle, berhane, kidane, mesfin, selam, tigist, hiwot, meron
name.first: tsion, yodit, genet, senait, almaz, dawit, solomon, tsegaye, yonas, habtamu, thabo, sipho
name.first: themba, nomvula, thandiwe, zanele, lerato, bongani, mandla
# Chinese first names (pinyin).
name.first: wei, chen, jie, lei, ming, hao, hui, jing, yan, ying, xin, yi, li, lin, ling, tao, qiang
name.first: yong, chao, feng, hua, lu, mei, qing, tian, xia, xiao, yang, yun, zhen, zhi, jian, jianguo
name.first: jianhua, xiaoming, xiaoli, xiaoyan, zhiwei, wenjie, haoran, zihan, yuxuan, yichen, junjie
name.first: weiwei, jiajia, lili, tingting, yanyan, xiaohong, meiling, zhiqiang, chunhua, guoqiang
name.first: lijun, xiaojun, yuting, jiayi, xinyi, zhiyuan, yuhang, haoyu, zixuan, shuang, xue
# Vietnamese first names.
name.first: anh, binh, bao, cuong, duc, hai, hanh, hieu, hoa, huong, huy, khanh, khoa, linh, minh, ngoc
name.first: nhung, phong, phuong, quan, quang, quynh, thanh, thao, thuy, tien, trang, trung, tuan, tuyet
name.first: uyen, vinh, viet, xuan, hien, diep, giang, hau, hoai, kieu, loc, luan, nguyet
# Filipino first names.
name.first: corazon, benigno, rolando, romeo, danilo, rommel, jomar, jericho, jayson, arnel, edgardo
name.first: efren, ronaldo, rodel, marites, maricel, marilou, analyn, divina, erlinda, leonora
name.first: luzviminda, mylene, rhea, angelica, mariel, jhoanna, nenita, josefina, arlene, rachelle
name.first: ailene, remedios, rosalina, teofilo, wilfredo, honeylyn, jonalyn
# Japanese and Korean first names.
name.first: yuki, hiroshi, kenji, takashi, takeshi, yuko, haruka, akiko, keiko, naoko, satoshi, kazuki
name.first: kenta, yuto, emi, aiko, minjun, jiwoo, seojun, jimin, hyun, eun, jiyeon, seoyeon, sora

# English and American surnames.
name.last: smith, johnson, williams, jones, miller, davis, wilson, anderson, thomas, taylor, moore
name.last: jackson, martin, lee, thompson, harris, clark, lewis, robinson, walker, allen, wright, scott
name.last: adams, nelson, campbell, mitchell, carter, roberts, phillips, evans, turner, parker, collins
name.last: edwards, stewart, morris, murphy, rogers, morgan, cooper, peterson, bailey, kelly, howard
name.last: cox, richardson, watson, brooks, james, bennett, gray, grey, hughes, sanders, myers, ross
name.last: foster, powell, jenkins, perry, russell, sullivan, coleman, butler, henderson, barnes, fisher
name.last: simmons, jordan, patterson, alexander, hamilton, graham, reynolds, griffin, wallace, cole
name.last: hayes, bryant, gibson, ellis, stevens, murray, marshall, owens, harrison, mcdonald
name.last: washington, kennedy, wells, henry, freeman, webb, tucker, burns, crawford, olson, simpson
name.last: porter, gordon, shaw, snyder, mason, dixon, hicks, holmes, palmer, wagner, robertson, boyd
name.last: warren, mills, meyer, daniels, ferguson, nichols, stephens, weaver, ryan, gardner, payne
name.last: dunn, kelley, spencer, hawkins, arnold, pierce, brown, abbott, ackroyd, adcock, addison
name.last: ainsworth, aitken, alcock, alderson, aldridge, allsop, ambrose, anstey, appleby, appleton
name.last: archer, arkwright, armitage, armstrong, ashby, ashcroft, ashdown, ashley, ashton, ashworth
name.last: askew, aspinall, astley, atherton, atkin, atkins, atkinson, attwood, austin, aylward
name.last: backhouse, bagley, bainbridge, baldwin, bamford, barker, barlow, barnard, barnett
name.last: barraclough, barrett, barron, bartlett, barton, bassett, bateman, bates, baxter, beale
name.last: beaumont, beckett, beckham, bedford, bellamy, benson, bentley, beresford, bevan, biggs
name.last: bingham, birkett, blackburn, blackwell, blake, blakemore, blakey, blundell, blyth, boardman
name.last: bolton, bostock, boswell, bottomley, boulton, bourne, bowden, bowen, bower, bowers, bowman
name.last: boyle, bradbury, bradford, bradley, bradshaw, brady, braithwaite, bramley, brennan, brewer
name.last: briggs, brindley, broadbent, bromley, brookes, broughton, buckley, burgess, burke, burnett
name.last: burrows, burton, butterworth, buxton, byrne, cairns, calvert, cameron, carey, carlisle, carr
name.last: carroll, carson, cartwright, cassidy, chadwick, chamberlain, chandler, chaplin, chapman
name.last: charlton, chisholm, clarke, clayton, clegg, clements, clifford, clifton, coates, cockburn
name.last: collier, connolly, conway, cooke, coombes, copeland, corbett, coulson, cowley, crabtree
name.last: craig, crawley, cresswell, crompton, crosby, crossley, crowther, cullen, cummings, cunningham
name.last: curtis, dalton, daly, davidson, dawes, dawson, denton, devlin, dickinson, dickson, dobson
name.last: dodd, donnelly, doherty, dowling, downing, doyle, drake, driscoll, dudley, duffy, dunne, dyer
name.last: eastwood, eaton, eccles, edmonds, elliott, ellison, emerson, entwistle, everett, fairclough
name.last: farrell, faulkner, fenton, fielding, fitzgerald, fitzpatrick, flanagan, fleming, fletcher
name.last: flynn, forbes, forster, fowler, francis, franklin, fuller, gallagher, garner, garrett
name.last: gibbons, gibbs, gilbert, giles, gilmore, glover, goddard, godfrey, golding, goodall, goodwin
name.last: gough, gould, grainger, greaves, greenwood, gregory, griffiths, grimshaw, hadley, haigh, hale
name.last: halliday, hammond, hancock, handley, hanson, harding, hardy, hargreaves, harper, harrington
name.last: hartley, harvey, haslam, hawthorne, hayward, haywood, healey, heath, heaton, hemmings
name.last: henshaw, hewitt, heywood, higgins, hilton, hinchliffe, hobbs, hodges, hodgson, holden
name.last: holloway, holt, hooper, hopkins, horton, houghton, howarth, howe, howell, howells, hudson
name.last: hulme, humphreys, hurst, hutchinson, hutton, ingram, irving, jarvis, jeffries, jefferies
name.last: jennings, johnston, kaye, kemp, kendall, kenyon, kerr, kershaw, kirby, kirk, knowles, lambert
name.last: lancaster, lawrence, lawson, leach, lees, leigh, lindsay, lister, livesey, lockwood, lowe
name.last: lucas, lyons, mansfield, marsden, mather, matthews, maynard, mellor, metcalfe, middleton
name.last: milburn, milner, molyneux, moorhouse, moran, morley, morrison, mullins, naylor, newman
name.last: newton, nicholson, norris, nuttall, oakley, oldham, oliver, ormerod, osborne, owen, parkin
name.last: parkinson, parr, parry, pascoe, pearce, pearson, pemberton, penrose, perkins, pickering
name.last: pilkington, pitt, platt, pollard, poole, potter, pratt, preston, pritchard, proctor, pugh
name.last: radcliffe, ramsbottom, ramsden, ramsey, rawlinson, redfern, redmond, reeves, rhodes, richards
name.last: richmond, riley, rimmer, robson, rowe, rowley, rushton, ryder, sanderson, saunders, schofield
name.last: scholes, seddon, sharpe, shepherd, sheppard, sherwood, simms, sims, slater, southall, sowerby
name.last: stafford, stanley, starkey, steele, stephenson, stevenson, stokes, storey, stott, stringer
name.last: sugden, sumner, sutcliffe, sutton, swain, sykes, talbot, tate, thornton, thorpe, tomlinson
name.last: townsend, travis, trueman, tyler, tyson, underwood, vickers, wainwright, wakefield, walmsley
name.last: walters, walton, warburton, wardle, warner, waterhouse, watkins, watts, webster, weller
name.last: welch, wheeler, whitaker, whitehead, whiteley, whittaker, wilcox, wilde, wilkins, wilkinson
name.last: willis, winterbottom, wolstenholme, woodcock, woodhouse, woodward, woolley, worthington
name.last: wragg, wyatt, yates, yeomans, whitfield, fairbairn, gaskell, hollingsworth, illingworth
name.last: kettlewell, longbottom, oldroyd, rothwell, shufflebottom, sidebottom, ackerley, higginbottom
name.last: heseltine, hetherington, trelawney, tregear, trevithick, fothergill, featherstone, haworth
name.last: holroyd, pennington, postlethwaite, rickard, tennant
# American surnames.
name.last: jefferson, booker, mosley, dorsey, gaines, hairston, woodard, hampton, glenn, calhoun, mcneal
name.last: tolliver, pettiford, ware, boone, ellington, goodman, kimball, lowery, mccall, mcgee, odom
name.last: pickett, randolph, rollins, shelton, singleton, spears, stanton, sweeney, terrell, thurman
name.last: vance, whitley, wooten, yancey, zimmerman, schultz, larson, swanson, carlson, nielsen
name.last: johansen, novak, kowalski, sorensen, gustafson
# Welsh surnames.
name.last: davies, lloyd, rees, vaughan, llewellyn, llywelyn, meredith, preece, probert, prosser, gwynne
name.last: beynon, gittins, maddocks
# Scottish surnames.
name.last: baird, buchanan, chalmers, christie, cochrane, dalgleish, docherty, donaldson, douglas
name.last: drummond, duncan, dunlop, erskine, forsyth, fraser, gillespie, hogg, hutchison, irvine
name.last: johnstone, keith, kirkpatrick, laidlaw, lamont, livingstone, logan, lyall, macaulay
name.last: macdonald, macfarlane, macgregor, mackay, mackenzie, mackie, maclean, macleod, macmillan
name.last: macpherson, macrae, mair, malcolm, maxwell, menzies, millar, milne, moffat, moncrieff
name.last: montgomery, muir, munro, napier, ogilvie, paterson, rankin, ritchie, sinclair, stirling
name.last: sutherland, thomson, urquhart, watt, weir, wylie, mcallister, mcalister, macallister
name.last: mcarthur, macarthur, mcbride, mccabe, mccallum, mccann, mccartney, mcclelland, mcconnell
name.last: mccormack, mccormick, mccoy, mccracken, mccullough, mcdermott, mcdonagh, mcdonnell, mcdowell
name.last: mcelroy, mcevoy, mcewan, mcfadden, mcfarlane, mcghee, mcgill, mcginley, mcgowan, mcgrath
name.last: mcgregor, mcguinness, mcguire, mchugh, mcintosh, mcintyre, mackintosh, macintyre, mciver
name.last: mckay, mckee, mckenna, mckenzie, mckinley, mckinnon, mclaren, mclaughlin, mclean, mcleod
name.last: mcloughlin, mcmahon, mcmanus, mcmillan, mcnally, mcnamara, mcneil, mcneill, mcnulty
name.last: mcpherson, mcquade, mcqueen, mcshane, mcsweeney, mctavish, mcveigh, mcwilliams, mcaulay
name.last: macdougall, mcdougall, macinnes, mcinnes, mackinnon, maclachlan, mclachlan, macneil, mcrae
name.last: mcnab, mcnaughton, macnaughton, mcauley, mcdaid, mcgarry, mckeown, mccarthy, macdonnell
name.last: mcgovern, mcardle, mccaffrey
# Irish surnames.
name.last: obrien, o'brien, oconnor, o'connor, kavanagh, quinn, walsh, ahern, aherne, barry, boylan
name.last: breen, cahill, callaghan, casey, clancy, cleary, coffey, conlon, connell, conroy, corcoran
name.last: costello, coughlan, cronin, crowley, curran, delaney, dempsey, dillon, dolan, donoghue
name.last: donovan, dooley, egan, fahy, finnegan, foley, geraghty, gilmartin, gleeson, hanlon, healy
name.last: hegarty, hennessy, hogan, horgan, keane, kearney, kearns, keating, keegan, kehoe, kelleher
name.last: kenny, keogh, kiely, kinsella, lynch, madden, maguire, maher, mahon, mahony, mahoney, malone
name.last: maloney, moloney, molloy, moriarty, mulcahy, mullan, mullen, mulligan, nolan, noonan, nugent
name.last: phelan, quigley, quinlan, regan, reilly, riordan, rooney, scanlon, shanahan, sheehan
name.last: sheridan, slattery, tierney, toner, tobin, treacy, twomey, whelan, o'connell, oconnell
name.last: o'donnell, odonnell, o'donoghue, odonoghue, o'donovan, odonovan, o'driscoll, odriscoll
name.last: o'dwyer, odwyer, o'flaherty, oflaherty, o'gorman, ogorman, o'grady, ogrady, o'hara, ohara
name.last: o'hare, ohare, o'keeffe, okeeffe, o'keefe, okeefe, o'kelly, okelly, o'leary, oleary, o'mahony
name.last: omahony, o'mahoney, omahoney, o'malley, omalley, o'mara, omara, o'meara, omeara, o'neill
name.last: oneill, o'neil, oneil, o'neal, oneal, o'reilly, oreilly, o'rourke, orourke, o'shea, oshea
name.last: o'sullivan, osullivan, o'toole, otoole, o'callaghan, ocallaghan, o'dowd, odowd, o'halloran
name.last: ohalloran, o'hagan, ohagan, o'loughlin, oloughlin, o'regan, oregan, o'riordan, oriordan
name.last: o'byrne, obyrne, o'carroll, ocarroll, o'doherty, odoherty, o'farrell, ofarrell, o'higgins
name.last: ohiggins, o'hanlon, ohanlon, o'kane, okane, o'keane, okeane, o'boyle, oboyle, o'gara, ogara
name.last: o'hearn, ohearn, o'herlihy, oherlihy, fennelly, hurley, lenihan, lonergan, mulvihill
name.last: naughton, o'dea, odea, rafferty
# Hispanic surnames.
name.last: garcia, rodriguez, martinez, hernandez, lopez, gonzalez, perez, sanchez, ramirez, torres
name.last: flores, gomez, diaz, cruz, reyes, morales, gutierrez, ortiz, ramos, chavez, mendoza, ruiz
name.last: alvarez, castillo, jimenez, vasquez, romero, moreno, herrera, medina, aguilar, castro
name.last: fernandez, vargas, guzman, mendez, munoz, muñoz, salazar, soto, garza, acosta, alvarado
name.last: avila, barrera, benitez, cabrera, calderon, calderón, camacho, campos, cardenas, carrillo
name.last: castaneda, cervantes, contreras, cordova, delgado, dominguez, escobar, espinoza, estrada
name.last: figueroa, fuentes, gallegos, galvan, guerrero, ibarra, juarez, lara, lozano, macias
name.last: maldonado, marquez, mejia, miranda, molina, montoya, navarro, nunez, núñez, ochoa, orozco
name.last: pacheco, padilla, peña, pena, ponce, quintero, rangel, rios, ríos, rivas, rivera, robles
name.last: rocha, rojas, rosales, rosario, salas, sandoval, santiago, serrano, solis, suarez, suárez
name.last: tapia, trujillo, valdez, valencia, vazquez, vázquez, vega, velasquez, velazquez, zamora
name.last: zuniga, hidalgo, bermudez, cisneros, esparza, villarreal, villanueva, zapata, arroyo, barajas
name.last: bautista, caballero, cortez, cortes, montes, nieto, olivares, pineda, quiroz, sosa, trevino
name.last: uribe, velez, zavala, arias, avalos, beltran, blanco, bustamante, cano, cuevas, enriquez
name.last: fierro, franco, gil, iglesias, lucero, marin, mora, moya, ortega, palacios, paredes, parra
name.last: prieto, quintana, rubio, saenz, salinas, santana, sierra, toledo, vallejo, varela, vidal
name.last: alonso, sanz, gallego, calvo, crespo, ferrer, serra, cabello, esteban, carmona, garrido
name.last: gimenez, gonzales, herrero, lorenzo, merino, pardo, soler, vila, hurtado, luna, mercado
name.last: ocampo, aquino
# Portuguese and Brazilian surnames.
name.last: santos, oliveira, pereira, ferreira, almeida, silva, costa, alves, amaral, andrade, antunes
name.last: araujo, araújo, azevedo, barbosa, barros, batista, borges, cabral, caldeira, cardoso
name.last: carneiro, carvalho, coelho, correia, cunha, dias, duarte, esteves, faria, fernandes, ferraz
name.last: figueiredo, fonseca, freitas, gaspar, goncalves, gonçalves, gomes, guerra, henriques, lima
name.last: lopes, lourenco, lourenço, macedo, machado, magalhaes, magalhães, marques, martins, matos
name.last: medeiros, melo, mendes, monteiro, moreira, morais, moura, neves, nogueira, nunes, paiva
name.last: pinheiro, pinto, pires, reis, ribeiro, rodrigues, sequeira, simoes, simões, soares, sousa
name.last: souza, tavares, teixeira, valente, vasconcelos, vaz, vieira, xavier, brandao, brandão, cavaco
name.last: loureiro, quaresma, rebelo
# Italian surnames.
name.last: rossi, russo, ferrari, esposito, bianchi, romano, amato, barbieri, basile, bellini, benedetti
name.last: bernardi, bruno, caputo, carbone, cattaneo, colombo, conte, conti, coppola, deluca, d'angelo
name.last: dangelo, fabbri, farina, ferrara, ferraro, ferri, fontana, galli, gallo, gatti, gentile
name.last: giordano, giuliani, grasso, greco, leone, lombardi, lombardo, longo, mancini, marchetti
name.last: mariani, marino, martinelli, mazza, messina, monti, morelli, moretti, negri, orlando, pagano
name.last: palumbo, parisi, pellegrini, rinaldi, rizzi, rizzo, ricci, rossetti, santoro, sartori
name.last: silvestri, testa, valentini, vitale, caruso, fiore, marini, barone, pellegrino, bianco
name.last: cirillo, bassi, donati, moro, neri, sorrentino, bellucci, cavallo, d'amico, damico
name.last: d'alessandro, dalessandro, desantis, distefano, ferrante, napolitano, palmieri, pastore
name.last: piras, pozzi, tedesco, vitali, lombardini, mazzini, ricciardi, santangelo, scuderi, spinelli
name.last: ventura
# French and Belgian surnames.
name.last: dubois, moreau, laurent, bernard, bertrand, bonnet, boyer, chevalier, clement, dufour, dumas
name.last: dupont, durand, faure, fontaine, fournier, gaillard, garnier, gauthier, gautier, girard
name.last: guerin, lefebvre, lefevre, legrand, lemaire, leroy, marchand, masson, mathieu, mercier
name.last: meunier, michel, morel, nicolas, perrin, petit, picard, renard, richard, robert, roche
name.last: rousseau, roussel, roux, vincent, brun, barbier, blanchard, bourgeois, brunet, caron
name.last: charpentier, colin, denis, dupuis, fabre, fleury, gerard, guillaume, hubert, joly, leclerc
name.last: lemoine, leblanc, lecomte, olivier, prevost, rey, riviere, rolland, schmitt, lacroix
name.last: delacroix, duval, lebrun, leclercq, aubert, peeters, janssens, maes, jacobs, mertens, willems
name.last: claes, goossens, wouters, dubreuil, deschamps, benoit, carpentier, chauvin, collet, daniel
name.last: giraud
# German and Austrian surnames.
name.last: muller, müller, mueller, schneider, fischer, weber, becker, hoffmann, bauer, baumann, beck
name.last: berger, braun, busch, franke, friedrich, fuchs, graf, gunther, haas, hahn, hartmann, hauser
name.last: heinrich, herrmann, hofmann, huber, jager, jäger, kaiser, keller, klein, koch, kohler, köhler
name.last: kraus, krause, kruger, krüger, kuhn, lang, lange, lehmann, lorenz, ludwig, maier, mayer
name.last: meier, neumann, peters, pohl, richter, roth, schafer, schäfer, scholz, schmid, schmidt
name.last: schreiber, schroder, schröder, schubert, schulz, schulze, schumacher, schuster, schwarz
name.last: seidel, sommer, stein, vogel, vogt, walter, weiss, werner, winkler, wolff, zimmermann
name.last: ziegler, engel, brandt, dietrich, frey, hartung, jung, kramer, kunz, lindner, marx, pfeiffer
name.last: ritter, sauer, schulte, steiner, thiele, ullrich, walther, wendt, wirth, zimmer, zeller
name.last: brenner, eckert, fink, hoppe, kessler, konig, könig, krebs, mohr, moser, nagel, reuter
name.last: rieger, scherer, seitz, voigt, weigel, albrecht, bergmann, dittrich, ebert
# Dutch surnames.
name.last: bakker, visser, smit, meijer, mulder, dekker, brouwer, dijkstra, janssen, hendriks, kok
name.last: koster, postma, schouten, smits, verhoeven, vermeulen, hoekstra, kuipers, huisman, gerritsen
name.last: timmermans, veenstra, vink, bos, vos, maas, prins, dijk, vries, jong, leeuwen, verbeek
name.last: kuiper, schipper, zwart, scholten, jonker, hermans, martens, bosman, bosch, boer, haan, beek
# Danish surnames: -sen names.
name.last: jensen, hansen, pedersen, andersen, christensen, larsen, sørensen, rasmussen, jørgensen
name.last: jorgensen, petersen, madsen, kristensen, olsen, thomsen, christiansen, poulsen, mortensen
name.last: knudsen, jakobsen, jacobsen, mikkelsen, olesen, frederiksen, laursen, henriksen, eriksen
name.last: kristiansen, clausen, simonsen, svendsen, andreasen, jeppesen, mogensen, jepsen, iversen
name.last: nissen, lauridsen, jessen, bertelsen, carlsen, karlsen, jespersen, thygesen, kjeldsen
name.last: villadsen, lassen, danielsen, enevoldsen, gregersen, hermansen, klausen, lauritsen, lorentzen
name.last: lorenzen, mathiasen, mathiesen, mathiassen, michelsen, ottesen, pallesen, paulsen, steffensen
name.last: thorsen, frandsen, graversen, kristoffersen, christoffersen, mouritsen, thuesen, troelsen
name.last: tychsen, vilhelmsen, abrahamsen, albrechtsen, asmussen, boesen, bojesen, ebbesen, eliasen
name.last: esbensen, eskildsen, gravesen, lauesen, melchiorsen, ovesen, svenningsen, willumsen, espersen
name.last: hemmingsen, holgersen, ibsen, justesen, kirkeby, kjærsgaard, kjaersgaard, kragelund
name.last: nikolajsen, nicolaisen, sandersen, severinsen, sigurdsen, stoltenberg, søndergaard
name.last: sondergaard, thomassen, toftgaard, tygesen, valentinsen, aagesen
# Danish surnames: -gaard, -strup, -holm and other place names.
name.last: møller, moller, lund, holm, østergaard, ostergaard, vestergaard, kjær, kjaer, dalgaard
name.last: nørgaard, norgaard, nørregaard, norregaard, aagaard, bisgaard, bundgaard, damgaard, dalsgaard
name.last: haugaard, hedegaard, holmgaard, hougaard, højgaard, hojgaard, kjærgaard, kjaergaard
name.last: korsgaard, kirkegaard, kierkegaard, lindegaard, lundgaard, mølgaard, molgaard, nedergaard
name.last: nygaard, overgaard, pilegaard, skovgaard, stougaard, ødegaard, odegaard, bjerregaard
name.last: kjeldgaard, lykkegaard, steengaard, westergaard, gammelgaard, lundsgaard, maegaard, meldgaard
name.last: mosegaard, teglgaard, hummelgaard, damsgaard, søgaard, sogaard, bækgaard, baekgaard
name.last: kaasgaard, stenstrup, lystrup, hostrup, kastrup, glistrup, krarup, dahlerup, thorup
name.last: kjellerup, glerup, skovsgaard, ravnsborg, engholm, lindholm, sandholm, rosenholm, egholm
name.last: rosendahl, lindahl, rahbek, lindhardt, brøndum, brondum, bach, friis, skov, lindskov, bech
name.last: bruun, hald, holst, juhl, juul, krogh, krog, kruse, nyborg, pihl, ravn, riis, rosenberg
name.last: schou, sloth, toft, vinther, winther, wulff, fuglsang, hjorth, kragh, lykke, lynge, munk
name.last: pagh, rask, skytte, søberg, soberg, thrane, tofte, brix, buch, falk, fogh, grønbech, gronbech
name.last: grønlund, gronlund, hviid, hvid, hjort, juncker, kjærulff, kjaerulff, kofoed, lyngsø, lyngso
name.last: munch, mørch, morch, nørby, norby, pape, rohde, rønne, ronne, skou, sønderby, sonderby
name.last: tranberg, vedel, wiberg, aakjær, aakjaer, bonde, dalby, degn, duus, haahr, hartvig, hvidt
name.last: jarl, kaas, kock, leth, lillelund, nørskov, norskov, obel, qvist, riber, rytter, schack
name.last: seidelin, skovbo, trier, vinding, westh, zacho, auken, haarder, lykketoft, ellemann, dreyer
name.last: blixen, bohr, tørnæs, tornaes, svane, jelved, helveg, bødskov, bodskov, vestager, thorning
name.last: løkke, lokke, wammen, hækkerup, haekkerup, barfoed, dyremose, heunicke, bendtsen, fabricius
name.last: ørum, orum, oelund, ølund, olund, bjerre, bjerg, bøgh, bogh, dahlgaard, eskesen, fenger
name.last: gjesing, grøn, gron, hedeager, hornbech
# Norwegian and Swedish surnames.
name.last: andersson, johansson, karlsson, nilsson, eriksson, larsson, olsson, persson, svensson
name.last: gustafsson, pettersson, jonsson, jansson, hansson, bengtsson, jönsson, lindberg, jakobsson
name.last: magnusson, olofsson, lindström, lindstrom, lindqvist, lindgren, berg, axelsson, bergström
name.last: bergstrom, lundberg, lind, lundgren, lundqvist, mattsson, berglund, fredriksson, sandberg
name.last: henriksson, forsberg, sjöberg, sjoberg, wallin, engström, engstrom, eklund, danielsson
name.last: lundin, håkansson, hakansson, björk, bjork, gunnarsson, holmberg, samuelsson, fransson
name.last: wikström, wikstrom, isaksson, bergman, nyström, nystrom, holmgren, ström, strom, sundberg
name.last: hedlund, sandström, sandstrom, åberg, aberg, holmqvist, nyberg, söderberg, soderberg, blom
name.last: dahl, nordin, strömberg, stromberg, sundqvist, hedberg, ekberg, sjögren, sjogren, lindblad
name.last: almqvist, berggren, nordström, nordstrom, ahlberg, borg, ekman, wahlberg, nilsen, johnsen
name.last: pettersen, haugen, hagen, johannessen, andreassen, halvorsen, moen, gundersen, solberg, eide
name.last: knutsen, martinsen, bakken, mathisen, amundsen, lunde, solheim, berge, bakke, fredriksen
name.last: hauge, andresen, evensen, sæther, saether, myhre, hanssen, haugland, sivertsen, berntsen
name.last: sandvik, rønning, ronning, arnesen, antonsen, haug, ellingsen, vik, dahle, edvardsen, sunde
name.last: hovland, tveit, aasen, brekke, ekström, ekstrom, wallenberg, ödegaard
# Finnish surnames.
name.last: korhonen, virtanen, mäkinen, makinen, nieminen, mäkelä, makela, hämäläinen, hamalainen, laine
name.last: heikkinen, koskinen, järvinen, jarvinen, lehtonen, lehtinen, saarinen, salminen, heinonen
name.last: niemi, heikkilä, heikkila, kinnunen, salonen, turunen, salo, laitinen, tuominen, rantanen
name.last: karjalainen, jokinen, mattila, savolainen, lahtinen, ahonen, leppänen, leppanen, hiltunen
name.last: aaltonen, hirvonen, kallio, laaksonen, kettunen, miettinen, manninen, ojala, hakala
name.last: kemppainen, anttila, harju, hyvönen, hyvonen, kauppinen, kangas, kokkonen, nurmi, peltonen
name.last: pitkänen, pitkanen, räsänen, rasanen, seppälä, seppala, suominen, vainio, valtonen
name.last: vartiainen, häkkinen, hakkinen, räikkönen, raikkonen, lindroos, rautiainen, pulkkinen
name.last: halonen, niinisto
# Estonian surnames.
name.last: tamm, saar, sepp, mägi, magi, kask, kukk, rebane, ilves, pärn, parn, koppel, karu, lepik, oja
name.last: kallas, luik, lepp, kuusk, vaher, raud, lill, kivi, mets, kõiv, koiv, teder, põder, poder
name.last: kangur, kütt, kutt, ots, toom, jõgi, jogi, raudsepp, tooming, kuusik, lõhmus, lohmus, mölder
name.last: molder, sild, laur, unt, aas, järv, jarv, kruus, kala, liiv, laas, laan, leppik, männik
name.last: mannik, nurk, paju, pajula, puusepp, rand, rätsep, ratsep, randma, roos, saks, sarapuu
name.last: soosaar, tamme, tammik, talts, toots, tõnisson, tonisson, uibo, valk, vares, vahtra, vill
name.last: võsu, vosu, jakobson, kaasik, kalda, luts, mitt, nõmm, nomm, orav, pihlak, pukk, susi, särg
name.last: sarg, tamberg, toome, tuisk, uustalu, veski, aavik, allik, annus, eller, haavik, hallik
name.last: jürgens, jurgens, kaljurand, kikas, kirs, kurg, kuusemets, laidre, lember, liivak, luht, mänd
name.last: mand, nurm, paas, pajuste, pikk, põldma, poldma, remmel, reinsalu, rosin, ruus, saare, sarv
name.last: sikk, sokk, tilk, trei, teras, uus, vaht, vahter, vask, viik, vint, väli, vali, kivisild
name.last: ploom, laane, lehtmets, metsaots, kaljuste, kasemets, kõrv, korv, mikk, lõoke, looke, rüütel
name.last: ruutel, lepasaar, kaljulaid, ansip, ratas, savisaar, ligi, kiisler, michal, rõivas, roivas
name.last: kuldkepp, vassiljev, fjodorov, nikolajev, aleksejev, jegorov, andrejev, semjonov, jakovlev
name.last: mihhailov, sergejev, grigorjev, vorobjov, borissov, zahharov, tarassov, karjus, kütti, kutti
name.last: allas, hein, helme, jõesaar, joesaar
# Polish surnames.
name.last: nowak, wisniewski, wiśniewski, adamczyk, banas, banaś, baran, bielecki, borkowski
name.last: chmielewski, czarnecki, dabrowski, dąbrowski, duda, dudek, gorski, górski, grabowski
name.last: jablonski, jabłoński, jankowski, jasinski, jasiński, kaczmarek, kaminski, kamiński
name.last: kalinowski, kaczmarczyk, kowalczyk, kowalewski, kozlowski, kozłowski, krajewski, krawczyk
name.last: krol, król, kubiak, kwiatkowski, lewandowski, majewski, malinowski, mazur, michalski, mazurek
name.last: nowakowski, nowicki, olszewski, ostrowski, pawlak, pawlowski, pawłowski, piotrowski
name.last: przybylski, rutkowski, sikora, sobczak, sokolowski, sokołowski, szczepanski, szczepański
name.last: szewczyk, szymanski, szymański, tomaszewski, walczak, wieczorek, wojcik, wójcik, wozniak
name.last: woźniak, wrobel, wróbel, zajac, zając, zalewski, zielinski, zieliński, baranowski, czerwinski
name.last: czerwiński, gajewski, glowacki, głowacki, jakubowski, kolodziej, kołodziej, marciniak
name.last: pietrzak, stepien, stępień, witkowski, wasilewski, zawadzki, sadowski, michalak
name.last: wojciechowski, urbanski, urbański, gorecki, górecki, kaczynski, kaczyński, wilk, wysocki
name.last: kowalczuk, lis, nowacki, pawlik, szulc, wojtowicz, wójtowicz, zawisza, kowal, bogusz
# Lithuanian and Latvian surnames.
name.last: kazlauskas, jankauskas, petrauskas, stankevicius, stankevičius, vasiliauskas, zukauskas
name.last: žukauskas, butkus, paulauskas, urbonas, kavaliauskas, baranauskas, pocius, sakalauskas
name.last: navickas, rimkus, adomaitis, kairys, mockus, jonaitis, kazlauskiene, kazlauskienė
name.last: jankauskiene, jankauskienė, petrauskiene, petrauskienė, vaitkus, zilinskas, žilinskas
name.last: balciunas, balčiūnas, rutkauskas, sabonis, valanciunas, valančiūnas, landsbergis, nauseda
name.last: nausėda, brazauskas, kubilius, grybauskaite, grybauskaitė, mikalauskas, jakubauskas
name.last: lukauskas, marcinkevicius, marcinkevičius, berzins, bērziņš, kalnins, kalniņš, ozols, jansons
name.last: ozolins, ozoliņš, liepins, liepiņš, krumins, krūmiņš, balodis, eglitis, eglītis, zarins
name.last: zariņš, petersons, pētersons, vitols, vītols, klavins, kļaviņš, karklins, kārkliņš, vanags
name.last: lacis, lācis, abols, ābols, grinbergs, dombrovskis, ozola, berzina, bērziņa, kalnina, kalniņa
name.last: strazds, zvirbulis, upitis, upītis, lagzdins, lagzdiņš, rozitis, rozītis, silins, siliņš
name.last: cirulis, cīrulis, karins, kariņš, rinkevics, rinkēvičs, kalnietis, leitis, sprogis
# Russian and Ukrainian surnames.
name.last: ivanov, smirnov, kuznetsov, popov, vasiliev, vasilyev, petrov, sokolov, mikhailov, novikov
name.last: fedorov, fyodorov, morozov, volkov, alekseev, lebedev, semenov, semyonov, egorov, pavlov
name.last: kozlov, stepanov, nikolaev, orlov, andreev, makarov, nikitin, zakharov, zaitsev, solovyov
name.last: borisov, yakovlev, grigoriev, romanov, vorobyov, sergeev, kuzmin, frolov, alexandrov
name.last: dmitriev, korolev, gusev, kiselev, ilyin, maksimov, polyakov, sorokin, vinogradov, kovalev
name.last: belov, medvedev, antonov, tarasov, zhukov, baranov, filippov, komarov, davydov, belyaev
name.last: gerasimov, bogdanov, osipov, sidorov, matveev, titov, markov, mironov, krylov, kulikov
name.last: karpov, vlasov, melnikov, denisov, gavrilov, tikhonov, kazakov, afanasiev, danilov, timofeev
name.last: fomin, chernov, abramov, efimov, nazarov, kalinin, isaev, bykov, maslov, lazarev, voronin
name.last: klimov, golubev, naumov, potapov, zhuravlev, trofimov, leonov, sobolev, ermakov, kolesnikov
name.last: goncharov, kotov, grishin, efremov, gromov, kirillov, malyshev, panov, akimov, gorbunov
name.last: nesterov, levin, voronov, aksenov, savin, krasnov, demidov, rybakov, plotnikov, ivanova
name.last: smirnova, kuznetsova, popova, petrova, sokolova, volkova, novikova, morozova, pavlova
name.last: kozlova, orlova, romanova, fedorova, vasilieva, lebedeva, kovaleva, shevchenko, kovalenko
name.last: bondarenko, tkachenko, kravchenko, oliynyk, oliinyk, shevchuk, koval, polishchuk, bondar
name.last: tkachuk, marchenko, lysenko, rudenko, savchenko, petrenko, klymenko, pavlenko, kovalchuk
name.last: melnyk, boyko, boiko, kuzmenko, ponomarenko, vasylenko, levchenko, kharchenko, sydorenko
name.last: karpenko, yurchenko, yakovenko, demchenko, ivanenko, kostenko, pavlyuk, zinchenko
name.last: honcharenko, hrytsenko, kravets, kozak, lytvynenko, romanenko, nazarenko, panchenko
name.last: prykhodko, tymoshenko, zelensky, zelenskyy, poroshenko, klitschko, yushchenko, lukashenko
name.last: ivanchenko, moroz, zhuk
# Greek surnames.
name.last: papadopoulos, papadakis, papageorgiou, georgiou, nikolaidis, dimitriou, konstantinou
name.last: christodoulou, ioannou, vasileiou, antoniou, pappas, karagiannis, oikonomou, economou, makris
name.last: angelopoulos, alexiou, athanasiou, panagiotou, stavrou, michailidis, theodorou
# Turkish surnames.
name.last: yilmaz, yılmaz, kaya, demir, celik, çelik, sahin, şahin, yildiz, yıldız, yildirim, yıldırım
name.last: ozturk, öztürk, aydin, aydın, ozdemir, özdemir, arslan, dogan, doğan, kilic, kılıç, aslan
name.last: cetin, çetin, kara, koc, koç, kurt, ozkan, özkan, simsek, şimşek, polat, korkmaz, karakaya
name.last: erdogan, erdoğan, tekin, gunes, güneş, bulut, keskin, unal, ünal, turan, gul, gül, acar
# Arabic, Somali, Kurdish and Persian surnames.
name.last: ahmed, khan, ali, hussain, hussein, haddad, nasser, abdullah, mohammed, mohamed, mahmoud
name.last: ibrahim, hassan, saleh, salem, khalil, mansour, rahman, farah, jama, aden, abdi, warsame
name.last: osman, omar, yusuf, ismail, hirsi, elmi, abdullahi, duale, dualeh, egal, gedi, musse, samatar
name.last: shire, barre, mohamud, mahamud, adan, awale, nur, abdalla, abdulla, habib, hamdan, jaber
name.last: khoury, khouri, nassar, awad, barakat, darwish, hamad, hamdi, harb, hijazi, issa, kassem
name.last: qasim, mustafa, najjar, qureshi, rashid, sabbagh, saad, shaikh, sheikh, suleiman, taha
name.last: yassin, zaki, zidane, benali, bouzid, amrani, alaoui, bennani, cherif, chaouch, hamidi
name.last: karimi, hosseini, rahimi, mohammadi, ahmadi, rezaei, moradi, jafari, sadeghi, hashemi, akbari
name.last: ebrahimi, shirazi, tehrani, azizi, habibi, nazari, sultani, barzani, talabani
# South Asian surnames.
name.last: patel, singh, kumar, sharma, gupta, shah, mehta, begum, bibi, chaudhry, chaudhary, choudhury
name.last: chowdhury, malik, akhtar, iqbal, aslam, raza, rizvi, javed, butt, mirza, siddiqui, ansari
name.last: bhatti, dar, awan, anwar, arshad, baig, bashir, ghani, hameed, hanif, haq, haque, hashmi
name.last: hayat, hussaini, karim, latif, mahmood, majeed, masood, nawaz, rafiq, rahim, rana, riaz
name.last: saeed, saleem, shafiq, sultan, tariq, yousaf, zaman, uddin, ahmad, islam, miah, mia, hossain
name.last: alam, ullah, sarkar, das, bose, banerjee, chatterjee, mukherjee, ghosh, dutta, sen, roy
name.last: chakraborty, bhattacharya, mitra, nair, menon, pillai, iyer, reddy, rao, naidu, krishnan
name.last: subramanian, ramachandran, venkatesh, verma, agarwal, aggarwal, bansal, goel, jain, joshi
name.last: kapoor, kaur, khanna, malhotra, mishra, pandey, saxena, sinha, srivastava, tiwari, trivedi
name.last: yadav, chopra, bhatia, sandhu, gill, grewal, dhillon, sidhu, bains, johal, sahota, atwal
name.last: basra, bhogal, gakhal, kang, mann, rai, sethi, tandon, thakur, desai, parekh, modi, solanki
name.last: chauhan, rathod, parmar, mistry, pandya
# Nigerian surnames.
name.last: okafor, okonkwo, adeyemi, abubakar, adebayo, adeleke, adewale, afolabi, ajayi, akande
name.last: akinola, alabi, babatunde, balogun, bello, eze, ezeh, ibekwe, igwe, ikenna, nwachukwu
name.last: nwankwo, nwosu, obi, odukoya, ogunleye, ogunbanjo, okeke, okoro, okoye, okpara, olawale
name.last: oluwole, onuoha, onyeka, osagie, oyelaran, udeh, uche, ugwu, umeh, yakubu, sanusi, danjuma
name.last: lawal, musa, usman, aliyu, garba, ogunbiyi, ogundipe, oladipo, onyekachi, anyanwu, chukwu
name.last: ejiofor, emenike, ibe, iwu, mbah, njoku, nnaji, obiora, ogbonna
# Ghanaian and other African surnames.
name.last: mensah, asante, owusu, boateng, osei, agyeman, appiah, acheampong, adjei, amoah, annan, ansah
name.last: asamoah, badu, bonsu, darko, donkor, frimpong, gyamfi, kufuor, kuffour, larbi, nkrumah, ofori
name.last: oppong, opoku, quaye, sarpong, tetteh, yeboah, amponsah, antwi, boakye, danso, kyei, nyarko
name.last: obeng, quartey, sackey, addo, aidoo, baah, kamau, mwangi, otieno, ochieng, odhiambo, kiprop
name.last: kipchoge, tesfaye, abebe, alemu, getachew, haile, mulugeta, tekle, berhane, kidane, mesfin
name.last: gebre, gebremedhin, tadesse, wolde, negash, diallo, traore, traoré, keita, camara, toure
name.last: touré, coulibaly, diop, ndiaye, cisse, sylla, kone, konaté, konate, bangura, kamara, sesay
# Chinese surnames.
name.last: wang, zhang, liu, chen, yang, huang, zhao, wu, zhou, xu, zhu, hu, guo, lin, gao, luo, zheng
name.last: liang, xie, tang, han, feng, deng, cao, peng, zeng, xiao, tian, dong, yuan, cai, jiang, cheng
name.last: wei, su, lu, ren, shen, yao, cui, zhong, fu, wan, qin, gu, hou, shao, meng, duan, lei, qian
name.last: yin, chang, lam, lau, leung, ng, wong, chan, cheung, chow, chu, kwok, lai, mak, tsang, tse
name.last: yip, yeung, fung, choi, siu, tam, lim, teo, goh, ong, koh, chua, quek, yu, kwan, lui, chiu
name.last: hui, ho, lo, tsui, yue, zhai, xiong, qiu, jin
# Vietnamese surnames.
name.last: nguyen, tran, pham, hoang, huynh, phan, vu, vo, dang, bui, ngo, duong, truong, dinh, trinh
name.last: luong, doan, quach, luu, thai, mai, ly, trieu, kieu, tieu, vuong, nghiem
# Filipino surnames.
name.last: manalo, dizon, soriano, dimaculangan, lacson, marcos, panganiban, tolentino, agustin, samonte
name.last: macapagal, magsaysay, quiambao, sison, mangubat, macaraeg, cajucom, dumalagan, gatchalian
# Japanese and Korean surnames.
name.last: tanaka, suzuki, sato, takahashi, watanabe, ito, yamamoto, nakamura, kobayashi, kato, yoshida
name.last: yamada, sasaki, yamaguchi, matsumoto, inoue, kimura, hayashi, shimizu, yamazaki, mori, ikeda
name.last: hashimoto, ishikawa, ogawa, okada, hasegawa, fujita, goto, kondo, murakami, endo, aoki
name.last: sakamoto, saito, nakajima, ono, ishii, kim, cho, yoon, jang, seo, shin, kwon, hwang, ahn
name.last: jeon, baek, yoo, ko

# First names that are also ordinary English words.
name.common: will, mark, bill, pat, sue, frank, jack, ray, dawn, summer, april, june, may, grace, hope
name.common: joy, faith, rose, holly, ivy, violet, daisy, lily, iris, jasmine, amber, crystal, ruby
name.common: pearl, rich, art, don, guy, gene, drew, rod, chase, hunter, cliff, dale, glen, rocky, sky
name.common: rain, storm, river, angel, destiny, harmony, heaven, honey, candy, sunny, star, king
name.common: prince, earl, duke, baron, cash, penny, bob, rob, chip, buck, sandy, misty, autumn, brook
name.common: brooke, skye, august, miles, max, bell, belle, page, paige, victor, justice, mercy
name.common: patience, charity, constance, forest, wade, reed, reid, lane, dean, grant, bud, nick, ken
name.common: lee, kim, hazel, jade, poppy, ebony, wren, laurel, melody, sherry, scarlet, precious
name.common: blessing, chance, honor, honour, trinity, serenity, olive, rosemary, primrose, prudence
name.common: basil, kit, teddy, dolly, ginger, cherry, brandy, diamond, jewel, fern, clover, willow
name.common: ocean, princess, nana, raven, sage, saffron, lavender
# Surnames that are also ordinary English words.
name.common: wood, woods, hill, hall, baker, cook, stone, price, ward, fox, west, ford, rice, green
name.common: black, long, bush, field, church, gate, gates, wall, walls, moor, marsh, north, south, east
name.common: lake, banks, bond, gold, silver, winter, snow, bay, port, victory, major, noble, sterling
name.common: wolf, bird, swift, hunt, cope, holiday, parts, suits, fog, raid, pan, tan, tong, bishop
name.common: knight, lord, pope, butcher, carpenter, farmer, gardener, painter, barber, hood, moss
name.common: frost, fry, sparks, waters, flood, power, shields, kitchen, lamb, law, peel, booth, birch
name.common: crane, graves, kent, england, ireland, holland, berry, cotton, battle, bravo, villa, pastor
name.common: strand, sand, dam, bang, worm, brink
# Danish, Estonian and other names that are English words.
name.common: per, line, ole, mart, rein, ene, eha, anu, kaja, tina, maja, bent, ida, emil, ivan, else
name.common: lone, tore, mats, sari, bard, tilde, dines, tor, fares, bile, hind, akin, merit, mare, ergo
name.common: ants, lien, fang, min, ping, jun, hong, kong
# First names that are also places or brands.
name.common: chelsea, sydney, florence, georgia, brooklyn, devon, alexa, siri, elisa, zara, preston
name.common: lincoln, francisco
# First names that are also abbreviations in formatted text.
name.common: tue, thu, reg
# Short names, and names heard as letters or other words.
name.common: al, ed, jay, kay, dee, eve, bo, jan, ib

package main

import (
	"fmt"
	"strings"
)

// Values that look like personal data to a careless rule but are not.

func (g *gen) priceText(st style) string {
	euros := pick(g.r, []int{4, 9, 12, 19, 29, 35, 49, 59, 99, 112, 149, 249, 299, 450, 1299})
	cents := pick(g.r, []int{0, 0, 50, 99, 95, 49})
	if st == styleDigits {
		switch g.r.intn(8) {
		case 0, 1:
			return fmt.Sprintf("$%d.%02d", euros, cents)
		case 2:
			return fmt.Sprintf("£%d.%02d", euros, cents)
		case 3:
			if euros >= 1000 {
				return fmt.Sprintf("€%d,%03d", euros/1000, euros%1000)
			}
			return fmt.Sprintf("€%d", euros)
		case 4:
			return fmt.Sprintf("%d kr.", euros)
		case 5:
			return fmt.Sprintf("DKK %d,%02d", euros, cents)
		case 6:
			return fmt.Sprintf("%d.%02d euros", euros, cents)
		}
		return fmt.Sprintf("%d dollars", euros)
	}
	cur := pick(g.r, []string{"dollars", "euros", "pounds", "kroner", "bucks", "quid"})
	sub := map[string]string{"dollars": "cents", "euros": "cents", "pounds": "pence", "kroner": "ore", "bucks": "cents", "quid": "pence"}[cur]
	switch {
	case cents == 0 && g.r.chance(0.5):
		return cardinal(euros, true) + " " + cur
	case cents == 0:
		return cardinal(euros, true)
	case euros < 100 && g.r.chance(0.6):
		return below100(euros) + " " + below100(cents)
	case g.r.chance(0.5):
		return cardinal(euros, true) + " " + cur + " " + below100(cents)
	}
	return cardinal(euros, true) + " " + cur + " and " + below100(cents) + " " + sub
}

func (g *gen) timeText(st style) string {
	h := g.r.between(7, 12)
	m := pick(g.r, []int{0, 15, 30, 45, 10, 20, 50})
	if st == styleDigits {
		switch g.r.intn(5) {
		case 0, 1:
			return fmt.Sprintf("%d:%02d", h, m)
		case 2:
			return fmt.Sprintf("%d:%02d", h+g.r.between(0, 6), m)
		case 3:
			return fmt.Sprintf("%d %s", h, pick(g.r, []string{"am", "pm", "a.m.", "p.m."}))
		}
		return fmt.Sprintf("%d.%02d", h, m)
	}
	switch {
	case m == 0:
		return pick(g.r, []string{below100(h) + " o'clock", below100(h), below100(h) + " a m", below100(h) + " p m"})
	case m == 15 && g.r.chance(0.5):
		return "quarter past " + below100(h)
	case m == 30 && g.r.chance(0.5):
		return "half past " + below100(h)
	case m == 45 && g.r.chance(0.5):
		return "quarter to " + below100(h%12+1)
	}
	return below100(h) + " " + below100(m)
}

func (g *gen) numWords(n int, st style) string {
	if st == styleDigits && (n > 10 || g.r.chance(0.3)) {
		return fmt.Sprint(n)
	}
	return cardinal(n, true)
}

func (g *gen) qtyText(st style) string {
	n := pick(g.r, []int{2, 3, 4, 5, 6, 10, 12, 20, 24, 50, 100, 250, 500})
	unit := pick(g.r, []string{"boxes", "bottles", "packs", "units", "kilos", "grams", "pairs", "tickets", "rolls", "litres"})
	if st == styleDigits && (unit == "kilos" || unit == "grams") && g.r.chance(0.5) {
		return fmt.Sprintf("%d %s", n, map[string]string{"kilos": "kg", "grams": "g"}[unit])
	}
	return g.numWords(n, st) + " " + unit
}

// orderNumber is an order, ticket or customer-service reference: digits
// only, 5–10 of them.
func (g *gen) orderNumber(st style) string {
	ds := string(byte('1'+g.r.intn(9))) + g.r.digits(g.r.between(4, 9))
	if st == styleDigits {
		if g.r.chance(0.2) {
			return "#" + ds
		}
		return ds
	}
	if len(ds) <= 6 && g.r.chance(0.3) {
		return g.sayPairs(ds)
	}
	return g.sayDigits(ds, nil)
}

// alnumRef is a booking or confirmation code like "XJ7K2Q".
func (g *gen) alnumRef(st style) string {
	const chars = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	n := g.r.between(5, 7)
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[g.r.intn(len(chars))]
	}
	if st == styleDigits {
		return string(b)
	}
	return g.spellLetters(string(b))
}

func (g *gen) trackingNumber(st style) string {
	switch g.r.intn(3) {
	case 0: // UPS style
		s := "1Z" + g.alnumUpper(6) + g.r.digits(10)
		if st == styleDigits {
			return s
		}
		return g.spellLetters(s)
	case 1: // postal
		s := pick(g.r, []string{"RR", "LX", "CP", "RB"}) + g.r.digits(9) + pick(g.r, []string{"DK", "GB", "EE", "CN"})
		if st == styleDigits {
			return s
		}
		return g.spellLetters(s)
	}
	s := "00" + g.r.digits(18) // parcel shipping code, 20 digits
	if st == styleDigits {
		return s
	}
	return g.sayDigits(s, []int{4, 4, 4, 4, 4})
}

func (g *gen) alnumUpper(n int) string {
	const chars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[g.r.intn(len(chars))]
	}
	return string(b)
}

func (g *gen) caseNumber(st style) string {
	y := g.r.between(2019, 2025)
	n := g.r.between(1000, 999999)
	if st == styleDigits {
		return fmt.Sprintf("%s-%d-%d", pick(g.r, []string{"CASE", "INV", "TCK", "RMA"}), y, n)
	}
	return g.yearWords(y) + " dash " + g.sayDigits(fmt.Sprint(n), nil)
}

func (g *gen) yearText(st style) string {
	y := pick(g.r, []int{1998, 1999, 2005, 2012, 2015, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026})
	if st == styleDigits {
		return fmt.Sprint(y)
	}
	return g.yearWords(y)
}

func (g *gen) roomText(st style) string {
	floor := g.r.between(1, 14)
	n := floor*100 + g.r.between(1, 40)
	if st == styleDigits {
		return fmt.Sprint(n)
	}
	if g.r.chance(0.6) {
		return below100(floor) + " " + g.twoDigitWords(n%100)
	}
	return g.sayDigits(fmt.Sprint(n), nil)
}

func (g *gen) flightText(st style) string {
	air := pick(g.r, []string{"SK", "BA", "LH", "KL", "DY", "FR", "AY", "U2"})
	n := g.r.between(100, 2999)
	if st == styleDigits {
		if g.r.chance(0.5) {
			return fmt.Sprintf("%s %d", air, n)
		}
		return fmt.Sprintf("%s%d", air, n)
	}
	letters := g.spellLetters(air)
	if g.r.chance(0.5) {
		return letters + " " + g.sayDigits(fmt.Sprint(n), nil)
	}
	if n >= 1000 && n%100 >= 10 {
		return letters + " " + below100(n/100) + " " + below100(n%100)
	}
	return letters + " " + cardinal(n, false)
}

func (g *gen) gateText(st style) string {
	l := string(byte('A' + g.r.intn(6)))
	n := g.r.between(1, 38)
	if st == styleDigits {
		return fmt.Sprintf("%s%d", l, n)
	}
	return strings.ToLower(l) + " " + below100(n)
}

func (g *gen) seatText(st style) string {
	n := g.r.between(1, 42)
	l := string(byte('A' + g.r.intn(6)))
	if st == styleDigits {
		return fmt.Sprintf("%d%s", n, l)
	}
	return below100(n) + " " + strings.ToLower(l)
}

func (g *gen) versionText(st style) string {
	a, b, c := g.r.between(1, 17), g.r.between(0, 9), g.r.between(0, 12)
	if st == styleDigits {
		return fmt.Sprintf("%d.%d.%d", a, b, c)
	}
	return below100(a) + " point " + digitWord[b] + " point " + below100(c)
}

func (g *gen) percentText(st style) string {
	n := pick(g.r, []int{2, 4, 5, 10, 15, 20, 25, 30, 50})
	if st == styleDigits {
		return fmt.Sprintf("%d%%", n)
	}
	return below100(n) + " percent"
}

func (g *gen) websiteText(st style) string {
	site := pick(g.r, []string{"ikea.dk", "bbc.co.uk", "example.com", "earshot.io", "borger.dk", "eesti.ee", "gov.uk", "amazon.de"})
	if st == styleDigits {
		if g.r.chance(0.5) {
			return "www." + site
		}
		return site
	}
	w := strings.ReplaceAll(site, ".", " dot ")
	if g.r.chance(0.5) {
		return "w w w dot " + w
	}
	return w
}

var negTemplates = map[string][]string{
	"price": {
		"It costs {price}.",
		"That's {price} a month?",
		"I was charged {price} twice.",
		"The price on the website was {price}.",
		"Can you refund the {price}?",
		"My bill was {price} this month.",
		"It's {price} for the upgrade.",
		"I paid {price} on my card.",
		"The total came to {price}.",
		"Is it still {price} with the discount?",
		"They took {price} from my account.",
		"I'd like to pay the {price} now.",
		"The delivery fee was {price}.",
		"The outstanding balance is {price}, right?",
		"You charged my card {price} instead of {price2}.",
		"The plan went up from {price} to {price2}.",
	},
	"time": {
		"Can you call me at {time}?",
		"I'll be home after {time}.",
		"The appointment is at {time}.",
		"You close at {time}, right?",
		"The delivery window is {time} to {time2}.",
		"I called at {time} and nobody answered.",
		"Is {time} okay?",
		"My flight leaves at {time}.",
		"The meeting got moved to {time}.",
		"I waited from {time} until {time2}.",
		"Ring me back around {time}.",
		"The technician said he'd come at {time}.",
	},
	"quantity": {
		"I ordered {qty}.",
		"There were only {qty} in the box.",
		"I need {qty} more.",
		"Can I get {qty}?",
		"We have {n} kids.",
		"I've been a customer for {n} years.",
		"It took {n} days to arrive.",
		"I've called {n} times already.",
		"We're a family of {n}.",
		"I'd like {n} tickets for Saturday.",
		"The card came with {n} extra cards for the family.",
		"My phone has {n} apps open.",
	},
	"reference": {
		"My order number is {order}.",
		"Order number {order}.",
		"The booking reference is {ref}.",
		"My ticket number is {order}.",
		"Tracking number {tracking}.",
		"The case number is {case}.",
		"Invoice number {case}.",
		"My reference is {ref}.",
		"Claim number {order}.",
		"I'm calling about order {order}.",
		"The confirmation code is {ref}.",
		"The parcel number is {tracking}.",
		"The serial number on the router is {ref}.",
		"Your reference number was {order}, I think.",
		"It says order {order} on the receipt.",
		"The return number is {order}.",
		"Booking number {order}, for two people.",
	},
	"year": {
		"I bought it in {year}.",
		"It's the {year} model.",
		"We moved here in {year}.",
		"Back in {year} it was much cheaper.",
		"I've had this plan since {year}.",
		"The contract ends in {year}.",
		"My car is from {year}.",
		"Prices have gone up since {year}.",
	},
	"place": {
		"I'm in room {room}.",
		"We're staying in room {room}.",
		"My flight is {flight}.",
		"Which gate is {flight}?",
		"I'm at gate {gate}.",
		"Seat {seat}, please.",
		"The train leaves from platform {small}.",
		"I'm on the number {small} bus.",
		"Is that terminal {small}?",
		"Flight {flight} from Copenhagen was cancelled.",
		"The meeting is in room {room}.",
		"My seat is {seat} but someone is in it.",
		"Gate {gate} is closed.",
	},
	"date": {
		"My appointment is on {the}{date}.",
		"It was delivered on {the}{date}.",
		"The invoice is dated {date}.",
		"I ordered it on {the}{date}.",
		"Can I book for {the}{date}?",
		"The sale ends on {the}{date}.",
		"We're travelling on {the}{date}.",
		"The payment is due on {the}{date}.",
		"My subscription renews on {the}{date}.",
		"I sent it back on {the}{date}.",
		"The offer is valid until {the}{date}.",
		"The engineer is booked for {the}{date}.",
	},
	"nameword": {
		"I will call you back tomorrow.",
		"Will you send me a confirmation?",
		"Can you mark it as urgent?",
		"May I ask a question?",
		"Is there a grace period on the payment?",
		"Could you bill me later?",
		"I hope so.",
		"The price rose again this month.",
		"It arrived in April.",
		"The offer ends in June.",
		"To be frank, I'm not happy.",
		"What's the max I can withdraw?",
		"It doesn't cost a penny more.",
		"Will you grant me an extension?",
		"The kids drew on the screen.",
		"I don't want to chase this again.",
		"Summer is our busy season.",
		"The amber light on the router is blinking.",
		"It's sunny here today.",
		"I'll mark it in my calendar.",
		"Will do, thanks.",
		"The bill is wrong again.",
		"Let me mark down the reference.",
		"You may need to restart it.",
		"I'll have to grant access to my accountant.",
		"It was a joy to deal with you.",
		"I'm losing faith in this company.",
		"Say grace before the meal, my mother always said.",
		"My will is with the solicitor.",
		"Can I pay the bill in May?",
		"I've got a jack plug that doesn't fit.",
		"It'll be ready by dawn, they said.",
		"That's a bit rich.",
		"Just a ray of hope.",
		"What's the max speed on this plan?",
		"Please don't rob me with those fees.",
		"Let's hope the refund comes soon.",
		"Please don't jack up the price again.",
		"Can you max out the data allowance?",
		"I drew the short straw, I guess.",
		"The summer sale is over, right?",
		"I'd like the rose gold one.",
		"May the best offer win.",
		"I will, if you give me a discount.",
		"Mark my words, I'm switching provider.",
		"It's a rich source of complaints, this app.",
		"I hope you can grant the refund.",
		"Sunny weather always slows the deliveries.",
	},
	"cardtalk": {
		"My card was declined.",
		"I lost my card yesterday.",
		"Can I pay by card?",
		"I need a new card.",
		"My card expired last month.",
		"The card machine isn't working.",
		"Do you take Visa?",
		"I'd rather not give my card number over the phone.",
		"What's the security code for?",
		"Where do I find the CVV?",
		"Hold on, I'll get my card.",
		"My bank blocked the card.",
		"Can I use a Mastercard?",
		"The expiry date has worn off.",
		"Which card did I use last time?",
		"Is it safe to give card details over the phone?",
		"Can I use my husband's card?",
		"My card keeps getting rejected online.",
		"Do you accept American Express?",
		"I'd like to update my payment card.",
		"The card reader in the store charged me twice.",
		"I cut up my old card.",
		"Can you send the new card by post?",
	},
	"phonetalk": {
		"Can you call me back?",
		"I don't have a landline.",
		"My phone is about to die.",
		"Which number should I call?",
		"I'll text you later.",
		"My mobile number has changed.",
		"Your number was busy all morning.",
		"I'd rather not give my phone number.",
		"Is this the right number for complaints?",
		"Press one, it said, and then nothing.",
		"The line keeps dropping.",
		"I'm on a mobile, sorry about the noise.",
		"Can I call you from another phone?",
		"My phone number is the same as before.",
		"I don't want any more phone calls from you.",
		"Please don't text me.",
		"The phone has been ringing all day.",
		"Could you call me back on this number?",
	},
	"emailtalk": {
		"Can you send it by email?",
		"I didn't get the email.",
		"What's your email address?",
		"I checked my spam folder.",
		"I'm at the office now.",
		"Meet me at the station.",
		"I'm at home all day.",
		"The website is {site}.",
		"I found it on {site}.",
		"Is it on {site} too?",
		"I'm at work until five.",
		"It's at the back of the shop.",
		"Dot dot dot, that's all it says.",
	},
	"idtalk": {
		"Do you need my CPR number?",
		"I don't have my passport with me.",
		"Why do you need my social security number?",
		"I forgot my national insurance number.",
		"What is an IBAN?",
		"Can I pay into a different account?",
		"I'd rather not give my date of birth.",
		"I don't know my account number by heart.",
		"Where do I find my personal code?",
		"Can I change my address online?",
		"I'll have to find my bank details.",
		"Which name is on the account?",
		"Do I need my passport number for this?",
		"I've lost my driving licence.",
		"Is my CPR number stored anywhere?",
		"Why do you need my birthday?",
		"Which address do you have for me?",
		"I'll send the IBAN by post.",
	},
	"art9near": {
		"I'm throwing a birthday party on Saturday.",
		"The labour costs were too high.",
		"That's a conservative estimate.",
		"Please add a liberal amount of sauce.",
		"I'd like the green one.",
		"Is there a credit union near me?",
		"The European Union rules changed.",
		"Oh my god, this is taking forever.",
		"Thank god you answered.",
		"God knows where it went.",
		"Is the shop open at Christmas?",
		"What are your Easter opening hours?",
		"I'm sick of waiting.",
		"This whole thing is a headache.",
		"I'm dying to know what happened.",
		"Go straight ahead and take the second left.",
		"I'll do it straight away.",
		"I'd like a black coffee.",
		"Is it available in white?",
		"The Black Friday deal ended.",
		"Are there white goods in the sale?",
		"I'd rather sort it out face to face.",
		"Can you print my statement?",
		"I left a voicemail.",
		"It's in the company's DNA to mess this up.",
		"The generic version is cheaper.",
		"Which party do I talk to about the contract?",
		"The conservative option is safer.",
		"I'm a member of the gym.",
		"I'm a member of your loyalty club.",
		"I joined the rewards programme last year.",
		"I support the idea.",
		"I voted for the red one in your survey.",
		"The blue party dress was out of stock.",
		"I took the union jack flag back.",
		"The Christmas jumper was too small.",
		"I'm not a fan of the new design.",
		"My heart sank when I saw the bill.",
		"It cost an arm and a leg.",
		"I'm fed up with the delays.",
		"The face value of the voucher is ten pounds.",
		"My back-up phone is an old Samsung.",
		"I prayed it would arrive on time.",
		"That's a blessing.",
		"The party is over, I suppose.",
		"The screen has a crack right across it.",
		"It's a kind of Turkish rug, the one I ordered.",
		"Our union with the other account was cancelled.",
		"I'm a huge fan of the new tariff.",
		"The Labour Day sale was great.",
		"The holiday party is on Friday.",
		"I'll be straight with you, this is the last time.",
		"It's black and white to me.",
		"The wedding party needs twelve rooms.",
		"That was a healthy discount.",
		"I'm positive it was Tuesday.",
		"The conservatory door is broken.",
		"We celebrated Christmas early this year.",
		"I'll face the music, I suppose.",
		"Is the green tariff any cheaper?",
		"Our football club is sponsored by you, isn't it?",
	},
	"general": {
		"Hello, is anyone there?",
		"Can you repeat that, please?",
		"Sorry, I didn't catch that.",
		"I want to cancel my subscription.",
		"How long will it take?",
		"Thank you so much for your help.",
		"The app keeps crashing.",
		"I'd like to speak to a person.",
		"Yes, that's right.",
		"No, that's not what I said.",
		"It's raining so hard here.",
		"Let me think about it.",
		"What are your opening hours?",
		"I'll hold.",
		"Can you hear me now?",
		"I've been on hold for ages.",
		"I want to go to the shop for two hours.",
		"I ate before I came, to be honest.",
		"I won the raffle, too, for what it's worth.",
		"The one for two is cheaper, isn't it?",
	},
	"tech": {
		"I'm on version {ver}.",
		"It's an iPhone {small}.",
		"The update to {ver} broke it.",
		"It's {pct} off?",
		"The interest rate is {pct}.",
		"The battery is at {pct}.",
		"My shoe size is {size}.",
		"Page {small} of the contract.",
		"Channel {small} isn't working.",
		"It's about {small} kilometres from here.",
		"The TV is {size} inches.",
		"The room is {size} degrees.",
	},
}

// negCounts is how many lines of each kind of negative to write, in the
// order they are written.
var negCounts = []struct {
	kind string
	n    int
}{
	{"price", 80}, {"time", 70}, {"quantity", 55}, {"reference", 110}, {"year", 45},
	{"place", 70}, {"date", 70}, {"nameword", 80}, {"cardtalk", 40}, {"phonetalk", 30},
	{"emailtalk", 40}, {"idtalk", 30}, {"art9near", 110}, {"general", 35}, {"tech", 45},
}

func (g *gen) negatives() {
	for _, nc := range negCounts {
		tmpls := negTemplates[nc.kind]
		g.emitN("neg-"+nc.kind, nc.n, func(i int) (style, string, slots) {
			st := g.style()
			dt := date{g.r.between(2023, 2026), g.r.between(1, 12), 0}
			dt.d = g.r.between(1, daysIn(dt.y, dt.m))
			dateStr := g.dateText(dt, st, g.r.chance(0.4))
			sl := slots{
				"price":    lit(g.priceText(st)),
				"price2":   lit(g.priceText(st)),
				"time":     lit(g.timeText(st)),
				"time2":    lit(g.timeText(st)),
				"qty":      lit(g.qtyText(st)),
				"n":        lit(g.numWords(g.r.between(2, 14), st)),
				"order":    lit(g.orderNumber(st)),
				"ref":      lit(g.alnumRef(st)),
				"tracking": lit(g.trackingNumber(st)),
				"case":     lit(g.caseNumber(st)),
				"year":     lit(g.yearText(st)),
				"room":     lit(g.roomText(st)),
				"flight":   lit(g.flightText(st)),
				"gate":     lit(g.gateText(st)),
				"seat":     lit(g.seatText(st)),
				"small":    lit(g.numWords(g.r.between(2, 15), st)),
				"date":     lit(dateStr),
				"the":      lit(g.theFor(dateStr)),
				"site":     lit(g.websiteText(st)),
				"ver":      lit(g.versionText(st)),
				"pct":      lit(g.percentText(st)),
				"size":     lit(g.numWords(g.r.between(36, 55), st)),
			}
			// Cycle through the templates so each is used, in an order
			// that still varies.
			return st, tmpls[(i*7+g.r.intn(3))%len(tmpls)], sl
		})
	}
}

package main

// positives writes the utterances that hold personal data, type by type,
// then the ones that hold several kinds at once.
func (g *gen) positives() {
	g.cards()
	g.contacts()
	g.people()
	g.nationalIDs()
	g.bankAccounts()
	g.birthDates()
	g.addresses()
	g.specialCategories()
	g.multi()
}

func (g *gen) cardSlots(st style) slots {
	c := g.newCard()
	return slots{
		"card":  ent(tCard, g.cardText(c, st)),
		"brand": lit(c.brand.name),
		"cvv":   ent(tCVV, g.cvvText(c, st)),
		"exp":   ent(tExpiry, g.expiryText(st)),
	}
}

func (g *gen) cards() {
	for i := range 75 {
		st := g.style()
		g.emit("card", st, cardTemplates[i%len(cardTemplates)], g.cardSlots(st))
	}
	for i := range 28 {
		st := g.style()
		c := g.newCard()
		tmpls := cvvTemplates3
		if c.brand.name == "Amex" {
			tmpls = cvvTemplates4
		}
		g.emit("cvv", st, tmpls[i%len(tmpls)], slots{"cvv": ent(tCVV, g.cvvText(c, st))})
	}
	for i := range 28 {
		st := g.style()
		g.emit("expiry", st, expiryTemplates[i%len(expiryTemplates)], slots{"exp": ent(tExpiry, g.expiryText(st))})
	}
	for i := range 32 {
		st := g.style()
		sl := g.cardSlots(st)
		t := cardMultiTemplates[i%len(cardMultiTemplates)]
		if sl["brand"].text == "Amex" && t == cardMultiTemplates[4] {
			t = cardMultiTemplates[3] // "the three digits" does not fit an Amex
		}
		g.emit("card-exp-cvv", st, t, sl)
	}
	for i := range 10 {
		st := g.style()
		g.emit("card-exp", st, cardExpTemplates[i%len(cardExpTemplates)], g.cardSlots(st))
	}
	for i := range 8 {
		st := g.style()
		g.emit("card-cvv", st, cardCVVTemplates[i%len(cardCVVTemplates)], g.cardSlots(st))
	}
}

func (g *gen) personSlots(st style) slots {
	p := g.newPerson()
	name := g.personText(p, "full", st)
	switch k := g.r.intn(10); {
	case k < 2:
		name = g.personText(p, "first", st)
	case k < 3:
		// A double first name or a middle name.
		name = g.personText(g.newPerson(), "first", st) + " " + name
	}
	return slots{
		"name":    ent(tPerson, name),
		"first":   ent(tPerson, g.personText(p, "first", st)),
		"last":    ent(tPerson, g.personText(p, "last", st)),
		"spelled": ent(tPerson, g.spelledName(p.last, st)),
		"email":   ent(tEmail, g.emailText(p, st)),
		"phone":   ent(tPhone, g.phoneText(st)),
	}
}

func (g *gen) contacts() {
	for i := range 88 {
		st := g.style()
		g.emit("phone", st, phoneTemplates[i%len(phoneTemplates)], slots{"phone": ent(tPhone, g.phoneText(st))})
	}
	for i := range 88 {
		st := g.style()
		g.emit("email", st, emailTemplates[i%len(emailTemplates)], g.personSlots(st))
	}
}

func (g *gen) people() {
	for i := range 52 {
		st := g.style()
		g.emit("person", st, personTemplates[i%len(personTemplates)], g.personSlots(st))
	}
	for i := range 9 {
		st := g.style()
		g.emit("person-spelled", st, personSpelledTemplates[i%len(personSpelledTemplates)], g.personSlots(st))
	}
	for i := range 6 {
		st := g.style()
		g.emit("person-first-last", st, personFirstLastTemplates[i%len(personFirstLastTemplates)], g.personSlots(st))
	}
}

func (g *gen) nationalIDs() {
	kinds := []struct {
		prefix string
		tmpls  []string
		text   func(style) string
	}{
		{"nid-cpr", cprTemplates, func(st style) string { return g.cprText(g.birthDate(1938, 2012), st) }},
		{"nid-isikukood", isikukoodTemplates, g.isikukoodText},
		{"nid-ssn", ssnTemplates, g.ssnText},
		{"nid-nino", ninoTemplates, g.ninoText},
	}
	for _, k := range kinds {
		for i := range 24 {
			st := g.style()
			g.emit(k.prefix, st, k.tmpls[i%len(k.tmpls)], slots{"id": ent(tNatID, k.text(st))})
		}
	}
}

func (g *gen) bankAccounts() {
	for i := range 56 {
		st := g.style()
		g.emit("iban", st, ibanTemplates[i%len(ibanTemplates)], slots{"iban": ent(tBank, g.ibanText(st))})
	}
	for i := range 36 {
		st := g.style()
		at := accountTemplates[i%len(accountTemplates)]
		sl := slots{"b": ent(tBank, g.accountText(at.kinds[1], st))}
		if at.kinds[0] != "" {
			sl["a"] = ent(tBank, g.accountText(at.kinds[0], st))
		}
		g.emit("account", st, at.tmpl, sl)
	}
}

func (g *gen) dobSlots(st style, withYear bool) slots {
	dt := g.birthDate(1935, 2008)
	s := g.dateText(dt, st, withYear)
	return slots{"dob": ent(tDOB, s), "the": lit(g.theFor(s))}
}

func (g *gen) birthDates() {
	for i := range 40 {
		st := g.style()
		g.emit("dob", st, dobTemplates[i%len(dobTemplates)], g.dobSlots(st, true))
	}
	for i := range 6 {
		st := g.style()
		g.emit("dob-noyear", st, dobNoYearTemplates[i%len(dobNoYearTemplates)], g.dobSlots(st, false))
	}
	for i := range 6 {
		st := g.style()
		y := g.r.between(1940, 2006)
		text := g.yearWords(y)
		if st == styleDigits {
			text = itoa(y)
		}
		g.emit("dob-year", st, dobYearTemplates[i%len(dobYearTemplates)], slots{"dob": ent(tDOB, text)})
	}
}

func (g *gen) addresses() {
	for i := range 52 {
		st := g.style()
		g.emit("address", st, addressTemplates[i%len(addressTemplates)], slots{"addr": ent(tAddress, g.addressText(st))})
	}
}

func (g *gen) specialCategories() {
	for _, c := range art9Categories {
		total := 0
		for _, f := range c.sets {
			total += len(f.tmpls)
		}
		for i := range 46 {
			st := g.style()
			// Walk the templates of all sets in turn; the term is random
			// within the set the template belongs to.
			k := i % total
			var f frames
			for _, f = range c.sets {
				if k < len(f.tmpls) {
					break
				}
				k -= len(f.tmpls)
			}
			t := pick(g.r, f.terms)
			g.emit(c.prefix, st, f.tmpls[k], slots{"x": ent(c.typ, t.in(st))})
		}
	}
}

func (g *gen) multi() {
	emitN := func(prefix string, n int, tmpls []string, mk func(style) slots) {
		for i := range n {
			st := g.style()
			g.emit(prefix, st, tmpls[i%len(tmpls)], mk(st))
		}
	}
	emitN("name-phone", 20, namePhoneTemplates, g.personSlots)
	emitN("name-email", 10, nameEmailTemplates, g.personSlots)
	emitN("phone-email", 8, phoneEmailTemplates, g.personSlots)
	emitN("name-dob", 10, nameDOBTemplates, func(st style) slots {
		sl := g.personSlots(st)
		for k, v := range g.dobSlots(st, true) {
			sl[k] = v
		}
		return sl
	})
	emitN("name-address", 9, nameAddressTemplates, func(st style) slots {
		sl := g.personSlots(st)
		sl["addr"] = ent(tAddress, g.addressText(st))
		return sl
	})
	emitN("iban-name", 9, ibanNameTemplates, func(st style) slots {
		sl := g.personSlots(st)
		sl["iban"] = ent(tBank, g.ibanText(st))
		return sl
	})
	emitN("dob-cpr", 8, dobCPRTemplates, func(st style) slots {
		dt := g.birthDate(1938, 2008)
		s := g.dateText(dt, st, true)
		return slots{"dob": ent(tDOB, s), "the": lit(g.theFor(s)), "id": ent(tNatID, g.cprText(dt, st))}
	})
	health := art9Categories[0].sets[0].terms
	emitN("person-health", 9, personHealthTemplates, func(st style) slots {
		sl := g.personSlots(st)
		sl["x"] = ent(tHealth, pick(g.r, health).in(st))
		return sl
	})
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

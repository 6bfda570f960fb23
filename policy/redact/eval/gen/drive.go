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

// family writes n distinct lines cycling through tmpls, each with a
// fresh style and fresh slots.
func (g *gen) family(prefix string, n int, tmpls []string, mk func(style) slots) {
	g.emitN(prefix, n, func(i int) (style, string, slots) {
		st := g.style()
		return st, tmpls[i%len(tmpls)], mk(st)
	})
}

func (g *gen) cards() {
	g.family("card", 75, cardTemplates, g.cardSlots)
	g.emitN("cvv", 28, func(i int) (style, string, slots) {
		st := g.style()
		c := g.newCard()
		tmpls := cvvTemplates3
		if c.brand.name == "Amex" {
			tmpls = cvvTemplates4
		}
		return st, tmpls[i%len(tmpls)], slots{"cvv": ent(tCVV, g.cvvText(c, st))}
	})
	g.family("expiry", 28, expiryTemplates, func(st style) slots {
		return slots{"exp": ent(tExpiry, g.expiryText(st))}
	})
	g.emitN("card-exp-cvv", 32, func(i int) (style, string, slots) {
		st := g.style()
		sl := g.cardSlots(st)
		t := cardMultiTemplates[i%len(cardMultiTemplates)]
		if sl["brand"].text == "Amex" && t == cardMultiTemplates[4] {
			t = cardMultiTemplates[3] // "the three digits" does not fit an Amex
		}
		return st, t, sl
	})
	g.family("card-exp", 10, cardExpTemplates, g.cardSlots)
	g.family("card-cvv", 8, cardCVVTemplates, g.cardSlots)
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
	g.family("phone", 88, phoneTemplates, func(st style) slots {
		return slots{"phone": ent(tPhone, g.phoneText(st))}
	})
	g.family("email", 88, emailTemplates, g.personSlots)
}

func (g *gen) people() {
	g.family("person", 52, personTemplates, g.personSlots)
	g.family("person-spelled", 9, personSpelledTemplates, g.personSlots)
	g.family("person-first-last", 6, personFirstLastTemplates, g.personSlots)
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
		g.family(k.prefix, 24, k.tmpls, func(st style) slots {
			return slots{"id": ent(tNatID, k.text(st))}
		})
	}
}

func (g *gen) bankAccounts() {
	g.family("iban", 56, ibanTemplates, func(st style) slots {
		return slots{"iban": ent(tBank, g.ibanText(st))}
	})
	g.emitN("account", 36, func(i int) (style, string, slots) {
		st := g.style()
		at := accountTemplates[i%len(accountTemplates)]
		sl := slots{"b": ent(tBank, g.accountText(at.kinds[1], st))}
		if at.kinds[0] != "" {
			sl["a"] = ent(tBank, g.accountText(at.kinds[0], st))
		}
		return st, at.tmpl, sl
	})
}

func (g *gen) dobSlots(st style, withYear bool) slots {
	dt := g.birthDate(1935, 2008)
	s := g.dateText(dt, st, withYear)
	return slots{"dob": ent(tDOB, s), "the": lit(g.theFor(s))}
}

func (g *gen) birthDates() {
	g.family("dob", 40, dobTemplates, func(st style) slots { return g.dobSlots(st, true) })
	g.family("dob-noyear", 6, dobNoYearTemplates, func(st style) slots { return g.dobSlots(st, false) })
	g.family("dob-year", 6, dobYearTemplates, func(st style) slots {
		y := g.r.between(1940, 2006)
		text := g.yearWords(y)
		if st == styleDigits {
			text = itoa(y)
		}
		return slots{"dob": ent(tDOB, text)}
	})
}

func (g *gen) addresses() {
	g.family("address", 52, addressTemplates, func(st style) slots {
		return slots{"addr": ent(tAddress, g.addressText(st))}
	})
}

func (g *gen) specialCategories() {
	for _, c := range art9Categories {
		total := 0
		for _, f := range c.sets {
			total += len(f.tmpls)
		}
		g.emitN(c.prefix, 46, func(i int) (style, string, slots) {
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
			return st, f.tmpls[k], slots{"x": ent(c.typ, t.in(st))}
		})
	}
}

func (g *gen) multi() {
	emitN := g.family
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

package main

import "strings"

// Labels, as the corpus and the engine name them.
const (
	tCard      = "CARD_NUMBER"
	tCVV       = "CVV"
	tExpiry    = "CARD_EXPIRY"
	tPhone     = "PHONE"
	tEmail     = "EMAIL"
	tPerson    = "PERSON"
	tNatID     = "NATIONAL_ID"
	tBank      = "BANK_ACCOUNT"
	tDOB       = "DATE_OF_BIRTH"
	tAddress   = "ADDRESS"
	tHealth    = "HEALTH"
	tReligion  = "RELIGION"
	tPolitics  = "POLITICAL_OPINION"
	tUnion     = "TRADE_UNION"
	tSexual    = "SEXUAL_ORIENTATION"
	tEthnic    = "ETHNIC_ORIGIN"
	tGenetic   = "GENETIC"
	tBiometric = "BIOMETRIC"
)

var cardTemplates = []string{
	"My card number is {card}.",
	"(The|My) card number is {card}.",
	"It's a {brand}, the number is {card}.",
	"Yes, it's {card}.",
	"Okay, the long number on the front is {card}.",
	"Card number {card}.",
	"Sure, {card}, that's my {brand}.",
	"My (credit|debit) card is {card}.",
	"(Debit|Credit) card number {card}, please.",
	"Let me read it out: {card}.",
	"So it's {card}, did you get that?",
	"The number on my card is {card}.",
	"I want to pay by card, {card}.",
	"{card}",
	"Um, it's {card}.",
	"Can you charge it to {card}?",
	"Use the {brand}, {card}.",
	"Here it is, {card}.",
	"Card is {card}, thank you.",
	"My {brand} number is {card}.",
	"Please take the payment from card {card}.",
	"Right, so the card number, {card}.",
	"It's my husband's card, {card}.",
	"{card} is the card number.",
	"I'll give you the card, it's {card}, okay?",
	"The new card (is|they sent me is) {card}.",
	"My company card number is {card}.",
	"Oh hang on, (let me get my wallet|where's my purse), okay, {card}.",
	"Put it on my {brand}, {card}.",
	"The card I want to use is {card}.",
}

var cvvTemplates3 = []string{
	"The security code is {cvv}.",
	"CVV {cvv}.",
	"The three digits on the back are {cvv}.",
	"The CVC is {cvv}.",
	"Security number {cvv}.",
	"It's {cvv} on the back.",
	"The code on the back of the card is {cvv}.",
	"And the CVV is {cvv}.",
	"(The |)card verification code (is |){cvv}.",
	"{cvv}, that's the security code.",
	"The last three digits on the signature strip are {cvv}.",
	"Security code, um, {cvv}.",
	"The three digit code is {cvv}.",
}

var cvvTemplates4 = []string{
	"The security code is {cvv}.",
	"The four digit code on the front is {cvv}.",
	"CID {cvv}, it's an Amex.",
	"The Amex code is {cvv}.",
	"Security code {cvv}.",
}

var expiryTemplates = []string{
	"The expiry date is {exp}.",
	"It expires {exp}.",
	"Expiry {exp}.",
	"Valid until {exp}.",
	"The expiration date is {exp}.",
	"Valid thru {exp}.",
	"Exp date {exp}.",
	"The card is good through {exp}.",
	"Expiry is {exp}, I think.",
	"It runs out {exp}.",
	"The card expires {exp}.",
	"Expiration {exp}.",
	"And it expires in {exp}.",
	"The date on the card is {exp}.",
}

var cardMultiTemplates = []string{
	"My card number is {card}, expiry {exp}, and the security code is {cvv}.",
	"{card}, expires {exp}, CVV {cvv}.",
	"It's a {brand}, {card}, valid until {exp}, and the code on the back is {cvv}.",
	"Card number {card}, expiry date {exp}, security code {cvv}.",
	"Okay, {card}, and it expires {exp}, the three digits are {cvv}.",
	"The card is {card}, the expiration is {exp} and the CVC is {cvv}.",
	"Number {card}, exp {exp}, CVV {cvv}, that's everything.",
	"Right, the long number is {card}, then {exp} for the expiry and {cvv} on the back.",
}

var cardExpTemplates = []string{
	"My card number is {card}, it expires {exp}.",
	"{card}, expiry {exp}.",
	"The {brand} is {card}, valid thru {exp}.",
	"Card {card}, expiration date {exp}.",
}

var cardCVVTemplates = []string{
	"Card number {card}, security code {cvv}.",
	"It's {card} and the CVV is {cvv}.",
	"{card}, and {cvv} on the back.",
}

var phoneTemplates = []string{
	"My phone number is {phone}.",
	"You can reach me on {phone}.",
	"My mobile is {phone}.",
	"Call me back on {phone}.",
	"It's {phone}.",
	"The best number to call is {phone}.",
	"My number's {phone}.",
	"Please text me at {phone}.",
	"My cell is {phone}.",
	"My landline is {phone}.",
	"Ring me on {phone} after five.",
	"My WhatsApp is {phone}.",
	"Contact number {phone}.",
	"If we get cut off, my number is {phone}.",
	"{phone}",
	"My daughter's number is {phone}.",
	"Could you update my phone number to {phone}?",
	"The new number is {phone}.",
	"I'm calling from {phone}.",
	"Try my wife on {phone}.",
	"You can call me at {phone} any time.",
	"Yeah, my mobile number, {phone}.",
	"(Phone|Telephone), {phone}.",
	"My work number is {phone}.",
	"Send the code to {phone}, please.",
	"Um, it's {phone}, that's my mobile.",
}

var emailTemplates = []string{
	"My email is {email}.",
	"My email address is {email}.",
	"Send it to {email}.",
	"It's {email}.",
	"You can email me at {email}.",
	"Please use {email} for the invoice.",
	"The e-mail is {email}.",
	"Send the receipt to {email}, please.",
	"My work email is {email}.",
	"Could you change my email to {email}?",
	"{email}",
	"Reply to {email}.",
	"I think you have {email} on file, that's the old one.",
	"Drop me a line at {email}.",
	"Mail it to {email}.",
	"Yes, the address is {email}.",
	"E-mail me on {email} (please|when it's ready|).",
	"My login is {email}.",
	"Um, it's {email}, all lower case.",
}

var personTemplates = []string{
	"My name is {name}.",
	"Hi, this is {name}.",
	"It's {name} speaking.",
	"{name} here.",
	"(Hello, |)I'm {name}.",
	"Yes hello, {name}, calling about my order.",
	"The account is in the name of {name}.",
	"Can I speak to {name}, please?",
	"I spoke to {name} yesterday.",
	"My husband {first} set it up.",
	"My wife, {first}, usually handles this.",
	"The booking is under {name}.",
	"My surname is {last}.",
	"My first name is {first}.",
	"I'm calling on behalf of my mother, {name}.",
	"You can put it under {last}.",
	"Please ask for {first} when you call back.",
	"The card holder is {name}.",
	"Hello, yeah, my name's {name}.",
	"(Mr|Mrs|Ms|Dr) {last}, (that's me|yes).",
	"Dr {last} referred me.",
	"My son {first} is the one who ordered it.",
	"Tell {first} I called.",
	"The parcel was for {name}.",
	"It's registered to {name}, my partner.",
	"{first} {last}, (like I said|that's the name on the account).",
}

var personSpelledTemplates = []string{
	"My last name is {last}, that's {spelled}.",
	"Surname {last}, spelled {spelled}.",
	"It's {last}, {spelled}.",
}

var personFirstLastTemplates = []string{
	"First name {first}, last name {last}.",
	"First name is {first} and the surname is {last}.",
}

var cprTemplates = []string{
	"My CPR number is {id}.",
	"CPR {id}.",
	"My personal number is {id}.",
	"My CPR is {id}.",
	"Civil registration number {id}.",
	"The CPR number is {id}, it's for my son.",
	"My personnummer is {id}.",
	"Here's my CPR, {id}.",
	"(Yes, |)it's {id}, my CPR number.",
	"For MitID it's {id}.",
}

var isikukoodTemplates = []string{
	"My isikukood is {id}.",
	"My personal identification code is {id}.",
	"My ID code is {id}.",
	"Personal code {id}.",
	"The Estonian personal code is {id}.",
	"My isikukood, {id}.",
	"(Sure, |)my personal code is {id}.",
	"It's {id}, that's my isikukood.",
}

var ssnTemplates = []string{
	"My social security number is {id}.",
	"My social is {id}.",
	"SSN {id}.",
	"Social security {id}.",
	"It's {id}, my social.",
	"The social security number is {id}.",
	"(Okay, |)social security number, {id}.",
	"My SSN is {id}.",
}

var ninoTemplates = []string{
	"My national insurance number is {id}.",
	"NI number {id}.",
	"My NI is {id}.",
	"National insurance, {id}.",
	"It's {id}, my national insurance number.",
	"My NI number is {id}.",
	"(Yeah, |)national insurance number {id}.",
}

var ibanTemplates = []string{
	"My IBAN is {iban}.",
	"The IBAN is {iban}.",
	"Please transfer it to {iban}.",
	"Refund to IBAN {iban}.",
	"My account number, the IBAN, is {iban}.",
	"It's {iban}, that's my bank account.",
	"Pay it into {iban}.",
	"The IBAN for the refund is {iban}.",
	"(Okay, |)IBAN {iban}.",
	"Send the money to account {iban}.",
	"My bank account is {iban}.",
	"{iban}",
}

var accountTemplates = []struct {
	tmpl  string
	kinds []string
}{
	{"Sort code {a}, account number {b}.", []string{"sort", "ukacct"}},
	{"My sort code is {a} and the account number is {b}.", []string{"sort", "ukacct"}},
	{"The account number is {b}, sort code {a}.", []string{"sort", "ukacct"}},
	{"Reg number {a}, account {b}.", []string{"reg", "dkacct"}},
	{"Registration number {a}, account number {b}.", []string{"reg", "dkacct"}},
	{"My reg. no. is {a} and the account number is {b}.", []string{"reg", "dkacct"}},
	{"Routing number {a}, account {b}.", []string{"routing", "acct"}},
	{"The routing number is {a} and my account number is {b}.", []string{"routing", "acct"}},
	{"My account number is {b}.", []string{"", "acct"}},
	{"Account number {b}.", []string{"", "acct"}},
	{"The refund should go to account {b}.", []string{"", "acct"}},
	{"My bank account number is {b}.", []string{"", "acct"}},
	{"Checking account {b}.", []string{"", "acct"}},
	{"Savings account number {b}.", []string{"", "acct"}},
}

var dobTemplates = []string{
	"My date of birth is {dob}.",
	"I was born on {the}{dob}.",
	"Date of birth {dob}.",
	"DOB {dob}.",
	"It's {dob}, my date of birth.",
	"My son was born on {the}{dob}.",
	"Birth date {dob}.",
	"Born {dob}.",
	"(Yes, |)date of birth is {the}{dob}.",
	"My birthday is {the}{dob}.",
	"I was born {the}{dob}.",
	"His date of birth is {dob}.",
}

var dobNoYearTemplates = []string{
	"My birthday is {the}{dob}.",
	"I was born on {the}{dob}.",
}

var dobYearTemplates = []string{
	"I was born in {dob}.",
	"Year of birth {dob}.",
	"I'm born in {dob}.",
}

var addressTemplates = []string{
	"I live at {addr}.",
	"My address is {addr}.",
	"Send it to {addr}.",
	"Deliver it to {addr}, please.",
	"The billing address is {addr}.",
	"I've moved to {addr}.",
	"My new address is {addr}.",
	"It's {addr}.",
	"We're at {addr}.",
	"The parcel should go to {addr}.",
	"My home address is {addr}.",
	"The address is {addr}.",
	"Can you change the delivery address to {addr}?",
	"(Um, |)I'm at {addr} now.",
}

// Multi-entity utterances.
var namePhoneTemplates = []string{
	"This is {name}, my number is {phone}.",
	"My name is {name} and you can reach me on {phone}.",
	"It's {name}, call me back on {phone}.",
	"{name}, mobile {phone}.",
	"Hi, {name} here, my phone is {phone}.",
	"Please ask {first} to ring me on {phone}.",
}

var nameEmailTemplates = []string{
	"My name is {name}, email {email}.",
	"It's {name}, and my email is {email}.",
	"{name}, {email}.",
	"This is {first}, you can write to {email}.",
}

var phoneEmailTemplates = []string{
	"My number is {phone} and my email is {email}.",
	"Call me on {phone} or email {email}.",
	"Mobile {phone}, email {email}.",
}

var nameDOBTemplates = []string{
	"My name is {name}, date of birth {dob}.",
	"{name}, born {dob}.",
	"It's {name}, and my date of birth is {dob}.",
}

var nameAddressTemplates = []string{
	"My name is {name} and I live at {addr}.",
	"{name}, {addr}.",
	"It's for {name} at {addr}.",
}

var ibanNameTemplates = []string{
	"The account holder is {name} and the IBAN is {iban}.",
	"IBAN {iban}, in the name of {name}.",
	"It's {name}'s account, {iban}.",
}

var dobCPRTemplates = []string{
	"I was born on {the}{dob}, and my CPR is {id}.",
	"Date of birth {dob}, CPR number {id}.",
}

var personHealthTemplates = []string{
	"My partner {first} has {x}.",
	"My mother, {name}, was diagnosed with {x}.",
	"{first} is being treated for {x}, so they can't come to the phone.",
}

// term is a sensitive term as formatted text and, if it differs from the
// lower-cased text, as a recogniser writes it.
type term struct{ text, asr string }

func (t term) in(st style) string {
	if st == styleDigits {
		return t.text
	}
	if t.asr != "" {
		return t.asr
	}
	return strings.ToLower(strings.NewReplacer("-", " ", ".", "").Replace(t.text))
}

func terms(ss ...string) []term {
	ts := make([]term, len(ss))
	for i, s := range ss {
		text, asr, _ := strings.Cut(s, "|")
		ts[i] = term{text, asr}
	}
	return ts
}

// frames pairs templates with the terms that fit them grammatically.
type frames struct {
	tmpls []string
	terms []term
}

type art9 struct {
	typ, prefix string
	sets        []frames
}

var art9Categories = []art9{
	{tHealth, "health", []frames{
		{[]string{
			"I was diagnosed with {x} (last year|in the spring|a few months ago|recently).",
			"I have {x}, so (I can't come in person.|I need more time to pay.|could you send it in writing?)",
			"I've got {x} and (the letters stress me out|I'm off work at the moment).",
			"My {x} has got worse, so I need to pause the payments.",
			"I'm being treated for {x}.",
			"Because of my {x}, I can't work at the moment.",
			"I suffer from {x}.",
			"I live with {x}, so calls like this are hard.",
			"My doctor says my {x} is getting worse.",
			"I've been off sick with {x} since (March|the summer|Christmas).",
			"My daughter has {x}, so I need a ground floor room.",
		}, terms("Type 2 diabetes|type two diabetes", "Type 1 diabetes|type one diabetes", "diabetes", "asthma", "epilepsy",
			"depression", "breast cancer", "prostate cancer", "HIV|h i v", "multiple sclerosis", "Parkinson's", "dementia",
			"COPD|c o p d", "Crohn's disease", "ADHD|a d h d", "bipolar disorder", "schizophrenia", "kidney failure",
			"long COVID", "migraines", "chronic fatigue syndrome", "coeliac disease", "PTSD|p t s d", "arthritis",
			"lupus", "hepatitis C|hepatitis c", "leukaemia", "anorexia", "generalised anxiety disorder", "severe anxiety")},
		{[]string{
			"I'm (having|going through) {x} at the moment.",
			"I'm on {x}, so some days I can't get to the phone.",
			"I have {x} on Tuesdays and Thursdays, so mornings are bad.",
			"I just started {x}.",
		}, terms("chemotherapy", "dialysis", "radiotherapy", "IVF|i v f", "insulin", "antidepressants", "methadone", "chemo")},
		{[]string{
			"I'm {x}, (so|and) I need help filling in the form.",
			"As I'm {x}, could you send it by post?",
			"My wife is {x}, so we can't fly next month.",
			"I'm {x} and I can't read the screen.",
		}, terms("pregnant", "deaf", "blind", "registered blind", "partially sighted", "HIV positive|h i v positive", "diabetic", "epileptic", "disabled", "hard of hearing")},
		{[]string{
			"I had a {x} last (month|year|week).",
			"I'm recovering from a {x}.",
			"After my {x} I couldn't work for months.",
		}, terms("heart attack", "stroke", "miscarriage", "hip replacement", "nervous breakdown", "kidney transplant", "knee operation", "mastectomy")},
	}},
	{tReligion, "religion", []frames{
		{[]string{
			"I'm {x}, so (I can't do Saturday appointments|I don't drink alcohol|I'd rather not come on a holy day).",
			"We're a {x} family.",
			"As a {x}, I can't (work on Sundays|eat pork|do that).",
			"I'm a practising {x}.",
			"My husband is {x}, so he won't be able to come on Friday.",
			"Being {x}, I'd prefer a female doctor.",
			"I'm {x}.",
		}, terms("Muslim", "Catholic", "Hindu", "Sikh", "Buddhist", "Lutheran", "Mormon", "Christian",
			"Methodist", "Pentecostal", "Anglican", "Baptist", "Quaker")},
		{[]string{
			"I'm {x}, so (I can't do Saturday appointments|I don't drink alcohol|I keep kosher).",
			"We're a {x} family.",
			"My husband is {x}, so he won't be able to come on Friday.",
			"Being {x}, I'd prefer (a female doctor|not to answer on a Saturday).",
		}, terms("Jewish", "Orthodox Jewish", "evangelical", "Greek Orthodox", "devoutly Catholic")},
		{[]string{
			"As a {x}, I can't (accept a blood transfusion|celebrate birthdays|do that).",
			"I'm a {x}, so please don't send Christmas cards.",
			"I'm a practising {x}.",
		}, terms("Jehovah's Witness|jehovah's witness", "Seventh-day Adventist", "Latter-day Saint", "born-again Christian")},
		{[]string{
			"I converted to {x} (last year|when I got married|a few years ago).",
			"I practise {x}.",
			"I was raised in {x} (but|and) I still practise.",
		}, terms("Islam", "Judaism", "Catholicism", "Buddhism", "Hinduism", "Christianity", "Sikhism")},
		{[]string{
			"I go to the {x} every (Friday|Saturday|Sunday), so I can't come then.",
			"I'll be at the {x} until two.",
		}, terms("mosque", "synagogue", "gurdwara", "Kingdom Hall", "Hindu temple")},
		{[]string{
			"I'm fasting for {x}, so could we do it after sunset?",
			"During {x} I can only eat after dark.",
		}, terms("Ramadan")},
		{[]string{
			"I observe the {x}, so no calls on Saturday please.",
			"I keep the {x}, so not on a Saturday.",
		}, terms("Sabbath")},
		{[]string{
			"I'm an {x}, so please take the religious wording off.",
			"As an {x}, I'd rather not swear on the Bible.",
		}, terms("atheist", "agnostic")},
	}},
	{tPolitics, "political", []frames{
		{[]string{
			"I voted for the {x} (last time|at the last election|in the general election).",
			"I'm a member of the {x}.",
			"I support the {x}.",
			"I donate to the {x} every month.",
			"I canvass for the {x} at weekends.",
			"I've always voted for the {x}.",
		}, terms("Green Party", "Conservatives", "Tories", "Liberal Democrats", "Lib Dems", "SNP|s n p", "Social Democrats",
			"Danish People's Party", "Red-Green Alliance", "Reform Party", "Centre Party", "Democrats", "Republicans",
			"Socialist People's Party", "Moderates", "Greens")},
		{[]string{
			"I've always voted {x}.",
			"I'm a {x} voter.",
			"I'm {x} through and through.",
			"We're a {x} household.",
		}, terms("Labour", "Tory", "Green", "Reform", "Venstre", "Isamaa", "EKRE|e k r e", "Plaid Cymru", "Lib Dem", "Democrat", "Republican")},
		{[]string{
			"I'm a {x}, so I don't agree with that.",
			"I've always been a {x}.",
			"As a {x}, I object to that.",
			"I'm a card-carrying {x}.",
		}, terms("socialist", "communist", "conservative", "libertarian", "anarchist", "Marxist", "monarchist", "nationalist", "feminist", "eco-socialist")},
	}},
	{tUnion, "union", []frames{
		{[]string{
			"I'm a member of {x}.",
			"I'm in {x}.",
			"My union, {x}, told me to call you.",
			"I pay my {x} membership by direct debit.",
			"I'm a {x} rep at work.",
			"I joined {x} last year.",
			"My {x} rep is going to call you.",
			"{x} are helping me with my case.",
		}, terms("Unite", "Unison", "GMB|g m b", "3F|three f", "HK|h k", "Dansk Metal", "FOA|f o a",
			"Usdaw", "IG Metall|i g metall", "Equity", "Prospect", "Community")},
		{[]string{
			"I'm a member of the {x}.",
			"I'm in the {x}.",
			"The {x} told me to call you.",
			"I pay my {x} subscription by direct debit.",
			"The {x} is helping me with my case.",
		}, terms("RMT|r m t", "CWU|c w u", "PCS|p c s", "NEU|n e u", "Royal College of Nursing", "Fire Brigades Union", "Teachers' Union of Ireland")},
		{[]string{
			"I'm in a {x}.",
			"I'm a {x} member.",
			"I've asked my {x} to look into it.",
			"The {x} is (helping me with the dispute|paying my legal fees).",
			"I'm the {x} representative at my workplace.",
		}, terms("trade union", "union", "nurses' union", "teachers' union", "dockers' union")},
	}},
	{tSexual, "orientation", []frames{
		{[]string{
			"I'm {x}, (and|so) I'd like the form to say partner, not husband.",
			"I'm {x}.",
			"I came out as {x} (last year|to my family in May|a while ago).",
			"Being {x}, I've had problems with this before.",
			"I identify as {x}.",
			"As a {x} (man|woman|person), I found that question offensive.",
			"My son is {x} and he's worried about who sees this.",
		}, terms("gay", "lesbian", "bisexual", "queer", "pansexual", "asexual", "homosexual", "heterosexual")},
		{[]string{
			"My partner and I are a {x} couple.",
			"We're a {x} couple, so please put both names on it.",
		}, terms("gay", "lesbian", "same-sex", "queer")},
	}},
	{tEthnic, "ethnic", []frames{
		{[]string{
			"I'm {x}, and your staff treated me differently.",
			"As a {x} woman, I felt singled out.",
			"I'm of {x} (descent|heritage|origin).",
			"My family is {x}.",
			"I'm half {x}.",
			"Because I'm {x}, they asked for extra ID.",
			"My parents are {x}.",
			"I'm {x} by background.",
		}, terms("Romani", "Roma", "Kurdish", "Somali", "South Asian", "Inuit", "Sami", "Pakistani",
			"Afro-Caribbean", "Bangladeshi", "Greenlandic Inuit", "Tamil", "Berber", "Hispanic", "Latino", "Arab",
			"West African", "Nigerian", "Vietnamese")},
		{[]string{
			"I'm {x}, and your staff treated me differently.",
			"As a {x} man, I get stopped at the door every time.",
			"Because I'm {x}, they asked for extra ID.",
			"The form asked if I'm {x}, why do you need that?",
		}, terms("Black", "mixed race", "Irish Traveller", "Black British", "White British", "Black African", "Asian British")},
	}},
	{tGenetic, "genetic", []frames{
		{[]string{
			"I carry the {x}.",
			"The test showed I have the {x}.",
			"I found out I have the {x}, so I want to update my policy.",
			"My doctor found the {x} in my family.",
		}, terms("BRCA1 mutation|brca one mutation", "BRCA2 gene|brca two gene", "Huntington's gene", "Factor V Leiden mutation|factor five leiden mutation",
			"APOE4 gene|apoe four gene", "cystic fibrosis gene", "sickle cell trait", "Lynch syndrome gene")},
		{[]string{
			"I had a {x} (done|last year|through my GP).",
			"My {x} came back positive.",
			"My doctor ordered a {x}.",
			"Do you keep the results of my {x}?",
			"The {x} says I'm a carrier.",
			"I'm waiting for a {x} result.",
		}, terms("DNA test", "genetic test", "paternity test", "genetic screening test", "carrier test")},
		{[]string{
			"I had {x} (done|last year|through the hospital).",
			"My doctor suggested {x}.",
			"The {x} showed I'm a carrier.",
		}, terms("genetic screening", "carrier screening", "whole genome sequencing", "genetic testing")},
		{[]string{
			"I don't want my {x} shared with anyone.",
			"Can you delete my {x}?",
			"You asked for my {x} on the form.",
		}, terms("23andMe results|twenty three and me results", "DNA results", "genetic profile", "DNA profile", "genetic data", "ancestry DNA results")},
	}},
	{tBiometric, "biometric", []frames{
		{[]string{
			"I registered my {x} with the bank.",
			"Can you delete my {x}?",
			"You have my {x} on file.",
			"Do you store my {x}?",
			"I don't want you keeping my {x}.",
			"My {x} stopped working with the app.",
			"The app asked for my {x}.",
			"I enrolled my {x} last week.",
		}, terms("fingerprint", "fingerprints", "voiceprint", "voice print", "Face ID|face i d", "facial recognition data",
			"face scan", "iris scan", "retina scan", "palm print", "palm vein scan", "voice biometrics", "facial biometrics", "biometric data")},
		{[]string{
			"I set up {x} to log in.",
			"I use {x} for the banking app.",
			"I turned off {x} because I don't trust it.",
		}, terms("Face ID|face i d", "fingerprint login", "voice ID|voice i d", "Touch ID|touch i d", "facial recognition", "voice recognition")},
	}},
}

// Package redact removes personal data from transcripts before they reach a
// console, a store or a log, partial results included.
//
// # What is found
//
// Every entity is replaced by its type in brackets ("my card is
// [CARD_NUMBER] thanks") and reported as an Entity. The types:
//
//   - CARD_NUMBER: 13–19 digits passing the Luhn check, or the groups of a
//     card read in parts after a card cue ("card", "visa", "long number").
//   - CVV: the digits after a CVV cue ("cvv", "security code", "the three
//     digits on the back"), or "the code" in a card context.
//   - CARD_EXPIRY: the date or digits after an expiry cue ("expires", "valid
//     thru"): "oh four twenty six", "april twenty twenty six", "04/26".
//   - PHONE: any other run of 7 or more digits, or a shorter one after a
//     phone cue ("mobile", "call me on", "my number").
//   - EMAIL: "j.doe@example.dk", "john dot doe at example dot com".
//   - PERSON: the words after a strong name cue ("my name is", "mr",
//     "surname is", including names spelled letter by letter); names from
//     the gazetteer (English, Danish, Estonian and other European first
//     names and surnames) anywhere; names that are also ordinary words
//     ("will", "grace") only after a cue ("ask", "this is") or beside
//     another name; any word in "this is X calling".
//   - NATIONAL_ID: a Danish CPR number written "ddmmyy-ssss", a US SSN
//     "ddd-dd-dddd", an Estonian isikukood (11 digits with a valid date and
//     check digit), a UK National Insurance number ("AB 12 34 56 C", "a b
//     one two three four five six c"), or any number after an ID cue ("cpr",
//     "social security number", "personal code", "passport number").
//   - BANK_ACCOUNT: an IBAN that passes the mod-97 check, written or
//     spelled, or any number after a bank cue ("account number", "sort
//     code", "iban").
//   - DATE_OF_BIRTH: the date after a birth cue ("born on the twelfth of
//     march nineteen eighty four", "date of birth 12/03/1984").
//   - ADDRESS: a house number, up to three words and a street word ("twelve
//     baker street", "forty two old kent road"), a street then its number
//     ("vesterbrogade 12", "pärnu maantee 22"), with a unit, postcode and
//     town after it; and the rest of the clause after an address cue ("my
//     address is", "postcode", "i live at").
//   - GDPR Art. 9 special categories, from lexicons, wherever they are said:
//     HEALTH, RELIGION, POLITICAL_OPINION, TRADE_UNION, SEXUAL_ORIENTATION,
//     ETHNIC_ORIGIN, GENETIC, BIOMETRIC.
//   - NUMBER: a digit run masked because of its context without knowing
//     its type (a dictated run of four or more single digits, a number after
//     "pin" or "code"); PENDING: words held back at the end of a partial.
//
// # How numbers are read
//
// A digit run is a sequence of digit groups ("4111", "(555)"), digit words
// ("zero" … "nine", "oh"), number words ("twenty two" is 22, "nineteen
// eighty four" is 1984, "four hundred and five" is 405), "double five",
// "triple seven" and fillers ("uh", "um"), separated by spaces, the
// punctuation - . , ( ) / or "slash"/"dash". ASR homophones "to"/"too" (2),
// "for" (4), "won" (1), "ate" (8) and "o" count as digits only in a run that
// has a real digit, so "I want to go" stays as it is while "one one two to"
// is four digits. A run takes the type of the nearest cue before it in the
// utterance (at most ten words away), else of a cue after it, else of the
// context an earlier utterance left open. Cues for numbers that are not
// personal data ("order number", "booking reference", "room", "flight",
// "gate") keep a run readable, and so does an amount ("$12.99", "five
// dollars"); times ("ten thirty"), years ("twenty twenty four") and
// quantities ("three hundred people") have too few digits to be anything
// without a cue.
//
// # Language data
//
// The words are data: a Lexicon read from embedded files (lexicon/en.lex
// and lexicon/names.lex) lists digit and number words, homophones, cue
// phrases per type, street words, names and the Art. 9 terms. Another
// language is another lexicon file (English().Extend), used with
// NewStreamLexicon; the rules stay the same.
//
// # Streams
//
// A Stream redacts one speaker of one call as the engine hears it: each
// Partial replaces the previous hypothesis of the ongoing utterance and a
// Final ends it. The promise is that nothing unredacted escapes in any
// partial or final. On top of the single-utterance rules a Stream applies
// these:
//
//  1. Hold-back. In a partial, what may still grow into an entity is
//     masked: a digit run at the end, even a single digit word ("my card is
//     four" shows "my card is [CARD_NUMBER]"); an e-mail in progress ("john
//     at", "my email is john"); everything after a cue for a date, address,
//     name, national ID or bank account ("born on the twelfth of", "my iban
//     is d k"); a code of letters and digits ("GB82", "221b", "a b one");
//     a street word or a house number followed by up to two words ("twelve
//     baker"); a word after a name cue; the first words of an Art. 9 phrase
//     ("type two"). They show as the expected type or [PENDING] until a later
//     hypothesis resolves them.
//  2. Stickiness. Once a partial masked a digit run by any rule other than
//     hold-back, every digit run in the later partials and the final of that
//     utterance is masked, so a revised hypothesis cannot reveal it. Likewise
//     once a partial masked an e-mail with a dot after the "at".
//  3. Context. A cue in a final keeps its type open for the next 3 finals,
//     so a card number, CVV or expiry said after a pause ("my card number
//     is" / "four one one one") is masked with the right label. A cue in the
//     same utterance masks every digit after it, however short the run: ASR
//     splits numbers read aloud into fragments ("four ha", "four hundred
//     three").
//  4. Continuation. When the previous final ended with a masked digit run
//     or e-mail in progress, the run at the start of this utterance (after
//     fillers, "and", "then", "ok") is masked with the same label: a card
//     read in groups with pauses arrives as several finals, and none of its
//     digits leaks. A final with only fillers does not break the chain.
//  5. Dictation. Without any context, a run of 4 or more digits spoken as
//     single digit words, or a final that is nothing but a number of 4 or
//     more digits, is masked as NUMBER.
//
// Text and Annotate apply the rules for one complete utterance with no
// earlier context, as a Stream's first Final does.
//
// Known limits:
//
//   - A name that is neither in the gazetteer nor after a cue is not found,
//     and neither is a street name said before its street word in a partial
//     that does not yet have the street word ("pärnu" before "maantee 22"
//     is shown in the one-word partial).
//   - Art. 9 lexicons match words, not meaning: "I'm not religious" is
//     masked, "the church on the corner" too.
//   - Only ASCII digits count.
//
// Over-redaction is the safe side: a list of small numbers ("101, 102,
// 103") is one run and becomes a PHONE, and a homophone before a number
// joins it ("send it to five five five one two three four" becomes "send
// it [PHONE]").
//
// # DTMF
//
// A DTMF masks the keypad digits of one call: in a step marked sensitive,
// digits are counted, never shown ("6 digits entered").
//
// # Concurrency
//
// Text, Annotate and Restore are safe for concurrent use. A Stream belongs
// to one speaker of one call and must not be used concurrently; it holds no
// goroutines or resources and needs no Close.
package redact

// Package redact removes personal data from transcripts before they reach a
// console, a store or a log. It is the first, rule-based version; a later
// engine replaces the detectors but keeps this API and its promises.
//
// # What is found
//
// Text finds, in written form or as ASR engines spell speech out (lower
// case, no punctuation):
//
//   - CARD_NUMBER: a digit run of 13–19 digits that passes the Luhn check.
//   - PHONE: any other digit run of 7 or more digits, with a leading "+" or
//     "plus"; too long, too short for a card or not Luhn-valid, it is still
//     a PHONE.
//   - EMAIL: "j.doe@example.dk", "john dot doe at example dot com", or a
//     mix ("john at example.com").
//
// A digit run is a sequence of digit groups ("4111", "(555)", "22") and
// digit words ("zero" … "nine", "double five", "triple seven") separated only
// by spaces, the punctuation - . , ( ) / and fillers ("uh", "um", "er",
// "ah"). ASR homophones "oh"/"o" (0), "won" (1), "to"/"too" (2), "for" (4)
// and "ate" (8) count as digits only in a run that has a real digit, so "I
// want to go" stays as it is while "one one two to" is four digits. Number
// words ("ten", "thirty", "twenty twenty four") are not digits, so times and
// spoken years stay readable; a run preceded by "$", "€", "£", "¥" or
// followed by "dollars", "euros", "%" … is an amount, not a PHONE, if it has
// fewer than 13 digits.
//
// Each entity is replaced by its label in brackets ("my card is
// [CARD_NUMBER] thanks") and reported as an Entity whose offsets point at
// the label in the redacted text. Labels already in the input are kept and
// reported, so redacting redacted text changes nothing; Restore relies on
// this to re-check text read back from storage.
//
// # Streams
//
// A Stream redacts one speaker of one call as the engine hears it: each
// Partial replaces the previous hypothesis of the ongoing utterance and a
// Final ends it. The promise is that nothing unredacted escapes in any
// partial or final. On top of Text's rules a Stream applies these:
//
//  1. Hold-back. In a partial, a digit run at the end (followed only by
//     fillers, "double"/"triple" or punctuation) may still grow, so it is
//     masked, even a single digit word: "my card is four" is shown as "my
//     card is [NUMBER]" (or with the open context's label, below). Masked,
//     not dropped, so the agent sees that digits are being spoken. An e-mail
//     in progress at the end of a partial is masked as [EMAIL]: a chain of
//     words joined by "at"/"dot" ("john dot", "john at", "john at
//     example"), unless "at" sits between common words ("I'm at home",
//     "meet me at the"), and the word that follows "email is", "email
//     address is" or "email:" ("my email is john"). Once the hypothesis
//     resolves to something else ("I have three dogs", "tell sarah at
//     reception i am here") the words are shown.
//  2. Stickiness. Once a partial masked a digit run by any rule other than
//     hold-back (it is long enough to be an entity, it is dictated, a context
//     is open), every digit run in the later partials and the final of that
//     utterance is masked, so a revised hypothesis ("four one one one one one
//     one one" becoming "four one one and one one one") cannot reveal it.
//     Likewise once a partial masked an e-mail with a dot after the "at",
//     any "name at word" stays masked in that utterance.
//  3. Context. A card cue (card, visa, mastercard, amex, credit, debit,
//     cvv, cvc, expiry, "security code"), a phone cue (phone, mobile, cell,
//     telephone, landline, whatsapp, fax, extension, "call/text/reach/ring
//     me") or a generic one (number, digits, pin, account) in the utterance
//     opens a context of that type (CARD_NUMBER, PHONE, NUMBER; the last
//     card/phone cue wins over a generic one). A final with a cue or a masked
//     digit run, including a PHONE or CARD_NUMBER found by Text, keeps it
//     open for the next 3 finals. While it is open, a digit run of 3 or more
//     digits (a CVV, a phone group "five five five") is masked with the
//     context's label, unless it is an amount; so is a shorter run that
//     ends the utterance, as it may go on in the next ("my card number
//     starts with four", "my number is" / "two two" / "three three"), except
//     a single digit in a generic context ("the number of people is
//     three"). In a card context a run of 7–19 digits that fails the Luhn
//     check is a CARD_NUMBER, not a PHONE: it is the first part of a card
//     read in two. A card or phone cue in the same utterance masks every
//     digit run in it, even a single digit: the recogniser splits numbers
//     read aloud into fragments ("four ha", "four hundred three"). In a
//     partial, a generic cue in the same utterance does the same (and the
//     mask is then sticky for the utterance).
//  4. Continuation. When the previous final ended with a masked digit run,
//     a digit run at the start of this utterance (after fillers, "and",
//     "then", "ok", "so", "plus") is masked with the same label, whatever
//     its length: a card read in groups with pauses ("four one one one" /
//     "one one one one" / …) arrives as several finals, and none of its
//     digits leaks. An e-mail in progress at the end of a final ("my email
//     is john", "john dot doe at") is masked and continues the same way into
//     the next final ("dot doe at example dot com"). A final with only
//     fillers does not break the chain.
//  5. Dictation. Without any context, a run of 4 or more digits spoken as
//     single digit words ("one two three four": a PIN, a card group, an
//     account number), or a final that is nothing but a number of 4 or
//     more digits, is masked as NUMBER. Years ("nineteen eighty four",
//     "1984" in a sentence), prices, times and room numbers ("room three oh
//     five") are not.
//
// So in a call with no card or phone context "I'm in room three oh five, we
// meet at ten thirty" stays readable (the partial "I'm in room three oh
// five" shows "[NUMBER]" until the next word arrives), while "my card
// number is" followed by four finals of four digits shows four
// "[CARD_NUMBER]" labels and no digit.
//
// Known limits of this version:
//
//   - Number words ("twelve", "thirty four") are not digits, so a number
//     read in them leaks.
//   - A card read in written groups relies on a cue: "4111." as a whole
//     utterance is masked, "it's 4111" with no cue is not.
//   - The first word of an e-mail said with no cue is shown in the partial
//     that ends with it.
//   - With no cue, a group of three digits that a word separates from the
//     rest ("five five five and one two three four") is shown in partials;
//     the final masks it (rule 2).
//   - Only ASCII digits count.
//
// Over-redaction is the safe side: a list of small numbers ("101, 102,
// 103") or a date written with digits is one run and becomes a PHONE, and a
// homophone before a number joins it ("send it to five five five one two
// three four" becomes "send it [PHONE]").
//
// # Concurrency
//
// Text and Restore are safe for concurrent use. A Stream belongs to one
// speaker of one call and must not be used concurrently; it holds no
// goroutines or resources and needs no Close.
package redact

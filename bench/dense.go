package bench

// DenseText returns about size bytes of support-ticket and CRM notes in
// which most lines hold one or more identifiers, now and then a pasted PEM
// private key. The text ends with a newline and is at least size bytes
// long, by less than one line (or key block). The same seed gives the same
// text.
func DenseText(seed int64, size int) []byte {
	b, _ := DenseTextPlanted(seed, size)
	return b
}

// DenseTextPlanted is DenseText that also returns every identifier it
// planted, in order.
func DenseTextPlanted(seed int64, size int) ([]byte, []Plant) {
	g := newGen(seed, streamDense, size)
	for len(g.b) < size {
		g.tick(600000)
		g.denseLine()
	}
	return g.b, g.plants
}

var fillers = []string{
	"They asked us to keep the account open until the end of the month.",
	"No further action is needed from the billing team.",
	"The customer was polite and patient throughout the conversation.",
	"Escalated to tier two for a second review.",
	"We promised a follow-up email by Friday.",
	"The previous agent had already issued a partial refund.",
	"Identity was verified with two security questions.",
	"Shipping address was changed to the new apartment.",
	"The account is flagged for manual review by the risk team.",
	"Customer prefers to be reached in the afternoon.",
	"Documents were uploaded through the secure portal.",
	"The request was approved by the team lead.",
	"She was unhappy about the delay and asked for a discount.",
	"Please double check before closing this case.",
}

// filler appends a sentence with no digits and no context keyword, long
// enough (over 32 bytes) to keep a keyword away from what follows.
func (g *gen) filler() { g.s(g.pick(fillers)) }

// numericFiller appends a sentence with hard negatives but no identifier.
func (g *gen) numericFiller() {
	switch g.intn(4) {
	case 0:
		g.s("Order ")
		g.orderNumberNeg()
		g.s(" shipped on ")
		g.date(-g.intn(20))
		g.c('.')
	case 1:
		g.s("Invoice INV-2024-")
		g.zpad(g.intn(1000000), 6)
		g.s(" totals ")
		g.amount()
		g.s(" EUR.")
	case 2:
		g.s("They are on app version ")
		g.semver()
		g.s(" and ")
		g.packageVersionNeg()
		g.c('.')
	default:
		g.s("Card on file is ")
		g.maskedCardNeg()
		g.s(", no change needed.")
	}
}

// denseLine appends one line (or a key block) of notes.
func (g *gen) denseLine() {
	x := g.intn(1000)
	switch {
	case x < 8:
		g.s("Customer pasted this key into ticket #")
		g.n(g.between(10000, 999999))
		g.s(" by mistake:\n")
		g.privateKey()
		g.c('\n')
		return
	case x < 150:
		g.filler()
		g.c(' ')
		if g.chance(0.5) {
			g.numericFiller()
		} else {
			g.filler()
		}
		g.c('\n')
		return
	}
	g.densePrefix()
	if g.chance(0.35) {
		// Values that need a context keyword go first, so that no other
		// keyword can precede them, and a filler keeps their keyword away
		// from what follows.
		g.contextSentence()
		g.c(' ')
		g.filler()
	} else {
		g.freeSentence()
	}
	for n := g.intn(3); n > 0; n-- {
		g.c(' ')
		switch g.intn(5) {
		case 0:
			g.filler()
		case 1:
			g.numericFiller()
		default:
			g.freeSentence()
		}
	}
	g.c('\n')
}

func (g *gen) densePrefix() {
	switch g.intn(8) {
	case 0:
		g.s("Ticket #")
		g.n(g.between(10000, 999999))
		g.s(": ")
	case 1:
		g.s("[CRM] ")
	case 2:
		g.s("Agent ")
		g.s(g.pick(firstNames))
		g.s(" noted: ")
	case 3:
		g.s("Chat transcript ")
		g.date(0)
		g.s(": ")
	case 4:
		g.s("Support case CS-")
		g.n(g.between(1000, 99999))
		g.s(": ")
	case 5:
		g.s("Onboarding note: ")
	case 6:
		g.s("Claims desk: ")
	default:
		g.s("Fraud review: ")
	}
}

// contextSentence appends a sentence whose identifier is one only because
// of the keyword right before it.
func (g *gen) contextSentence() {
	switch g.intn(12) {
	case 0:
		g.s("Her SSN is ")
		g.ssn([]byte{0, ' ', '.'}[g.intn(3)])
		g.c('.')
	case 1:
		g.s("Taxpayer ID ")
		g.ssn(' ')
		g.s(" on the W-9.")
	case 2:
		g.s("ITIN ")
		g.itin(0)
		g.s(" per the IRS letter.")
	case 3:
		g.s("Direct deposit routing number ")
		g.routing()
		g.c('.')
	case 4:
		g.s("Passport ")
		g.passport()
		g.s(" expires next year.")
	case 5:
		g.s("HICN ")
		g.hicn()
		g.s(" is on the old Medicare card.")
	case 6:
		g.s("Prescriber NPI ")
		g.npi()
		g.c('.')
	case 7:
		g.s(g.pick([]string{"Date of birth ", "DOB: ", "Born on ", "Birthday "}))
		g.dob(false)
		g.c('.')
	case 8:
		g.s("Config pasted with aws_secret_access_key = ")
		g.awsSecret()
		g.c('.')
	case 9:
		g.s(g.pick([]string{"Phone ", "Mobile: ", "Cell "}))
		g.phone(phoneContext)
		g.c('.')
	case 10:
		g.s("SS# ")
		g.ssn(0)
		g.c('.')
	default:
		g.s("Tax ID ")
		g.ssn('.')
		g.c('.')
	}
}

// freeSentence appends a sentence with identifiers that need no context.
func (g *gen) freeSentence() {
	switch g.intn(18) {
	case 0:
		g.name()
		g.s(" can be reached at ")
		g.email()
		g.c('.')
	case 1:
		g.name()
		g.s(" called from ")
		g.phone(phoneAny)
		g.s(" about a late delivery.")
	case 2:
		g.s("Please update the card on file to ")
		g.card()
		g.c('.')
	case 3:
		g.s("Disputed charge on card ")
		g.card()
		g.s(" from last week.")
	case 4:
		g.s("Refund should go to IBAN ")
		g.iban()
		g.c('.')
	case 5:
		g.s("SSN ")
		g.ssn('-')
		g.s(" matches the payroll record.")
	case 6:
		g.s("Applicant ")
		g.ssn('-')
		g.s(" passed the identity check.")
	case 7:
		g.s("ITIN ")
		g.itin('-')
		g.s(" was issued in March.")
	case 8:
		g.s("Medicare MBI ")
		g.mbi()
		g.s(" confirmed.")
	case 9:
		g.s("DEA registration ")
		g.dea()
		g.s(" is on file.")
	case 10:
		g.s("The customer pasted an access key ")
		g.awsKey()
		g.s(" into the chat.")
	case 11:
		g.s("Session token ")
		g.jwt()
		g.s(" was shared in the ticket.")
	case 12:
		g.s("Last login came from ")
		g.ip()
		g.c('.')
	case 13:
		g.s("Laptop MAC address ")
		g.mac()
		g.s(" was added to the allow list.")
	case 14:
		g.s("Wire to ")
		g.iban()
		g.s(" was returned by the bank.")
	case 15:
		g.s("Contact ")
		g.email()
		g.s(" or ")
		g.phone(phoneAny)
		g.c('.')
	case 16:
		g.s("New email on file is ")
		g.email()
		g.c('.')
	default:
		g.s("Charged ")
		g.amount()
		g.s(" USD to ")
		g.card()
		g.c('.')
	}
}

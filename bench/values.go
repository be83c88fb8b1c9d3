package bench

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/veil-data/veil/detectors/checksum"
)

// This file makes identifier values. Functions named after a type append a
// valid value and record it as a Plant; functions ending in Neg append a
// look-alike that no detector should report.

// ssnDigits returns nine digits the SSA could have issued.
func (g *gen) ssnDigits() (d [9]byte) {
	for {
		area := 1 + g.intn(899)
		if area == 666 {
			continue
		}
		putNum(d[0:3], area)
		putNum(d[3:5], 1+g.intn(99))
		putNum(d[5:9], 1+g.intn(9999))
		if s := string(d[:]); s == "078051120" || s == "219099999" || allSame(d[:]) {
			continue
		}
		return d
	}
}

// putNum writes x zero-padded into d.
func putNum(d []byte, x int) {
	for i := len(d) - 1; i >= 0; i-- {
		d[i] = byte('0' + x%10)
		x /= 10
	}
}

func allSame(d []byte) bool {
	for _, c := range d[1:] {
		if c != d[0] {
			return false
		}
	}
	return true
}

// nine appends nine digits as AAA-GG-SSSS with sep, or bare when sep is 0.
func (g *gen) nine(d [9]byte, sep byte) {
	if sep == 0 {
		g.b = append(g.b, d[:]...)
		return
	}
	g.b = append(g.b, d[0:3]...)
	g.c(sep)
	g.b = append(g.b, d[3:5]...)
	g.c(sep)
	g.b = append(g.b, d[5:9]...)
}

// ssn plants an SSN written with sep (0 for nine bare digits). Forms other
// than dashed need a context keyword before them.
func (g *gen) ssn(sep byte) {
	st := len(g.b)
	g.nine(g.ssnDigits(), sep)
	g.plant(tSSN, st)
}

// itinGroups are the values the 4th and 5th digits of an ITIN take.
var itinGroups = func() (out []int) {
	for x := 50; x <= 99; x++ {
		if x <= 65 || x >= 70 && x <= 88 || x >= 90 && x <= 92 || x >= 94 {
			out = append(out, x)
		}
	}
	return out
}()

// itin plants an ITIN, dashed unless sep says otherwise.
func (g *gen) itin(sep byte) {
	var d [9]byte
	d[0] = '9'
	putNum(d[1:3], g.intn(100))
	putNum(d[3:5], itinGroups[g.intn(len(itinGroups))])
	putNum(d[5:9], 1+g.intn(9999))
	st := len(g.b)
	g.nine(d, sep)
	g.plant(tITIN, st)
}

var maestroPrefixes = []string{"5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763"}
var discoverPrefixes = []string{"6011", "644", "645", "646", "647", "648", "649", "65"}

// cardDigits returns a Luhn-valid number with a real issuer prefix and a
// length that issuer uses, and how to group it: 4 for 4-4-4-4, 6 for
// Amex/Diners 4-6-x, 0 for contiguous only.
func (g *gen) cardDigits() (d []byte, group int) {
	var pre string
	n, group := 16, 4
	switch x := g.intn(100); {
	case x < 40:
		pre = "4"
		if y := g.intn(100); y < 3 {
			n, group = 13, 0
		} else if y < 6 {
			n, group = 19, 0
		}
	case x < 62:
		pre = strconv.Itoa(51 + g.intn(5))
	case x < 70:
		pre = strconv.Itoa(2221 + g.intn(500))
	case x < 80:
		pre = g.pick([]string{"34", "37"})
		n, group = 15, 6
	case x < 86:
		pre = g.pick(discoverPrefixes)
	case x < 89:
		pre = strconv.Itoa(3528 + g.intn(62))
	case x < 92:
		pre = "36"
		n, group = 14, 6
	case x < 95:
		pre = "62"
	case x < 97:
		pre = g.pick(maestroPrefixes)
	case x < 99:
		pre = strconv.Itoa(2200 + g.intn(5))
	default:
		pre = "5019"
	}
	d = make([]byte, 0, 19)
	d = append(d, pre...)
	for len(d) < n-1 {
		d = append(d, g.digit())
	}
	d = append(d, checksum.LuhnCheckDigit(d))
	return d, group
}

// grouped appends digits d: contiguous, or in groups (4-4-4-4, or 4-6-rest
// when group is 6) joined by sep.
func (g *gen) grouped(d []byte, group int, sep byte) {
	if sep == 0 || group == 0 {
		g.b = append(g.b, d...)
		return
	}
	cuts := []int{4, 8, 12, 16}
	if group == 6 {
		cuts = []int{4, 10}
	}
	prev := 0
	for _, c := range cuts {
		if c >= len(d) {
			break
		}
		g.b = append(g.b, d[prev:c]...)
		g.c(sep)
		prev = c
	}
	g.b = append(g.b, d[prev:]...)
}

// card plants a credit card number, contiguous or grouped.
func (g *gen) card() {
	d, group := g.cardDigits()
	var sep byte
	switch x := g.intn(100); {
	case x < 45:
		sep = ' '
	case x < 60:
		sep = '-'
	}
	st := len(g.b)
	g.grouped(d, group, sep)
	g.plant(tCard, st)
}

// orderNumberNeg appends a 16-digit number that passes Luhn but starts with
// 7, 8 or 9, which no card issuer uses.
func (g *gen) orderNumberNeg() {
	var d [16]byte
	d[0] = byte('7' + g.intn(3))
	for i := 1; i < 15; i++ {
		d[i] = g.digit()
	}
	d[15] = checksum.LuhnCheckDigit(d[:15])
	g.b = append(g.b, d[:]...)
}

// maskedCardNeg appends a card number with its middle digits masked.
func (g *gen) maskedCardNeg() {
	d, _ := g.cardDigits()
	switch g.intn(3) {
	case 0:
		g.b = append(g.b, d[:6]...)
		g.s(strings.Repeat("*", len(d)-10))
		g.b = append(g.b, d[len(d)-4:]...)
	case 1:
		g.s("**** **** **** ")
		g.b = append(g.b, d[len(d)-4:]...)
	default:
		g.s("XXXX-XXXX-XXXX-")
		g.b = append(g.b, d[len(d)-4:]...)
	}
}

// nineDigitIDNeg appends a 9-digit id starting 1 to 8: an SSN shape that
// needs context it never gets, and never an ITIN.
func (g *gen) nineDigitIDNeg() {
	g.c(byte('1' + g.intn(8)))
	g.digits(8)
}

var emailDomains = []string{
	"gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com", "hotmail.com",
	"icloud.com", "proton.me", "aol.com", "gmx.de", "web.de", "orange.fr",
	"hotmail.co.uk", "yahoo.co.jp", "acme-corp.com", "globex.io", "initech.net",
	"umbrella-health.org", "mail.northwind.co", "cs.uni-example.edu",
}

// email plants an address built from a person's name.
func (g *gen) email() {
	st := len(g.b)
	first, last := g.first, g.last
	if first == "" || g.chance(0.15) {
		first, last = g.pick(firstNames), g.pick(lastNames)
	}
	g.first, g.last = "", ""
	switch g.intn(7) {
	case 0, 1:
		g.lower(first)
		g.c('.')
		g.lower(last)
	case 2:
		g.lower(first[:1])
		g.lower(last)
	case 3:
		g.lower(first)
		g.c('_')
		g.lower(last)
		g.n(g.between(1, 99))
	case 4:
		g.lower(first)
		g.c('.')
		g.lower(last)
		g.c('+')
		g.s(g.pick([]string{"shop", "news", "work", "promo"}))
	case 5:
		g.lower(first)
		g.n(g.between(1950, 2005))
	default:
		g.lower(last)
		g.c('.')
		g.lower(first)
	}
	g.c('@')
	g.s(g.pick(emailDomains))
	g.plant(tEmail, st)
}

// lower appends ASCII s in lower case.
func (g *gen) lower(s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		g.c(c)
	}
}

var npmPackages = []string{"lodash", "react-dom", "express", "axios", "@babel/core", "@types/node", "webpack", "typescript", "left-pad", "@aws-sdk/client-s3", "chalk", "moment"}

// packageVersionNeg appends name@1.2.3, which is not an address.
func (g *gen) packageVersionNeg() {
	g.s(g.pick(npmPackages))
	g.c('@')
	g.semver()
}

// semver appends a three-part version such as 4.17.21.
func (g *gen) semver() {
	g.n(g.intn(20))
	g.c('.')
	g.n(g.intn(40))
	g.c('.')
	g.n(g.intn(30))
}

// buildNumberNeg appends a four-part version that is not an IP address
// (a part above 255) or a longer dotted number.
func (g *gen) buildNumberNeg() {
	switch g.intn(3) {
	case 0: // Windows build
		g.s("10.0.")
		g.n(g.between(17763, 26100))
		g.c('.')
		g.n(g.between(256, 5000))
	case 1: // Chrome full version
		g.n(g.between(118, 126))
		g.s(".0.")
		g.n(g.between(5993, 6500))
		g.c('.')
		g.n(g.between(1, 200))
	default: // date build
		g.n(2024)
		g.c('.')
		g.zpad(g.between(1, 12), 2)
		g.c('.')
		g.zpad(g.between(1, 28), 2)
		g.c('.')
		g.n(g.between(1, 9))
	}
}

var oids = []string{"1.3.6.1.4.1.9.9.41.2.0.1", "1.3.6.1.6.3.1.1.5.3", "1.3.6.1.4.1.2636.4.1.1", "1.3.6.1.2.1.2.2.1.8.3", "1.3.6.1.4.1.311.21.8"}

// nanp writes the digits of a North American number: NPA, NXX, line.
var areaCodes = []string{
	"201", "202", "206", "212", "213", "214", "303", "305", "312", "313",
	"404", "408", "415", "503", "512", "602", "617", "646", "702", "713",
	"718", "720", "773", "786", "801", "818", "832", "857", "917", "929",
}

func (g *gen) nanpDigits() (npa string, nxx, line int) {
	npa = g.pick(areaCodes)
	for {
		nxx = g.between(200, 999)
		if nxx%100 != 11 {
			break
		}
	}
	return npa, nxx, g.intn(10000)
}

// intlPhones are templates for numbers outside North America: d is a
// digit, N a digit 1-9, space a separator.
var intlPhones = []string{
	"+44 20 7ddd dddd", "+44 20 8ddd dddd", "+44 7723 dddddd", "+44 7912 dddddd", "+44 161 Ndd dddd",
	"+33 1 dd dd dd dd", "+33 6 1d dd dd dd", "+33 6 7d dd dd dd", "+33 4 7d dd dd dd",
	"+49 30 Nddddddd", "+49 89 Nddddddd", "+49 151 Nddddddd", "+49 40 Nddddddd",
	"+34 6dd ddd ddd", "+34 91 ddd dd dd",
	"+39 06 Nddd dddd", "+39 33d ddd dddd", "+39 34d ddd dddd",
	"+31 20 Ndd dddd", "+31 6 1ddddddd", "+31 6 4ddddddd",
	"+81 3 Nddd dddd", "+81 90 Nddd dddd",
	"+61 2 9ddd dddd", "+61 2 8ddd dddd", "+61 41d ddd ddd", "+61 42d ddd ddd",
	"+91 9dddd ddddd", "+91 8dddd ddddd",
	"+55 11 9Nddd dddd", "+52 55 Nddd dddd", "+353 1 Nddd ddd", "+41 44 Ndd dd dd",
}

// Phone forms.
const (
	phoneAny     = iota // any form that needs no context
	phoneContext        // a form that needs a context keyword
	phoneNANP           // a North American form that needs no context
	phoneIntl           // an international form
)

// phone plants a phone number in the given form family.
func (g *gen) phone(form int) {
	if form == phoneAny {
		form = phoneNANP
		if g.chance(0.3) {
			form = phoneIntl
		}
	}
	st := len(g.b)
	switch form {
	case phoneIntl:
		t := g.pick(intlPhones)
		sep := byte(' ')
		if g.chance(0.15) {
			sep = '-'
		}
		for i := 0; i < len(t); i++ {
			switch c := t[i]; c {
			case 'd':
				g.c(g.digit())
			case 'N':
				g.c(byte('1' + g.intn(9)))
			case ' ':
				g.c(sep)
			default:
				g.c(c)
			}
		}
	case phoneContext:
		npa, nxx, line := g.nanpDigits()
		g.s(npa)
		if g.chance(0.5) {
			g.c(' ')
			g.n(nxx)
			g.c(' ')
		} else {
			g.n(nxx)
		}
		g.zpad(line, 4)
	default:
		npa, nxx, line := g.nanpDigits()
		var sep byte = '-'
		switch g.intn(9) {
		case 0, 1, 2:
			g.c('(')
			g.s(npa)
			g.s(") ")
		case 3:
			g.c('(')
			g.s(npa)
			g.c(')')
		case 4:
			g.s(npa)
			sep = '.'
			g.c(sep)
		case 5:
			g.s("+1 ")
			g.s(npa)
			sep = ' '
			g.c(sep)
		case 6:
			g.s("+1 (")
			g.s(npa)
			g.s(") ")
		case 7:
			g.s("1-")
			g.s(npa)
			g.c('-')
		default:
			g.s(npa)
			g.c('-')
		}
		g.n(nxx)
		g.c(sep)
		g.zpad(line, 4)
	}
	g.plant(tPhone, st)
}

// ibanCountry describes a BBAN: bank codes seen in practice, then a pattern
// for the rest (d digit).
type ibanCountry struct {
	cc    string
	banks []string
	rest  string
}

var ibanCountries = []ibanCountry{
	{"DE", []string{"37040044", "10010010", "50010517", "20041133", "70020270", "60050101", "12030000", "76010085"}, "dddddddddd"},
	{"GB", []string{"NWBK60", "BARC20", "HBUK40", "LOYD30", "MIDL40"}, "dddddddddddd"},
	{"FR", []string{"30006", "30004", "20041", "10278", "30003"}, "dddddddddddddddddd"},
	{"NL", []string{"ABNA", "INGB", "RABO", "TRIO", "SNSB"}, "dddddddddd"},
	{"ES", []string{"2100", "0049", "0182", "2038", "0081"}, "dddddddddddddddd"},
	{"IT", []string{"X03069", "K02008", "V05034", "L03062"}, "ddddddddddddddddd"},
	{"BE", []string{"001", "068", "310", "539"}, "ddddddddd"},
	{"AT", []string{"20111", "12000", "14000", "32000"}, "ddddddddddd"},
	{"CH", []string{"00762", "00230", "00700", "08390"}, "dddddddddddd"},
	{"PL", []string{"10901014", "10202892", "11402004", "10501445"}, "dddddddddddddddd"},
	{"IE", []string{"AIBK93", "BOFI90"}, "dddddddddddd"},
}

// ibanValue returns an IBAN without spaces, with correct check digits.
func (g *gen) ibanValue() []byte {
	c := ibanCountries[g.intn(len(ibanCountries))]
	v := make([]byte, 0, 34)
	v = append(v, c.cc...)
	v = append(v, "00"...)
	v = append(v, g.pick(c.banks)...)
	for range len(c.rest) {
		v = append(v, g.digit())
	}
	// Check digits: 98 - (BBAN + country + "00") mod 97.
	r := 0
	add := func(ch byte) {
		if ch >= 'A' && ch <= 'Z' {
			r = (r*100 + int(ch-'A'+10)) % 97
		} else {
			r = (r*10 + int(ch-'0')) % 97
		}
	}
	for _, ch := range v[4:] {
		add(ch)
	}
	for _, ch := range v[:4] { // the country and "00"
		add(ch)
	}
	putNum(v[2:4], 98-r)
	return v
}

// writeIBAN appends v, in groups of four when spaced.
func (g *gen) writeIBAN(v []byte, spaced bool) {
	if !spaced {
		g.b = append(g.b, v...)
		return
	}
	for i := 0; i < len(v); i += 4 {
		if i > 0 {
			g.c(' ')
		}
		g.b = append(g.b, v[i:min(i+4, len(v))]...)
	}
}

// iban plants a valid IBAN, spaced in groups of four or not.
func (g *gen) iban() {
	st := len(g.b)
	g.writeIBAN(g.ibanValue(), g.chance(0.5))
	g.plant(tIBAN, st)
}

// ibanNeg appends an IBAN whose check digits are wrong.
func (g *gen) ibanNeg() {
	v := g.ibanValue()
	good := int(v[2]-'0')*10 + int(v[3]-'0')
	bad := 2 + g.intn(96) // 02..98 without good
	if bad >= good {
		bad++
	}
	putNum(v[2:4], bad)
	g.writeIBAN(v, g.chance(0.5))
}

var publicFirstOctets = []int{3, 5, 8, 23, 31, 37, 45, 52, 62, 66, 73, 77, 81, 86, 89, 91, 94, 98, 104, 109, 134, 141, 151, 176, 185, 188, 195, 203, 212, 217}

// ipv4 plants an IPv4 address, private or public.
func (g *gen) ipv4() {
	st := len(g.b)
	switch g.intn(4) {
	case 0:
		g.s("10.")
		g.n(g.intn(256))
	case 1:
		g.s("172.")
		g.n(g.between(16, 31))
	case 2:
		g.s("192.168")
	default:
		g.n(publicFirstOctets[g.intn(len(publicFirstOctets))])
		g.c('.')
		g.n(g.intn(256))
	}
	g.c('.')
	g.n(g.intn(256))
	g.c('.')
	g.n(g.between(1, 254))
	g.plant(tIP, st)
}

var v6Prefixes = []string{"2a02:", "2a01:", "2600:1700:", "2603:", "2804:", "2001:4860:", "2a00:1450:", "2406:da00:"}

// ipv6 plants an IPv6 address, compressed or in full.
func (g *gen) ipv6() {
	st := len(g.b)
	group := func() {
		g.b = strconv.AppendUint(g.b, uint64(g.intn(0x10000)), 16)
	}
	if g.chance(0.25) {
		g.s(g.pick([]string{"2001", "2a02", "2a01", "2600", "2804", "2406"}))
		for range 7 {
			g.c(':')
			group()
		}
	} else {
		p := g.pick(v6Prefixes)
		g.s(p)
		for i := strings.Count(p, ":"); i < 4; i++ {
			group()
			g.c(':')
		}
		group()
		g.s("::")
		group()
		if g.chance(0.3) {
			g.c(':')
			group()
		}
	}
	g.plant(tIP, st)
}

// ip plants an address, IPv6 about one time in five.
func (g *gen) ip() {
	if g.chance(0.2) {
		g.ipv6()
	} else {
		g.ipv4()
	}
}

// mac plants a MAC address in colon, hyphen or Cisco dotted form.
func (g *gen) mac() {
	var m [6]byte
	for i := range m {
		m[i] = byte(g.intn(256))
	}
	m[0] &^= 1 // unicast
	if m[0] == 0 {
		m[0] = 0x3c
	}
	hexTab := hexDigits
	if g.chance(0.3) {
		hexTab = "0123456789ABCDEF"
	}
	st := len(g.b)
	switch x := g.intn(100); {
	case x < 85:
		sep := byte(':')
		if x >= 60 {
			sep = '-'
		}
		for i, v := range m {
			if i > 0 {
				g.c(sep)
			}
			g.c(hexTab[v>>4])
			g.c(hexTab[v&15])
		}
	default:
		for i, v := range m {
			if i > 0 && i%2 == 0 {
				g.c('.')
			}
			g.c(hexTab[v>>4])
			g.c(hexTab[v&15])
		}
	}
	g.plant(tMAC, st)
}

// npi plants a National Provider Identifier. It starts with 1, so it is
// never a North American phone number.
func (g *gen) npi() {
	var d [15]byte
	copy(d[:], "80840")
	d[5] = '1'
	for i := 6; i < 14; i++ {
		d[i] = g.digit()
	}
	d[14] = checksum.LuhnCheckDigit(d[:14])
	st := len(g.b)
	g.b = append(g.b, d[5:]...)
	g.plant(tNPI, st)
}

// dea plants a DEA registration number.
func (g *gen) dea() {
	st := len(g.b)
	g.c("ABFGM"[g.intn(5)])
	g.c(g.pick(lastNames)[0])
	var d [7]int
	for i := range 6 {
		d[i] = g.intn(10)
		g.c(byte('0' + d[i]))
	}
	d[6] = (d[0] + d[2] + d[4] + 2*(d[1]+d[3]+d[5])) % 10
	g.c(byte('0' + d[6]))
	g.plant(tDEA, st)
}

const mbiLetters = "ACDEFGHJKMNPQRTUVWXY"

// mbi plants a Medicare Beneficiary Identifier, dashed 4-3-4 or not.
func (g *gen) mbi() {
	letter := func() { g.c(mbiLetters[g.intn(len(mbiLetters))]) }
	alnum := func() {
		if g.chance(0.5) {
			letter()
		} else {
			g.c(g.digit())
		}
	}
	dashed := g.chance(0.4)
	st := len(g.b)
	g.c(byte('1' + g.intn(9)))
	letter()
	alnum()
	g.c(g.digit())
	if dashed {
		g.c('-')
	}
	letter()
	alnum()
	g.c(g.digit())
	if dashed {
		g.c('-')
	}
	letter()
	letter()
	g.c(g.digit())
	g.c(g.digit())
	g.plant(tMBI, st)
}

// hicn plants a Health Insurance Claim Number: an SSN plus a beneficiary
// code.
func (g *gen) hicn() {
	st := len(g.b)
	g.nine(g.ssnDigits(), 0)
	g.s(g.pick([]string{"A", "A", "A", "B", "B1", "C1", "D", "E", "T"}))
	g.plant(tHICN, st)
}

// routing plants an ABA routing number.
func (g *gen) routing() {
	var d [9]byte
	pre := g.pick([]string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "21", "22", "26", "31", "32"})
	copy(d[:], pre)
	for i := 2; i < 8; i++ {
		d[i] = g.digit()
	}
	sum := 3*int(d[0]-'0'+d[3]-'0'+d[6]-'0') + 7*int(d[1]-'0'+d[4]-'0'+d[7]-'0') + int(d[2]-'0'+d[5]-'0')
	d[8] = byte('0' + (10-sum%10)%10)
	st := len(g.b)
	g.b = append(g.b, d[:]...)
	g.plant(tRouting, st)
}

// passport plants a US passport number: a letter and eight digits, or nine
// digits starting 5 or 4 (older books). It needs a keyword before it.
func (g *gen) passport() {
	st := len(g.b)
	if g.chance(0.6) {
		// The first digit is never 9: C9 plus seven digits can be a DEA
		// number.
		g.c("ACEFGHJKLMN"[g.intn(11)])
		g.c(byte('0' + g.intn(9)))
		g.digits(7)
	} else {
		g.c(byte('4' + g.intn(2)))
		g.digits(8)
	}
	g.plant(tPassport, st)
}

const base32Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
const b64Std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
const b64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// awsKey plants an access key id.
func (g *gen) awsKey() {
	st := len(g.b)
	g.s(g.pick([]string{"AKIA", "AKIA", "AKIA", "ASIA"}))
	for range 16 {
		g.c(base32Upper[g.intn(32)])
	}
	g.plant(tAWSKey, st)
}

// iamIDNeg appends an IAM unique id (role or user), which is not a key.
func (g *gen) iamIDNeg() {
	g.s(g.pick([]string{"AROA", "AIDA", "ANPA"}))
	g.upperAlnum(17)
}

// awsSecret plants a secret access key (it needs a keyword before it).
func (g *gen) awsSecret() {
	st := len(g.b)
	for range 40 {
		g.c(b64Std[g.intn(64)])
	}
	g.plant(tAWSSecret, st)
}

var jwtHeaders = []string{
	`{"alg":"HS256","typ":"JWT"}`,
	`{"alg":"RS256","typ":"JWT","kid":"`,
	`{"typ":"JWT","alg":"ES256"}`,
}

// jwt plants a signed JSON Web Token.
func (g *gen) jwt() {
	st := len(g.b)
	h := g.intn(len(jwtHeaders))
	g.tmp = append(g.tmp[:0], jwtHeaders[h]...)
	if h == 1 {
		g.tmp = append(g.tmp, "k"...)
		g.tmp = strconv.AppendInt(g.tmp, int64(g.between(1, 9)), 10)
		g.tmp = append(g.tmp, `"}`...)
	}
	g.b = base64.RawURLEncoding.AppendEncode(g.b, g.tmp)
	g.c('.')
	iat := g.ms / 1000
	g.tmp = append(g.tmp[:0], `{"sub":"`...)
	g.tmp = strconv.AppendInt(g.tmp, int64(g.between(10000, 9999999)), 10)
	g.tmp = append(g.tmp, `","iss":"https://auth.acme-corp.com","iat":`...)
	g.tmp = strconv.AppendInt(g.tmp, iat, 10)
	g.tmp = append(g.tmp, `,"exp":`...)
	g.tmp = strconv.AppendInt(g.tmp, iat+3600, 10)
	g.tmp = append(g.tmp, `,"scope":"`...)
	g.tmp = append(g.tmp, g.pick([]string{"orders:read", "orders:write profile", "admin", "payments:capture"})...)
	g.tmp = append(g.tmp, `"}`...)
	g.b = base64.RawURLEncoding.AppendEncode(g.b, g.tmp)
	g.c('.')
	sig := []int{43, 342, 86}[h]
	for range sig {
		g.c(b64URL[g.intn(64)])
	}
	g.plant(tJWT, st)
}

// cursorNeg appends a base64url JSON pagination cursor: it starts with eyJ
// but is a single part, not a JWT.
func (g *gen) cursorNeg() {
	g.tmp = append(g.tmp[:0], `{"page":`...)
	g.tmp = strconv.AppendInt(g.tmp, int64(g.between(2, 40)), 10)
	g.tmp = append(g.tmp, `,"after":"`...)
	g.tmp = strconv.AppendInt(g.tmp, int64(g.between(1000, 999999)), 10)
	g.tmp = append(g.tmp, `"}`...)
	g.b = base64.RawURLEncoding.AppendEncode(g.b, g.tmp)
}

// dob plants a date of birth (it needs a keyword before it).
func (g *gen) dob(iso bool) {
	y := g.between(1940, 2006)
	mo := g.between(1, 12)
	d := g.between(1, daysIn(y, mo))
	st := len(g.b)
	form := 0
	if !iso {
		form = g.intn(5)
	}
	switch form {
	case 0, 1:
		g.n(y)
		g.c('-')
		g.zpad(mo, 2)
		g.c('-')
		g.zpad(d, 2)
	case 2, 3:
		g.zpad(mo, 2)
		g.c('/')
		g.zpad(d, 2)
		g.c('/')
		g.n(y)
	default:
		g.s(monthName[mo-1])
		g.c(' ')
		g.n(d)
		g.s(", ")
		g.n(y)
	}
	g.plant(tDOB, st)
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

var pemKinds = []string{"RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"}

// privateKey plants a PEM private key block (several lines, no final
// newline).
func (g *gen) privateKey() {
	kind := g.pick(pemKinds)
	st := len(g.b)
	g.s("-----BEGIN ")
	g.s(kind)
	g.s("-----\n")
	n := g.between(6, 25)
	for i := range n {
		w := 64
		if kind == "OPENSSH PRIVATE KEY" {
			w = 70
		}
		if i == 0 && kind == "RSA PRIVATE KEY" {
			g.s("MIIE")
			w -= 4
		}
		if i == n-1 {
			w = g.between(8, w)
		}
		for range w {
			g.c(b64Std[g.intn(64)])
		}
		g.c('\n')
	}
	g.s("-----END ")
	g.s(kind)
	g.s("-----")
	g.plant(tPrivKey, st)
}

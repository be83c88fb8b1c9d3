package bench

import "strconv"

// Column describes one column of the generated customer table.
type Column struct {
	// Name is the header.
	Name string
	// Type is the classification the column should receive: the detector
	// type ID its values hold, or "" when it holds none.
	Type string
	// FreeText marks a prose column: it is not classified as a whole, and
	// about 2% of the table's rows hold an identifier in it.
	FreeText bool
}

var tableColumns = []Column{
	{Name: "id"},
	{Name: "name"},
	{Name: "email", Type: tEmail},
	{Name: "phone", Type: tPhone},
	{Name: "ssn", Type: tSSN},
	{Name: "date_of_birth", Type: tDOB},
	{Name: "card_number", Type: tCard},
	{Name: "iban", Type: tIBAN},
	{Name: "routing_number", Type: tRouting},
	{Name: "ip_address", Type: tIP},
	{Name: "order_ref"},
	{Name: "created_at"},
	{Name: "amount"},
	{Name: "currency"},
	{Name: "status"},
	{Name: "notes", FreeText: true},
}

// TableColumns describes the columns of Table and CSV, in order. Some values
// are identifiers only with their column name as context (bare 9-digit
// SSNs, routing numbers, dates of birth, some phone forms), as in a real
// export. The slice is new on each call.
func TableColumns() []Column {
	return append([]Column(nil), tableColumns...)
}

// CellPlant is an identifier in one cell of Table; Start and End are byte
// offsets within the cell.
type CellPlant struct {
	Row, Col int
	Plant
}

// Table returns the header and rows of a customer table (see TableColumns).
// The same seed gives the same rows, and a shorter table is a prefix of a
// longer one.
func Table(seed int64, rows int) (header []string, data [][]string) {
	header, data, _ = TablePlanted(seed, rows)
	return header, data
}

// TablePlanted is Table that also returns every identifier it planted:
// every non-empty cell of a column with a type, and the identifiers in the
// notes.
func TablePlanted(seed int64, rows int) (header []string, data [][]string, plants []CellPlant) {
	t := newTableGen(seed)
	for i := range rows {
		row := make([]string, len(tableColumns))
		t.row(func(j int, cell []byte, ps []Plant) {
			row[j] = string(cell)
			for _, p := range ps {
				plants = append(plants, CellPlant{Row: i, Col: j, Plant: p})
			}
		})
		data = append(data, row)
	}
	return t.header(), data, plants
}

// CSV returns about size bytes of the customer table as CSV (RFC 4180,
// header first, "\n" line ends): the rows of Table with the same seed, as
// many as fit, plus the one that reaches size.
func CSV(seed int64, size int) []byte {
	b, _ := CSVPlanted(seed, size)
	return b
}

// CSVPlanted is CSV that also returns where every planted identifier went,
// as byte offsets in the CSV text. Values that are identifiers only with
// their column name as context are included; a scan of the whole text
// without that context will not report them.
func CSVPlanted(seed int64, size int) ([]byte, []Plant) {
	t := newTableGen(seed)
	out := make([]byte, 0, size+1024)
	plants := make([]Plant, 0, size/32) // about one plant per 32 bytes
	for j, h := range t.header() {
		out = appendCSVField(out, j, []byte(h), nil, nil)
	}
	out = append(out, '\n')
	cell := func(j int, v []byte, ps []Plant) {
		out = appendCSVField(out, j, v, ps, &plants)
	}
	for len(out) < size {
		t.row(cell)
		out = append(out, '\n')
	}
	return out, plants
}

// appendCSVField appends field j of a record, quoted if need be, and turns
// the plants in it into text plants.
func appendCSVField(out []byte, j int, v []byte, ps []Plant, plants *[]Plant) []byte {
	if j > 0 {
		out = append(out, ',')
	}
	quote := needsQuote(v)
	if quote {
		out = append(out, '"')
	}
	start := len(out)
	for _, p := range ps {
		*plants = append(*plants, Plant{p.Type, start + p.Start, start + p.End})
	}
	out = append(out, v...) // values never hold '"'
	if quote {
		out = append(out, '"')
	}
	return out
}

func needsQuote(v []byte) bool {
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case ',', '"', '\n', '\r':
			return true
		}
	}
	return len(v) > 0 && (v[0] == ' ' || v[len(v)-1] == ' ')
}

// tableGen makes rows; cell values are built in g.b, which is reset per
// cell.
type tableGen struct {
	g  *gen
	id int
}

func newTableGen(seed int64) *tableGen {
	return &tableGen{g: newGen(seed, streamTable, 256), id: 10000}
}

func (t *tableGen) header() []string {
	h := make([]string, len(tableColumns))
	for i, c := range tableColumns {
		h[i] = c.Name
	}
	return h
}

var statuses = []string{"active", "active", "active", "pending", "closed", "suspended"}

var noteTexts = []string{
	"Prefers delivery after 5pm",
	"Asked for a copy of the last invoice",
	"VIP customer, expedite shipping",
	"Address change requested, new lease starts soon",
	"Chargeback opened, bank has not answered yet",
	"Gift order, do not include prices",
	"Requested paper statements",
	"Duplicate account merged into this one",
	"Moved to annual plan at renewal",
	"Refund issued for damaged item, photo on file",
}

// row makes the next row, calling cell with each value in column order and
// the identifiers planted in it (offsets within the value). Both are only
// valid during the call.
func (t *tableGen) row(cell func(j int, v []byte, plants []Plant)) {
	g := t.g
	t.id++
	g.tick(90000)
	for j, c := range tableColumns {
		g.b = g.b[:0]
		g.plants = g.plants[:0]
		switch c.Name {
		case "id":
			g.n(t.id)
		case "name":
			g.name()
		case "email":
			if g.chance(0.97) {
				g.email()
			}
		case "phone":
			if g.chance(0.92) {
				if g.chance(0.15) {
					g.phone(phoneContext)
				} else {
					g.phone(phoneAny)
				}
			}
		case "ssn":
			if g.chance(0.95) {
				switch x := g.intn(20); {
				case x < 15:
					g.ssn('-')
				case x < 19:
					g.ssn(0)
				default:
					g.ssn(' ')
				}
			}
		case "date_of_birth":
			if g.chance(0.97) {
				g.dob(g.chance(0.7))
			}
		case "card_number":
			if g.chance(0.85) {
				g.card()
			}
		case "iban":
			if g.chance(0.6) {
				g.iban()
			}
		case "routing_number":
			if g.chance(0.55) {
				g.routing()
			}
		case "ip_address":
			if g.chance(0.98) {
				g.ip()
			}
		case "order_ref":
			if g.chance(0.5) {
				g.orderNumberNeg()
			} else {
				g.s("ORD-2024-")
				g.zpad(t.id*7%1000000, 6)
			}
		case "created_at":
			g.ts(tsSecond)
		case "amount":
			g.amount()
		case "currency":
			g.s(g.pick([]string{"USD", "USD", "EUR", "GBP"}))
		case "status":
			g.s(g.pick(statuses))
		case "notes":
			switch x := g.intn(100); {
			case x < 2:
				g.noteWithIdentifier()
			case x < 45:
				g.s(g.pick(noteTexts))
				if g.chance(0.2) {
					g.s(". ")
					g.s(g.pick(noteTexts))
				}
			}
		default:
			panic("bench: no generator for column " + strconv.Quote(c.Name))
		}
		cell(j, g.b, g.plants)
	}
}

// noteWithIdentifier appends a note that leaks an identifier needing no
// context.
func (g *gen) noteWithIdentifier() {
	switch g.intn(5) {
	case 0:
		g.s("Send receipts to ")
		g.email()
		g.s(" instead")
	case 1:
		g.s("Second number ")
		g.phone(phoneNANP)
		g.s(", evenings only")
	case 2:
		g.s("Customer read out SSN ")
		g.ssn('-')
		g.s(" on the phone, please mask")
	case 3:
		g.s("Backup card ")
		g.card()
		g.s(" if the first one fails")
	default:
		g.s("Pay refunds to ")
		g.iban()
	}
}

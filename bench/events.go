package bench

import "strconv"

// eventColumns are the columns of the event table: what an ingest pipeline
// carries, with identifiers only in the free-text message.
var eventColumns = []Column{
	{Name: "event_id"},
	{Name: "ts"},
	{Name: "service"},
	{Name: "level"},
	{Name: "host"},
	{Name: "method"},
	{Name: "path"},
	{Name: "status"},
	{Name: "latency_ms"},
	{Name: "bytes_sent"},
	{Name: "region"},
	{Name: "trace_id"},
	{Name: "user_agent"},
	{Name: "message", FreeText: true},
}

// EventColumns describes the columns of EventsCSV, in order: fourteen, none
// of them sensitive as a whole, with about 2% of rows holding an identifier
// in the free-text message. This is the table the pipeline's throughput bar
// is stated for. The slice is new on each call.
func EventColumns() []Column {
	return append([]Column(nil), eventColumns...)
}

var (
	eventServices   = []string{"checkout", "search", "auth", "inventory", "billing", "gateway"}
	eventLevels     = []string{"INFO", "INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG"}
	eventMethods    = []string{"GET", "GET", "GET", "POST", "PUT", "DELETE"}
	eventRegions    = []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"}
	eventStatuses   = []int{200, 200, 200, 200, 201, 204, 301, 304, 400, 401, 403, 404, 409, 429, 500, 502, 503}
	eventUserAgents = []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
		"okhttp/4.12.0",
		"python-requests/2.31.0",
		"Go-http-client/2.0",
		"curl/8.5.0",
	}
	eventPaths = []string{"/api/v1/orders/", "/api/v1/customers/", "/api/v2/search?q=", "/checkout/confirm/", "/static/js/main.", "/healthz?probe="}
	eventTexts = []string{
		"request completed",
		"cache miss, fetched from origin",
		"retrying upstream request after timeout",
		"slow query on orders table",
		"token refreshed",
		"rate limit reached for client",
		"payment authorised",
		"inventory reserved for cart",
		"session expired, redirecting to login",
		"feature flag evaluated",
	}
)

// EventsCSV returns about size bytes of the event table (EventColumns) as
// CSV, header first; the same seed gives the same rows.
func EventsCSV(seed int64, size int) []byte {
	g := newGen(seed, streamEvents, 256)
	out := make([]byte, 0, size+1024)
	for j, c := range eventColumns {
		out = appendCSVField(out, j, []byte(c.Name), nil, nil)
	}
	out = append(out, '\n')
	for len(out) < size {
		g.tick(400)
		for j, c := range eventColumns {
			g.b = g.b[:0]
			g.plants = g.plants[:0]
			g.event(c.Name)
			out = appendCSVField(out, j, g.b, nil, nil)
		}
		out = append(out, '\n')
	}
	return out
}

// event appends one value of the named event column.
func (g *gen) event(col string) {
	switch col {
	case "event_id":
		g.uuid()
	case "ts":
		g.ts(tsISO)
	case "service":
		g.s(g.pick(eventServices))
	case "level":
		g.s(g.pick(eventLevels))
	case "host":
		g.s(g.pick(eventServices))
		g.s("-")
		g.zpad(g.intn(40), 2)
		g.s(".internal")
	case "method":
		g.s(g.pick(eventMethods))
	case "path":
		g.s(g.pick(eventPaths))
		g.n(g.intn(1000000))
	case "status":
		g.n(eventStatuses[g.intn(len(eventStatuses))])
	case "latency_ms":
		g.n(g.between(1, 30000) / g.between(1, 40))
	case "bytes_sent":
		g.n(g.between(0, 2000000))
	case "region":
		g.s(g.pick(eventRegions))
	case "trace_id":
		g.hex(32)
	case "user_agent":
		g.s(g.pick(eventUserAgents))
	case "message":
		if g.chance(0.02) {
			g.noteWithIdentifier()
			return
		}
		g.s(g.pick(eventTexts))
		if g.chance(0.3) {
			g.s(" (attempt ")
			g.n(g.between(1, 5))
			g.s(", ")
			g.n(g.intn(5000))
			g.s(" ms)")
		}
	default:
		panic("bench: no generator for event column " + strconv.Quote(col))
	}
}

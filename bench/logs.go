package bench

import "strconv"

// LogText returns about size bytes of an aggregated log stream: runs of
// lines from several services, each in its own format (Spring Boot console,
// logstash JSON, logfmt, zap JSON, Python logging, nginx access log). About
// 2% of the lines hold an identifier of a detected type (1.2% a personal or
// secret value, 0.8% an IP address); the others are ordinary lines, many
// with hard negatives. The text ends with a newline and is at least size
// bytes long, by less than one line. The same seed gives the same text.
func LogText(seed int64, size int) []byte {
	b, _ := LogTextPlanted(seed, size)
	return b
}

// LogTextPlanted is LogText that also returns every identifier it planted,
// in order.
func LogTextPlanted(seed int64, size int) ([]byte, []Plant) {
	g := newGen(seed, streamLog, size)
	g.logs(size, pIdentifier, pIP)
	return g.b, g.plants
}

// Share of log lines with a planted identifier other than an IP address,
// and with an IP address.
const (
	pIdentifier = 0.012
	pIP         = 0.008
)

// Log line formats.
const (
	fSpring = iota
	fJSON
	fLogfmt
	fZap
	fPython
	fNginx
)

type service struct {
	name    string
	format  int
	weight  int
	loggers []string
	threads []string
}

var services = []service{
	{"orders", fSpring, 30, []string{
		"c.a.orders.web.OrderController", "c.a.orders.service.OrderService",
		"c.a.orders.service.InventoryClient", "o.s.k.l.KafkaMessageListenerContainer",
		"c.a.orders.repo.OrderRepository", "c.a.orders.jobs.ReconcileJob",
	}, []string{"nio-8080-exec-", "scheduling-", "ntainer#0-0-C-", "task-"}},
	{"payments", fJSON, 20, []string{
		"com.acme.payments.CaptureWorker", "com.acme.payments.api.ChargeController",
		"com.acme.payments.sepa.PayoutService", "com.acme.payments.risk.FraudScorer",
	}, []string{"worker-", "http-nio-8443-exec-", "sepa-batch-"}},
	{"auth", fLogfmt, 15, []string{"auth/session.go", "auth/token.go", "auth/handler.go", "internal/ratelimit/bucket.go"}, nil},
	{"search", fZap, 10, []string{"search/query.go", "search/indexer.go", "search/cache.go"}, nil},
	{"notifications", fPython, 10, []string{"tasks", "mailer", "sms", "celery.worker"}, nil},
	{"gateway", fNginx, 15, nil, nil},
}

var serviceWeights = func() (w []int) {
	for _, s := range services {
		w = append(w, s.weight)
	}
	return w
}()

// Line kinds.
const (
	kindNormal = iota
	kindID
	kindIP
)

// logs appends log lines until the text reaches size bytes.
func (g *gen) logs(size int, pID, pIPAddr float64) {
	for len(g.b) < size {
		svc := &services[g.weighted(serviceWeights)]
		g.f = svc.format
		pid := g.between(1000, 65000)
		for n := g.between(1, 40); n > 0 && len(g.b) < size; n-- {
			g.tick(120)
			kind := kindNormal
			switch u := g.r.Float64(); {
			case u < pID:
				kind = kindID
			case u < pID+pIPAddr:
				kind = kindIP
			}
			if svc.format == fNginx {
				g.nginxLine(kind)
			} else {
				g.appLine(svc, pid, kind)
			}
		}
	}
}

var levels = []string{"INFO", "DEBUG", "WARN", "ERROR"}
var levelWeights = []int{80, 8, 9, 3}
var levelsLower = []string{"info", "debug", "warn", "error"}

func (g *gen) json() bool { return g.f == fJSON || g.f == fZap }

// appLine appends one line of an application log.
func (g *gen) appLine(svc *service, pid, kind int) {
	lvl := g.weighted(levelWeights)
	logger := g.pick(svc.loggers)
	switch svc.format {
	case fSpring:
		g.ts(tsSpace)
		g.c(' ')
		for range 5 - len(levels[lvl]) {
			g.c(' ')
		}
		g.s(levels[lvl])
		g.c(' ')
		g.n(pid)
		g.s(" --- [")
		// %15.15t: the thread name right-aligned, cut from the left.
		g.tmp = append(g.tmp[:0], g.pick(svc.threads)...)
		g.tmp = strconv.AppendInt(g.tmp, int64(g.between(1, 10)), 10)
		th := g.tmp[max(0, len(g.tmp)-15):]
		for w := len(th); w < 15; w++ {
			g.c(' ')
		}
		g.b = append(g.b, th...)
		g.s("] ")
		g.s(logger)
		for k := len(logger); k < 40; k++ {
			g.c(' ')
		}
		g.s(" : ")
	case fJSON:
		g.s(`{"@timestamp":"`)
		g.ts(tsISO)
		g.s(`","@version":"1","level":"`)
		g.s(levels[lvl])
		g.s(`","logger_name":"`)
		g.s(logger)
		g.s(`","thread_name":"`)
		g.s(g.pick(svc.threads))
		g.n(g.between(1, 16))
		g.s(`",`)
	case fZap:
		g.s(`{"level":"`)
		g.s(levelsLower[lvl])
		g.s(`","ts":`)
		g.n(int(g.ms / 1000))
		g.c('.')
		g.zpad(int(g.ms%1000), 3)
		g.s(`,"caller":"`)
		g.s(logger)
		g.c(':')
		g.n(g.between(20, 400))
		g.s(`",`)
	case fLogfmt:
		g.s("time=")
		g.ts(tsISO)
		g.s(" level=")
		g.s(levelsLower[lvl])
		g.s(" source=")
		g.s(logger)
		g.c(':')
		g.n(g.between(20, 400))
		g.c(' ')
	case fPython:
		g.c('[')
		g.ts(tsPython)
		g.s("] ")
		g.s(levels[lvl])
		g.s(" in ")
		g.s(logger)
		g.s(": ")
	}
	switch kind {
	case kindID:
		g.idEvent()
	case kindIP:
		g.ipEvent()
	default:
		g.normalEvent()
	}
	switch svc.format {
	case fJSON:
		g.s(`,"service":"`)
		g.s(svc.name)
		g.s(`","env":"prod"}`)
	case fZap:
		g.c('}')
	}
	g.c('\n')
}

// msgOpen starts the message; msgClose ends it.
func (g *gen) msgOpen() {
	switch g.f {
	case fJSON:
		g.s(`"message":"`)
	case fZap:
		g.s(`"msg":"`)
	case fLogfmt:
		g.s(`msg="`)
	}
}

func (g *gen) msgClose() {
	switch g.f {
	case fJSON, fZap, fLogfmt:
		g.c('"')
	}
}

// msg appends a whole message.
func (g *gen) msg(m string) {
	g.msgOpen()
	g.s(m)
	g.msgClose()
}

// key starts a field with a number value.
func (g *gen) key(k string) {
	if g.json() {
		g.s(`,"`)
		g.s(k)
		g.s(`":`)
		return
	}
	g.c(' ')
	g.s(k)
	g.c('=')
}

// skey starts a field whose value is a token without spaces; send ends it.
func (g *gen) skey(k string) {
	g.key(k)
	if g.json() {
		g.c('"')
	}
}

func (g *gen) send() {
	if g.json() {
		g.c('"')
	}
}

// qkey starts a field whose value may hold spaces; qend ends it.
func (g *gen) qkey(k string) {
	g.key(k)
	g.c('"')
}

func (g *gen) qend() { g.c('"') }

func (g *gen) kvs(k, v string) {
	g.skey(k)
	g.s(v)
	g.send()
}

func (g *gen) kvn(k string, v int) {
	g.key(k)
	g.n(v)
}

func (g *gen) kvq(k, v string) {
	g.qkey(k)
	g.s(v)
	g.qend()
}

// tail appends a request id: at least 36 bytes that no keyword before it
// can turn into an identifier.
func (g *gen) tail() {
	g.skey("request_id")
	g.uuid()
	g.send()
}

var httpMethods = []string{"GET", "GET", "GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH"}
var searchTerms = []string{"running+shoes", "usb-c+cable", "gift+card", "winter+jacket", "espresso+machine", "yoga+mat", "ps5", "iphone+15+case"}

// path appends a request path.
func (g *gen) path() {
	switch g.intn(12) {
	case 0:
		g.s("/api/v1/orders/")
		g.n(g.between(10000, 9999999))
	case 1:
		g.s("/api/v1/orders/")
		g.orderNumberNeg()
		g.s("/items")
	case 2:
		g.s("/api/v2/customers/")
		g.uuid()
		g.s("/addresses")
	case 3:
		g.s("/healthz")
	case 4:
		g.s("/metrics")
	case 5:
		g.s("/api/v1/search?q=")
		g.s(g.pick(searchTerms))
		g.s("&page=")
		g.n(g.between(1, 20))
	case 6:
		g.s("/static/js/main.")
		g.hex(8)
		g.s(".chunk.js")
	case 7:
		g.s("/graphql")
	case 8:
		g.s("/api/v1/payments/pi_")
		g.lowerAlnum(24)
		g.s("/capture")
	case 9:
		g.s("/login")
	case 10:
		g.s("/checkout/confirm")
	default:
		g.s("/api/v1/products/SKU-")
		g.upperAlnum(6)
	}
}

// lowerAlnum appends n random characters of a-z0-9.
func (g *gen) lowerAlnum(n int) {
	const set = "abcdefghijklmnopqrstuvwxyz0123456789"
	for range n {
		g.c(set[g.intn(len(set))])
	}
}

var caches = []string{"product-catalog", "price-rules", "session-store", "feature-flags", "tax-rates"}
var tables = []string{"orders", "order_items", "customers", "payments", "inventory", "shipments", "audit_log"}
var topics = []string{"orders.created", "payments.captured", "inventory.reserved", "shipments.dispatched", "users.updated"}
var jobs = []string{"reconcile-payments", "expire-carts", "rebuild-search-index", "send-digest", "purge-sessions"}
var upstreams = []string{"payments-api.internal:8443", "inventory-svc.internal:8080", "db-primary.internal:5432", "redis-cache.internal:6379", "search-es.internal:9200"}
var errorsText = []string{"context deadline exceeded", "connection reset by peer", "503 Service Unavailable", "i/o timeout", "EOF"}
var flags = []string{"new-checkout-flow", "one-click-reorder", "search-v2-ranking", "dark-mode", "bnpl-offer"}
var exceptions = []string{
	"java.net.SocketTimeoutException: Read timed out",
	"org.springframework.dao.DataIntegrityViolationException: duplicate key value violates unique constraint",
	"java.lang.IllegalStateException: Order already finalized",
	"redis.clients.jedis.exceptions.JedisConnectionException: Could not get a resource from the pool",
}

var normalWeights = []int{20, 8, 4, 5, 4, 3, 6, 3, 4, 3, 4, 3, 2, 4, 2, 2, 3, 3, 3, 2, 1, 3, 2, 2, 2, 2, 1, 1, 3}

// normalEvent appends the message and fields of an ordinary line.
func (g *gen) normalEvent() {
	switch g.weighted(normalWeights) {
	case 0:
		g.msg("Completed request")
		g.kvs("method", g.pick(httpMethods))
		g.skey("path")
		g.path()
		g.send()
		g.kvn("status", []int{200, 200, 200, 200, 201, 204, 304, 400, 401, 404, 500}[g.intn(11)])
		g.kvn("duration_ms", g.between(1, 900))
		g.tail()
	case 1:
		g.msg("Order created")
		g.skey("order_id")
		if g.chance(0.5) {
			g.orderNumberNeg()
		} else {
			g.s("ORD-")
			g.zpad(g.intn(100000000), 8)
		}
		g.send()
		g.skey("customer_id")
		g.nineDigitIDNeg()
		g.send()
		g.kvn("items", g.between(1, 9))
		g.key("total")
		g.amount()
		g.kvs("currency", g.pick([]string{"USD", "EUR", "GBP"}))
	case 2:
		g.msg("Shipment dispatched")
		carrier := g.pick([]string{"UPS", "FedEx", "DHL"})
		g.kvs("carrier", carrier)
		g.skey("tracking")
		switch carrier {
		case "UPS":
			g.s("1Z")
			g.upperAlnum(5)
			g.c(byte('A' + g.intn(26)))
			g.digits(10)
		case "FedEx":
			g.c('7')
			g.digits(11)
		default:
			g.s("JJD0")
			g.digits(14)
		}
		g.send()
	case 3:
		g.msg("Cache refreshed")
		g.kvs("cache", g.pick(caches))
		g.kvn("entries", g.between(10, 250000))
		g.key("hit_ratio")
		g.s("0.")
		g.zpad(g.between(50, 999), 3)
		g.kvn("took_ms", g.between(1, 4000))
	case 4:
		g.msg("Slow query detected")
		g.kvs("table", g.pick(tables))
		g.kvn("rows", g.between(1, 500000))
		g.kvn("duration_ms", g.between(500, 30000))
		g.skey("fingerprint")
		g.hex(40)
		g.send()
	case 5:
		g.msgOpen()
		g.s("Loaded dependency ")
		g.packageVersionNeg()
		g.msgClose()
		g.kvn("load_ms", g.between(1, 300))
	case 6:
		g.msg("Committed offsets")
		g.kvs("topic", g.pick(topics))
		g.kvn("partition", g.intn(24))
		g.skey("offset")
		g.nineDigitIDNeg()
		g.send()
		g.kvn("lag", g.intn(5000))
	case 7:
		g.msg("Job finished")
		g.kvs("job", g.pick(jobs))
		g.kvn("duration_ms", g.between(10, 600000))
		g.kvn("next_run", int(g.ms/1000)+g.between(60, 86400))
	case 8:
		g.msg("Access token refreshed")
		g.skey("user_id")
		g.uuid()
		g.send()
		g.kvn("expires_in", 3600)
		g.kvq("scope", g.pick([]string{"orders:read", "orders:read orders:write", "profile email", "admin"}))
	case 9:
		g.msg("Listed resources")
		g.kvs("resource", g.pick([]string{"orders", "customers", "invoices", "products"}))
		g.kvn("count", g.between(0, 100))
		g.skey("next_cursor")
		g.cursorNeg()
		g.send()
	case 10:
		g.msg("Retrying upstream request")
		g.kvs("upstream", g.pick(upstreams))
		g.kvn("attempt", g.between(1, 5))
		g.kvn("backoff_ms", g.between(50, 8000))
		g.kvq("error", g.pick(errorsText))
	case 11:
		g.msgOpen()
		g.s("GC pause (G1 Evacuation Pause) ")
		before := g.between(200, 4000)
		g.n(before)
		g.s("M->")
		g.n(before / g.between(2, 4))
		g.s("M(")
		g.n(4096)
		g.s("M) ")
		g.n(g.between(1, 300))
		g.c('.')
		g.zpad(g.intn(1000), 3)
		g.s("ms")
		g.msgClose()
	case 12:
		g.msg("Configuration reloaded")
		g.skey("checksum")
		g.s("sha256:")
		g.hex(64)
		g.send()
		g.skey("version")
		g.c('v')
		g.semver()
		g.send()
	case 13:
		g.msg("Health check passed")
		g.kvs("target", g.pick(upstreams))
		g.kvn("latency_ms", g.between(0, 250))
	case 14:
		g.msgOpen()
		g.s("Deployed revision ")
		g.hex(40)
		g.s(" build ")
		g.buildNumberNeg()
		g.msgClose()
	case 15:
		g.msg("Payout rejected: IBAN check digits invalid")
		g.qkey("iban")
		g.ibanNeg()
		g.qend()
		g.key("amount")
		g.amount()
	case 16:
		g.msg("Invoice generated")
		g.skey("invoice")
		g.s("INV-2024-")
		g.zpad(g.intn(1000000), 6)
		g.send()
		g.key("amount")
		g.amount()
		g.skey("due")
		g.date(30)
		g.send()
	case 17:
		g.msg("Session expired")
		g.skey("session_id")
		g.hex(32)
		g.send()
		g.kvn("idle_s", g.between(900, 7200))
	case 18:
		g.msg("Upload complete")
		g.skey("key")
		g.s("uploads/")
		g.date(0)
		g.c('/')
		g.uuid()
		g.s(g.pick([]string{".jpg", ".png", ".pdf"}))
		g.send()
		g.kvn("bytes", g.between(2000, 9000000))
	case 19:
		g.msg("Assumed role")
		g.skey("role_id")
		g.iamIDNeg()
		g.send()
		g.skey("session")
		g.s("svc-reporting-")
		g.n(g.between(1, 99))
		g.send()
	case 20:
		g.msg("SNMP trap received")
		g.kvs("oid", g.pick(oids))
		g.skey("agent_version")
		g.buildNumberNeg()
		g.send()
	case 21:
		g.msg("Card tokenized")
		g.qkey("masked")
		g.maskedCardNeg()
		g.qend()
		g.skey("token")
		g.s("tok_")
		g.lowerAlnum(24)
		g.send()
		g.kvs("brand", g.pick([]string{"visa", "mastercard", "amex"}))
	case 22:
		g.msg("Feature flag evaluated")
		g.kvs("flag", g.pick(flags))
		g.kvs("variant", g.pick([]string{"control", "treatment", "off"}))
		g.kvn("bucket", g.intn(100))
	case 23:
		g.msg("Request throttled")
		g.kvs("client", g.pick([]string{"svc-reporting", "mobile-ios", "partner-feed", "web"}))
		g.kvn("limit", g.pick2(100, 1000))
		g.kvn("window_s", 60)
	case 24:
		g.msgOpen()
		g.s("Upstream request failed: ")
		g.s(g.pick(exceptions))
		g.msgClose()
		g.kvn("attempt", g.between(1, 3))
	case 25:
		g.msgOpen()
		g.s("Flushed ")
		g.n(g.between(100, 5000))
		g.s(" metrics to statsd in ")
		g.n(g.between(1, 80))
		g.s(" ms")
		g.msgClose()
	case 26:
		g.msgOpen()
		g.s("Connected to replica as replicator@db-replica-")
		g.n(g.between(1, 4))
		g.msgClose()
	case 27:
		g.msgOpen()
		g.s("Starting service v")
		g.semver()
		g.s(" using Java 21.0.")
		g.n(g.between(1, 4))
		g.s(" with PID ")
		g.n(g.between(1000, 65000))
		g.msgClose()
	default:
		g.msg("Message queued")
		g.kvs("template", g.pick([]string{"order_confirmation", "password_changed", "weekly_digest", "shipping_update"}))
		g.kvs("provider", g.pick([]string{"ses", "sendgrid", "twilio"}))
		g.skey("message_id")
		g.uuid()
		g.send()
	}
}

func (g *gen) pick2(a, b int) int {
	if g.chance(0.5) {
		return a
	}
	return b
}

// Identifier types planted in application lines, with weights.
var idTypes = []string{tEmail, tPhone, tCard, tSSN, tIBAN, tJWT, tAWSKey, tAWSSecret, tMAC, tITIN, tNPI, tDEA, tMBI, tHICN, tRouting, tPassport, tDOB}
var idWeights = []int{14, 11, 11, 10, 7, 7, 5, 3, 4, 3, 3, 3, 3, 3, 4, 3, 5}

// sep picks an SSN separator: dash, bare, space or dot.
func (g *gen) ssnSep() byte {
	return []byte{'-', 0, ' ', '.'}[g.intn(4)]
}

// idEvent appends the message and fields of a line that leaks one
// identifier, then a request id.
func (g *gen) idEvent() {
	v := g.intn(3)
	switch idTypes[g.weighted(idWeights)] {
	case tEmail:
		switch v {
		case 0:
			g.msgOpen()
			g.s("Password reset requested for ")
			g.email()
			g.msgClose()
		case 1:
			g.msgOpen()
			g.s("Sending receipt to ")
			g.email()
			g.s(" via ")
			g.s(g.pick([]string{"ses", "sendgrid"}))
			g.msgClose()
		default:
			g.msg("Customer profile updated")
			g.skey("email")
			g.email()
			g.send()
		}
	case tPhone:
		switch v {
		case 0:
			g.msgOpen()
			g.s("SMS verification code sent to ")
			g.phone(phoneAny)
			g.msgClose()
		case 1:
			g.msg("Customer profile updated")
			g.qkey("phone")
			if g.chance(0.3) {
				g.phone(phoneContext)
			} else {
				g.phone(phoneAny)
			}
			g.qend()
		default:
			g.msgOpen()
			g.s("Delivery driver will call ")
			g.phone(phoneAny)
			g.s(" on arrival")
			g.msgClose()
		}
	case tCard:
		switch v {
		case 0:
			g.msgOpen()
			g.s("Payment authorization declined for card ")
			g.card()
			g.s(" (issuer response 05)")
			g.msgClose()
		case 1:
			g.msg("Charge request received")
			g.qkey("card_number")
			g.card()
			g.qend()
			g.key("amount")
			g.amount()
		default:
			g.msgOpen()
			g.s("Fraud score 0.91 for ")
			g.card()
			g.msgClose()
		}
	case tSSN:
		switch v {
		case 0:
			g.msgOpen()
			g.s("KYC lookup completed for applicant ")
			g.ssn('-')
			g.msgClose()
			g.kvn("matches", g.between(0, 3))
		case 1:
			g.msg("Applicant record updated")
			sep := g.ssnSep()
			g.qkey("ssn")
			g.ssn(sep)
			g.qend()
		default:
			g.msgOpen()
			g.s("Validation failed for taxpayer id ")
			g.ssn(g.ssnSep())
			g.msgClose()
		}
	case tITIN:
		if v == 0 {
			g.msgOpen()
			g.s("W-7 application approved, ITIN ")
			g.itin('-')
			g.msgClose()
		} else {
			g.msg("Tax profile saved")
			g.skey("itin")
			g.itin([]byte{'-', 0}[g.intn(2)])
			g.send()
		}
	case tIBAN:
		switch v {
		case 0:
			g.msgOpen()
			g.s("SEPA transfer queued to ")
			g.iban()
			g.msgClose()
		case 1:
			g.msg("Payout created")
			g.qkey("iban")
			g.iban()
			g.qend()
			g.key("amount")
			g.amount()
		default:
			g.msgOpen()
			g.s("Mandate created for debtor account ")
			g.iban()
			g.msgClose()
		}
	case tJWT:
		switch v {
		case 0:
			g.msgOpen()
			g.s("Rejected expired token Bearer ")
			g.jwt()
			g.msgClose()
		case 1:
			g.msg("Token introspection failed")
			g.skey("token")
			g.jwt()
			g.send()
		default:
			g.msgOpen()
			g.s("Forwarding header Authorization: Bearer ")
			g.jwt()
			g.msgClose()
		}
	case tAWSKey:
		if v == 0 {
			g.msgOpen()
			g.s("Using static credentials ")
			g.awsKey()
			g.s(" from environment")
			g.msgClose()
		} else {
			g.msg("S3 client initialised")
			g.skey("access_key_id")
			g.awsKey()
			g.send()
		}
	case tAWSSecret:
		if v == 0 {
			g.msg("Loaded credentials from environment")
			g.skey("AWS_SECRET_ACCESS_KEY")
			g.awsSecret()
			g.send()
		} else {
			g.msgOpen()
			g.s("Profile default loaded with secret key ")
			g.awsSecret()
			g.msgClose()
		}
	case tMAC:
		switch v {
		case 0:
			g.msg("Device registered")
			g.skey("mac")
			g.mac()
			g.send()
		case 1:
			g.msgOpen()
			g.s("DHCP lease renewed for ")
			g.mac()
			g.msgClose()
		default:
			g.msgOpen()
			g.s("Link up on eth0, hwaddr ")
			g.mac()
			g.msgClose()
		}
	case tNPI:
		if v == 0 {
			g.msg("Claim submitted")
			g.skey("npi")
			g.npi()
			g.send()
		} else {
			g.msgOpen()
			g.s("Prescriber NPI ")
			g.npi()
			g.s(" not found in registry")
			g.msgClose()
		}
	case tDEA:
		if v == 0 {
			g.msgOpen()
			g.s("DEA number ")
			g.dea()
			g.s(" verified for controlled substance order")
			g.msgClose()
		} else {
			g.msg("Prescriber verified")
			g.skey("dea")
			g.dea()
			g.send()
		}
	case tMBI:
		if v == 0 {
			g.msgOpen()
			g.s("Eligibility check for MBI ")
			g.mbi()
			g.s(" returned active")
			g.msgClose()
		} else {
			g.msg("Eligibility response cached")
			g.skey("mbi")
			g.mbi()
			g.send()
		}
	case tHICN:
		if v == 0 {
			g.msgOpen()
			g.s("Legacy Medicare HICN ")
			g.hicn()
			g.s(" mapped to new identifier")
			g.msgClose()
		} else {
			g.msg("Claim imported")
			g.skey("hicn")
			g.hicn()
			g.send()
		}
	case tRouting:
		switch v {
		case 0:
			g.msgOpen()
			g.s("ACH debit scheduled, routing number ")
			g.routing()
			g.s(" account ending ")
			g.zpad(g.intn(10000), 4)
			g.msgClose()
		case 1:
			g.msg("Bank account linked")
			g.skey("routing_number")
			g.routing()
			g.send()
		default:
			g.msg("Direct deposit updated")
			g.skey("aba")
			g.routing()
			g.send()
		}
	case tPassport:
		if v == 0 {
			g.msgOpen()
			g.s("Identity document verified: passport ")
			g.passport()
			g.msgClose()
		} else {
			g.msg("Traveler profile saved")
			g.skey("passport_number")
			g.passport()
			g.send()
		}
	case tDOB:
		switch v {
		case 0:
			g.msg("Age verification passed")
			g.qkey("dob")
			g.dob(false)
			g.qend()
		case 1:
			g.msgOpen()
			g.s("Loyalty signup with date of birth ")
			g.dob(false)
			g.msgClose()
		default:
			g.msg("Patient record updated")
			g.qkey("birth_date")
			g.dob(false)
			g.qend()
		}
	}
	g.tail()
}

// ipEvent appends the message and fields of a line that holds an IP
// address.
func (g *gen) ipEvent() {
	switch g.intn(4) {
	case 0:
		g.msgOpen()
		g.s("Accepted connection from ")
		g.ipPort()
		g.msgClose()
	case 1:
		g.msgOpen()
		g.s("Upstream ")
		g.ipPort()
		g.s(" marked unhealthy")
		g.msgClose()
		g.kvn("failures", g.between(3, 10))
	case 2:
		g.msg("Login succeeded")
		g.skey("client_ip")
		g.ip()
		g.send()
		g.skey("user_id")
		g.uuid()
		g.send()
	default:
		g.msg("Request blocked by WAF rule")
		g.skey("remote_addr")
		g.ip()
		g.send()
		g.kvs("rule", g.pick([]string{"942100", "941130", "913100"}))
	}
}

// ipPort plants an address followed by a port.
func (g *gen) ipPort() {
	if g.chance(0.2) {
		g.c('[')
		g.ipv6()
		g.s("]:")
	} else {
		g.ipv4()
		g.c(':')
	}
	g.n(g.between(1024, 65535))
}

var userAgents = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.112 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Safari/605.1.15",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
	"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.105 Mobile Safari/537.36",
	"curl/8.4.0", "Go-http-client/2.0", "kube-probe/1.29", "python-requests/2.31.0", "okhttp/4.12.0",
	"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
}

var referers = []string{"-", "-", "-", "https://shop.acme-corp.com/", "https://shop.acme-corp.com/cart", "https://www.google.com/", "android-app://com.acme.shop/"}

// nginxLine appends one access log line. The server sits behind a local
// proxy, so the client address is the socket ("unix:") unless the line is
// an IP line.
func (g *gen) nginxLine(kind int) {
	if kind == kindIP {
		g.ip()
	} else {
		g.s("unix:")
	}
	g.s(" - - [")
	g.ts(tsNginx)
	g.s(`] "`)
	method := g.pick(httpMethods)
	g.s(method)
	g.c(' ')
	if kind == kindID {
		if g.chance(0.5) {
			g.s("/account/password-reset?email=")
			g.email()
			g.s("&utm_source=newsletter")
		} else {
			g.s("/api/v1/me?access_token=")
			g.jwt()
		}
	} else {
		g.path()
	}
	g.s(` HTTP/1.1" `)
	status := []int{200, 200, 200, 200, 200, 201, 204, 301, 304, 400, 401, 403, 404, 404, 429, 499, 500, 502}[g.intn(18)]
	g.n(status)
	g.c(' ')
	g.n(g.between(0, 250000))
	g.s(` "`)
	g.s(g.pick(referers))
	g.s(`" "`)
	g.s(g.pick(userAgents))
	g.s(`" rt=`)
	g.n(g.intn(3))
	g.c('.')
	g.zpad(g.intn(1000), 3)
	g.s(" uct=0.00")
	g.n(g.intn(10))
	g.c('\n')
}

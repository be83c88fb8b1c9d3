package detectors

import "github.com/nyaruka/phonenumbers"

var _ = phonenumbers.GetCountryCodeForRegion
